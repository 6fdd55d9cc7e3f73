import { invitationStatuses, mfaStates, userKinds, userStatuses } from './constants.js';
import type { MessageId, MessageParams } from './messages/index.js';
import { searchFold } from './search.js';

/**
 * The users list's structured filter (`GET /v1/users?filter=<JSON>`, the export and the total alike): a tree of
 * groups — `{"all": [...]}` (AND) or `{"any": [...]}` (OR) — whose leaves are conditions `{field, op, value}` over
 * the built-in fields below and the tenant's custom attributes (`attr.<key>`). The rules live here only: the server
 * parses the parameter with `parseUserFilter` (and resolves `attr.<key>` against the tenant's definitions with
 * `checkAttributeCondition`), the table's chip editor offers what `opsOfField` allows. Free of zod: the chip editor's
 * chunk imports it without the schemas.
 */

export const filterOps = ['eq', 'ne', 'in', 'contains', 'startsWith', 'gt', 'gte', 'lt', 'lte', 'isSet', 'isNotSet'] as const;
export type FilterOp = (typeof filterOps)[number];

/** How deep groups nest (the top group is level 1) and how many conditions one filter has at most. */
export const FILTER_DEPTH_MAX = 3;
export const FILTER_CONDITIONS_MAX = 20;
/** Values of one `in` condition, characters of one text value, characters of the parameter. */
export const FILTER_IN_MAX = 50;
export const FILTER_TEXT_MAX = 200;
export const FILTER_PARAM_MAX = 8000;

/**
 * A field's kind of value: `text` compares folded like the search (no case, no accents: `searchFold`), `exact` as
 * written; `timestamp` takes a date or a date and time; `date` (attributes) a `YYYY-MM-DD`.
 */
export type FilterValueType = 'text' | 'exact' | 'enum' | 'id' | 'timestamp' | 'boolean' | 'number' | 'date' | 'oneOf';

const opsByType: Readonly<Record<FilterValueType, readonly FilterOp[]>> = {
  text: ['eq', 'ne', 'in', 'contains', 'startsWith'],
  exact: ['eq', 'ne', 'in', 'startsWith'],
  enum: ['eq', 'ne', 'in'],
  id: ['eq', 'ne', 'in'],
  timestamp: ['gt', 'gte', 'lt', 'lte'],
  boolean: ['eq', 'ne'],
  number: ['eq', 'ne', 'in', 'gt', 'gte', 'lt', 'lte'],
  date: ['eq', 'ne', 'in', 'gt', 'gte', 'lt', 'lte'],
  oneOf: ['eq', 'ne', 'in'],
};

export interface FilterFieldRule {
  type: FilterValueType;
  /** The field may be unset: `isSet` / `isNotSet` apply. */
  nullable: boolean;
  /** The values of an `enum`. */
  values?: readonly string[];
}

/** The built-in fields a structured filter names, as `UserSchema` calls them. */
export const userFilterFields = {
  kind: { type: 'enum', nullable: false, values: userKinds },
  status: { type: 'enum', nullable: false, values: userStatuses },
  organizationId: { type: 'id', nullable: true },
  roleId: { type: 'id', nullable: false },
  email: { type: 'text', nullable: false },
  firstName: { type: 'text', nullable: false },
  lastName: { type: 'text', nullable: false },
  username: { type: 'text', nullable: true },
  phone: { type: 'text', nullable: true },
  externalId: { type: 'exact', nullable: true },
  mfaState: { type: 'enum', nullable: false, values: mfaStates },
  invitationStatus: { type: 'enum', nullable: false, values: invitationStatuses },
  suspended: { type: 'boolean', nullable: false },
  createdAt: { type: 'timestamp', nullable: false },
  lastSignInAt: { type: 'timestamp', nullable: true },
} as const satisfies Record<string, FilterFieldRule>;
export type UserFilterField = keyof typeof userFilterFields;
export const userFilterFieldNames = Object.keys(userFilterFields) as UserFilterField[];

