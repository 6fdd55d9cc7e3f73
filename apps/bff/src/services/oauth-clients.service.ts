import type * as z from 'zod/mini';
import { SECRET_GRACE_HOURS_DEFAULT, type CreateOAuthClientRequestSchema, type OAuthClient, type OAuthClientWithSecret, type OAuthScope, type RotateOAuthClientSecretRequestSchema } from '@roster/contract';
import { actorOf, type Meta, type Services } from './context.js';
import type { Principal } from './principal.js';
import { notFound, validationFailed } from '../errors.js';
import { assertMayCreateClient, assertMayCreateCredential } from './policy.js';
import { generateSecret, hashSecret } from '../auth/secrets.js';
import { findOrganization } from '../db/repositories/organizations.repository.js';
import { findOAuthClient, insertOAuthClient, listOAuthClients, revokeOAuthClient, rotateOAuthClientSecret } from '../db/repositories/oauth-clients.repository.js';
import { insertAuditEvents } from '../db/repositories/audit-events.repository.js';

/** A new app's credentials: a public client id and a 256-bit secret (stored only as its SHA-256). */
export function newClientCredentials() {
  return { clientId: `rc_${generateSecret().slice(0, 24)}`, clientSecret: generateSecret('rs_') };
}

type Row = NonNullable<Awaited<ReturnType<typeof findOAuthClient>>>;
export const toOAuthClient = (r: Row): OAuthClient => ({
  id: r.id,
  name: r.name,
  clientId: r.client_id,
  scopes: r.scopes as OAuthScope[],
  organizationId: r.organization_id,
  createdAt: r.created_at,
  lastUsedAt: r.last_used_at,
  secretRotatedAt: r.secret_rotated_at,
  previousSecretExpiresAt: r.previous_secret_expires_at,
  scimSendInvitations: r.scim_send_invitations,
});

/** `GET /v1/oauth-clients`: the apps that work (revoked ones are gone), those of the caller's organizations when limited. */
export async function listClients(s: Services, p: Principal): Promise<{ items: OAuthClient[] }> {
  return { items: (await listOAuthClients(s.db, p.tenantId, p.organizationScope)).map(toOAuthClient) };
}

async function visibleClient(s: Services, p: Principal, id: string): Promise<Row> {
  const row = await findOAuthClient(s.db, p.tenantId, id);
  // An app of an organization the caller does not see is not there for them (nor is an unbound one for a limited caller).
  if (!row || (p.organizationScope !== 'all' && (row.organization_id === null || !p.organizationScope.includes(row.organization_id)))) throw notFound('OAuth app');
  return row;
}

export async function getClient(s: Services, p: Principal, id: string): Promise<OAuthClient> {
  return toOAuthClient(await visibleClient(s, p, id));
}

/** `POST /v1/oauth-clients`: the secret is in this answer only. */
export async function createClient(s: Services, p: Principal, input: z.output<typeof CreateOAuthClientRequestSchema>, meta: Meta): Promise<OAuthClientWithSecret> {
  const organizationId = input.organizationId ?? null;
  assertMayCreateClient(p, input.scopes, organizationId);
  await assertMayCreateCredential(s.db, p, 'app');
  if (organizationId !== null && !(await findOrganization(s.db, p.tenantId, organizationId))) {
    throw validationFailed([{ path: ['body', 'organizationId'], message: 'No such organization.' }]);
  }
  const { clientId, clientSecret } = newClientCredentials();
  return s.db.transaction().execute(async (trx) => {
    const row = await insertOAuthClient(trx, {
      tenant_id: p.tenantId,
      client_id: clientId,
      secret_hash: hashSecret(clientSecret),
      name: input.name,
      scopes: input.scopes,
      organization_id: organizationId,
      created_by: p.id,
      revoked_at: null,
      scim_send_invitations: input.scimSendInvitations ?? false,
    });
    const app = toOAuthClient(row);
    await insertAuditEvents(trx, [{ tenantId: p.tenantId, ...actorOf(p), action: 'oauth_client.created', targetType: 'oauth_client', targetId: row.id, after: app, requestId: meta.requestId }]);
    return { ...app, clientSecret };
  });
}

/** `POST /v1/oauth-clients/:id/rotate-secret`: a new secret; the current one works on for the grace period. */
export async function rotateClientSecret(s: Services, p: Principal, id: string, input: z.output<typeof RotateOAuthClientSecretRequestSchema>, meta: Meta): Promise<OAuthClientWithSecret> {
  await visibleClient(s, p, id);
  const graceHours = input.graceHours ?? SECRET_GRACE_HOURS_DEFAULT;
  const clientSecret = generateSecret('rs_');
  return s.db.transaction().execute(async (trx) => {
    const row = await rotateOAuthClientSecret(trx, p.tenantId, id, hashSecret(clientSecret), graceHours);
    if (!row) throw notFound('OAuth app');
    const app = toOAuthClient(row);
    await insertAuditEvents(trx, [{ tenantId: p.tenantId, ...actorOf(p), action: 'oauth_client.secret_rotated', targetType: 'oauth_client', targetId: id, after: { graceHours, previousSecretExpiresAt: app.previousSecretExpiresAt }, requestId: meta.requestId }]);
    return { ...app, clientSecret };
  });
}

/** `DELETE /v1/oauth-clients/:id`: its access tokens and every widget token it minted stop working at once. */
export async function revokeClient(s: Services, p: Principal, id: string, meta: Meta): Promise<void> {
  await visibleClient(s, p, id);
  await s.db.transaction().execute(async (trx) => {
    const row = await revokeOAuthClient(trx, p.tenantId, id);
    if (!row) throw notFound('OAuth app');
    await insertAuditEvents(trx, [{ tenantId: p.tenantId, ...actorOf(p), action: 'oauth_client.revoked', targetType: 'oauth_client', targetId: id, before: toOAuthClient(row), requestId: meta.requestId }]);
  });
}
