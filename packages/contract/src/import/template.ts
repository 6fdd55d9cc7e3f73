import { toCsv } from '../csv.js';
import type { PolicyProfile } from '../profile.js';
import type { SignInMethod, UserKind } from '../domain.js';
import { availableSignInMethods } from '../constants.js';
import { choosesSignInMethod, defaultSignInMethodOf } from '../sign-in-methods.js';
import { importFieldLabels, importRequiredColumnsOf, type ImportField } from './columns.js';
import { MAX_IMPORT_MB, MAX_IMPORT_ROWS } from './limits.js';
import type { ImportAttribute } from './attribute-cells.js';
import { ATTRIBUTE_TEXT_MAX } from '../attribute-basics.js';

/** The columns of a move from another system, offered after the profile's (optional, empty in the example). */
const migrationColumns: ImportField[] = ['externalId', 'passwordHash', 'totpSecret'];

const attributeRule = (d: ImportAttribute): string => {
  switch (d.type) {
    case 'text':
      return `text, at most ${ATTRIBUTE_TEXT_MAX} characters`;
    case 'number':
      return 'a number, digits with a point for decimals (12.5)';
    case 'boolean':
      return 'yes or no (true/false, 1/0, ja/nein)';
    case 'date':
      return 'a date YYYY-MM-DD';
    case 'oneOf':
      return `one of: ${(d.options ?? []).join(', ')}`;
  }
};

/** Each sign-in method's name in English, as the template explains it (a cell may use these names too). */
const signInMethodNames: Record<SignInMethod, string> = { totp: 'Authenticator app', webauthn: 'Security key or passkey', sms: 'Text message' };

/** The downloadable template for a tenant's profile: a CSV with the header row and a README of the rules. */
export function importTemplate(profile: PolicyProfile, kind: UserKind, attributes: readonly ImportAttribute[] = []): { csv: string; readme: string } {
  const required = new Set<ImportField>(importRequiredColumnsOf(profile, kind));
  // The profile's columns, and any column this kind must fill that they lack (NinjaOne's end users: Roles).
  const columns: ImportField[] = [...new Set([...profile.importColumns, ...required])].filter((c) => !(c === 'phone' && profile.phoneMode === 'hidden') && !(c === 'username' && profile.usernameMode !== 'separate'));
  // The sign-in method where the admin chooses it (as in the add form); empty cells get the profile's default.
  if (choosesSignInMethod(profile, kind)) columns.push('signInMethod');
  for (const c of migrationColumns) if (!columns.includes(c)) columns.push(c);
  const defaultMethod = defaultSignInMethodOf(profile);
  const example: Record<string, string> = {
    firstName: 'Anna',
    lastName: 'Berg',
    email: 'anna.berg@example.com',
    phone: '+49 30 901820',
    username: 'anna.berg',
    roles: kind === 'technician' || required.has('roles') ? 'User' : '',
    groups: '',
    signInMethod: signInMethodNames[defaultMethod],
  };
  // The tenant's attributes after the fields, headed by their key (what the export writes and a header maps back).
  const csv = toCsv([
    [...columns.map((c) => importFieldLabels[c]), ...attributes.map((d) => d.key)],
    [...columns.map((c) => example[c] ?? ''), ...attributes.map(() => '')],
  ]);
  const rule = (c: ImportField): string => {
    switch (c) {
      case 'firstName':
      case 'lastName':
        return profile.nameCharset === 'letters'
          ? `letters only (any alphabet, with umlauts), words separated by single spaces; at most ${profile.nameMaxLength} characters`
          : `letters, digits, spaces, dashes and apostrophes, starting with a letter or digit; at most ${profile.nameMaxLength} characters`;
      case 'email':
        return `a valid address, at most ${profile.emailMaxLength} characters${profile.emailAsciiOnly ? ', no umlauts' : ''}${profile.emailNoEdgeDotOrHyphen ? ', not starting or ending with . or -' : ''}; unique in your account (case does not matter)`;
      case 'phone':
        return 'optional; with + and the country code, e.g. +1 888 667 8888 (a leading apostrophe from Excel is fine); checked by that country’s rules';
      case 'username':
        return `no spaces, no # / ? \\; at most ${profile.usernameMaxLength} characters; the email when empty`;
      case 'roles':
        return 'role names separated by commas; only roles you may give';
      case 'groups':
        return 'access group names separated by commas; needs the roles.manage permission';
      case 'externalId':
        return 'optional; the user’s id in the system you come from, unique in your account';
      case 'passwordHash':
        return 'optional; the user’s existing password hash (bcrypt, argon2id, scrypt or PBKDF2-SHA256 in its standard encoding), so they keep their password';
      case 'totpSecret':
        return 'optional; the user’s existing authenticator secret (base32), so they keep their authenticator app';
      case 'signInMethod':
        return `how the person proves it is them after the password: ${availableSignInMethods.map((m) => `${m} (${signInMethodNames[m]})`).join(', ')}; empty: ${defaultMethod} (${signInMethodNames[defaultMethod]})`;
      default:
        return '';
    }
  };
  const readme = [
    `Roster bulk import — ${kind === 'technician' ? 'technicians' : 'end users'}`,
    '',
    'Save the sheet as CSV (comma or semicolon) or copy the cells and paste them into the import window.',
    'Keep the header row; its names may be in English or German, in any order.',
    '',
    'Columns:',
    ...columns.map((c) => `- ${importFieldLabels[c]}${required.has(c) ? ' (required)' : ''}: ${rule(c)}`),
    ...attributes.map((d) => `- ${d.key}${d.labels ? ` (${d.labels.en})` : ''}${d.required ? ' (required)' : ''}: ${attributeRule(d)}`),
    '',
    `At most ${MAX_IMPORT_ROWS.toLocaleString('en')} rows and ${MAX_IMPORT_MB} MB per import.`,
    profile.importMode === 'atomic'
      ? 'The import is all-or-nothing: if any row has an error, nobody is imported and every error is listed.'
      : 'Each row is imported on its own: rows whose email already exists are skipped, rows with errors fail, the rest are imported.',
    'Cells must not start with =, +, - or @ (spreadsheet formulas), except a phone number’s +.',
    'Everyone imported gets an invitation email.',
    '',
  ].join('\r\n');
  return { csv, readme };
}
