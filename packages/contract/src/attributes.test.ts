import { describe, expect, it } from 'vitest';
import { CreateAttributeDefinitionSchema, UserListQuerySchema, attributeValuesSchema, parseAttributeFilter } from './index.js';

const defs = [
  { key: 'cost_centre', type: 'text' as const, options: null, required: true },
  { key: 'shirt', type: 'oneOf' as const, options: ['S', 'M'], required: false },
  { key: 'badge', type: 'number' as const, options: null, required: false },
  { key: 'remote', type: 'boolean' as const, options: null, required: false },
  { key: 'start', type: 'date' as const, options: null, required: false },
];
const pathsOf = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; code: string; keys?: string[] }[] } }) =>
  r.success ? [] : r.error!.issues.map((i) => (i.code === 'unrecognized_keys' ? i.keys!.join() : i.path.join('.')));

describe('attributeValuesSchema', () => {
  it('accepts values of each type and null to clear one, trimming text', () => {
    const r = attributeValuesSchema(defs).safeParse({ cost_centre: ' 4711 ', shirt: null, badge: -3.5, remote: true, start: '2024-02-29' });
    expect(r.success).toBe(true);
    expect(r.data).toEqual({ cost_centre: '4711', shirt: null, badge: -3.5, remote: true, start: '2024-02-29' });
  });
  it('names the key of each bad value: unknown, wrong type, outside the list, impossible date, required cleared', () => {
    const r = attributeValuesSchema(defs).safeParse({ colour: 'red', badge: '1', shirt: 'XL', start: '2023-02-29', remote: 'yes', cost_centre: null });
    expect(pathsOf(r).sort()).toEqual(['badge', 'colour', 'cost_centre', 'remote', 'shirt', 'start']);
  });
  it('requires the required ones when asked (a new user, an import row) and not on an edit', () => {
    expect(pathsOf(attributeValuesSchema(defs, { requireAll: true }).safeParse({ shirt: 'S' }))).toEqual(['cost_centre']);
    expect(attributeValuesSchema(defs).safeParse({ shirt: 'S' }).success).toBe(true);
  });
});

describe('parseAttributeFilter', () => {
  it('parses equality, ranges with an open end, booleans and one-of values', () => {
    expect(parseAttributeFilter(defs[2]!, '10..20')).toEqual({ key: 'badge', min: 10, max: 20 });
    expect(parseAttributeFilter(defs[2]!, '..20')).toEqual({ key: 'badge', min: undefined, max: 20 });
    expect(parseAttributeFilter(defs[4]!, '2026-01-01..')).toEqual({ key: 'start', min: '2026-01-01', max: undefined });
    expect(parseAttributeFilter(defs[3]!, 'true')).toEqual({ key: 'remote', eq: 'true' });
    expect(parseAttributeFilter(defs[1]!, 'M')).toEqual({ key: 'shirt', eq: 'M' });
    expect(parseAttributeFilter(defs[0]!, 'a..b')).toEqual({ key: 'cost_centre', eq: 'a..b' });
  });
  it('answers a message for a value of the wrong type', () => {
    for (const [d, raw] of [[defs[2]!, 'ten'], [defs[2]!, '..'], [defs[2]!, '1..2..3'], [defs[4]!, '2026-13-01'], [defs[3]!, 'yes'], [defs[1]!, 'XL'], [defs[0]!, '']] as const) {
      expect(typeof parseAttributeFilter(d, raw)).toBe('string');
    }
  });
});

describe('definitions and the list query', () => {
  it('refuses a bad key, a label over 80 characters, options on a non-list and a list without options', () => {
    const bad = [
      { key: 'Cost', labels: { en: 'X' }, type: 'text' },
      { key: 'ok', labels: { en: 'x'.repeat(81) }, type: 'text' },
      { key: 'ok', labels: { en: 'X' }, type: 'number', options: ['1'] },
      { key: 'ok', labels: { en: 'X' }, type: 'oneOf' },
    ];
    for (const body of bad) expect(CreateAttributeDefinitionSchema.safeParse(body).success).toBe(false);
    expect(CreateAttributeDefinitionSchema.safeParse({ key: 'ok_2', labels: { en: 'X', ar: 'س' }, type: 'oneOf', options: ['A'] }).success).toBe(true);
  });
  it('takes attr.<key> parameters and sort=attr.<key>, and still refuses other unknown parameters', () => {
    const ok = UserListQuerySchema.safeParse({ 'attr.cost_centre': '4711', sort: 'attr.badge' });
    expect(ok.success).toBe(true);
    expect(ok.data).toMatchObject({ 'attr.cost_centre': '4711', sort: 'attr.badge', order: 'asc' });
    expect(pathsOf(UserListQuerySchema.safeParse({ colour: 'red' }))).toEqual(['colour']);
    expect(pathsOf(UserListQuerySchema.safeParse({ 'attr.Bad': '1' }))).toEqual(['attr.Bad']);
    expect(UserListQuerySchema.safeParse({ sort: 'attr.' }).success).toBe(false);
  });
});
