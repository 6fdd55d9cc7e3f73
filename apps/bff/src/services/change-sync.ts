import { USER_TOMBSTONE_DAYS, type Tombstone } from '@roster/contract';
import { ApiError } from '../errors.js';
import type { Principal } from './principal.js';
import type { ChangePage, ChangeResource, ChangeWindow } from '../db/repositories/changes.repository.js';

/**
 * Incremental sync, the same for every resource that has one (`GET /v1/users?updatedSince=…`,
 * `GET /v1/organizations?updatedSince=…`): which parameters go with it, its cursor, and its page. The rows come in
 * the order of their changes and never past a change still being made (changes.repository).
 *
 * A sync's cursor is opaque to clients: base64url of `["changes", resource, tenant, xid, id, since, filters, issued]`.
 * It is bound to the resource, the tenant and the filters it was made for (another's is refused, naming `cursor`,
 * rather than resuming somewhere meaningless), and valid as long as tombstones are kept.
 */

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const SYNC_CURSOR = 'changes';
/** The largest uuid: a place after every id of its transaction. */
const LAST_ID = 'ffffffff-ffff-ffff-ffff-ffffffffffff';
const NOUN: Record<ChangeResource, string> = { user: 'users', organization: 'organizations' };

export interface SyncPlace {
  resource: ChangeResource;
  tenantId: string;
  xid: string;
  id: string;
  since: string | null;
  filters: (string | null)[];
  issued: number;
}

const encode = (p: SyncPlace) => Buffer.from(JSON.stringify([SYNC_CURSOR, p.resource, p.tenantId, p.xid, p.id, p.since, p.filters, p.issued]), 'utf8').toString('base64url');
const badCursor = (message: string) => new ApiError('bad_request', 'The cursor is not valid.', [{ path: ['query', 'cursor'], message }]);
const badRequest = (message: string, parameter: string, issue: string) => new ApiError('bad_request', message, [{ path: ['query', parameter], message: issue }]);

/**
 * The sync's place `cursor` holds — null when it is no sync's cursor (a list's own cursor: the caller decides) — if
 * it was made for this resource and tenant; 400 naming `cursor` otherwise.
 */
export function syncPlaceOf(cursor: string | undefined, resource: ChangeResource, tenantId: string): SyncPlace | null {
  if (cursor === undefined) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(parsed) || parsed[0] !== SYNC_CURSOR) return null;
  const [, kind, tenant, xid, id, since, filters, issued] = parsed as unknown[];
  const optional = (v: unknown) => v === null || (typeof v === 'string' && v.length <= 64);
  if (
    parsed.length !== 8 || (kind !== 'user' && kind !== 'organization') || typeof tenant !== 'string' || !UUID.test(tenant) ||
    typeof xid !== 'string' || !/^\d{1,20}$/.test(xid) || typeof id !== 'string' || !UUID.test(id) || !optional(since) ||
    !Array.isArray(filters) || filters.length > 8 || !filters.every(optional) || typeof issued !== 'number'
  ) {
    throw badCursor('Is not a cursor returned by this API.');
  }
  if (kind !== resource) throw badCursor(`Was made for a sync of ${NOUN[kind]}; pass it to GET /v1/${NOUN[kind]}.`);
  if (tenant !== tenantId) throw badCursor('Was made for another tenant.');
  return { resource: kind, tenantId: tenant, xid, id, since: since as string | null, filters: filters as (string | null)[], issued };
}

export interface SyncRequest {
  resource: ChangeResource;
  /** The filters that go with this sync, by parameter name, as the request gave them; a cursor is bound to them. */
  filters: Record<string, string | undefined>;
  /** The place of the request's cursor (`syncPlaceOf`), or null for a sync from `updatedSince`. */
  place: SyncPlace | null;
  updatedSince: string | undefined;
  limit: number;
  /** The names of the query parameters the request sent. */
  parameters: readonly string[];
}

/**
 * One page of a sync as JSON text: `items` (the rows as the API shows them, JSON built by the database), `deleted`
 * (tombstones), `nextCursor` (null once caught up) and `syncCursor`. A page that catches up moves its place to where
 * every change is final, so the next sync reads only what is new. Parameters that do not go with a sync, a cursor
 * made for other filters or older than the tombstones: 400 naming the parameter.
 */
export async function syncPage(principal: Pick<Principal, 'tenantId' | 'organizationScope'>, r: SyncRequest, read: (w: ChangeWindow) => Promise<ChangePage>): Promise<string> {
  const names = Object.keys(r.filters);
  const allowed = new Set([...names, 'limit', 'cursor', 'updatedSince']);
  const extra = r.parameters.find((k) => !allowed.has(k));
  if (extra) throw badRequest(`A sync takes only ${[...names, 'limit'].join(', ')}.`, extra, 'Cannot be used with updatedSince or a sync’s cursor.');
  const filters = names.map((k) => r.filters[k] ?? null);
  const { place } = r;
  if (place) {
    if (r.updatedSince !== undefined) throw badRequest('A sync’s cursor already says since when.', 'updatedSince', 'Cannot be used with a sync’s cursor.');
    if (place.filters.length !== filters.length || place.filters.some((v, i) => v !== filters[i])) {
      throw badCursor(`Was made for other filters; use the same ${names.join(' and ')}.`);
    }
    if (Date.now() - place.issued > USER_TOMBSTONE_DAYS * 86400_000) {
      throw new ApiError('bad_request', 'The cursor is too old.', [{ path: ['query', 'cursor'], message: `Is older than the ${USER_TOMBSTONE_DAYS} days deleted ${NOUN[r.resource]} are kept: sync again from updatedSince.` }]);
    }
  } else if (r.updatedSince === undefined) {
    throw badRequest('A sync needs updatedSince or a sync’s cursor.', 'updatedSince', 'Is required for a sync.');
  }
  const since = place ? place.since : new Date(r.updatedSince!).toISOString();
  const { rows, xmin } = await read({ tenantId: principal.tenantId, scope: principal.organizationScope, since: since ?? undefined, after: place ?? undefined, limit: r.limit });
  const count = Math.min(rows.length, r.limit);
  let items = '';
  const deleted: Tombstone[] = [];
  for (let i = 0; i < count; i++) {
    const row = rows[i]!;
    if (row.json === null) deleted.push({ id: row.id, deletedAt: row.deleted_at! });
    else items += items === '' ? row.json : `,${row.json}`;
  }
  const more = rows.length > r.limit;
  const last = rows[count - 1];
  // Caught up: every change below xmin has been read, so the place moves to just below it (the next change is above).
  const at = more && last ? { xid: last.xid, id: last.id } : { xid: (BigInt(xmin) - 1n).toString(), id: LAST_ID };
  const syncCursor = encode({ resource: r.resource, tenantId: principal.tenantId, ...at, since: more ? since : null, filters, issued: Date.now() });
  const nextCursor = more ? syncCursor : null;
  return `{"items":[${items}],"deleted":${JSON.stringify(deleted)},"nextCursor":${JSON.stringify(nextCursor)},"syncCursor":${JSON.stringify(syncCursor)}}`;
}
