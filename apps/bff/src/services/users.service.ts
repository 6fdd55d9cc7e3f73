import type { InvitationStatus, User, UserListQuery, UserPage } from '@roster/contract';
import { ApiError, notFound } from '../errors.js';
import type { Services } from './context.js';
import type { Principal } from './principal.js';
import {
  findUserById,
  listUsers as listUserRows,
  rolesOfUsers,
  type UserRecord,
} from '../db/repositories/users.repository.js';

export function invitationStatusOf(row: Pick<UserRecord, 'status' | 'invitation_expires_at'>, now = Date.now()): InvitationStatus {
  if (row.status !== 'invited') return 'registered';
  return row.invitation_expires_at && Date.parse(row.invitation_expires_at) < now ? 'expired' : 'pending';
}

export function toUser(row: UserRecord, roles: { id: string; name: string }[]): User {
  return {
    id: row.id,
    kind: row.kind,
    organizationId: row.organization_id,
    firstName: row.first_name,
    lastName: row.last_name,
    email: row.email,
    username: row.username,
    phone: row.phone,
    language: row.language,
    status: row.status,
    mfaState: row.mfa_state,
    availability: row.availability,
    invitationStatus: invitationStatusOf(row),
    isRootAdmin: row.is_root_admin,
    roles,
    idleWarningMinutes: row.idle_warning_minutes,
    showGettingStarted: row.show_getting_started,
    ticketPageAccessibility: row.ticket_page_accessibility,
    notificationPreferences: row.notification_preferences ?? {},
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    lastLoginAt: row.last_login_at,
  };
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

export async function listUsers(s: Services, principal: Principal, query: UserListQuery): Promise<UserPage> {
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
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map((row) => toUser(row, row.roles)),
    nextCursor: rows.length > query.limit && last ? encodeCursor(query.sort, query.order, last.sort_value, last.id) : null,
  };
}

export async function getUser(s: Services, principal: Principal, id: string): Promise<User> {
  const row = await findUserById(s.db, principal.tenantId, id, principal.organizationScope);
  if (!row) throw notFound('User');
  const roles = await rolesOfUsers(s.db, principal.tenantId, [row.id]);
  return toUser(row, roles.get(row.id) ?? []);
}
