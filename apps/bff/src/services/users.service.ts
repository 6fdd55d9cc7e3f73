import { USER_TOTAL_EXACT_MAX, csvCell, formatMessage, notificationsWithheld, searchFold, type MessageId, type User, type UserDetail, type UserExportQuery, type UserListQuery, type UserPage, type UserSortKey, type UserTotal, type AttributeDefinition } from '@roster/contract';
import type { Db } from '../db/create-db.js';
import { ApiError, notFound } from '../errors.js';
import type { Services } from './context.js';
import type { Principal } from './principal.js';
import { tenantProfile } from './tenant-profile.js';
import { assertMayListOrganization } from './policy.js';
import { findUserById, findUserJson, type OrganizationScope, type UserRecord } from '../db/repositories/users.repository.js';
import {
  countUsersUpTo,
  estimateUsers,
  exportUserBatch,
  keysOfRow,
  listUsersByAttribute,
  listUsers as listUserRows,
  sortKeyCount,
  type ExportRow,
  type UserFilter,
  type UserKeyset,
} from '../db/repositories/user-list.repository.js';
import { listUserChanges } from '../db/repositories/changes.repository.js';
import { attributeDefinitions, attributeQueryOf, attributesOfUsers } from './attributes.service.js';
import { UUID, syncPage, syncPlaceOf } from './change-sync.js';
import { filterDigest, resolveUserFilter } from './user-filter.service.js';

/** JSON text of a `T`, built by the database; the route sends it as it is. */
export type JsonText<T> = string & { readonly __jsonOf?: T };

/** One user of the tenant as the API shows it (with `detail`, as `GET /v1/users/:id` does), if within `scope`; 404 otherwise. */
async function userInScope(db: Db, tenantId: string, id: string, scope: OrganizationScope): Promise<User>;
async function userInScope(db: Db, tenantId: string, id: string, scope: OrganizationScope, detail: true): Promise<Omit<UserDetail, 'notificationsWithheld'>>;
async function userInScope(db: Db, tenantId: string, id: string, scope: OrganizationScope, detail = false): Promise<User | Omit<UserDetail, 'notificationsWithheld'>> {
  const json = await findUserJson(db, tenantId, id, scope, detail);
  if (json === undefined) throw notFound('User');
  return JSON.parse(json) as User;
}

/** One user of the tenant as the API shows it, whatever the caller's organization scope (audit trails, responses). */
export function readUser(db: Db, tenantId: string, id: string): Promise<User> {
  return userInScope(db, tenantId, id, 'all');
}

/** Loads a user the principal may see, or 404 (also for another tenant's or organization's user); oneself always. */
export async function visibleUser(db: Db, p: Principal, id: string): Promise<UserRecord> {
  const self = p.type === 'user' && p.id === id;
  const row = await findUserById(db, p.tenantId, id, self ? 'all' : p.organizationScope);
  if (!row) throw notFound('User');
  return row;
}

/**
 * The cursor is opaque to clients: base64url of `[sort, order, keys, id]`, `keys` being the sort's key values of
 * the page's last row (the sorted column, then the names that break its ties). It is bound to the sort it was made
 * for, so a cursor replayed with another sort is refused instead of skipping rows.
 */
export function encodeCursor(sort: string, order: string, keys: readonly string[], id: string, digest?: string): string {
  return Buffer.from(JSON.stringify(digest === undefined ? [sort, order, keys, id] : [sort, order, keys, id, digest]), 'utf8').toString('base64url');
}

/**
 * A cursor of a list with a structured filter carries a fifth element, the filter's digest (`filterDigest`): replayed
 * with another filter (or without one, or one without it with a filter) it is refused, never applied in the middle of a different list.
 */
function assertSameFilter(parsed: unknown[], digest: string | undefined): void {
  if (parsed[4] !== digest) throw new ApiError('bad_request', 'The cursor is not valid.', [{ path: ['query', 'cursor'], message: 'Was made for another filter; start again without a cursor.' }]);
}

