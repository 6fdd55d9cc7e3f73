import { sql } from 'kysely';
import type { Db } from '../create-db.js';
import { literalOf, type ArrayParam } from '../array-literal.js';

/**
 * Set-based SQL of the bulk import: every statement takes whole columns as arrays and `unnest`s them, so an
 * import of 100,000 rows is a handful of statements, never one INSERT per row. The arrays go as literals
 * (`arrayLiteral`), built faster than the driver builds them.
 */

/**
 * One query for the whole file: which of these emails and usernames the tenant already has. One index probe per
 * value (a lateral join): `= any(array)` made the planner estimate every one of 100,000 values and then choose a
 * scan of the whole users table (~1 s for a tenant of a million).
 */
export async function existingIdentities(db: Db, tenantId: string, emails: ArrayParam, usernames: ArrayParam) {
  if (emails.length === 0 && usernames.length === 0) return { emails: new Set<string>(), usernames: new Set<string>() };
  const rows = await sql<{ email_normalized: string; username_normalized: string | null }>`
    select u.email_normalized, u.username_normalized from unnest(${literalOf(emails)}::text[]) as e(x)
    cross join lateral (select email_normalized, username_normalized from users where tenant_id = ${tenantId} and email_normalized = e.x limit 1) u
    union all
    select u.email_normalized, u.username_normalized from unnest(${literalOf(usernames)}::text[]) as n(x)
    cross join lateral (select email_normalized, username_normalized from users where tenant_id = ${tenantId} and username_normalized = n.x limit 1) u`.execute(db);
  return {
    emails: new Set(rows.rows.map((r) => r.email_normalized)),
    usernames: new Set(rows.rows.flatMap((r) => (r.username_normalized ? [r.username_normalized] : []))),
  };
}

export interface ImportedUserColumns {
  /** Ids chosen by the caller, ascending (`uuidV7s`): the inserts append to the id indexes instead of scattering. */
  ids: ArrayParam;
  organizationIds: ArrayParam;
  firstNames: ArrayParam;
  lastNames: ArrayParam;
  emails: ArrayParam;
  emailsNormalized: ArrayParam;
  usernames: ArrayParam;
  usernamesNormalized: ArrayParam;
  phones: ArrayParam;
}

/**
 * Inserts the users; a row whose email or username was taken meanwhile is left out (`on conflict do nothing`).
 * Returns the ids left out: none in the usual case, told by the row count alone (100,000 ids are not sent back).
 */
export async function insertImportedUsers(
  trx: Db,
  u: { tenantId: string; kind: 'technician' | 'end_user'; invitationExpiresAt: string; notificationPreferences: string },
  c: ImportedUserColumns,
): Promise<ReadonlySet<string>> {
  if (c.ids.length === 0) return new Set();
  const availability = u.kind === 'technician' ? 'available' : null;
  const result = await sql`
    insert into users (id, tenant_id, kind, organization_id, first_name, last_name, email, email_normalized, username,
                       username_normalized, phone, availability, status, invitation_expires_at, notification_preferences)
    select t.id, ${u.tenantId}::uuid, ${u.kind}, t.org, t.fn, t.ln, t.em, t.emn, t.un, t.unn, t.ph, ${availability}::text, 'invited',
           ${u.invitationExpiresAt}::timestamptz, ${u.notificationPreferences}::jsonb
    from unnest(${literalOf(c.ids)}::uuid[], ${literalOf(c.organizationIds)}::uuid[], ${literalOf(c.firstNames)}::text[],
                ${literalOf(c.lastNames)}::text[], ${literalOf(c.emails)}::text[], ${literalOf(c.emailsNormalized)}::text[],
                ${literalOf(c.usernames)}::text[], ${literalOf(c.usernamesNormalized)}::text[], ${literalOf(c.phones)}::text[])
         as t(id, org, fn, ln, em, emn, un, unn, ph)
    on conflict do nothing`.execute(trx);
  if (Number(result.numAffectedRows ?? -1) === c.ids.length) return new Set();
  // Some rows lost to a concurrent writer: the new ids are unique to this import, so those in the table are ours.
  const found = await sql<{ id: string }>`select id from users where tenant_id = ${u.tenantId}::uuid and id = any(${literalOf(c.ids)}::uuid[])`.execute(trx);
  const ours = new Set(found.rows.map((r) => r.id));
  const ids = 'literal' in c.ids ? (JSON.parse(`[${c.ids.literal.slice(1, -1)}]`) as string[]) : (c.ids as string[]);
  return new Set(ids.filter((id) => !ours.has(id)));
}

