import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import Papa from 'papaparse';
import {
  decodeImportBytes,
  detectColumns,
  headerField,
  importRequiredColumnsOf,
  importTemplate,
  parseImportText,
  rowsFromTable,
  validateImportRows,
  type ImportCatalog,
  type ImportOptions,
  type ImportRowInput,
} from './index.js';
import { profilePresets } from '../profile.js';
import { phoneMetadata } from '../phone-metadata.js';
import { permissions } from '../permissions.js';

const catalog: ImportCatalog = {
  roles: [
    { id: 'r-root', key: 'root_admin', name: 'Root Admin', permissions: [...permissions] },
    { id: 'r-admin', key: 'system_admin', name: 'System Administrator', permissions: ['users.read', 'users.write', 'billing.manage'] },
    { id: 'r-user', key: 'user', name: 'User', permissions: ['users.read'] },
  ],
  groups: [{ id: 'g-rmm', name: 'RMM' }],
  organizations: [{ id: 'o-acme', name: 'Acme' }],
  granted: new Set(['users.read', 'users.write', 'roles.manage']),
};
const options = (over: Partial<ImportOptions> = {}): ImportOptions => ({ profile: profilePresets.default, metadata: phoneMetadata, kind: 'technician', catalog, ...over });
const check = (rows: ImportRowInput[], over: Partial<ImportOptions> = {}) => validateImportRows(rows, options(over)).results;
const ok = { firstName: 'Anna', lastName: 'Berg', email: 'anna@example.com' };

describe('parseImportText', () => {
  it('reads clipboard text from Excel as tab-separated, whatever commas the cells hold', () => {
    const t = parseImportText('First name\tLast name\tEmail\r\nAnna, Maria\tBerg\tanna@example.com\r\n\r\n\r\n', 'clipboard');
    expect(t.delimiter).toBe('\t');
    expect(t.rows).toEqual([['First name', 'Last name', 'Email'], ['Anna, Maria', 'Berg', 'anna@example.com']]);
    expect(t.errors).toEqual([]);
  });

  it('detects semicolon CSV from European Excel and comma CSV', () => {
    expect(parseImportText('Vorname;Nachname;E-Mail\nJörg;Müller, Jr;j@example.com').rows[1]).toEqual(['Jörg', 'Müller, Jr', 'j@example.com']);
    expect(parseImportText('First,Last,Email\nAnna,Berg,a@example.com').delimiter).toBe(',');
  });

  it('handles a BOM, CRLF, LF and CR mixed, and quoted cells with delimiters, quotes and newlines', () => {
    const text = '\uFEFFFirst,Last,Email\r\n"Anna ""Ann""",Berg,a@example.com\n"Line\r\nbreak","Comma, inside",b@example.com\rCarl,Doe,c@example.com\n';
    const t = parseImportText(text, 'file');
    expect(t.errors).toEqual([]);
    expect(t.rows).toEqual([
      ['First', 'Last', 'Email'],
      ['Anna "Ann"', 'Berg', 'a@example.com'],
      ['Line\nbreak', 'Comma, inside', 'b@example.com'],
      ['Carl', 'Doe', 'c@example.com'],
    ]);
  });

  it('reports an unterminated quote instead of guessing row boundaries', () => {
    const t = parseImportText('First,Last,Email\n"Anna,Berg,a@example.com\nCarl,Doe,c@example.com\n');
    expect(t.errors[0]?.message).toMatch(/quoted cell is not closed/);
  });

  it('refuses binary data', () => {
    const t = parseImportText('PK\u0003\u0004\u0014\u0000\u0006\u0000binary');
    expect(t.rows).toEqual([]);
    expect(t.errors[0]?.message).toMatch(/not text/);
  });

  it('round-trips any table papaparse writes (property)', () => {
    const cell = fc.string({ unit: 'grapheme', maxLength: 12 }).filter((s) => !s.includes('\r') && !s.includes('\u0000') && !/[\u0001-\u0008\u000e-\u001f]/.test(s));
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 8 }), fc.constantFrom(',', ';', '\t'), (table, delimiter) => {
        const rows = table.filter((r) => r.some((c) => c.trim() !== ''));
        // Rows made only of blanks are dropped by design; the first row must hold the delimiter to be guessed.
        fc.pre(rows.length > 0 && rows.length === table.length);
        const text = Papa.unparse(rows, { delimiter, quotes: true, newline: '\r\n' });
        const parsed = parseImportText(text, delimiter === '\t' ? 'clipboard' : 'file');
        expect(parsed.errors).toEqual([]);
        expect(parsed.rows).toEqual(rows);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on arbitrary text (property)', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), fc.constantFrom('clipboard', 'file', 'api') as fc.Arbitrary<'clipboard'>, (text, source) => void parseImportText(text, source)));
  });
});

