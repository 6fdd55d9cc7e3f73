import type { Db } from '../create-db.js';
import type { NewOAuthClientRow } from '../tables.js';

export async function insertOAuthClient(db: Db, row: NewOAuthClientRow) {
  return db.insertInto('oauth_clients').values(row).returning(['id', 'client_id', 'scopes']).executeTakeFirstOrThrow();
}

export async function findOAuthClientByClientId(db: Db, clientId: string) {
  return db
    .selectFrom('oauth_clients')
    .select(['id', 'tenant_id', 'client_id', 'secret_hash', 'scopes', 'revoked_at'])
    .where('client_id', '=', clientId)
    .executeTakeFirst();
}

export async function findActiveOAuthClient(db: Db, tenantId: string, id: string) {
  return db
    .selectFrom('oauth_clients')
    .select(['id', 'scopes'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}
