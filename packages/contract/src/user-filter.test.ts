import { describe, expect, it } from 'vitest';
import { UserListQuerySchema, UserExportQuerySchema, checkAttributeCondition, parseUserFilter, searchFold, searchFoldTable, attributeValueSchema } from './index.js';
import * as z from 'zod/mini';

const issuesOf = (text: string) => {
  const r = parseUserFilter(text);
  return 'issues' in r ? r.issues.map((i) => ({ path: i.path.join('.'), id: i.id })) : [];
};

describe('parseUserFilter', () => {
  it('accepts nested groups of conditions and normalises their values', () => {
    const r = parseUserFilter(JSON.stringify({ all: [{ field: 'status', op: 'eq', value: 'active' }, { any: [{ field: 'firstName', op: 'contains', value: ' Mül ' }, { field: 'createdAt', op: 'gte', value: '2026-01-01' }, { field: 'organizationId', op: 'isNotSet' }] }] }));
    expect(r).toEqual({ filter: { all: [{ field: 'status', op: 'eq', value: 'active' }, { any: [{ field: 'firstName', op: 'contains', value: 'Mül' }, { field: 'createdAt', op: 'gte', value: '2026-01-01T00:00:00.000Z' }, { field: 'organizationId', op: 'isNotSet' }] }] } });
  });

  it('names the path of each bad part', () => {
    expect(issuesOf('{"all": [')).toEqual([{ path: '', id: 'filter.json' }]);
    expect(issuesOf('[1]')).toEqual([{ path: '', id: 'filter.node' }]);
    expect(issuesOf('{"any": []}')).toEqual([{ path: 'any', id: 'filter.empty' }]);
    expect(issuesOf(JSON.stringify({ any: [{ field: 'kind', op: 'eq', value: 'end_user' }, { field: 'kind', op: 'eq', value: 'robot' }] }))).toEqual([{ path: 'any.1.value', id: 'value.one_of' }]);
    expect(issuesOf(JSON.stringify({ all: [{ field: 'password', op: 'eq', value: 'x' }] }))).toEqual([{ path: 'all.0.field', id: 'filter.field' }]);
    expect(issuesOf(JSON.stringify({ all: [{ field: 'status', op: 'contains', value: 'act' }] }))).toEqual([{ path: 'all.0.op', id: 'value.one_of' }]);
    expect(issuesOf(JSON.stringify({ all: [{ field: 'suspended', op: 'eq', value: 'yes' }] }))).toEqual([{ path: 'all.0.value', id: 'value.type' }]);
    expect(issuesOf(JSON.stringify({ all: [{ field: 'roleId', op: 'in', value: ['00000000-0000-4000-8000-000000000001', 'x'] }] }))).toEqual([{ path: 'all.0.value.1', id: 'value.uuid' }]);
    expect(issuesOf(JSON.stringify({ all: [{ field: 'createdAt', op: 'gt', value: '2026-13-01' }] }))).toEqual([{ path: 'all.0.value', id: 'filter.timestamp' }]);
    expect(issuesOf(JSON.stringify({ all: [{ field: 'username', op: 'isSet', value: 'x' }] }))).toEqual([{ path: 'all.0.value', id: 'filter.no_value' }]);
    expect(issuesOf(JSON.stringify({ all: [{ field: 'email', op: 'eq' }] }))).toEqual([{ path: 'all.0.value', id: 'value.required' }]);
    expect(issuesOf(JSON.stringify({ all: [{ field: 'email', op: 'eq', value: 'a', extra: 1 }] }))).toEqual([{ path: 'all.0', id: 'filter.node' }]);
  });

  it('limits the depth and the number of conditions', () => {
    const c = { field: 'kind', op: 'eq', value: 'end_user' };
    expect(issuesOf(JSON.stringify({ all: [{ any: [{ all: [c] }] }] }))).toEqual([]);
    expect(issuesOf(JSON.stringify({ all: [{ any: [{ all: [{ any: [c] }] }] }] }))).toEqual([{ path: 'all.0.any.0.all.0', id: 'filter.depth' }]);
    expect(issuesOf(JSON.stringify({ any: Array.from({ length: 21 }, () => c) }))).toEqual([{ path: 'any.20', id: 'filter.too_many' }]);
  });

  it('leaves attribute conditions to the definitions, checked by the value rule of the attribute', () => {
    expect(parseUserFilter(JSON.stringify({ all: [{ field: 'attr.cost_centre', op: 'eq', value: 4711 }] }))).toEqual({ filter: { all: [{ field: 'attr.cost_centre', op: 'eq', value: 4711 }] } });
    expect(issuesOf(JSON.stringify({ all: [{ field: 'attr.Bad-Key', op: 'eq', value: 1 }] }))).toEqual([{ path: 'all.0.field', id: 'filter.field' }]);
    const check = (d: { type: 'number' | 'text' | 'boolean' | 'date' | 'oneOf'; options: string[] | null }) => (v: unknown) => {
      const r = z.safeParse(attributeValueSchema(d), v);
      return r.success ? { ok: true as const, value: r.data } : { ok: false as const, message: r.error.issues[0]!.message };
    };
    const num = { type: 'number' as const, options: null };
    expect(checkAttributeCondition(num, 'gt', 10, check(num))).toEqual({ value: 10 });
    expect(checkAttributeCondition(num, 'contains', '1', check(num))).toMatchObject({ path: ['op'], id: 'value.one_of' });
    expect(checkAttributeCondition(num, 'eq', 'ten', check(num))).toEqual({ path: ['value'], message: 'Must be a number.' });
    const bool = { type: 'boolean' as const, options: null };
    expect(checkAttributeCondition(bool, 'eq', true, check(bool))).toEqual({ value: 'true' });
    const one = { type: 'oneOf' as const, options: ['red', 'blue'] };
    expect(checkAttributeCondition(one, 'in', ['red', 'green'], check(one))).toEqual({ path: ['value', 1], message: 'Must be one of: red, blue.' });
  });
});

describe('the list query', () => {
  it('parses filter with the other parameters and names the path under query', () => {
    const ok = UserListQuerySchema.safeParse({ status: 'active', filter: '{"any":[{"field":"kind","op":"eq","value":"end_user"}]}' });
    expect(ok.success && ok.data.filter).toEqual({ any: [{ field: 'kind', op: 'eq', value: 'end_user' }] });
    const bad = UserExportQuerySchema.safeParse({ filter: '{"any":[{"field":"kind","op":"eq","value":"x"}]}' });
    expect(bad.error?.issues.map((i) => i.path)).toEqual([['filter', 'any', 0, 'value']]);
  });
});

describe('searchFoldTable', () => {
  it('folds each covered letter as searchFold does', () => {
    const { from, to, replacements } = searchFoldTable();
    const apply = (s: string) => {
      let out = '';
      for (const c of s) {
        const i = from.indexOf(c);
        out += i < 0 ? c : i < to.length ? to[i] : '';
      }
      for (const [a, b] of replacements) out = out.split(a).join(b);
      return out.toLowerCase();
    };
    for (const name of ['Müller', 'Yılmaz', 'SÃO', 'Søren', 'Straße', 'Æsir', 'Ÿvonne', 'Ωmega', 'Ёлка', 'محمّد']) expect(apply(name.normalize('NFC'))).toBe(searchFold(name));
  });
});