describe('decodeImportBytes', () => {
  it('reads UTF-8 with or without BOM, and Windows-1252 from Excel', () => {
    expect(decodeImportBytes(new Uint8Array([0xef, 0xbb, 0xbf, 0x4a, 0xc3, 0xb6, 0x72, 0x67]))).toBe('Jörg');
    expect(decodeImportBytes(new TextEncoder().encode('Müller'))).toBe('Müller');
    expect(decodeImportBytes(new Uint8Array([0x4d, 0xfc, 0x6c, 0x6c, 0x65, 0x72, 0x20, 0x80]))).toBe('Müller €');
  });
});

describe('column mapping', () => {
  it('recognises English and German headers and their variants', () => {
    expect(['Vorname', 'Nachname', 'E-Mail-Adresse', 'Telefon', 'Benutzername', 'Rollen', 'Gruppen', 'Firma'].map(headerField)).toEqual([
      'firstName', 'lastName', 'email', 'phone', 'username', 'roles', 'groups', 'organization',
    ]);
    expect(['First Name *', 'Surname', 'Email address', 'Mobile phone', 'Login', 'Role', 'Access groups', 'Organisation'].map(headerField)).toEqual([
      'firstName', 'lastName', 'email', 'phone', 'username', 'roles', 'groups', 'organization',
    ]);
    expect(headerField('Favourite colour')).toBeNull();
    expect(['Sign-in method', 'Sign-In Method *', 'Anmeldemethode', '2FA method'].map(headerField)).toEqual(['signInMethod', 'signInMethod', 'signInMethod', 'signInMethod']);
  });

  it('uses the header row when there is one', () => {
    const m = detectColumns([['Email', 'Vorname', 'Notes', 'Nachname'], ['a@example.com', 'Anna', 'x', 'Berg']], profilePresets.default);
    expect(m).toEqual({ hasHeader: true, columns: ['email', 'firstName', null, 'lastName'] });
  });

  it('without a header infers email, phone and roles by content, and names by the profile’s order', () => {
    const rows = [
      ['anna@example.com', 'Anna', 'Berg', "'+49 30 901820", 'User'],
      ['carl@example.com', 'Carl', 'Doe', '+1 888 667 8888', 'System Administrator'],
    ];
    expect(detectColumns(rows, profilePresets.default, { roles: ['User', 'System Administrator'] })).toEqual({
      hasHeader: false,
      columns: ['email', 'firstName', 'lastName', 'phone', 'roles'],
    });
    // Kaseya One's column order is Username, Email, Role, Groups, First, Last.
    const kaseya = detectColumns([['anna', 'anna@example.com', 'User', 'RMM', 'Anna', 'Berg']], profilePresets.kaseyaone, { roles: ['User'], groups: ['RMM'] });
    expect(kaseya.columns).toEqual(['username', 'email', 'roles', 'groups', 'firstName', 'lastName']);
    // A column of sign-in methods is one by its content.
    const methods = detectColumns([['anna@example.com', 'Anna', 'Berg', 'totp'], ['carl@example.com', 'Carl', 'Doe', 'Security key']], profilePresets.default);
    expect(methods.columns).toEqual(['email', 'firstName', 'lastName', 'signInMethod']);
  });

  it('maps rows through the mapping and skips the header', () => {
    expect(rowsFromTable([['E-Mail', 'Vorname'], ['a@example.com', 'Anna']], { hasHeader: true, columns: ['email', 'firstName'] })).toEqual([{ email: 'a@example.com', firstName: 'Anna' }]);
  });
});

