import type { User, UserDetail, UserListQuery, UserPage } from '@roster/contract';
import type { Db } from '../db/create-db.js';
import { ApiError, notFound } from '../errors.js';
import type { Services } from './context.js';
import type { Principal } from './principal.js';
import { findUserById, findUserJson, type OrganizationScope, type UserRecord } from '../db/repositories/users.repository.js';
import { listUsers as listUserRows } from '../db/repositories/user-list.repository.js';

/** JSON text of a `T`, built by the database; the route sends it as it is. */
export type JsonText<T> = string & { readonly __jsonOf?: T };

/** One user of the tenant as the API shows it (with `detail`, as `GET /v1/users/:id` does), if within `scope`; 404 otherwise. */
async function userInScope(db: Db, tenantId: string, id: string, scope: OrganizationScope): Promise<User>;
async function userInScope(db: Db, tenantId: string, id: string, scope: OrganizationScope, detail: true): Promise<UserDetail>;
async function userInScope(db: Db, tenantId: string, id: string, scope: OrganizationScope, detail = false): Promise<User | UserDetail> {
  const json = await findUserJson(db, tenantId, id, scope, detail);
  if (json === undefined) throw notFound('User');
  return JSON.parse(json) as User | UserDetail;
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
 * The cursor is opaque to clients: base64url of `[sort, order, value, id]`. It is bound to the sort it was made
 * for, so a cursor replayed with another sort is refused instead of skipping rows.
 */
export function encodeCursor(sort: string, order: string, value: string, id: string): string {
  return Buffer.from(JSON.stringify([sort, order, value, id]), 'utf8').toString('base64url');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function decodeCursor(cursor: string, sort: string, order: string): { value: string; id: string } {
  const bad = (message: string) => new ApiError('bad_request', 'The cursor is not valid.', [{ path: ['query', 'cursor'], message }]);
  let parsed: unknown;
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw new Error('alphabet');
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw bad('Is not a cursor returned by this API.');
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 4 ||
    !parsed.every((p) => typeof p === 'string') ||
    !UUID.test(parsed[3] as string) ||
    (parsed[2] as string).length > 1000
  ) {
    throw bad('Is not a cursor returned by this API.');
  }
  if (parsed[0] !== sort || parsed[1] !== order) {
    throw bad('Was made for another sort order; start again without a cursor.');
  }
  if (sort === 'createdAt' && Number.isNaN(Date.parse(parsed[2] as string))) throw bad('Is not a cursor returned by this API.');
  return { value: parsed[2] as string, id: parsed[3] as string };
}

export async function listUsers(s: Services, principal: Principal, query: UserListQuery): Promise<JsonText<UserPage>> {
  const after = query.cursor ? decodeCursor(query.cursor, query.sort, query.order) : undefined;
  const search = query.q ? query.q.toLowerCase() : undefined;
  const rows = await listUserRows(s.db, {
    tenantId: principal.tenantId,
    scope: principal.organizationScope,
    kind: query.kind,
    organizationId: query.organizationId,
    search: search && search.length > 0 ? search : undefined,
    status: query.status,
    roleId: query.roleId,
    hideDeactivated: query.hideDeactivated,
    sort: query.sort,
    order: query.order,
    after,
    limit: query.limit,
  });
  const count = Math.min(rows.length, query.limit);
  let items = '';
  for (let i = 0; i < count; i++) items += i === 0 ? rows[i]!.json : `,${rows[i]!.json}`;
  const last = rows[count - 1];
  const nextCursor = rows.length > query.limit && last ? encodeCursor(query.sort, query.order, last.sort_value, last.id) : null;
  return `{"items":[${items}],"nextCursor":${JSON.stringify(nextCursor)}}`;
}

export function getUser(s: Services, principal: Principal, id: string): Promise<User> {
  return userInScope(s.db, principal.tenantId, id, principal.organizationScope);
}

/** `GET /v1/users/:id`: the user with their explicit permissions, access groups and "All Module Access". */
export function getUserDetail(s: Services, principal: Principal, id: string): Promise<UserDetail> {
  return userInScope(s.db, principal.tenantId, id, principal.organizationScope, true);
}
