import { sql } from 'kysely';
import type { Db } from '../create-db.js';
import { cutUserSessions } from './users.repository.js';

export async function insertSession(db: Db, s: { tenantId: string; userId: string; tokenHash: string; expiresAt: string }) {
  await db.insertInto('sessions').values({ tenant_id: s.tenantId, user_id: s.userId, token_hash: s.tokenHash, expires_at: s.expiresAt, revoked_at: null }).execute();
}

export async function findLiveSession(db: Db, tokenHash: string) {
  return db
    .selectFrom('sessions')
    .select(['id', 'tenant_id', 'user_id', 'created_at'])
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', sql<string>`now()`)
    .executeTakeFirst();
}

export async function revokeSession(db: Db, tokenHash: string) {
  await db.updateTable('sessions').set({ revoked_at: sql`now()` }).where('token_hash', '=', tokenHash).where('revoked_at', 'is', null).execute();
}

/**
 * Ends every session and widget token of a user at once: sessions are revoked, and tokens issued before
 * `sessions_valid_after` (moved to the next whole second, the resolution of a token's `iat`) are refused.
 */
export async function endAllSessions(db: Db, tenantId: string, userId: string) {
  await db.updateTable('sessions').set({ revoked_at: sql`now()` }).where('tenant_id', '=', tenantId).where('user_id', '=', userId).where('revoked_at', 'is', null).execute();
  await cutUserSessions(db, tenantId, userId);
}