export async function insertImportedRoleAssignments(trx: Db, tenantId: string, userIds: ArrayParam, roleIds: ArrayParam) {
  if (userIds.length === 0) return;
  await sql`
    insert into role_assignments (tenant_id, user_id, role_id)
    select ${tenantId}::uuid, t.u, t.r from unnest(${literalOf(userIds)}::uuid[], ${literalOf(roleIds)}::uuid[]) as t(u, r)`.execute(trx);
}

export async function insertImportedAccessGroups(trx: Db, tenantId: string, userIds: ArrayParam, groupIds: ArrayParam) {
  if (userIds.length === 0) return;
  await sql`
    insert into user_access_groups (tenant_id, user_id, group_id)
    select ${tenantId}::uuid, t.u, t.g from unnest(${literalOf(userIds)}::uuid[], ${literalOf(groupIds)}::uuid[]) as t(u, g)`.execute(trx);
}

export async function insertInvitationTokens(trx: Db, tenantId: string, expiresAt: string, userIds: ArrayParam, tokenHashes: ArrayParam) {
  if (userIds.length === 0) return;
  await sql`
    insert into one_time_tokens (tenant_id, user_id, purpose, token_hash, expires_at)
    select ${tenantId}::uuid, t.u, 'invitation', t.h, ${expiresAt}::timestamptz from unnest(${literalOf(userIds)}::uuid[], ${literalOf(tokenHashes)}::text[]) as t(u, h)`.execute(trx);
}

/**
 * One `user.created` event per imported user, its `after` ({ id, kind, email, firstName, lastName, organizationId,
 * roleIds, source: 'import' }) built in SQL from the columns instead of 100,000 JSON texts sent and parsed.
 */
export async function insertImportedUserAuditEvents(
  trx: Db,
  e: { tenantId: string; actorType: string; actorId: string; requestId: string | null; kind: 'technician' | 'end_user' },
  /** `roleIdLists`: each user's role ids joined by commas. */
  c: { ids: ArrayParam; emails: ArrayParam; firstNames: ArrayParam; lastNames: ArrayParam; organizationIds: ArrayParam; roleIdLists: ArrayParam },
) {
  if (c.ids.length === 0) return;
  await sql`
    insert into audit_events (tenant_id, actor_type, actor_id, action, target_type, target_id, after, request_id)
    select ${e.tenantId}::uuid, ${e.actorType}, ${e.actorId}, 'user.created', 'user', t.id,
           jsonb_build_object('id', t.id, 'kind', ${e.kind}::text, 'email', t.em, 'firstName', t.fn, 'lastName', t.ln,
                              'organizationId', t.org, 'roleIds', to_jsonb(string_to_array(t.roles, ',')), 'source', 'import'),
           ${e.requestId}::text
    from unnest(${literalOf(c.ids)}::text[], ${literalOf(c.emails)}::text[], ${literalOf(c.firstNames)}::text[],
                ${literalOf(c.lastNames)}::text[], ${literalOf(c.organizationIds)}::uuid[],
                ${literalOf(c.roleIdLists)}::text[]) as t(id, em, fn, ln, org, roles)`.execute(trx);
}

/**
 * Claims an idempotency key inside the import's transaction. A concurrent request with the same key waits on
 * the primary key until this one commits; null means the key is new and now held by this transaction.
 */
export async function claimImportKey(trx: Db, tenantId: string, key: string, requestHash: string) {
  const inserted = await sql<{ k: string }>`
    insert into import_requests (tenant_id, idempotency_key, request_hash, response)
    values (${tenantId}::uuid, ${key}, ${requestHash}, '{}'::jsonb)
    on conflict do nothing returning idempotency_key as k`.execute(trx);
  if (inserted.rows.length > 0) return null;
  return (await findImportByKey(trx, tenantId, key)) ?? null;
}

export async function findImportByKey(db: Db, tenantId: string, key: string) {
  return db
    .selectFrom('import_requests')
    .select(['request_hash', 'response'])
    .where('tenant_id', '=', tenantId)
    .where('idempotency_key', '=', key)
    .executeTakeFirst();
}

/** The answer's JSON text, as the import sent it. */
export async function storeImportResponse(trx: Db, tenantId: string, key: string, responseJson: string) {
  await sql`update import_requests set response = ${responseJson}::jsonb where tenant_id = ${tenantId}::uuid and idempotency_key = ${key}`.execute(trx);
}
