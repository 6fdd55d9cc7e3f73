import { describe, expect, it } from 'vitest';
import { BulkImportRequestSchema, detectColumns, importTemplate, parseImportText, rowsFromTable, validateImportRows, type ImportAttribute, type ImportCatalog, type ImportRowInput } from './index.js';
import { profilePresets } from '../profile.js';
import { phoneMetadata } from '../phone-metadata.js';

const catalog: ImportCatalog = { roles: [{ id: 'r-user', key: 'user', name: 'User', permissions: ['users.read'] }], groups: [], organizations: [], granted: new Set(['users.read']) };
const attributes: ImportAttribute[] = [
  { key: 'cost_centre', labels: { en: 'Cost centre', de: 'Kostenstelle' }, type: 'text', options: null, required: true },
  { key: 'badge', labels: { en: 'Badge number' }, type: 'number', options: null, required: false },
  { key: 'remote', labels: { en: 'Remote' }, type: 'boolean', options: null, required: false },
  { key: 'start', labels: { en: 'Start date' }, type: 'date', options: null, required: false },
  { key: 'site', labels: { en: 'Site' }, type: 'oneOf', options: ['Berlin', 'Cairo'], required: false },
];
const check = (rows: ImportRowInput[], defs: readonly ImportAttribute[] = attributes) =>
  validateImportRows(rows, { profile: profilePresets.default, metadata: phoneMetadata, kind: 'technician', catalog, attributes: defs }).results;
const ok = { firstName: 'Anna', lastName: 'Berg', email: 'anna@example.com' };

describe('custom attribute columns of an import', () => {
  it('maps a header by the attribute’s key or a label in any language, after the built-in fields', () => {
    const table = [['Email', 'First name', 'Last name', 'Kostenstelle', 'badge', 'Remote (yes/no)', 'Start date', 'SITE', 'Colour']];
    const m = detectColumns(table, profilePresets.default, { attributes });
    expect(m.hasHeader).toBe(true);
    expect(m.columns).toEqual(['email', 'firstName', 'lastName', 'attributes.cost_centre', 'attributes.badge', 'attributes.remote', 'attributes.start', 'attributes.site', null]);
    const rows = rowsFromTable([...table, ['a@example.com', 'A', 'B', '4711', '12.5', 'ja', '2026-03-01', 'cairo', 'red']], m);
    expect(rows[0]).toMatchObject({ email: 'a@example.com', attributes: { cost_centre: '4711', badge: '12.5', remote: 'ja', start: '2026-03-01', site: 'cairo' } });
    const [r] = check(rows);
    expect(r!.issues).toEqual([]);
    expect(r!.value?.attributes).toEqual({ cost_centre: '4711', badge: 12.5, remote: true, start: '2026-03-01', site: 'Cairo' });
  });

  it('fails the row naming attributes.<key>: a required one missing, a value of the wrong type, an unknown key', () => {
    const rows: ImportRowInput[] = [
      { ...ok, email: 'r1@example.com' },
      { ...ok, email: 'r2@example.com', attributes: { cost_centre: ' ' } },
      { ...ok, email: 'r3@example.com', attributes: { cost_centre: 'x', badge: '12,5' } },
      { ...ok, email: 'r4@example.com', attributes: { cost_centre: 'x', remote: 'maybe' } },
      { ...ok, email: 'r5@example.com', attributes: { cost_centre: 'x', start: '01.03.2026' } },
      { ...ok, email: 'r6@example.com', attributes: { cost_centre: 'x', site: 'Paris' } },
      { ...ok, email: 'r7@example.com', attributes: { cost_centre: '=HYPERLINK("x")' } },
      { ...ok, email: 'r8@example.com', attributes: { cost_centre: 'x', colour: 'red' } },
      { ...ok, email: 'r9@example.com', attributes: { cost_centre: 'x', badge: '12' as unknown as number, remote: 'true' } },
      { ...ok, email: 'r10@example.com', attributes: { cost_centre: 4711, badge: 3, remote: false } },
    ];
    const r = check(rows);
    const issues = r.map((x) => x.issues.map((i) => [i.field, i.id]));
    expect(issues).toEqual([
      [['attributes.cost_centre', 'field.required']],
      [['attributes.cost_centre', 'field.required']],
      [['attributes.badge', 'value.type']],
      [['attributes.remote', 'value.one_of']],
      [['attributes.start', 'value.format']],
      [['attributes.site', 'value.one_of']],
      [['attributes.cost_centre', 'import.formula']],
      [['attributes.colour', 'value.unknown_field']],
      [],
      [['attributes.cost_centre', 'value.type']],
    ]);
    expect(r[0]!.issues[0]!.message).toBe('cost_centre is required.');
    expect(r[5]!.issues[0]!.message).toBe('Must be one of: Berlin, Cairo.');
    expect(r[3]!.issues[0]!.message).toBe('Must be one of: yes, no.');
    expect(r[8]!.value?.attributes).toEqual({ cost_centre: 'x', badge: 12, remote: true });
  });

  it('leaves rows without attributes as they were when the tenant has none, and refuses any attribute then', () => {
    const [plain, stray] = check([ok, { ...ok, email: 'b@example.com', attributes: { badge: '1' } }], []);
    expect(plain!.value?.attributes).toBe(null);
    expect(stray!.issues.map((i) => i.field)).toEqual(['attributes.badge']);
  });

  it('accepts attributes.<key> as a column of the request, and refuses other names', () => {
    expect(BulkImportRequestSchema.safeParse({ kind: 'technician', text: 'x', columns: ['email', 'attributes.cost_centre', null] }).success).toBe(true);
    expect(BulkImportRequestSchema.safeParse({ kind: 'technician', text: 'x', columns: ['attributes.Bad Key'] }).success).toBe(false);
    expect(BulkImportRequestSchema.safeParse({ kind: 'technician', rows: [{ ...ok, attributes: { badge: 1, remote: true, site: null } }] }).success).toBe(true);
    expect(BulkImportRequestSchema.safeParse({ kind: 'technician', rows: [{ ...ok, attributes: { badge: [1] } }] }).success).toBe(false);
  });

  it('the template lists the attributes (required marked) and the migration columns, and imports back cleanly once filled', () => {
    const t = importTemplate(profilePresets.default, 'technician', attributes);
    const [header] = t.csv.split('\r\n');
    expect(header).toBe('First name,Last name,Email,Phone,Username,Roles,Groups,Sign-in method,External ID,Password hash,TOTP secret,cost_centre,badge,remote,start,site');
    expect(t.readme).toContain('- cost_centre (Cost centre) (required): text, at most 500 characters');
    expect(t.readme).toContain('- site (Site): one of: Berlin, Cairo');
    expect(t.readme).toMatch(/- External ID: optional/);
    expect(t.readme).toMatch(/- Password hash: optional/);
    const filled = `${header}\r\nAnna,Berg,anna@example.com,,,User,,,old-7,,,4711,3,no,2026-01-31,Berlin\r\n`;
    const table = parseImportText(filled, 'file');
    const rows = rowsFromTable(table.rows, detectColumns(table.rows, profilePresets.default, { attributes }));
    const [r] = check(rows);
    expect(r!.issues).toEqual([]);
    expect(r!.value).toMatchObject({ externalId: 'old-7', attributes: { cost_centre: '4711', badge: 3, remote: false, start: '2026-01-31', site: 'Berlin' } });
  });
});
