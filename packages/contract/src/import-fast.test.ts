import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createImportRowValidator, parseImportText, utf8ByteLength, validateImportRows, type ImportCatalog, type ImportOptions, type ImportRowInput, type ImportSource } from './import.js';
import * as reference from './import.reference.js';
import { profilePresets, type PolicyProfile } from './profile.js';
import { phoneMetadata } from './phone-metadata.js';
import { permissions } from './permissions.js';

/**
 * The import's fast paths against the plain code they replace: the same results for every input.
 */

const sources = fc.constantFrom<ImportSource>('clipboard', 'file', 'api');

describe('parseImportText: the plain-text path reads what papaparse reads', () => {
  it('agrees on text made of cells, delimiters, quotes, blanks and every kind of line ending (property)', () => {
    const piece = fc.constantFrom('Anna', 'Jörg', 'a@b.example', '+49 30 1', '', ' ', '  ', '\t', ',', ';', '\n', '\r\n', '\r', '\r\r\n', '"', '\u00a0', '\ufeff', '\u2028', 'x');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), sources, (pieces, source) => {
        const text = pieces.join('');
        expect(parseImportText(text, source)).toEqual(reference.parseImportText(text, source));
      }),
      { numRuns: 20_000 },
    );
  });

  it('agrees on arbitrary strings (property)', () => {
    fc.assert(fc.property(fc.string({ maxLength: 120 }), sources, (text, source) => {
      expect(parseImportText(text, source)).toEqual(reference.parseImportText(text, source));
    }), { numRuns: 5_000 });
  });

  it('agrees where the delimiter is guessed from more than 64 KB of CRLF text, and on a spreadsheet paste', () => {
    const long = `${'x'.repeat(40_000)};a,b\r\n${'y'.repeat(40_000)},c,d\r\n`.repeat(3);
    for (const source of ['file', 'api'] as const) expect(parseImportText(long, source)).toEqual(reference.parseImportText(long, source));
    const paste = Array.from({ length: 2000 }, (_, i) => `Anna${i}\tBerg\tanna${i}@example.com\t+49 30 9018${i}`).join('\r\n');
    expect(parseImportText(paste, 'clipboard')).toEqual(reference.parseImportText(paste, 'clipboard'));
  });
});

// ---------------------------------------------------------------- validation

const catalog: ImportCatalog = {
  roles: [
    { id: 'r-root', key: 'root_admin', name: 'Root Admin', permissions: [...permissions] },
    { id: 'r-admin', key: 'system_admin', name: 'System Administrator', permissions: ['users.read', 'users.write', 'billing.manage'] },
    { id: 'r-user', key: 'user', name: 'User', permissions: ['users.read'] },
  ],
  groups: [{ id: 'g-rmm', name: 'RMM' }],
  organizations: [{ id: 'o-acme', name: 'Acme' }],
  granted: new Set(['users.read', 'users.write']),
};
const profiles: PolicyProfile[] = [
  ...Object.values(profilePresets),
  { ...profilePresets.default, usernameMode: 'none', phoneMode: 'hidden', nameCharset: 'letters', importRequiredColumns: ['email', 'phone'] },
  { ...profilePresets.default, usernameMode: 'email', emailAsciiOnly: false, emailNoEdgeDotOrHyphen: false, nameMaxLength: 5, emailMaxLength: 20, usernameMaxLength: 6 },
];
const optionsArb = fc.record({
  profile: fc.constantFrom(...profiles),
  kind: fc.constantFrom('technician' as const, 'end_user' as const),
  hasDefaultOrganization: fc.boolean(),
}).map((o): ImportOptions => ({ ...o, metadata: phoneMetadata, catalog }));

/** Cells as imports hold them: ordinary values (so that rows are often valid and often duplicates) and every kind of trouble. */
const names = ['Anna', 'Carl', 'Olga', 'Berg', 'Smith', 'Jörg', 'Zoë', 'O’Brien', "O'Brien", 'Anna-Lena', 'Mary Ann', 'Mary  Ann', ' Anna ', 'Li', 'R2D2', 'Søren', 'José', 'Zoe\u0308', 'Ann\u200Ba', 'ÀÿØ', 'Ab.', 'x×y', 'A', 'Abcdef'];
const emails = ['anna@example.com', 'anna@example.com', 'carl@example.com', 'Carl@example.com', 'Anna@Example.com', 'user1@bench.example', ' anna@example.com ', 'a..b@example.com', '.a@example.com', 'a@example', 'jörg@example.com', 'anna＠example.com', 'a@-example.com', 'a-@example.com', 'x@y.z', 'first.last+tag@sub.example.org', 'a@b@c.de', '-a@example.com', 'a@example.com.', 'a'.repeat(65) + '@example.com'];
const phones = ['', '', '+1 650 253 0000', "'+49 30 90180000", '+49 30 901820', '+1 123', '+49 0000', '888 667 8888', '=1+1', '@x', '+44 20 7946 0958', '+7 495 123-45-67', '+800 1234 5678', '+49 (0)30 901820', "''+49 30 901820", ' +1 650 253 0000 '];
const misc = ['', ' ', '\t', '=SUM(A1)', '+x', '-x', '@x', ' =x', '\u00a0=x', 'x'.repeat(1001), 'User', 'user, RMM', 'Root Admin', 'System Administrator', 'Ghost', 'RMM', 'rmm; Nobody', 'Acme', 'acme ', 'Nobody Inc', 'anna.berg', 'a/b', 'a b'];
const cell = (pool: string[], absent = 1) =>
  fc.oneof({ weight: 12, arbitrary: fc.constantFrom(...pool) }, { weight: 1, arbitrary: fc.constantFrom(...misc) }, { weight: 1, arbitrary: fc.string({ maxLength: 12 }) }, { weight: absent, arbitrary: fc.constant(undefined) });
