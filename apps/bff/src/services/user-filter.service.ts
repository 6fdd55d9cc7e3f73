import { createHash } from 'node:crypto';
import * as z from 'zod/mini';
import {
  ATTRIBUTE_PARAM_PREFIX,
  attributeValueSchema,
  canonicalFilter,
  checkAttributeCondition,
  groupItems,
  isFilterGroup,
  issueOf,
  searchFold,
  userFilterFields,
  type AttributeDefinition,
  type FilterGroup,
  type FilterNode,
  type Issue,
  type UserFilterField,
} from '@roster/contract';
import { ApiError } from '../errors.js';
import type { UserFilterNode } from '../db/repositories/user-list.repository.js';

/**
 * The structured filter (`filter=` of the users list, its export and total) resolved for the repository: each
 * `attr.<key>` checked against the tenant's definitions (an unknown key or a value the attribute refuses is a 400
 * naming `['query', 'filter', …path]`, as `attr.<key>=` is), text values of the built-in text fields folded like the search.
 */
export function resolveUserFilter(tree: FilterGroup, definitions: readonly AttributeDefinition[]): UserFilterNode {
  const defs = new Map(definitions.map((d) => [d.key, d]));
  const issues: Issue[] = [];
  const resolve = (node: FilterNode, path: (string | number)[]): UserFilterNode => {
    if (isFilterGroup(node)) {
      const key = 'all' in node ? 'all' : 'any';
      const children = groupItems(node).map((child, i) => resolve(child, [...path, key, i]));
      return key === 'all' ? { all: children } : { any: children };
    }
    if (node.field.startsWith(ATTRIBUTE_PARAM_PREFIX)) {
      const d = defs.get(node.field.slice(ATTRIBUTE_PARAM_PREFIX.length));
      if (!d) {
        issues.push(issueOf([...path, 'field'], 'query.attribute_unknown'));
        return { all: [] };
      }
      const schema = attributeValueSchema(d);
      const checked = checkAttributeCondition(d, node.op, node.value, (v) => {
        const r = z.safeParse(schema, v);
        return r.success ? { ok: true, value: r.data } : { ok: false, message: r.error.issues[0]?.message ?? 'Is not valid.' };
      });
      if ('path' in checked) {
        const at = [...path, ...checked.path];
        issues.push(checked.id ? issueOf(at, checked.id, checked.params) : { path: at, message: checked.message ?? 'Is not valid.' });
        return { all: [] };
      }
      const value = node.op === 'contains' || node.op === 'startsWith' ? searchFold(String(checked.value)) : checked.value;
      return { attributeId: d.id, column: d.type === 'number' ? 'number' : 'text', op: node.op, value };
    }
    const field = node.field as UserFilterField;
    const folds = userFilterFields[field].type === 'text';
    const value = folds && node.value !== undefined ? (Array.isArray(node.value) ? node.value.map((v) => searchFold(String(v))) : searchFold(String(node.value))) : node.value;
    return { field, op: node.op, value };
  };
  const out = resolve(tree, ['query', 'filter']);
  if (issues.length > 0) throw new ApiError('bad_request', { id: 'error.bad_query' }, issues);
  return out;
}

/**
 * What a keyset cursor of a filtered list is bound to: a digest of the structured filter and the other filters, so
 * that a cursor replayed with another filter is refused instead of starting a different list in the middle.
 */
export function filterDigest(tree: FilterGroup, flat: Record<string, unknown>): string {
  const rest = Object.keys(flat)
    .filter((k) => flat[k] !== undefined)
    .sort()
    .map((k) => [k, flat[k]]);
  return createHash('sha256').update(canonicalFilter(tree)).update(JSON.stringify(rest)).digest('base64url').slice(0, 22);
}