/** The operators of a field: its type's, plus `isSet`/`isNotSet` where it may be unset. */
export function opsOfField(rule: Pick<FilterFieldRule, 'type' | 'nullable'>): FilterOp[] {
  return [...opsByType[rule.type], ...(rule.nullable ? (['isSet', 'isNotSet'] as const) : [])];
}

/** The value type of an attribute's conditions, by the attribute's type (every attribute may be unset). */
export const attributeFilterRule = (type: 'text' | 'number' | 'boolean' | 'date' | 'oneOf'): FilterFieldRule => ({ type, nullable: true });

export const ATTRIBUTE_FIELD_PATTERN = /^attr\.[a-z][a-z0-9_]{0,39}$/;

export type FilterValue = string | number | boolean | readonly (string | number)[];
/** A condition as the client sends it. */
export interface FilterCondition {
  field: string;
  op: FilterOp;
  value?: FilterValue | undefined;
}
export type FilterGroup = { all: FilterNode[] } | { any: FilterNode[] };
export type FilterNode = FilterGroup | FilterCondition;
export const isFilterGroup = (n: FilterNode): n is FilterGroup => 'all' in n || 'any' in n;
export const groupItems = (g: FilterGroup): FilterNode[] => ('all' in g ? g.all : g.any);

/** One problem of a filter: where (relative to the parameter) and the contract message. */
export interface FilterIssue {
  path: (string | number)[];
  id: MessageId;
  params?: MessageParams;
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2}))?$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A built-in field's value checked and normalised (`undefined` where the op takes none), or the issue's message.
 * Text is NFC and trimmed (the server folds it); a bare date means its midnight UTC; ids are lower-cased.
 */
function builtInValue(rule: FilterFieldRule, op: FilterOp, value: unknown): { value: FilterValue | undefined } | Omit<FilterIssue, 'path'> & { list?: number } {
  if (op === 'isSet' || op === 'isNotSet') return value === undefined ? { value: undefined } : { id: 'filter.no_value' };
  const one = (v: unknown): string | number | boolean | Omit<FilterIssue, 'path'> => {
    switch (rule.type) {
      case 'text':
      case 'exact': {
        if (typeof v !== 'string') return { id: 'value.type', params: { type: 'text' } };
        const t = v.normalize('NFC').trim();
        if (t.length === 0) return { id: 'value.min_characters', params: { min: 1 } };
        if (t.length > FILTER_TEXT_MAX) return { id: 'value.max_characters', params: { max: FILTER_TEXT_MAX } };
        return t;
      }
      case 'enum':
        return typeof v === 'string' && (rule.values ?? []).includes(v) ? v : { id: 'value.one_of', params: { values: (rule.values ?? []).join(', ') } };
      case 'id':
        return typeof v === 'string' && UUID.test(v) ? v.toLowerCase() : { id: 'value.uuid' };
      case 'timestamp': {
        if (typeof v !== 'string' || !TIMESTAMP.test(v) || Number.isNaN(Date.parse(v.length === 10 ? `${v}T00:00:00Z` : v))) return { id: 'filter.timestamp' };
        return new Date(v.length === 10 ? `${v}T00:00:00Z` : v).toISOString();
      }
      case 'boolean':
        return typeof v === 'boolean' ? v : { id: 'value.type', params: { type: 'boolean' } };
      default:
        return { id: 'value.invalid' };
    }
  };
  if (op === 'in') {
    if (!Array.isArray(value) || value.length === 0 || value.length > FILTER_IN_MAX) return { id: 'filter.list', params: { max: FILTER_IN_MAX } };
    const out: (string | number)[] = [];
    for (let i = 0; i < value.length; i++) {
      const v = one(value[i]);
      if (typeof v === 'object') return { ...v, list: i };
      out.push(v as string | number);
    }
    return { value: out };
  }
  if (value === undefined) return { id: 'value.required' };
  const v = one(value);
  if (typeof v === 'object') return v;
  if ((op === 'contains' || op === 'startsWith') && rule.type === 'text' && searchFold(v as string).length === 0) return { id: 'value.min_characters', params: { min: 1 } };
  return { value: v };
}