const rowArb: fc.Arbitrary<ImportRowInput> = fc.record(
  {
    firstName: cell(names),
    lastName: cell(names),
    email: cell(emails),
    phone: cell(phones),
    username: cell(['anna.berg', 'Anna.Berg', 'anna@example.com', 'user1@bench.example', 'x#y', 'a b', 'abcdefg']),
    roles: fc.oneof(cell(['User', 'user, RMM', 'Root Admin', 'System Administrator'], 24), fc.array(fc.constantFrom('User', 'user', 'Ghost', ''), { maxLength: 3 })),
    groups: cell(['RMM', 'rmm; Nobody', 'RMM|RMM'], 24),
    organization: cell(['Acme', 'acme ', 'Nobody Inc'], 24),
  },
  { requiredKeys: [] },
);

/** Rows that are mostly valid, from small pools of addresses and usernames: duplicates are frequent. */
const goodRowArb: fc.Arbitrary<ImportRowInput> = fc.record(
  {
    firstName: fc.constantFrom('Anna', 'Jörg', 'Zoë', 'Carl', 'Li', ' Olga '),
    lastName: fc.constantFrom('Berg', 'Müller', 'O’Brien', 'García', 'Smith'),
    email: fc.constantFrom('anna@example.com', 'Anna@Example.com', 'carl@example.com', 'user1@bench.example', ' zoe@example.org'),
    phone: fc.constantFrom('', '+1 650 253 0000', "'+49 30 90180000", '+44 20 7946 0958'),
    username: fc.constantFrom(undefined, '', 'anna.berg', 'Anna.Berg', 'carl', 'anna@example.com'),
    roles: fc.constantFrom(undefined, 'User', ['user']),
  },
  { requiredKeys: ['firstName', 'lastName', 'email'] },
);

describe('validateImportRows and createImportRowValidator: the same results as before the fast paths', () => {
  it('agrees row by row and on whole imports with duplicates, keeping values or not (property)', () => {
    const seen = { rows: 0, invalid: 0, duplicates: 0 };
    fc.assert(
      fc.property(optionsArb, fc.array(fc.oneof({ weight: 3, arbitrary: goodRowArb }, { weight: 1, arbitrary: rowArb }), { maxLength: 30 }), fc.boolean(), (o, rows, keep) => {
        const expected = reference.validateImportRows(rows, o, undefined, keep);
        expect(validateImportRows(rows, o, undefined, keep)).toEqual(expected);
        seen.rows += rows.length;
        seen.invalid += expected.invalidRows;
        seen.duplicates += expected.results.filter((r) => r.issues.some((i) => i.message.startsWith('The same'))).length;
        const mine = createImportRowValidator(o);
        const theirs = reference.createImportRowValidator(o);
        for (const row of rows) expect(mine(row)).toEqual(theirs(row));
      }),
      { numRuns: 3_000 },
    );
    // The rows generated are valid often enough, and duplicates often enough, for the comparison to mean something.
    expect(seen.invalid / seen.rows).toBeLessThan(0.9);
    expect(seen.duplicates / seen.rows).toBeGreaterThan(0.05);
  });

  it('agrees on the benchmark’s rows', () => {
    const text = ['First name\tLast name\tEmail\tPhone', ...Array.from({ length: 3000 }, (_, i) => `${names[i % 10]}\t${names[(i * 7) % 10]}\tuser${i % 2500}@bench.example\t${i % 2 ? "'+49 30 9018" : '+1 650 253 '}${String(i % 10000).padStart(4, '0')}`)].join('\r\n');
    for (const profile of profiles) {
      const o: ImportOptions = { profile, metadata: phoneMetadata, kind: 'technician', catalog };
      const t = parseImportText(text, 'clipboard');
      const rows = reference.rowsFromTable(t.rows, reference.detectColumns(t.rows, profile));
      expect(validateImportRows(rows, o, undefined, false)).toEqual(reference.validateImportRows(rows, o, undefined, false));
      expect(validateImportRows(rows, o)).toEqual(reference.validateImportRows(rows, o));
    }
  });
});

describe('utf8ByteLength', () => {
  it('is the length of TextEncoder’s bytes, lone surrogates included (property)', () => {
    const encoded = (s: string) => new TextEncoder().encode(s).length;
    for (const s of ['', 'a', 'ö', '€', '😀', '\ud800', '\udc00', '\ud800a', 'a\udc00\ud800', '\ud83d\ude00\ud83d', 'Jörg\tO’Brien\r\n']) expect(utf8ByteLength(s), JSON.stringify(s)).toBe(encoded(s));
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (s) => utf8ByteLength(s) === encoded(s)), { numRuns: 5_000 });
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom('a', 'ß', '€', '\ud800', '\udc00', '😀'), maxLength: 30 }), (s) => utf8ByteLength(s) === encoded(s)), { numRuns: 5_000 });
  });
});