export function decodeCursor(cursor: string, sort: UserSortKey, order: string, digest?: string): UserKeyset {
  const bad = (message: string) => new ApiError('bad_request', 'The cursor is not valid.', [{ path: ['query', 'cursor'], message }]);
  let parsed: unknown;
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw new Error('alphabet');
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw bad('Is not a cursor returned by this API.');
  }
  const keys = Array.isArray(parsed) ? (parsed[2] as unknown) : undefined;
  if (
    !Array.isArray(parsed) ||
    (parsed.length !== 4 && parsed.length !== 5) ||
    typeof parsed[0] !== 'string' ||
    typeof parsed[1] !== 'string' ||
    typeof parsed[3] !== 'string' ||
    !UUID.test(parsed[3]) ||
    !Array.isArray(keys) ||
    !keys.every((k) => typeof k === 'string' && k.length <= 1000)
  ) {
    throw bad('Is not a cursor returned by this API.');
  }
  if (parsed[0] !== sort || parsed[1] !== order) {
    throw bad('Was made for another sort order; start again without a cursor.');
  }
  assertSameFilter(parsed, digest);
  if (keys.length !== sortKeyCount(sort)) throw bad('Is not a cursor returned by this API.');
  if (sort === 'createdAt' && Number.isNaN(Date.parse(keys[0] as string))) throw bad('Is not a cursor returned by this API.');
  return { values: keys as string[], id: parsed[3] };
}

/** The digest a cursor of this list carries when it has a structured filter (the other filters with it), else none. */
function digestOf(query: UserListQuery): string | undefined {
  if (!query.filter) return undefined;
  const { filter, cursor: _cursor, limit: _limit, sort: _sort, order: _order, ...flat } = query;
  return filterDigest(filter, flat);
}

/**
 * The list's filters for the repository: the caller's tenant and organization scope (which the structured filter
 * is ANDed with, so an `any` cannot reach past it), the search folded, the structured filter resolved against `definitions`.
 */
function filterOf(principal: Principal, query: UserExportQuery, definitions: readonly AttributeDefinition[]): UserFilter {
  const search = query.q ? searchFold(query.q) : '';
  return {
    tenantId: principal.tenantId,
    scope: principal.organizationScope,
    kind: query.kind,
    organizationId: query.organizationId,
    search: search.length > 0 ? search : undefined,
    status: query.status,
    roleId: query.roleId,
    hideDeactivated: query.hideDeactivated,
    suspended: query.suspended,
    externalId: query.externalId,
    tree: query.filter ? resolveUserFilter(query.filter, definitions) : undefined,
  };
}

/**
 * A search is counted only when the planner expects at most this many matches: finding 10,000 matches of a
 * substring among a million users reads most of the tenant (measured: 0.6 s for `q=mart` at 1M, against 90 ms for
 * its page), while a filter on an indexed column counts 10,000 entries of one index range in a few milliseconds.
 */
const SEARCH_COUNT_MAX = 1000;

/** How long an estimated total is reused for the same filters: an "about 1,000,000" moves little in a minute. */
export const TOTAL_ESTIMATE_TTL_MS = 60_000;
/** At most this many filters' estimates are kept (the oldest go first). */
const ESTIMATES_KEPT = 1000;
/** Estimated totals by tenant and filters (the caller's organization scope included): `{ count, until }`. */
const estimates = new Map<string, { count: number; until: number }>();

/**
 * How many users match the filters: exact when counting is cheap, else the planner's estimate, labelled as one.
 * The estimate comes first (EXPLAIN: planning only); a filter it puts above USER_TOTAL_EXACT_MAX (a search: above
 * SEARCH_COUNT_MAX) is not counted at all, any other is counted with the cap as its limit (at most cap + 1 rows,
 * so a planner that guessed low costs a bounded count), and a count that overruns the cap answers the larger of
 * the count and the estimate. An estimate is reused for TOTAL_ESTIMATE_TTL_MS (planning the EXPLAIN cost PostgreSQL
 * more than the page itself at 1M users: 5.9 against 4.7 ms under the list benchmark's load); an exact count never is,
 * so a tenant of a few thousand sees a new user counted at once.
 */
async function totalOf(db: Db, filter: UserFilter): Promise<UserTotal> {
  const key = JSON.stringify(filter);
  const now = Date.now();
  const kept = estimates.get(key);
  if (kept && kept.until > now) return { count: kept.count, exact: false };
  if (kept) estimates.delete(key);
  const total = await freshTotalOf(db, filter);
  if (!total.exact) {
    if (estimates.size >= ESTIMATES_KEPT) estimates.delete(estimates.keys().next().value!);
    estimates.set(key, { count: total.count, until: now + TOTAL_ESTIMATE_TTL_MS });
  }
  return total;
}

