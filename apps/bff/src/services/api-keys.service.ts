import type * as z from 'zod/mini';
import { API_KEY_DAYS_DEFAULT, API_KEY_PREFIX, type ApiKey, type ApiKeyWithSecret, type CreateApiKeyRequestSchema, clientPermissions, permissions as catalogue, type Permission } from '@roster/contract';
import { actorOf, type Meta, type Services } from './context.js';
import type { Principal } from './principal.js';
import { notFound, validationFailed } from '../errors.js';
import { assertMayCreateClient, assertMayCreateCredential } from './policy.js';
import { generateSecret, hashSecret } from '../auth/secrets.js';
import { findOrganization } from '../db/repositories/organizations.repository.js';
import { findApiKey, findLiveApiKeyByHash, insertApiKey, listApiKeys, revokeApiKey, touchApiKey } from '../db/repositories/api-keys.repository.js';
import { insertAuditEvents } from '../db/repositories/audit-events.repository.js';

/** A key's recognisable start kept beside its hash: the prefix and 8 characters of its 256-bit secret. */
const SHOWN_CHARS = API_KEY_PREFIX.length + 8;
/** What a presented bearer must look like to be taken for a key (anything else is a token). */
export const API_KEY_BEARER = /^rk_[A-Za-z0-9_-]{43}$/;
const TOUCH_INTERVAL_MS = 60_000;

type Row = NonNullable<Awaited<ReturnType<typeof findApiKey>>>;
const toApiKey = (r: Row): ApiKey => ({
  id: r.id,
  name: r.name,
  prefix: r.prefix,
  scopes: r.scopes as ApiKey['scopes'],
  organizationId: r.organization_id,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  lastUsedAt: r.last_used_at,
});

export async function listKeys(s: Services, p: Principal): Promise<{ items: ApiKey[] }> {
  return { items: (await listApiKeys(s.db, p.tenantId, p.organizationScope)).map(toApiKey) };
}

async function visibleKey(s: Services, p: Principal, id: string): Promise<Row> {
  const row = await findApiKey(s.db, p.tenantId, id);
  // A key of an organization the caller does not see is not there for them (nor is an unbound one for a limited caller).
  if (!row || (p.organizationScope !== 'all' && (row.organization_id === null || !p.organizationScope.includes(row.organization_id)))) throw notFound('API key');
  return row;
}

export async function getKey(s: Services, p: Principal, id: string): Promise<ApiKey> {
  return toApiKey(await visibleKey(s, p, id));
}

/** `POST /v1/api-keys`: the key is in this answer only; the database keeps its hash. */
export async function createKey(s: Services, p: Principal, input: z.output<typeof CreateApiKeyRequestSchema>, meta: Meta): Promise<ApiKeyWithSecret> {
  const organizationId = input.organizationId ?? null;
  // The same rule as for an OAuth app: nobody gives a key permissions they do not hold.
  assertMayCreateClient(p, input.scopes, organizationId, 'key');
  await assertMayCreateCredential(s.db, p, 'key');
  if (organizationId !== null && !(await findOrganization(s.db, p.tenantId, organizationId))) {
    throw validationFailed([{ path: ['body', 'organizationId'], message: 'No such organization.' }]);
  }
  const key = generateSecret(API_KEY_PREFIX);
  const days = input.expiresInDays ?? API_KEY_DAYS_DEFAULT;
  return s.db.transaction().execute(async (trx) => {
    const row = await insertApiKey(trx, {
      tenant_id: p.tenantId,
      name: input.name,
      prefix: key.slice(0, SHOWN_CHARS),
      key_hash: hashSecret(key),
      scopes: input.scopes,
      organization_id: organizationId,
      expires_at: new Date(Date.now() + days * 86_400_000).toISOString(),
      created_by: p.id,
    });
    const shown = toApiKey(row);
    await insertAuditEvents(trx, [{ tenantId: p.tenantId, ...actorOf(p), action: 'api_key.created', targetType: 'api_key', targetId: row.id, after: shown, requestId: meta.requestId }]);
    return { ...shown, key };
  });
}

/** `DELETE /v1/api-keys/:id`: the key stops working on the next request. */
export async function revokeKey(s: Services, p: Principal, id: string, meta: Meta): Promise<void> {
  await visibleKey(s, p, id);
  await s.db.transaction().execute(async (trx) => {
    const row = await revokeApiKey(trx, p.tenantId, id);
    if (!row) throw notFound('API key');
    await insertAuditEvents(trx, [{ tenantId: p.tenantId, ...actorOf(p), action: 'api_key.revoked', targetType: 'api_key', targetId: id, before: toApiKey(row), requestId: meta.requestId }]);
  });
}

const known = new Set<string>(catalogue);

/**
 * The gate's principal for a presented key: the same kind of caller as an OAuth app's token (its scopes' permissions,
 * bound to its organization), or null for a key that is unknown, revoked or expired. Its last-used time is written at
 * most once a minute.
 */
export async function apiKeyPrincipal(s: Services, bearer: string): Promise<Principal | null> {
  const row = await findLiveApiKeyByHash(s.platformDb, hashSecret(bearer));
  if (!row) return null;
  if (!row.last_used_at || Date.now() - Date.parse(row.last_used_at) >= TOUCH_INTERVAL_MS) await touchApiKey(s.platformDb, row.id);
  const bound = row.organization_id !== null;
  const perms = new Set(clientPermissions(row.scopes, bound).filter((x): x is Permission => known.has(x)));
  return { tenantId: row.tenant_id, type: 'client', id: row.id, apiKey: true, permissions: perms, organizationScope: bound ? [row.organization_id!] : 'all', scopes: row.scopes };
}
