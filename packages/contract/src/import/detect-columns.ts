import type { PolicyProfile } from '../profile.js';
import { signInMethodOfCell } from './sign-in-method-cell.js';
import { importFields, type ImportField } from './columns.js';
import { attributeColumn, attributeHeaderKeys, foldHeader, isAttributeColumn, type AttributeColumn, type ImportAttribute } from './attribute-cells.js';
import type { AttributeValue } from '../attribute-basics.js';

/** What a column of a table fills: a field of the user, or a custom attribute (`attributes.<key>`). */
export type ImportColumn = ImportField | AttributeColumn;

/** Which field each column fills (from a header row, or from the cells' content) and the rows read through it. */

const headerWords: Record<ImportField, string[]> = {
  firstName: ['firstname', 'first', 'givenname', 'forename', 'fname', 'vorname', 'rufname'],
  lastName: ['lastname', 'last', 'surname', 'familyname', 'lname', 'nachname', 'familienname', 'zuname'],
  email: ['email', 'emailaddress', 'mail', 'mailaddress', 'emailadresse', 'mailadresse', 'eposta', 'courriel'],
  phone: ['phone', 'phonenumber', 'telephone', 'tel', 'mobile', 'mobilephone', 'mobilenumber', 'cell', 'cellphone', 'telefon', 'telefonnummer', 'handy', 'handynummer', 'mobil', 'mobilnummer', 'rufnummer'],
  username: ['username', 'user', 'login', 'loginname', 'userid', 'benutzername', 'benutzer', 'anmeldename', 'nutzername'],
  roles: ['role', 'roles', 'rolle', 'rollen', 'userrole', 'userroles', 'securityrole'],
  groups: ['group', 'groups', 'accessgroup', 'accessgroups', 'gruppe', 'gruppen', 'zugriffsgruppe', 'zugriffsgruppen'],
  permissions: ['permission', 'permissions', 'explicitpermissions', 'berechtigung', 'berechtigungen'],
  allModules: ['allmodules', 'allmoduleaccess', 'allemodule', 'zugriffaufallemodule'],
  signInMethod: ['signinmethod', 'signin', 'loginmethod', 'authenticationmethod', 'mfamethod', '2famethod', 'twofactormethod', 'secondfactor', 'anmeldemethode', 'anmeldeverfahren', 'anmeldeart'],
  externalId: ['externalid', 'externaluserid', 'sourceid', 'legacyid', 'oldid', 'externeid', 'externekennung'],
  passwordHash: ['passwordhash', 'hash', 'passwordhashed', 'hashedpassword', 'passworddigest', 'encryptedpassword', 'passworthash', 'kennworthash'],
  totpSecret: ['totpsecret', 'mfasecret', '2fasecret', 'otpsecret', 'authenticatorsecret', 'totpgeheimnis', 'totpschlussel'],
  organization: ['organization', 'organisation', 'org', 'company', 'client', 'customer', 'organizationname', 'firma', 'kunde', 'unternehmen', 'mandant'],
};
const headerIndex = new Map<string, ImportField>();
for (const field of importFields) for (const word of headerWords[field]) headerIndex.set(word, field);

/** The field a header cell names ("E-Mail-Adresse", "First Name *", "Telefon (optional)"), or null. */
export function headerField(cell: string): ImportField | null {
  const key = cell
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/\(.*?\)|\*/g, '')
    .replace(/[^a-z0-9]/g, '');
  return headerIndex.get(key) ?? null;
}

const looksLikeEmail = (v: string) => /^[^\s@]+[@\uFF20][^\s@]+\.[^\s@]+$/u.test(v.trim());
const looksLikePhone = (v: string) => /^'?\s*\+?[\d\s().\-/]{6,}$/.test(v.trim());

export interface ColumnMapping {
  hasHeader: boolean;
  /** One entry per column of the table: the field it fills, or null to ignore the column. */
  columns: (ImportColumn | null)[];
}

/**
 * A header row is recognised by its names (English or German, common variants); without one, columns are
 * inferred from their content (addresses, phone numbers, known role, group and organization names) and the
 * remaining text columns follow the profile's column order.
 */