describe('validateImportRows', () => {
  it('accepts a valid row and normalizes it', () => {
    const [r] = check([{ ...ok, email: 'Anna@Example.com', phone: "'+49 30 901820", roles: 'user', groups: 'rmm' }]);
    expect(r).toEqual({
      issues: [],
      value: {
        firstName: 'Anna', lastName: 'Berg', email: 'Anna@Example.com', emailNormalized: 'anna@example.com',
        username: 'Anna@Example.com', usernameNormalized: 'anna@example.com', phone: '+4930901820', roleIds: ['r-user'], groupIds: ['g-rmm'], organizationId: null,
        permissions: [], allModules: true, signInMethod: null,
        externalId: null,
        passwordHash: null,
        totpSecret: null,
        attributes: null,
      },
    });
  });

  it('reads the sign-in method by its key or its name, any case, English or German; refuses other words (issue 14)', () => {
    const cells = ['totp', ' Authenticator APP ', 'WebAuthn', 'security-key', 'Passkey', 'Sicherheitsschlüssel', 'Authenticator-App', ''];
    const rows = check(cells.map((signInMethod, i) => ({ ...ok, email: `m${i}@example.com`, signInMethod })));
    expect(rows.map((r) => r.value?.signInMethod)).toEqual(['totp', 'totp', 'webauthn', 'webauthn', 'webauthn', 'webauthn', 'totp', null]);
    const [unknown, sms] = check([{ ...ok, signInMethod: 'fingerprint' }, { ...ok, email: 'b@example.com', signInMethod: 'Text message' }]);
    expect(unknown!.issues.map((i) => [i.field, i.id, i.message])).toEqual([
      ['signInMethod', 'import.sign_in_method_value', 'Sign-in method must be totp (Authenticator app), webauthn (Security key or passkey) or sms (Text message).'],
    ]);
    // Text messages are a method like the others.
    expect(sms!.issues).toEqual([]);
    expect(sms!.value?.signInMethod).toBe('sms');
  });

  it('reads explicit permissions and All Module Access, within the importer’s permissions (issue 14)', () => {
    const [given, refused] = check([
      { ...ok, permissions: 'Users.Read; users.write', allModules: 'Nein' },
      { ...ok, email: 'b@example.com', permissions: ['audit.read', 'nonsense'], allModules: 'perhaps' },
    ]);
    expect(given!.value).toMatchObject({ permissions: ['users.read', 'users.write'], allModules: false });
    expect(refused!.issues.map((i) => [i.field, i.id])).toEqual([
      ['permissions', 'import.permission_not_held'],
      ['permissions', 'import.unknown_permission'],
      ['allModules', 'import.all_modules_value'],
    ]);
    // Without roles.manage, groups and All Module Access turned off are refused; leaving it on asks for nothing.
    const bare = { ...catalog, granted: new Set(['users.read', 'users.write']) };
    const [groups, off, on] = check([{ ...ok, groups: 'RMM' }, { ...ok, email: 'c@example.com', allModules: false }, { ...ok, email: 'd@example.com', allModules: 'yes' }], { catalog: bare });
    expect(groups!.issues.map((i) => [i.field, i.id])).toEqual([['groups', 'import.access_needs_roles_manage']]);
    expect(off!.issues.map((i) => [i.field, i.id])).toEqual([['allModules', 'import.access_needs_roles_manage']]);
    expect(on!.value).toMatchObject({ allModules: true });
    expect(detectColumns([['Email', 'Permissions', 'All Module Access', 'Berechtigungen']], profilePresets.default).columns).toEqual(['email', 'permissions', 'allModules', null]);
  });

  it('names every bad cell of a row with a message a person understands', () => {
    const [r] = check([{ firstName: '', lastName: 'Be\u200Brg', email: 'anna＠example.com', phone: '+49 123', roles: 'Root Admin, Ghost, System Administrator' }]);
    expect(r!.value).toBeNull();
    expect(r!.issues).toMatchObject([
      { field: 'firstName', message: 'First name is required.' },
      { field: 'lastName', message: expect.stringMatching(/invisible control character/) },
      { field: 'email', message: expect.stringMatching(/look-alike @/) },
      { field: 'phone', message: expect.stringMatching(/not a valid number for DE/) },
      { field: 'roles', message: expect.stringMatching(/Root Admin role is given only by promoting/) },
      { field: 'roles', message: 'There is no role named “Ghost”.' },
      { field: 'roles', message: expect.stringMatching(/cannot grant System Administrator:.*billing\.manage/) },
    ]);
  });

  it('refuses formulas in any cell, bidi controls in names and a 1 MB cell without echoing it', () => {
    const results = check([
      { ...ok, firstName: '=HYPERLINK("http://evil.example","x")' },
      { ...ok, lastName: '+cmd|/C calc' },
      { ...ok, email: '@SUM(1+1)@example.com' },
      { ...ok, firstName: 'Anna\u202Egreb' },
      { ...ok, lastName: 'x'.repeat(1024 * 1024) },
      { ...ok, phone: '=1+1' },
    ]);
    expect(results.map((r) => r.issues[0]?.message)).toEqual([
      expect.stringMatching(/First name starts with =, \+, - or @/),
      expect.stringMatching(/Last name starts with/),
      expect.stringMatching(/Email starts with/),
      expect.stringMatching(/invisible control character/),
      expect.stringMatching(/^Last name is 1,048,576 characters long/),
      expect.stringMatching(/Phone starts with/),
    ]);
    expect(results.every((r) => r.value === null)).toBe(true);
    expect(JSON.stringify(results).length).toBeLessThan(5000);
  });

  it('marks duplicates inside the file case-insensitively and in NFC, naming the earlier row', () => {
    const results = check([ok, { ...ok, email: 'ANNA@example.com' }, { ...ok, email: 'anna@example.com ' }, { ...ok, email: 'other@example.com', username: 'anna@example.com' }]);
    expect(results.map((r) => r.issues.map((i) => i.message))).toEqual([
      [],
      ['The same email as row 1 (emails are compared without case).'],
      ['The same email as row 1 (emails are compared without case).'],
      [],
    ]);
  });

  it('an address in NFD is the same person as in NFC (profiles that allow non-ASCII addresses)', () => {
    const nfc = 'jörg@example.com'.normalize('NFC');
    const nfd = 'JÖRG@example.com'.normalize('NFD');
    expect(nfc).not.toBe(nfd.toLowerCase());
    const kaseya = { ...profilePresets.kaseyaone, importRequiredColumns: ['firstName', 'lastName', 'email'] as ['firstName', 'lastName', 'email'], rolesPerUser: 'many' as const };
    const results = check([{ ...ok, email: nfc }, { ...ok, email: nfd }], { profile: kaseya });
    expect(results.map((r) => r.issues.map((i) => i.message))).toEqual([[], ['The same email as row 1 (emails are compared without case).']]);
    // Where addresses must be ASCII (the default), the decomposed umlaut is refused outright.
    expect(check([{ ...ok, email: nfd }])[0]!.issues[0]!.message).toMatch(/umlauts/);
  });

  it('follows the profile: Kaseya One needs all six columns, NinjaOne allows letters only and no username', () => {
    const [k] = check([{ ...ok }], { profile: profilePresets.kaseyaone });
    expect(k!.issues.map((i) => i.field)).toEqual(['username', 'roles', 'groups']);
    const [n] = check([{ ...ok, firstName: 'Anna-Lena', username: 'anna' }], { profile: profilePresets.ninjaone });
    expect(n!.issues).toMatchObject([
      { field: 'firstName', message: 'First name may contain letters only.' },
      { field: 'username', message: 'This tenant does not use usernames; leave Username empty.' },
    ]);
  });

  it('kaseyaone (seed 004): the Role cell names exactly one role, Admin among them; group names match exactly, with case', () => {
    const kaseyaCatalog: ImportCatalog = {
      ...catalog,
      roles: [
        { id: 'r-root', key: 'root_admin', name: 'Root Admin', permissions: [...permissions] },
        { id: 'r-admin', key: 'admin', name: 'Admin', permissions: ['users.read', 'users.write'] },
        { id: 'r-user', key: 'user', name: 'User', permissions: ['users.read'] },
      ],
      groups: [{ id: 'g-rmm', name: 'RMM' }, { id: 'g-psa', name: 'psa' }],
    };
    const row = { ...ok, username: 'anna', groups: 'RMM' };
    const k = (rows: ImportRowInput[]) => check(rows, { profile: profilePresets.kaseyaone, catalog: kaseyaCatalog });
    const [admin, lower, both, none, rmm, rmmCase] = k([
      { ...row, roles: 'Admin' },
      { ...row, email: 'b@example.com', username: 'b', roles: 'admin' },
      { ...row, email: 'c@example.com', username: 'c', roles: 'Admin, User' },
      { ...row, email: 'd@example.com', username: 'd', roles: '' },
      { ...row, email: 'e@example.com', username: 'e', roles: 'User', groups: 'RMM; psa' },
      { ...row, email: 'f@example.com', username: 'f', roles: 'User', groups: 'rmm, PSA' },
    ]);
    expect(admin!.value?.roleIds).toEqual(['r-admin']);
    expect(lower!.value?.roleIds).toEqual(['r-admin']); // role names are not case-sensitive: the document says so of groups only
    expect(both!.issues).toMatchObject([{ field: 'roles', id: 'role.only_one', message: 'Choose only one role: each user of this tenant has exactly one.' }]);
    expect(none!.issues).toMatchObject([{ field: 'roles', message: 'Roles is required.' }]);
    expect(rmm!.value?.groupIds).toEqual(['g-rmm', 'g-psa']);
    expect(rmmCase!.issues.map((i) => i.message)).toEqual(['There is no access group named “rmm”.', 'There is no access group named “PSA”.']);
    // Where the Roles column is optional, an empty cell is the same refusal; elsewhere groups match in any case.
    const optional = { ...profilePresets.kaseyaone, importRequiredColumns: ['firstName', 'lastName', 'email'] as ['firstName', 'lastName', 'email'] };
    expect(check([{ ...row }], { profile: optional, catalog: kaseyaCatalog })[0]!.issues).toMatchObject([{ field: 'roles', id: 'role.one_required' }]);
    expect(check([{ ...ok, groups: 'rmm' }])[0]!.value?.groupIds).toEqual(['g-rmm']);
  });

  it('ninjaone (seed 001): every imported end user names a role — an empty Roles cell or no Roles column is refused at Roles; technicians need none', () => {
    const ninja = (rows: ImportRowInput[], kind: 'technician' | 'end_user') => check(rows, { profile: profilePresets.ninjaone, kind, hasDefaultOrganization: true });
    const [named, empty, missing] = ninja([{ ...ok, roles: 'User' }, { ...ok, email: 'b@example.com', roles: ' ' }, { ...ok, email: 'c@example.com' }], 'end_user');
    expect(named!.value?.roleIds).toEqual(['r-user']);
    for (const r of [empty!, missing!]) expect(r.issues).toEqual([{ field: 'roles', id: 'field.required', params: { field: 'roles' }, message: 'Roles is required.' }]);
    // Seed 000: "You do not need to assign roles to technicians when importing them"; other profiles ask no role of end users.
    expect(ninja([{ ...ok }], 'technician')[0]!.issues).toEqual([]);
    expect(check([{ ...ok }], { profile: profilePresets.atera, kind: 'end_user', hasDefaultOrganization: true })[0]!.issues).toEqual([]);
    expect(importRequiredColumnsOf(profilePresets.ninjaone, 'end_user')).toContain('roles');
    expect(importRequiredColumnsOf(profilePresets.ninjaone, 'technician')).toEqual(['firstName', 'lastName', 'email']);
    expect(importRequiredColumnsOf(profilePresets.kaseyaone, 'end_user')).toEqual(profilePresets.kaseyaone.importRequiredColumns);
    // The end users' template has a Roles column, marked required, with a role in the example row (and, as 2FA is
    // required for them too, the sign-in method the admin may choose).
    const t = importTemplate(profilePresets.ninjaone, 'end_user');
    expect(t.csv.split('\r\n')[0]).toBe('First name,Last name,Email,Phone,Roles,Sign-in method,External ID,Password hash,TOTP secret');
    expect(t.csv.split('\r\n')[1]).toMatch(/,User,Authenticator app,,,$/);
    expect(t.readme).toContain('- Roles (required):');
    expect(importTemplate(profilePresets.ninjaone, 'technician').csv.split('\r\n')[0]).toBe('First name,Last name,Email,Phone,Sign-in method,External ID,Password hash,TOTP secret');
  });

  it('end users need an organization from the import or from their row', () => {
    expect(check([ok], { kind: 'end_user' })[0]!.issues[0]?.field).toBe('organization');
    expect(check([ok], { kind: 'end_user', hasDefaultOrganization: true })[0]!.issues).toEqual([]);
    expect(check([{ ...ok, organization: 'acme' }], { kind: 'end_user' })[0]!.value?.organizationId).toBe('o-acme');
    expect(check([{ ...ok, organization: 'Globex' }], { kind: 'end_user' })[0]!.issues[0]?.message).toMatch(/no organization named “Globex”/);
  });

  it('never throws and either returns a value or names a cell (property)', () => {
    const anyCell = fc.oneof(fc.string({ maxLength: 30 }), fc.string({ unit: 'grapheme', maxLength: 30 }), fc.constantFrom('=1+1', '+49 30 901820', 'a@b.example', '', ' '));
    fc.assert(
      fc.property(fc.record({ firstName: anyCell, lastName: anyCell, email: anyCell, phone: anyCell, roles: anyCell }), (row) => {
        const [r] = check([row]);
        expect(r!.value === null).toBe(r!.issues.length > 0);
        for (const i of r!.issues) expect(i.message.length).toBeGreaterThan(5);
      }),
      { numRuns: 500 },
    );
  });
});

