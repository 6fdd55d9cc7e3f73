import { oauthScopes, WIDGET_TOKEN_MAX_TTL, type WidgetTokenRequest, type WidgetTokenResponse } from '@roster/contract';
import { findOAuthClientByClientId, touchOAuthClient } from '../db/repositories/oauth-clients.repository.js';
import { findActor, isSuspended } from '../db/repositories/users.repository.js';
import { findOrganization } from '../db/repositories/organizations.repository.js';
import { secretMatches, hashSecret } from '../auth/secrets.js';
import { ApiError, conflict, notFound } from '../errors.js';
import type { Services } from './context.js';
import type { Principal } from './principal.js';
import { canSeeOrganization } from './principal.js';
import { ACCESS_TOKEN_TTL, type TokenClaims } from '../auth/tokens.js';

/** RFC 6749 §5.2 errors are their own shape, not the envelope. */
export class OAuthError extends Error {
  constructor(
    readonly error: 'invalid_request' | 'invalid_client' | 'unsupported_grant_type' | 'invalid_scope' | 'unauthorized_client',
    readonly description: string,
    readonly status = error === 'invalid_client' ? 401 : 400,
  ) {
    super(description);
  }
}

// Compared against when the client id is unknown, so both failures cost the same.
const DUMMY_HASH = hashSecret('roster-unknown-client');

/** The app a client id and secret name, if the secret is its current one (or the previous one in its grace period) and it is not revoked. */
async function authenticateClient(s: Services, clientId: string, clientSecret: string) {
  // By client_id across tenants (platform path): the client's row names its tenant.
  const client = await findOAuthClientByClientId(s.platformDb, clientId);
  // The secret before a rotation works on during its grace period; both are always compared, so timing says nothing.
  const currentOk = secretMatches(clientSecret, client?.secret_hash ?? DUMMY_HASH);
  const previousOk = secretMatches(clientSecret, client?.previous_secret_hash ?? DUMMY_HASH);
  const secretOk = currentOk || (client?.previous_secret_hash != null && previousOk);
  if (!client || !secretOk || client.revoked_at !== null) return null;
  return client;
}

/** A SCIM app's long-lived bearer credential: `<client_id>.<client_secret>` (what an identity provider's "secret token" field holds). */
const SCIM_CREDENTIAL = /^(rc_[A-Za-z0-9_-]{1,64})\.(rs_[A-Za-z0-9_-]{1,128})$/;

/**
 * The claims of a bearer that is an app's credential (`<client_id>.<client_secret>`) instead of an access token, or
 * null: identity providers keep one static token (Entra ID's *Secret Token*), which an hour-long access token is not.
 * The app's secret, rotation and revocation govern it, as they do the token endpoint.
 */
export async function clientCredentialClaims(s: Services, bearer: string): Promise<TokenClaims | null> {
  const match = SCIM_CREDENTIAL.exec(bearer);
  if (!match) return null;
  const client = await authenticateClient(s, match[1]!, match[2]!);
  if (!client) return null;
  await touchOAuthClient(s.platformDb, client.id);
  const now = Math.floor(Date.now() / 1000);
  return { typ: 'client', tid: client.tenant_id, sub: client.id, scope: client.scopes.join(' '), iat: now, exp: now + 60 };
}

export async function issueClientToken(s: Services, clientId: string, clientSecret: string, scope: string | undefined) {
  const client = await authenticateClient(s, clientId, clientSecret);
  if (!client) throw new OAuthError('invalid_client', 'Client authentication failed.');
  let scopes = client.scopes;
  if (scope !== undefined) {
    const requested = scope.split(' ').filter(Boolean);
    const unknown = requested.filter((r) => !(oauthScopes as readonly string[]).includes(r));
    const notGranted = requested.filter((r) => !client.scopes.includes(r));
    if (requested.length === 0 || unknown.length > 0 || notGranted.length > 0) {
      throw new OAuthError('invalid_scope', `The requested scope is invalid or exceeds the scopes granted to this client.`);
    }
    scopes = requested;
  }
  await touchOAuthClient(s.platformDb, client.id);
  const { token, expiresIn } = await s.tokens.signClientToken({ tenantId: client.tenant_id, clientRowId: client.id, scopes }, ACCESS_TOKEN_TTL);
  return { access_token: token, token_type: 'Bearer' as const, expires_in: expiresIn, scope: scopes.join(' ') };
}

export async function mintWidgetToken(s: Services, principal: Principal, body: WidgetTokenRequest): Promise<WidgetTokenResponse> {
  const actor = await findActor(s.db, principal.tenantId, body.actorUserId);
  if (!actor) throw notFound('User');
  if (actor.status === 'deactivated' || actor.status === 'locked_out') {
    throw conflict(`The user is ${actor.status === 'deactivated' ? 'deactivated' : 'locked out'} and cannot act through a widget.`);
  }
  if (await isSuspended(s.db, principal.tenantId, actor.id)) throw conflict('The user is suspended and cannot act through a widget.');
  // A caller that sees only some organizations (an app bound to one, a widget token bound to one) mints tokens bound
  // to one of them: never a token that sees more than its minter.
  let organizationId = body.organizationId;
  if (!organizationId && principal.organizationScope !== 'all') {
    if (principal.organizationScope.length !== 1) {
      throw new ApiError('validation_failed', 'Name the organization the token is for.', [{ path: ['body', 'organizationId'], message: 'Is required: you see only some organizations.' }]);
    }
    organizationId = principal.organizationScope[0];
  }
  if (organizationId) {
    const org = await findOrganization(s.db, principal.tenantId, organizationId);
    if (!org || !canSeeOrganization(principal, org.id)) throw notFound('Organization');
    const actorSeesAll = actor.permissions.includes('org.access.all');
    if (!actorSeesAll && actor.organization_id !== org.id) {
      throw new ApiError('validation_failed', 'The user has no access to this organization.', [
        { path: ['body', 'organizationId'], message: 'The user has no access to this organization.' },
      ]);
    }
  }
  return s.tokens.signWidgetToken({
    tenantId: principal.tenantId,
    userId: actor.id,
    organizationId,
    // The minting OAuth app or API key: the gate refuses the token once it is revoked (or the key has expired).
    clientRowId: principal.type === 'client' ? principal.id : undefined,
    ttl: body.ttlSeconds ?? WIDGET_TOKEN_MAX_TTL,
  });
}