async function freshTotalOf(db: Db, filter: UserFilter): Promise<UserTotal> {
  const estimate = await estimateUsers(db, filter);
  if (estimate > (filter.search === undefined ? USER_TOTAL_EXACT_MAX : SEARCH_COUNT_MAX)) return { count: estimate, exact: false };
  const counted = await countUsersUpTo(db, filter, USER_TOTAL_EXACT_MAX);
  if (counted <= USER_TOTAL_EXACT_MAX) return { count: counted, exact: true };
  return { count: Math.max(estimate, counted), exact: false };
}

/**
 * `GET /v1/users`: one keyset page as JSON text; the first page (no cursor) also says how many users match. With
 * `updatedSince` or a sync's cursor: a page of changes (change-sync's `syncPage`). `parameters`: the names the request sent.
 */
export async function listUsers(s: Services, principal: Principal, query: UserListQuery, parameters: readonly string[] = []): Promise<JsonText<UserPage>> {
  assertMayListOrganization(principal, query.organizationId);
  const place = syncPlaceOf(query.cursor, 'user', principal.tenantId);
  if (place || query.updatedSince !== undefined) {
    const filters = { kind: query.kind, organizationId: query.organizationId };
    const sync = { resource: 'user' as const, filters, place, updatedSince: query.updatedSince, limit: query.limit, parameters };
    return syncPage(principal, sync, (w) => listUserChanges(s.db, { ...w, ...filters }));
  }
  const [attributeQuery, definitions] = await Promise.all([attributeQueryOf(s.db, principal.tenantId, query), attributeDefinitions(s.db, principal.tenantId)]);
  const filter = { ...filterOf(principal, query, definitions), attributes: attributeQuery?.filters };
  const digest = digestOf(query);
  let rows: { id: string; json: string }[];
  let nextCursor: string | null = null;
  let total: UserTotal | undefined;
  if (attributeQuery?.sort) {
    const after = query.cursor ? decodeAttributeCursor(query.cursor, query.sort, query.order, digest) : undefined;
    const sort = { ...attributeQuery.sort, order: query.order, after };
    const [page, counted] = await Promise.all([listUsersByAttribute(s.db, { ...filter, sort, limit: query.limit }), after ? undefined : totalOf(s.db, filter)]);
    rows = page;
    total = counted;
    const last = page[Math.min(page.length, query.limit) - 1];
    if (page.length > query.limit && last) nextCursor = encodeCursor(query.sort, query.order, last.key0 === null ? [] : [last.key0], last.id, digest);
  } else {
    const sort = query.sort as UserSortKey;
    const after = query.cursor ? decodeCursor(query.cursor, sort, query.order, digest) : undefined;
    const [page, counted] = await Promise.all([listUserRows(s.db, { ...filter, sort, order: query.order, after, limit: query.limit }), after ? undefined : totalOf(s.db, filter)]);
    rows = page;
    total = counted;
    const last = page[Math.min(page.length, query.limit) - 1];
    if (page.length > query.limit && last) nextCursor = encodeCursor(sort, query.order, keysOfRow(last, sort), last.id, digest);
  }
  const count = Math.min(rows.length, query.limit);
  // Users with attribute values carry them as `attributes` (keyed by attribute key); the others are unchanged.
  const values = definitions.length > 0 ? await attributesOfUsers(s.db, principal.tenantId, rows.slice(0, count).map((r) => r.id), definitions) : undefined;
  let items = '';
  for (let i = 0; i < count; i++) {
    const row = rows[i]!;
    const attrs = values?.get(row.id);
    const json = attrs ? `${row.json.slice(0, -1)},"attributes":${JSON.stringify(attrs)}}` : row.json;
    items += i === 0 ? json : `,${json}`;
  }
  return `{"items":[${items}],"nextCursor":${JSON.stringify(nextCursor)}${total ? `,"total":${JSON.stringify(total)}` : ''}}`;
}

/** A cursor of a sort by attribute: `[value]` after a user with a value, `[]` after one without (those come last). */
function decodeAttributeCursor(cursor: string, sort: string, order: string, digest: string | undefined): { value: string | null; id: string } {
  const bad = () => new ApiError('bad_request', 'The cursor is not valid.', [{ path: ['query', 'cursor'], message: 'Is not a cursor returned by this API.' }]);
  let parsed: unknown;
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw new Error('alphabet');
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw bad();
  }
  if (!Array.isArray(parsed) || (parsed.length !== 4 && parsed.length !== 5) || typeof parsed[3] !== 'string' || !UUID.test(parsed[3]) || !Array.isArray(parsed[2]) || parsed[2].length > 1 || !parsed[2].every((k) => typeof k === 'string' && k.length <= 1000)) throw bad();
  if (parsed[0] !== sort || parsed[1] !== order) throw new ApiError('bad_request', 'The cursor is not valid.', [{ path: ['query', 'cursor'], message: 'Was made for another sort order; start again without a cursor.' }]);
  assertSameFilter(parsed, digest);
  return { value: (parsed[2][0] as string | undefined) ?? null, id: parsed[3] };
}

