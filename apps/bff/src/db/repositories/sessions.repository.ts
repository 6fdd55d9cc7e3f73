import { sql } from 'kysely';
import type { Db } from '../create-db.js';
import { cutUserSessions } from './users.repository.js';

export async function insertSession(db: Db, s: { tenantId: string; userId: string; tokenHash: string; expiresAt: string; userAgent?: string | null | undefined; address?: string | null | undefined }) {
  await db
    .insertInto('sessions')
    .values({ tenant_id: s.tenantId, user_id: s.userId, token_hash: s.tokenHash, expires_at: s.expiresAt, revoked_at: null, user_agent: s.userAgent ?? null, address: s.address ?? null })
    .execute();
}

/** A session that works now; a "view as" session only once its landing link was opened (its hash is the link's till then). */
export async function findLiveSession(db: Db, tokenHash: string) {
  return db
    .selectFrom('sessions')
    .select(['id', 'tenant_id', 'user_id', 'created_at', 'last_used_at', 'impersonator_id'])
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', sql<string>`now()`)
    .where((eb) => eb.or([eb('impersonator_id', 'is', null), eb('landed_at', 'is not', null)]))
    .executeTakeFirst();
}

/** Starts a "view as" session for `userId`, its hash the single-use landing link's until it is opened. */
export async function insertImpersonationSession(db: Db, s: { tenantId: string; userId: string; impersonatorId: string; linkHash: string; minutes: number; userAgent?: string | null | undefined; address?: string | null | undefined }) {
  return db
    .insertInto('sessions')
    .values({
      tenant_id: s.tenantId, user_id: s.userId, impersonator_id: s.impersonatorId, token_hash: s.linkHash, revoked_at: null,
      expires_at: sql<string>`now() + make_interval(mins => ${s.minutes})`, user_agent: s.userAgent ?? null, address: s.address ?? null,
    })
    .returning(['id', 'expires_at'])
    .executeTakeFirstOrThrow();
}

/**
 * Opens a "view as" session's landing link, once: the session's hash becomes the new cookie's, so the link no longer
 * works. By the link's hash across tenants (platform path); null when it is unknown, used, ended or expired.
 */
export async function landImpersonationSession(db: Db, linkHash: string, cookieHash: string) {
  return db
    .updateTable('sessions')
    .set({ token_hash: cookieHash, landed_at: sql<string>`now()` })
    .where('token_hash', '=', linkHash)
    .where('impersonator_id', 'is not', null)
    .where('landed_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', sql<string>`now()`)
    .returning(['id', 'tenant_id', 'user_id', 'impersonator_id', 'expires_at'])
    .executeTakeFirst();
}

/** Minimum time between two writes of a session's `last_used_at`: a busy session costs one write a minute. */
export const SESSION_TOUCH_INTERVAL_MS = 60_000;

/** Records that a session was used; a no-op when it was touched less than a minute ago (also under a race). */
export async function touchSession(db: Db, tokenHash: string) {
  await db
    .updateTable('sessions')
    .set({ last_used_at: sql`now()` })
    .where('token_hash', '=', tokenHash)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', sql<string>`now() - interval '1 minute'`)]))
    .execute();
}

/** Ends the session of a cookie; returns it (its tenant, user and impersonator) when it was live. */
export async function revokeSession(db: Db, tokenHash: string) {
  return db
    .updateTable('sessions')
    .set({ revoked_at: sql`now()` })
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .returning(['id', 'tenant_id', 'user_id', 'impersonator_id'])
    .executeTakeFirst();
}

/** A user's live sessions (not revoked, not expired), the most recently used first. */
export async function listLiveSessions(db: Db, tenantId: string, userId: string) {
  return db
    .selectFrom('sessions')
    .select(['id', 'created_at', 'last_used_at', 'expires_at', 'user_agent', 'address', 'impersonator_id'])
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', sql<string>`now()`)
    .orderBy(sql`coalesce(last_used_at, created_at)`, 'desc')
    .orderBy('id')
    .execute();
}

/** Ends one live session of a user; false when the user has no such live session (another user's, ended, unknown). */
export async function revokeUserSession(db: Db, tenantId: string, userId: string, sessionId: string): Promise<boolean> {
  const rows = await db
    .updateTable('sessions')
    .set({ revoked_at: sql`now()` })
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .where('id', '=', sessionId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', sql<string>`now()`)
    .returning('id')
    .execute();
  return rows.length > 0;
}

/** Ends every live session of a user but `exceptId` (the caller's own); returns the ids it ended. */
export async function revokeUserSessions(db: Db, tenantId: string, userId: string, exceptId?: string): Promise<string[]> {
  let q = db
    .updateTable('sessions')
    .set({ revoked_at: sql`now()` })
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', sql<string>`now()`);
  if (exceptId) q = q.where('id', '!=', exceptId);
  return (await q.returning('id').execute()).map((r) => r.id);
}

/**
 * Ends every session and widget token of a user at once: sessions are revoked, and tokens issued before
 * `sessions_valid_after` (moved to the next whole second, the resolution of a token's `iat`) are refused.
 * Returns the ids of the sessions it ended.
 */
export async function endAllSessions(db: Db, tenantId: string, userId: string): Promise<string[]> {
  const rows = await db
    .updateTable('sessions')
    .set({ revoked_at: sql`now()` })
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .returning('id')
    .execute();
  await cutUserSessions(db, tenantId, userId);
  return rows.map((r) => r.id);
}

/** A "view as" session whose end is being audited: whose it was, who started it, and why it ended (for the worker). */
export interface EndedImpersonation {
  id: string;
  tenant_id: string;
  user_id: string;
  impersonator_id: string;
  landed: boolean;
  revoked: boolean;
}

/**
 * Marks the end of the "view as" sessions among `sessionIds` (just revoked) as audited; returns those it marked, each
 * once however many requests end it together. Sessions of a person's own are left as they are.
 */
export async function markImpersonationsEnded(db: Db, sessionIds: readonly string[]): Promise<EndedImpersonation[]> {
  if (sessionIds.length === 0) return [];
  const rows = await db
    .updateTable('sessions')
    .set({ impersonation_end_audited_at: sql`now()` })
    .where('id', 'in', [...sessionIds])
    .where('impersonator_id', 'is not', null)
    .where('impersonation_end_audited_at', 'is', null)
    .returning(['id', 'tenant_id', 'user_id', 'impersonator_id', sql<boolean>`landed_at is not null`.as('landed'), sql<boolean>`revoked_at is not null`.as('revoked')])
    .execute();
  return rows as EndedImpersonation[];
}

/**
 * Claims up to `batch` "view as" sessions that have ended (run out of time, or revoked without their end audited) and
 * marks their end audited; across tenants (the platform path), each row claimed with SKIP LOCKED so that instances
 * polling at once never audit one twice.
 */
export async function claimEndedImpersonations(db: Db, batch: number): Promise<EndedImpersonation[]> {
  const result = await sql<EndedImpersonation>`
    with due as (
      select id from sessions
      where impersonator_id is not null and impersonation_end_audited_at is null and (expires_at <= now() or revoked_at is not null)
      order by expires_at limit ${batch} for update skip locked)
    update sessions set impersonation_end_audited_at = now()
    from due where sessions.id = due.id
    returning sessions.id, sessions.tenant_id, sessions.user_id, sessions.impersonator_id, sessions.landed_at is not null as landed, sessions.revoked_at is not null as revoked`.execute(db);
  return result.rows;
}