/**
 * Parses the `filter` parameter: JSON text → the checked tree, or every issue found (paths relative to the parameter,
 * e.g. `['any', 1, 'value']`). Built-in fields' values come normalised; `attr.<key>` conditions are checked for
 * shape only — the server checks them against the tenant's definitions (`checkAttributeCondition`).
 */
export function parseUserFilter(text: string): { filter: FilterGroup } | { issues: FilterIssue[] } {
  if (text.length > FILTER_PARAM_MAX) return { issues: [{ path: [], id: 'value.max_characters', params: { max: FILTER_PARAM_MAX } }] };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { issues: [{ path: [], id: 'filter.json' }] };
  }
  const issues: FilterIssue[] = [];
  let conditions = 0;
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  const node = (v: unknown, path: (string | number)[], depth: number): FilterNode | undefined => {
    if (!isObject(v)) {
      issues.push({ path, id: 'filter.node' });
      return undefined;
    }
    const keys = Object.keys(v);
    if (keys.length === 1 && (keys[0] === 'all' || keys[0] === 'any')) {
      const key = keys[0];
      if (depth > FILTER_DEPTH_MAX) {
        issues.push({ path, id: 'filter.depth', params: { max: FILTER_DEPTH_MAX } });
        return undefined;
      }
      const items = v[key];
      if (!Array.isArray(items)) {
        issues.push({ path: [...path, key], id: 'filter.node' });
        return undefined;
      }
      if (items.length === 0) issues.push({ path: [...path, key], id: 'filter.empty' });
      const children = items.map((item, i) => node(item, [...path, key, i], depth + 1));
      return (key === 'all' ? { all: children } : { any: children }) as FilterGroup;
    }
    if (!('field' in v) || !('op' in v) || keys.some((k) => k !== 'field' && k !== 'op' && k !== 'value')) {
      issues.push({ path, id: 'filter.node' });
      return undefined;
    }
    conditions += 1;
    if (conditions === FILTER_CONDITIONS_MAX + 1) issues.push({ path, id: 'filter.too_many', params: { max: FILTER_CONDITIONS_MAX } });
    const { field, op, value } = v;
    if (typeof field === 'string' && ATTRIBUTE_FIELD_PATTERN.test(field)) {
      if (typeof op !== 'string' || !(filterOps as readonly string[]).includes(op)) {
        issues.push({ path: [...path, 'op'], id: 'value.one_of', params: { values: filterOps.join(', ') } });
        return undefined;
      }
      return { field, op: op as FilterOp, ...(value === undefined ? {} : { value: value as FilterValue }) };
    }
    const rule = typeof field === 'string' ? (userFilterFields as Record<string, FilterFieldRule>)[field] : undefined;
    if (!rule || !Object.hasOwn(userFilterFields, field as string)) {
      issues.push({ path: [...path, 'field'], id: 'filter.field' });
      return undefined;
    }
    const ops = opsOfField(rule);
    if (typeof op !== 'string' || !ops.includes(op as FilterOp)) {
      issues.push({ path: [...path, 'op'], id: 'value.one_of', params: { values: ops.join(', ') } });
      return undefined;
    }
    const checked = builtInValue(rule, op as FilterOp, value);
    if ('id' in checked) {
      const { list, ...issue } = checked;
      issues.push({ ...issue, path: list === undefined ? [...path, 'value'] : [...path, 'value', list] });
      return undefined;
    }
    return { field: field as string, op: op as FilterOp, ...(checked.value === undefined ? {} : { value: checked.value }) };
  };
  if (!isObject(json) || !('all' in json || 'any' in json)) return { issues: [{ path: [], id: 'filter.node' }] };
  const tree = node(json, [], 1);
  return issues.length > 0 || !tree ? { issues } : { filter: tree as FilterGroup };
}

/** An attribute as a filter needs it: its type and (one-of) options. */
export interface FilterableAttribute {
  type: 'text' | 'number' | 'boolean' | 'date' | 'oneOf';
  options: readonly string[] | null;
}