describe('importTemplate', () => {
  it('lists the profile’s columns with their rules', () => {
    const t = importTemplate(profilePresets.ninjaone, 'technician');
    expect(t.csv.split('\r\n')[0]).toBe('First name,Last name,Email,Phone,Sign-in method,External ID,Password hash,TOTP secret');
    expect(t.csv.split('\r\n')[1]).toMatch(/,Authenticator app,,,$/);
    expect(t.readme).toMatch(/all-or-nothing/);
    expect(t.readme).toMatch(/- Sign-in method: .*totp \(Authenticator app\), webauthn \(Security key or passkey\).*; empty: totp/);
    const k = importTemplate(profilePresets.kaseyaone, 'technician');
    expect(k.csv.split('\r\n')[0]).toBe('Username,Email,Roles,Groups,First name,Last name,Sign-in method,External ID,Password hash,TOTP secret');
    // End users choose no method where the profile does not require a second factor (Atera), as in the add form.
    expect(importTemplate(profilePresets.atera, 'end_user').csv.split('\r\n')[0]).toBe('First name,Last name,Email,Phone,External ID,Password hash,TOTP secret');
    expect(importTemplate({ ...profilePresets.ninjaone, defaultSignInMethod: 'webauthn' }, 'end_user').csv.split('\r\n')[1]).toMatch(/,Security key or passkey,,,$/);
    expect(k.readme).toMatch(/Each row is imported on its own/);
  });
});
