import { sql } from 'kysely';
import type { Db } from '../create-db.js';

const columns = ['id', 'credential_id', 'public_key', 'counter', 'transports', 'name', 'created_at', 'last_used_at'] as const;

/** The user's security keys and passkeys, oldest first. */
export async function listWebauthnCredentials(db: Db, tenantId: string, userId: string) {
  return db.selectFrom('webauthn_credentials').select(columns).where('tenant_id', '=', tenantId).where('user_id', '=', userId).orderBy('created_at').orderBy('id').execute();
}

/** One credential of this user by the authenticator's credential id (another user's is not found). */
export async function findWebauthnCredential(db: Db, tenantId: string, userId: string, credentialId: string) {
  return db
    .selectFrom('webauthn_credentials')
    .select(columns)
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .where('credential_id', '=', credentialId)
    .executeTakeFirst();
}

export async function insertWebauthnCredential(
  db: Db,
  c: { tenantId: string; userId: string; credentialId: string; publicKey: string; counter: number; transports: string[]; name: string },
) {
  return db
    .insertInto('webauthn_credentials')
    .values({ tenant_id: c.tenantId, user_id: c.userId, credential_id: c.credentialId, public_key: c.publicKey, counter: c.counter, transports: c.transports, name: c.name })
    .returning(columns)
    .executeTakeFirstOrThrow();
}

/**
 * Records a use: the new counter, if the stored one is still the one the signature was checked against (two
 * parallel uses of one assertion cannot both pass). Returns whether it was recorded.
 */
export async function recordWebauthnUse(db: Db, tenantId: string, id: string, before: number, after: number): Promise<boolean> {
  const row = await db
    .updateTable('webauthn_credentials')
    .set({ counter: after, last_used_at: sql<string>`now()` })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('counter', '=', before as never)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function deleteWebauthnCredential(db: Db, tenantId: string, userId: string, id: string) {
  const row = await db.deleteFrom('webauthn_credentials').where('tenant_id', '=', tenantId).where('user_id', '=', userId).where('id', '=', id).returning('id').executeTakeFirst();
  return row !== undefined;
}

export async function deleteWebauthnCredentials(db: Db, tenantId: string, userId: string) {
  await db.deleteFrom('webauthn_credentials').where('tenant_id', '=', tenantId).where('user_id', '=', userId).execute();
}
