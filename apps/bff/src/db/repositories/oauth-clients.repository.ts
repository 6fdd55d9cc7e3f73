import { sql } from 'kysely';
import type { Db } from '../create-db.js';
import type { NewOAuthClientRow } from '../tables.js';

/** The columns an app is shown with (never a secret's hash). */
const SHOWN = ['id', 'name', 'client_id', 'scopes', 'organization_id', 'created_at', 'last_used_at', 'secret_rotated_at', 'previous_secret_expires_at', 'scim_send_invitations'] as const;

export async function insertOAuthClient(db: Db, row: NewOAuthClientRow) {
  return db.insertInto('oauth_clients').values(row).returning([...SHOWN]).executeTakeFirstOrThrow();
}

/**
 * By client id across tenants (the token endpoint's platform path): the row names its tenant. The previous secret's
 * hash comes only while its grace period lasts.
 */
export async function findOAuthClientByClientId(db: Db, clientId: string) {
  return db
    .selectFrom('oauth_clients')
    .select(['id', 'tenant_id', 'client_id', 'secret_hash', 'scopes', 'revoked_at'])
    .select(sql<string | null>`case when previous_secret_expires_at > now() then previous_secret_hash end`.as('previous_secret_hash'))
    .where('client_id', '=', clientId)
    .executeTakeFirst();
}

/** The gate's lookup on every request of an app's token: what the app may do now (revoked: none). */
export async function findActiveOAuthClient(db: Db, tenantId: string, id: string) {
  return db
    .selectFrom('oauth_clients')
    .select(['id', 'scopes', 'organization_id'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}

/** The tenant's apps that are not revoked, oldest first; bound to organizations the caller sees when it is limited. */
export async function listOAuthClients(db: Db, tenantId: string, organizationScope: 'all' | readonly string[]) {
  let q = db.selectFrom('oauth_clients').select([...SHOWN]).where('tenant_id', '=', tenantId).where('revoked_at', 'is', null);
  if (organizationScope !== 'all') {
    if (organizationScope.length === 0) return [];
    q = q.where('organization_id', 'in', [...organizationScope]);
  }
  return q.orderBy('created_at').orderBy('id').execute();
}

export async function findOAuthClient(db: Db, tenantId: string, id: string) {
  return db.selectFrom('oauth_clients').select([...SHOWN]).where('tenant_id', '=', tenantId).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
}

/** A new secret; the current one stays valid for `graceHours` (0: not at all). */
export async function rotateOAuthClientSecret(db: Db, tenantId: string, id: string, secretHash: string, graceHours: number) {
  return db
    .updateTable('oauth_clients')
    .set({
      previous_secret_hash: graceHours > 0 ? sql<string>`secret_hash` : null,
      previous_secret_expires_at: graceHours > 0 ? sql<string>`now() + make_interval(hours => ${graceHours})` : null,
      secret_hash: secretHash,
      secret_rotated_at: sql<string>`now()`,
    })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .returning([...SHOWN])
    .executeTakeFirst();
}

/** Revokes an app: its tokens and every widget token it minted stop working at once (the gate checks the row). */
export async function revokeOAuthClient(db: Db, tenantId: string, id: string) {
  return db
    .updateTable('oauth_clients')
    .set({ revoked_at: sql<string>`now()`, previous_secret_hash: null, previous_secret_expires_at: null })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .returning([...SHOWN])
    .executeTakeFirst();
}

/** Records that the app got a token (at most once a minute, so a busy integration writes little). */
export async function touchOAuthClient(db: Db, id: string) {
  await db
    .updateTable('oauth_clients')
    .set({ last_used_at: sql<string>`now()` })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', sql<string>`now() - interval '1 minute'`)]))
    .execute();
}

/** Apps (not revoked) bound to an organization: it is not deleted under them. */
export async function countActiveClientsOfOrganization(db: Db, tenantId: string, organizationId: string) {
  const row = await db
    .selectFrom('oauth_clients')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('tenant_id', '=', tenantId)
    .where('organization_id', '=', organizationId)
    .where('revoked_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