export function detectColumns(
  rows: readonly (readonly string[])[],
  profile: Pick<PolicyProfile, 'importColumns'>,
  names: { roles?: readonly string[]; groups?: readonly string[]; organizations?: readonly string[]; attributes?: readonly ImportAttribute[] } = {},
): ColumnMapping {
  const width = rows.reduce((w, r) => Math.max(w, r.length), 0);
  const first = rows[0] ?? [];
  // A tenant's attribute by its key or a label in any language, where the header is none of the built-in fields.
  const attributeByHeader = new Map<string, AttributeColumn>();
  for (const d of names.attributes ?? []) for (const w of attributeHeaderKeys(d)) if (!attributeByHeader.has(w)) attributeByHeader.set(w, attributeColumn(d.key));
  const fromHeader = first.map((c): ImportColumn | null => headerField(c) ?? (attributeByHeader.size > 0 ? attributeByHeader.get(foldHeader(c)) ?? null : null));
  const nonEmpty = first.filter((c) => c.trim() !== '').length;
  const recognised = fromHeader.filter((f) => f !== null).length;
  const hasHeader = recognised > 0 && recognised * 2 >= nonEmpty && !first.some(looksLikeEmail);
  if (hasHeader) {
    const seen = new Set<ImportColumn>();
    const columns = Array.from({ length: width }, (_, i) => {
      const f = fromHeader[i] ?? null;
      if (!f || seen.has(f)) return null;
      seen.add(f);
      return f;
    });
    return { hasHeader, columns };
  }
  const sample = rows.slice(0, 200);
  const lower = (xs: readonly string[] | undefined) => new Set((xs ?? []).map((x) => x.trim().toLowerCase()));
  const sets = { roles: lower(names.roles), groups: lower(names.groups), organization: lower(names.organizations) };
  const columns: (ImportColumn | null)[] = Array.from({ length: width }, () => null);
  const used = new Set<ImportField>();
  const share = (i: number, test: (v: string) => boolean) => {
    const values = sample.map((r) => r[i] ?? '').filter((v) => v.trim() !== '');
    return values.length === 0 ? 0 : values.filter(test).length / values.length;
  };
  for (let i = 0; i < width; i++) {
    const candidates: [ImportField, (v: string) => boolean][] = [
      ['email', looksLikeEmail],
      ['phone', looksLikePhone],
      ['roles', (v) => v.split(/[,;|]/).every((x) => sets.roles.has(x.trim().toLowerCase()))],
      ['groups', (v) => v.split(/[,;|]/).every((x) => sets.groups.has(x.trim().toLowerCase()))],
      ['organization', (v) => sets.organization.has(v.trim().toLowerCase())],
      ['signInMethod', (v) => signInMethodOfCell(v) !== null],
    ];
    for (const [field, test] of candidates) {
      if (!used.has(field) && share(i, test) >= 0.6) {
        columns[i] = field;
        used.add(field);
        break;
      }
    }
  }
  const textOrder = profile.importColumns.filter((f) => (f === 'firstName' || f === 'lastName' || f === 'username') && !used.has(f));
  for (let i = 0; i < width && textOrder.length > 0; i++) {
    if (columns[i] === null && share(i, (v) => v.trim() !== '') > 0) columns[i] = textOrder.shift()!;
  }
  return { hasHeader, columns };
}

/** A row as it arrives: from the API's `rows`, or from a parsed table through a mapping. */
export interface ImportRowInput {
  firstName?: string | null | undefined;
  lastName?: string | null | undefined;
  email?: string | null | undefined;
  phone?: string | null | undefined;
  username?: string | null | undefined;
  roles?: string | readonly string[] | null | undefined;
  groups?: string | readonly string[] | null | undefined;
  organization?: string | null | undefined;
  /** Permissions beyond the roles' (seed 000: roles or explicit permissions), by key. */
  permissions?: string | readonly string[] | null | undefined;
  /** "All Module Access" (seed 004): yes/no, true/false, 1/0 (ja/nein); empty keeps it on. */
  allModules?: string | boolean | null | undefined;
  /** The person's sign-in method: totp, webauthn or sms, or their names (Authenticator app…); empty: the profile's default. */
  signInMethod?: string | null | undefined;
  /** The user's id in the system the users come from. */
  externalId?: string | null | undefined;
  /** An existing password hash (./migrated-credentials.ts). */
  passwordHash?: string | null | undefined;
  /** An existing TOTP secret, base32. */
  totpSecret?: string | null | undefined;
  /** Custom attribute values by key: text cells of a table, or the values themselves from the API's rows. */
  attributes?: Readonly<Record<string, AttributeValue>> | null | undefined;
}

export function rowsFromTable(table: readonly (readonly string[])[], mapping: ColumnMapping): ImportRowInput[] {
  const body = mapping.hasHeader ? table.slice(1) : table;
  const out: ImportRowInput[] = new Array(body.length);
  for (let r = 0; r < body.length; r++) {
    const cells = body[r]!;
    const row: Record<string, string> & { attributes?: Record<string, string> } = {};
    for (let i = 0; i < mapping.columns.length; i++) {
      const field = mapping.columns[i];
      if (!field) continue;
      if (isAttributeColumn(field)) (row.attributes ??= {})[field.slice(11)] = cells[i] ?? '';
      else row[field] = cells[i] ?? '';
    }
    out[r] = row as ImportRowInput;
  }
  return out;
}