/** Users per statement of the CSV export. */
export const EXPORT_BATCH = 1000;

/** The export's columns: the header's message id and the cell of a row. */
const exportColumns: readonly [MessageId, (r: ExportRow) => string | null][] = [
  ['field.userId', (r) => r.id],
  ['field.firstName', (r) => r.first_name],
  ['field.lastName', (r) => r.last_name],
  ['field.email', (r) => r.email],
  ['field.username', (r) => r.username],
  ['field.phone', (r) => r.phone],
  ['field.kind', (r) => r.kind],
  ['field.organization', (r) => r.organization_name],
  ['field.status', (r) => r.status],
  ['field.mfa', (r) => r.mfa_state],
  ['field.invitation', (r) => r.invitation_status],
  ['field.availability', (r) => r.availability],
  ['field.roles', (r) => r.roles],
  ['field.language', (r) => r.language],
  ['field.createdAt', (r) => r.created_at],
  ['field.lastLoginAt', (r) => r.last_login_at],
  // Last, so that a host reading the columns by position keeps its columns.
  ['field.updatedAt', (r) => r.updated_at],
];

const csvLine = (cells: readonly (string | null)[]) => `${cells.map((c) => csvCell(c)).join(',')}\r\n`;

/**
 * `GET /v1/users/export`: every user the filters match, in the list's order, as CSV text in pieces — a UTF-8 BOM
 * (so Excel reads UTF-8) and the header row in `language`, then the users, one piece per batch of EXPORT_BATCH,
 * each read by the list's keyset scan after the previous batch's last row. Only one batch is held at a time; a consumer
 * that stops pulling (the client went away) stops the statements. Cells are escaped by the contract's `csvCell`.
 */
export async function* exportUsersCsv(s: Services, principal: Principal, query: UserExportQuery, language: string, batch = EXPORT_BATCH): AsyncGenerator<string> {
  assertMayListOrganization(principal, query.organizationId);
  if (query.sort.startsWith('attr.')) throw new ApiError('bad_request', { id: 'error.bad_query' }, [{ path: ['query', 'sort'], message: 'The export sorts by the list’s columns, not by an attribute.' }]);
  const sort = query.sort as UserSortKey;
  const attributeQuery = await attributeQueryOf(s.db, principal.tenantId, query);
  const definitions = await attributeDefinitions(s.db, principal.tenantId);
  const filter = { ...filterOf(principal, query, definitions), attributes: attributeQuery?.filters };
  // The first piece holds the first batch too: a statement that fails before anything is sent is an error answer.
  // The tenant's attributes follow the fixed columns, headed by their key (what an import's header maps back).
  let text = `\uFEFF${csvLine([...exportColumns.map(([id]) => formatMessage(id, undefined, language)), ...definitions.map((d) => `attr.${d.key}`)])}`;
  let after: UserKeyset | undefined;
  for (;;) {
    const rows = await exportUserBatch(s.db, { ...filter, sort, order: query.order, after, batch });
    const values = definitions.length > 0 ? await attributesOfUsers(s.db, principal.tenantId, rows.map((r) => r.id), definitions) : undefined;
    for (const row of rows) {
      const attrs = values?.get(row.id);
      text += csvLine([...exportColumns.map(([, cell]) => cell(row)), ...definitions.map((d) => (attrs?.[d.key] === undefined ? null : String(attrs[d.key])))]);
    }
    yield text;
    text = '';
    if (rows.length < batch) return;
    const last = rows[rows.length - 1]!;
    after = { values: keysOfRow(last, sort), id: last.id };
  }
}

export function getUser(s: Services, principal: Principal, id: string): Promise<User> {
  return userInScope(s.db, principal.tenantId, id, principal.organizationScope);
}

/** `GET /v1/users/:id`: the user with their explicit permissions, access groups and "All Module Access". */
export async function getUserDetail(s: Services, principal: Principal, id: string): Promise<UserDetail> {
  const [user, tenant] = await Promise.all([userInScope(s.db, principal.tenantId, id, principal.organizationScope, true), tenantProfile(s.db, principal.tenantId)]);
  return { ...user, notificationsWithheld: notificationsWithheld(tenant.profile, user) };
}
