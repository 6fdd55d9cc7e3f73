import { sql } from 'kysely';
import type { Db } from '../create-db.js';
import type { NewApiKeyRow } from '../tables.js';

/** The columns a key is shown with (never its hash). */
const SHOWN = ['id', 'name', 'prefix', 'scopes', 'organization_id', 'created_at', 'expires_at', 'last_used_at'] as const;

export async function insertApiKey(db: Db, row: NewApiKeyRow) {
  return db.insertInto('api_keys').values(row).returning([...SHOWN]).executeTakeFirstOrThrow();
}

/**
 * The gate's lookup of a presented key, by its hash across tenants (platform path): the row names its tenant. Only a
 * key that works now: not revoked, not expired.
 */
export async function findLiveApiKeyByHash(db: Db, keyHash: string) {
  return db
    .selectFrom('api_keys')
    .select(['id', 'tenant_id', 'scopes', 'organization_id', 'last_used_at'])
    .where('key_hash', '=', keyHash)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', sql<string>`now()`)
    .executeTakeFirst();
}

/** The tenant's keys that are not revoked (expired ones too, marked by their time), oldest first; bound to organizations the caller sees when it is limited. */
export async function listApiKeys(db: Db, tenantId: string, organizationScope: 'all' | readonly string[]) {
  let q = db.selectFrom('api_keys').select([...SHOWN]).where('tenant_id', '=', tenantId).where('revoked_at', 'is', null);
  if (organizationScope !== 'all') {
    if (organizationScope.length === 0) return [];
    q = q.where('organization_id', 'in', [...organizationScope]);
  }
  return q.orderBy('created_at').orderBy('id').execute();
}

export async function findApiKey(db: Db, tenantId: string, id: string) {
  return db.selectFrom('api_keys').select([...SHOWN]).where('tenant_id', '=', tenantId).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
}

export async function revokeApiKey(db: Db, tenantId: string, id: string) {
  return db
    .updateTable('api_keys')
    .set({ revoked_at: sql<string>`now()` })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .returning([...SHOWN])
    .executeTakeFirst();
}

/** Records that the key was used (the caller writes at most once a minute per key, so a busy script writes little). */
export async function touchApiKey(db: Db, id: string) {
  await db
    .updateTable('api_keys')
    .set({ last_used_at: sql<string>`now()` })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', sql<string>`now() - interval '1 minute'`)]))
    .execute();
}