/**
 * An attribute condition checked against the attribute's definition: the value normalised (text NFC and trimmed,
 * booleans as `'true'`/`'false'` as they are stored), or the issue (path relative to the condition). The values are
 * checked by `check`, the attribute value's own rule (`attributeValueSchema`), passed in so this module stays free of zod.
 */
export function checkAttributeCondition(
  d: FilterableAttribute,
  op: FilterOp,
  value: unknown,
  check: (v: unknown) => { ok: true; value: string | number | boolean } | { ok: false; message: string },
): { value: FilterValue | undefined } | { path: (string | number)[]; id?: MessageId; params?: MessageParams; message?: string } {
  const ops = opsOfField(attributeFilterRule(d.type));
  if (!ops.includes(op)) return { path: ['op'], id: 'value.one_of', params: { values: ops.join(', ') } };
  if (op === 'isSet' || op === 'isNotSet') return value === undefined ? { value: undefined } : { path: ['value'], id: 'filter.no_value' };
  const one = (v: unknown): string | number | { message: string } => {
    // contains / startsWith look for a part of a text: any text, not a valid whole value.
    if ((op === 'contains' || op === 'startsWith') && typeof v === 'string' && searchFold(v.normalize('NFC').trim()).length > 0 && v.length <= FILTER_TEXT_MAX) return v.normalize('NFC').trim();
    const r = check(v);
    if (!r.ok) return { message: r.message };
    return typeof r.value === 'boolean' ? String(r.value) : r.value;
  };
  if (op === 'in') {
    if (!Array.isArray(value) || value.length === 0 || value.length > FILTER_IN_MAX) return { path: ['value'], id: 'filter.list', params: { max: FILTER_IN_MAX } };
    const out: (string | number)[] = [];
    for (let i = 0; i < value.length; i++) {
      const v = one(value[i]);
      if (typeof v === 'object') return { path: ['value', i], message: v.message };
      out.push(v);
    }
    return { value: out };
  }
  if (value === undefined) return { path: ['value'], id: 'value.required' };
  const v = one(value);
  return typeof v === 'object' ? { path: ['value'], message: v.message } : { value: v };
}

/** A filter tree's canonical text (keys in a fixed order): what a cursor is bound to. */
export function canonicalFilter(n: FilterNode): string {
  if (isFilterGroup(n)) return 'all' in n ? `{"all":[${n.all.map(canonicalFilter).join(',')}]}` : `{"any":[${n.any.map(canonicalFilter).join(',')}]}`;
  return JSON.stringify({ field: n.field, op: n.op, value: n.value ?? null });
}

/**
 * The search's folding (`searchFold`) as a table a database can apply to a column: `translate(text, from, to)` (the
 * characters past `to`'s length are dropped: accents left decomposed, Arabic vowel signs) then `replace` of the
 * letters that fold to two (`ß` → `ss`). Built from `searchFold` itself over Latin, Greek and Cyrillic letters, so a
 * name's `contains` folds alike on both sides; letters outside those ranges compare as `lower()` leaves them.
 */
export function searchFoldTable(): { from: string; to: string; replacements: [string, string][] } {
  const pairs: [string, string][] = [];
  const drops: string[] = [];
  const replacements: [string, string][] = [];
  const ranges: [number, number][] = [[0x41, 0x5a], [0xc0, 0x24f], [0x300, 0x36f], [0x370, 0x3ff], [0x400, 0x4ff], [0x64b, 0x65f], [0x670, 0x670], [0x1e00, 0x1eff]];
  for (const [a, b] of ranges) {
    for (let cp = a; cp <= b; cp++) {
      const c = String.fromCodePoint(cp);
      if (c.normalize('NFC') !== c) continue; // never stored: names are NFC
      const f = searchFold(c);
      if (f === c) continue;
      if (f.length === 1) pairs.push([c, f]);
      else if (f.length === 0) drops.push(c);
      else replacements.push([c, f]);
    }
  }
  return { from: pairs.map((p) => p[0]).join('') + drops.join(''), to: pairs.map((p) => p[1]).join(''), replacements };
}
