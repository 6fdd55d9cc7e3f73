import { sql } from 'kysely';
import type { Db } from '../create-db.js';
import { cutUserSessions } from './users.repository.js';

export async function insertSession(db: Db, s: { tenantId: string; userId: string; tokenHash: string; expiresAt: string; userAgent?: string | null | undefined; address?: string | null | undefined }) {
  await db
    .insertInto('sessions')
    .values({ tenant_id: s.tenantId, user_id: s.userId, token_hash: s.tokenHash, expires_at: s.expiresAt, revoked_at: null, user_agent: s.userAgent ?? null, address: s.address ?? null })
    .execute();
}

export async function findLiveSession(db: Db, tokenHash: string) {
  return db
    .selectFrom('sessions')
    .select(['id', 'tenant_id', 'user_id', 'created_at', 'last_used_at'])
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', sql<string>`now()`)
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

export async function revokeSession(db: Db, tokenHash: string) {
  await db.updateTable('sessions').set({ revoked_at: sql`now()` }).where('token_hash', '=', tokenHash).where('revoked_at', 'is', null).execute();
}

/** A user's live sessions (not revoked, not expired), the most recently used first. */
export async function listLiveSessions(db: Db, tenantId: string, userId: string) {
  return db
    .selectFrom('sessions')
    .select(['id', 'created_at', 'last_used_at', 'expires_at', 'user_agent', 'address'])
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
