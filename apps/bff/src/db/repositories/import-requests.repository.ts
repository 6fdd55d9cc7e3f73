import { sql } from 'kysely';
import type { Db } from '../create-db.js';

/** The bulk import's idempotency keys and stored answers (`import_requests`). */

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
