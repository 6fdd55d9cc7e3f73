import { clientPermissions, permissions as catalogue, type Permission } from '@roster/contract';
import type { Db } from '../db/create-db.js';
import type { TokenClaims } from '../auth/tokens.js';
import { findActor, type OrganizationScope } from '../db/repositories/users.repository.js';
import { findActiveOAuthClient } from '../db/repositories/oauth-clients.repository.js';

/** Who is calling, within which tenant, with which permissions: loaded from the database on every request. */
export interface Principal {
  tenantId: string;
  type: 'user' | 'client';
  /** The acting user (widget token) or the OAuth client's row id. */
  id: string;
  permissions: ReadonlySet<Permission>;
  organizationScope: OrganizationScope;
  /** A session's user: their language setting (the language of the answers' messages). */
  language?: string;
  /** The session making the request (a signed-in person's cookie); none for a widget or client token. */
  sessionId?: string;
  /** An OAuth app's token: the scopes it was granted that the app still has (SCIM asks for `scim`). */
  scopes?: readonly string[];
  /** Loaded for the gate's kept principals: the fingerprint of what it was derived from (roster_actor_digest). */
  actorDigest?: string;
  /** A "view as" session: the administrator who started it (every audit entry of the request names them too). */
  impersonatorId?: string;
  /** A `client` that is an API key (`id` is the key's): the same permissions as an app's token with its scopes. */
  apiKey?: boolean;
  /** A widget token's minter (its `cid`): the row id of the OAuth app or the API key that minted it. */
  minterId?: string;
}

const known = new Set<string>(catalogue);
const asPermissions = (values: Iterable<string>) => new Set([...values].filter((p): p is Permission => known.has(p)));

/** Statuses whose holder may act through a widget token (the host has authenticated them). */
const ACTING_STATUSES = new Set(['active', 'invited']);

export async function loadPrincipal(db: Db, claims: TokenClaims): Promise<Principal | null> {
  if (claims.typ === 'client') {
    const client = await findActiveOAuthClient(db, claims.tid, claims.sub);
    if (!client) return null;
    // A scope removed from the client since the token was issued is gone at once.
    const granted = claims.scope.split(' ').filter((s) => client.scopes.includes(s));
    // An app bound to one organization sees that organization only, whatever its scopes say.
    const bound = client.organization_id !== null;
    const perms = asPermissions(clientPermissions(granted, bound));
    return { tenantId: claims.tid, type: 'client', id: client.id, permissions: perms, organizationScope: bound ? [client.organization_id!] : 'all', scopes: granted };
  }
  return loadUserPrincipal(db, claims.tid, claims.sub, claims.iat * 1000, claims.org, claims.cid);
}

/**
 * A user acting through a widget token or a session. `issued`: a token's `iat` in ms (whole seconds), or a session's
 * creation time `{ exactMs }` (milliseconds, compared exactly).
 */
export async function loadUserPrincipal(db: Db, tenantId: string, userId: string, issued: number | { exactMs: number }, org?: string, clientId?: string, withDigest = false): Promise<Principal | null> {
  const actor = await findActor(db, tenantId, userId, clientId, withDigest);
  if (!actor || !ACTING_STATUSES.has(actor.status)) return null;
  // A widget token minted by an OAuth client dies with that client's revocation, at once.
  if (!actor.client_active) return null;
  // Deactivation, password reset and the like move sessions_valid_after forward: older tokens die at once.
  // endAllSessions moves the cut to the next whole second: a token's iat has whole seconds, so one issued in the very
  // second of the cut may be older than it and is refused. A session's creation time is exact and its row is revoked
  // by the cut itself, so one started after the cut's second began (signing in again at once) is accepted.
  const cut = Math.floor(Date.parse(actor.sessions_valid_after) / 1000) * 1000;
  if (typeof issued === 'number' ? issued < cut : issued.exactMs < cut - 1000) return null;
  const perms = asPermissions(actor.permissions);
  let scope = organizationScopeOf(perms, actor.organization_ids, actor.organization_id);
  if (org) {
    // A widget token bound to one organization narrows the actor's scope to it (never widens it).
    scope = scope === 'all' || scope.includes(org) ? [org] : [];
  }
  const principal: Principal = { tenantId, type: 'user', id: actor.id, permissions: perms, organizationScope: scope };
  if (typeof issued !== 'number') principal.language = actor.language;
  if (actor.digest) principal.actorDigest = actor.digest;
  if (clientId) principal.minterId = clientId;
  return principal;
}

/**
 * The organizations a user may see: all with org.access.all; else the ones their roles list, and their own. The one
 * rule for an acting user (the gate) and for a user acted on (whose notifications may come only from these).
 */
export function organizationScopeOf(permissions: { has(permission: string): boolean }, roleOrganizationIds: readonly string[], ownOrganizationId: string | null): OrganizationScope {
  if (permissions.has('org.access.all')) return 'all';
  return [...new Set([...roleOrganizationIds, ...(ownOrganizationId ? [ownOrganizationId] : [])])];
}

export function canSeeOrganization(principal: Principal, organizationId: string | null): boolean {
  const scope = principal.organizationScope;
  if (scope === 'all') return true;
  return organizationId !== null && scope.includes(organizationId);
}
