import { sql } from 'kysely';
import type { Db } from '../create-db.js';

/**
 * Set-based SQL of the bulk import: every statement takes whole columns as arrays and `unnest`s them, so an
 * import of 100,000 rows is a handful of statements, never one INSERT per row.
 */

/** One query for the whole file: which of these emails and usernames the tenant already has. */
export async function existingIdentities(db: Db, tenantId: string, emails: readonly string[], usernames: readonly string[]) {
  if (emails.length === 0 && usernames.length === 0) return { emails: new Set<string>(), usernames: new Set<string>() };
  const rows = await sql<{ email_normalized: string; username_normalized: string | null }>`
    select email_normalized, username_normalized from users
    where tenant_id = ${tenantId}
      and (email_normalized = any(${emails}::text[]) or username_normalized = any(${usernames}::text[]))`.execute(db);
  return {
    emails: new Set(rows.rows.map((r) => r.email_normalized)),
    usernames: new Set(rows.rows.flatMap((r) => (r.username_normalized ? [r.username_normalized] : []))),
  };
}

export interface ImportedUserColumns {
  organizationIds: (string | null)[];
  firstNames: string[];
  lastNames: string[];
  emails: string[];
  emailsNormalized: string[];
  usernames: (string | null)[];
  usernamesNormalized: (string | null)[];
  phones: (string | null)[];
}

/**
 * Inserts the users; a row whose email or username was taken meanwhile is left out (`on conflict do nothing`)
 * and missing from the result, which maps each inserted normalized email to its new id.
 */
export async function insertImportedUsers(
  trx: Db,
  u: { tenantId: string; kind: 'technician' | 'end_user'; invitationExpiresAt: string; notificationPreferences: string },
  c: ImportedUserColumns,
): Promise<Map<string, string>> {
  const availability = u.kind === 'technician' ? 'available' : null;
  const rows = await sql<{ id: string; email_normalized: string }>`
    insert into users (tenant_id, kind, organization_id, first_name, last_name, email, email_normalized, username,
                       username_normalized, phone, availability, status, invitation_expires_at, notification_preferences)
    select ${u.tenantId}::uuid, ${u.kind}, t.org, t.fn, t.ln, t.em, t.emn, t.un, t.unn, t.ph, ${availability}::text, 'invited',
           ${u.invitationExpiresAt}::timestamptz, ${u.notificationPreferences}::jsonb
    from unnest(${c.organizationIds}::uuid[], ${c.firstNames}::text[], ${c.lastNames}::text[], ${c.emails}::text[],
                ${c.emailsNormalized}::text[], ${c.usernames}::text[], ${c.usernamesNormalized}::text[], ${c.phones}::text[])
         as t(org, fn, ln, em, emn, un, unn, ph)
    on conflict do nothing
    returning id, email_normalized`.execute(trx);
  return new Map(rows.rows.map((r) => [r.email_normalized, r.id]));
}

export async function insertImportedRoleAssignments(trx: Db, tenantId: string, userIds: readonly string[], roleIds: readonly string[]) {
  if (userIds.length === 0) return;
  await sql`
    insert into role_assignments (tenant_id, user_id, role_id)
    select ${tenantId}::uuid, t.u, t.r from unnest(${userIds}::uuid[], ${roleIds}::uuid[]) as t(u, r)`.execute(trx);
}

export async function insertImportedAccessGroups(trx: Db, tenantId: string, userIds: readonly string[], groupIds: readonly string[]) {
  if (userIds.length === 0) return;
  await sql`
    insert into user_access_groups (tenant_id, user_id, group_id)
    select ${tenantId}::uuid, t.u, t.g from unnest(${userIds}::uuid[], ${groupIds}::uuid[]) as t(u, g)`.execute(trx);
}

export async function insertInvitationTokens(trx: Db, tenantId: string, expiresAt: string, userIds: readonly string[], tokenHashes: readonly string[]) {
  if (userIds.length === 0) return;
  await sql`
    insert into one_time_tokens (tenant_id, user_id, purpose, token_hash, expires_at)
    select ${tenantId}::uuid, t.u, 'invitation', t.h, ${expiresAt}::timestamptz from unnest(${userIds}::uuid[], ${tokenHashes}::text[]) as t(u, h)`.execute(trx);
}

/** Outbox messages that keep their template's parameters (JSON text per row); the sender renders them. */
export async function enqueueImportedEmails(
  trx: Db,
  tenantId: string,
  m: { template: string; subject: string; userIds: string[]; to: string[]; payloads: string[] },
) {
  if (m.userIds.length === 0) return;
  await sql`
    insert into email_outbox (tenant_id, user_id, template, to_address, subject, text_body, html_body, payload)
    select ${tenantId}::uuid, t.u, ${m.template}, t.a, ${m.subject}, '', '', t.p::jsonb
    from unnest(${m.userIds}::uuid[], ${m.to}::text[], ${m.payloads}::text[]) as t(u, a, p)`.execute(trx);
}

export async function insertImportAuditEvents(
  trx: Db,
  e: { tenantId: string; actorType: string; actorId: string; action: string; requestId: string | null },
  targetIds: readonly string[],
  afters: readonly string[],
) {
  if (targetIds.length === 0) return;
  await sql`
    insert into audit_events (tenant_id, actor_type, actor_id, action, target_type, target_id, after, request_id)
    select ${e.tenantId}::uuid, ${e.actorType}, ${e.actorId}, ${e.action}, 'user', t.id, t.after::jsonb, ${e.requestId}::text
    from unnest(${targetIds}::text[], ${afters}::text[]) as t(id, after)`.execute(trx);
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

export async function storeImportResponse(trx: Db, tenantId: string, key: string, response: unknown) {
  await sql`update import_requests set response = ${JSON.stringify(response)}::jsonb where tenant_id = ${tenantId}::uuid and idempotency_key = ${key}`.execute(trx);
}
