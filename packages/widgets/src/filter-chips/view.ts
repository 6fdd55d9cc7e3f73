import { attributeFilterRule, groupItems, isFilterGroup, opsOfField, userSortKeys, type FilterGroup, type FilterNode, type UserSortKey } from '@roster/contract';
import type { ApiClient } from '../internal/api-client.js';

/** `<user-table>`'s saved view: its structured filter, toolbar filters and sort, kept per host page and tenant. */
export interface SavedView<F> {
  tree: FilterGroup | null;
  filters: F;
  sort: UserSortKey;
  order: 'asc' | 'desc';
}

/** The localStorage key of a view: the host page's origin host and the tenant (the widget token's `tid`); null without one. */
export function viewKey(token: string | null): string | null {
  try {
    const tid = (JSON.parse(atob(token!.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as { tid?: unknown }).tid;
    return typeof tid === 'string' ? `roster:view:${location.host}:${tid}` : null;
  } catch {
    return null;
  }
}

/**
 * Applies the saved view to the table (before its first page): each part checked against `defaults` (a toolbar filter of another type, an unknown sort, a tree that is
 * not a group are left at their defaults); null when none is kept, storage is refused or it is not JSON. A tree that
 * names an attribute the tenant no longer has (or with an operator its type no longer takes) is left out, so a stale
 * view never shows an error.
 */
export async function readView(host: { api: ApiClient; tokens: { get(): Promise<string | null> }; filters: object }): Promise<void> {
  const view = await viewOf(host.api, await host.tokens.get(), host.filters);
  if (view) Object.assign(host, view);
}

async function viewOf<F extends object>(api: ApiClient, token: string | null, defaults: F): Promise<SavedView<F> | null> {
  const key = viewKey(token);
  try {
    const v = JSON.parse((key && localStorage.getItem(key)) || 'null') as Partial<Record<keyof SavedView<F>, unknown>> | null;
    if (!v || typeof v !== 'object') return null;
    const f = (v.filters ?? {}) as Record<string, unknown>;
    const tree = v.tree as Record<string, unknown> | null;
    return {
      filters: Object.fromEntries(Object.entries(defaults).map(([k, d]) => [k, typeof f[k] === typeof d ? f[k] : d])) as F,
      sort: userSortKeys.includes(v.sort as UserSortKey) ? (v.sort as UserSortKey) : 'lastName',
      order: v.order === 'desc' ? 'desc' : 'asc',
      tree: tree && typeof tree === 'object' && (Array.isArray(tree.all) || Array.isArray(tree.any)) && (await attributesHold(api, tree as FilterGroup)) ? (tree as FilterGroup) : null,
    };
  } catch {
    return null;
  }
}

/** Keeps the view (null: forgets it); where storage is refused it lasts for this page only. */
export function writeView<F>(token: string | null, view: SavedView<F> | null): void {
  const key = viewKey(token);
  try {
    if (key && view) localStorage.setItem(key, JSON.stringify(view));
    else if (key) localStorage.removeItem(key);
  } catch {
    // Kept for this page only.
  }
}

/** Whether every `attr.<key>` condition of the tree names an attribute of the tenant, with an operator its type takes. */
async function attributesHold(api: ApiClient, tree: FilterGroup): Promise<boolean> {
  const conditions: FilterNode[] = [];
  const walk = (n: FilterNode): void => void (isFilterGroup(n) ? groupItems(n).forEach(walk) : conditions.push(n));
  walk(tree);
  const named = conditions.filter((c) => !isFilterGroup(c) && String(c.field).startsWith('attr.'));
  if (named.length === 0) return true;
  const definitions = (await api.call('GET /v1/attributes', {})).items;
  return named.every((c) => {
    if (isFilterGroup(c)) return true;
    const d = definitions.find((x) => `attr.${x.key}` === c.field);
    return !!d && opsOfField(attributeFilterRule(d.type)).includes(c.op);
  });
}
