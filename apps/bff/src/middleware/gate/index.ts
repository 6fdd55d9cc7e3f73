import type { MiddlewareHandler } from 'hono';
import type { Permission } from '@roster/contract';
import { forbidden, invalidToken, unauthorized } from '../../errors.js';
import { getCookie } from 'hono/cookie';
import { loadPrincipal, loadUserPrincipal, type Principal } from '../../services/principal.js';
import { findLiveSession, SESSION_TOUCH_INTERVAL_MS, touchSession } from '../../db/repositories/sessions.repository.js';
import { hashSecret } from '../../auth/secrets.js';
import { clientCredentialClaims } from '../../services/tokens.service.js';
import { withCheckedTenant, withTenant, type ActorCheck } from '../../db/tenant-scope.js';
import { keptPrincipal } from './actor-cache.js';
import { documented, errors, gateSpec, PERMISSIONS_EXTENSION } from '../../openapi/describe.js';
import { API_KEY_BEARER, apiKeyPrincipal } from '../../services/api-keys.service.js';
import { rateLimit } from '../rate-limit/index.js';
import { withImpersonator } from '../../db/impersonation-scope.js';
import { assertNotImpersonating, impersonationHolds } from '../../services/policy.js';
import { API_KEY_REQUESTS_PER_MINUTE } from '@roster/contract';

export const SESSION_COOKIE = 'roster_session';
import type { Services } from '../../services/context.js';

declare module 'hono' {
  interface ContextVariableMap {
    principal: Principal;
  }
}

const BEARER = /^Bearer ([A-Za-z0-9._~+/=-]+)$/;

/**
 * The one place where a route's permission is checked. (Rules that depend on the target row — oneself, the Root
 * Admin, the last active admin, what a caller may grant — are in services/policy.ts, which the services call.)
 * Authenticates the bearer token (an OAuth client's access token or
 * a widget token) or the session cookie, loads the caller's permissions from the database on every request, so a revoked permission
 * takes effect at once, and refuses the request unless the caller holds `permission` (or one of a list; an empty
 * list admits any authenticated caller).
 */
export function gate(services: Services, permission: Permission | readonly Permission[], options: { keepPrincipal?: boolean } = {}): MiddlewareHandler {
  const anyOf: readonly Permission[] = typeof permission === 'string' ? [permission] : permission;
  // `keepPrincipal` (a route read far more often than any other): a widget token's principal is kept between its
  // requests and checked inside the route's first statement instead of by a statement of its own (actor-cache.ts).
  const keeps = options.keepPrincipal === true && services.dbKind === 'postgres';
  // An API key's requests per minute, counted per key across every route and instance (429 with Retry-After).
  const keyLimit = rateLimit(services, { key: (c) => `api-key ${c.get('principal').id}`, max: API_KEY_REQUESTS_PER_MINUTE, name: 'api-key' });
  return documented<MiddlewareHandler>(async function gateMiddleware(c, next) {
    let principal = c.get('principal') as Principal | undefined;
    let check: ActorCheck | null = null;
    if (!principal) {
      const header = c.req.header('authorization');
      const cookie = header ? undefined : getCookie(c, SESSION_COOKIE);
      let loaded: Principal | null;
      if (header) {
        const match = BEARER.exec(header);
        if (!match?.[1]) throw invalidToken();
        if (API_KEY_BEARER.test(match[1])) {
          // An API key (a tenant's script): found by its hash across tenants; the same kind of caller as an app's token.
          loaded = await apiKeyPrincipal(services, match[1]);
          if (loaded) {
            c.set('principal', loaded);
            await keyLimit(c, async () => {});
          }
        } else {
          const claims = await services.tokens.verify(match[1]);
          if (!claims) throw invalidToken();
          if (keeps && claims.typ === 'widget') {
            ({ principal: loaded, check } = await keptPrincipal(services, match[1], claims, anyOf));
          } else {
            loaded = await withTenant(claims.tid, () => loadPrincipal(services.db, claims));
          }
        }
      } else if (cookie) {
        // The BFF's own session (self-service page). SameSite=Lax plus JSON-only bodies keep cross-site forms out.
        // Found by its hash across tenants (platform path); its row names the tenant.
        const tokenHash = hashSecret(cookie);
        const session = await findLiveSession(services.platformDb, tokenHash);
        loaded = session
          ? await withTenant(session.tenant_id, async () => {
              const user = await loadUserPrincipal(services.db, session.tenant_id, session.user_id, { exactMs: Date.parse(session.created_at) });
              // A "view as" session acts only while what its start checked still holds (policy.ts).
              if (user && session.impersonator_id && !(await impersonationHolds(services.db, user, session.impersonator_id, Date.parse(session.created_at)))) return null;
              return user;
            })
          : null;
        if (session && loaded) {
          loaded.sessionId = session.id;
          if (session.impersonator_id) loaded.impersonatorId = session.impersonator_id;
          // "Last used" for the sessions list, written at most once a minute so that it costs next to nothing.
          if (!session.last_used_at || Date.now() - Date.parse(session.last_used_at) >= SESSION_TOUCH_INTERVAL_MS) await touchSession(services.platformDb, tokenHash);
        }
        // A person signed in on their own reads answers in their own language setting (lib/language.ts).
        if (loaded?.language) c.set('sessionLanguage', loaded.language);
      } else {
        throw unauthorized({ id: 'error.bearer_required' });
      }
      if (!loaded) throw invalidToken();
      principal = loaded;
      c.set('principal', principal);
    }
    if (anyOf.length > 0 && !anyOf.some((p) => principal.permissions.has(p))) {
      throw forbidden({ id: 'error.permission_needed', params: { permission: anyOf.join(' or ') } });
    }
    // Everything after the gate sees only the caller's tenant (row-level security); a kept principal is checked by
    // the first statement; in a "view as" session every audit entry also names the administrator behind it.
    const p = principal;
    const inner = () => withImpersonator(p.impersonatorId, next);
    await (check ? withCheckedTenant(check, inner) : withTenant(p.tenantId, inner));
  }, gateSpec(anyOf));
}

/**
 * SCIM's gate (`/scim/v2`): an OAuth app's access token carrying the `scim` scope — its permissions are what
 * `clientPermissions` gives that scope, and such an app is always bound to one organization — else 401 (no valid
 * token) or 403 (any other caller, a widget token or a session included). `permission`: the route's own, as for any
 * route. The SCIM routes answer its errors in SCIM's format (their own onError; the document says so too).
 */
export function scimGate(services: Services, permission: Permission): MiddlewareHandler {
  const inner = gate(services, permission);
  const spec = { security: [{ bearer: [] }], responses: errors(401, 403), ...({ [PERMISSIONS_EXTENSION]: [permission] } as object) };
  return documented<MiddlewareHandler>(async function scimGateMiddleware(c, next) {
    const header = c.req.header('authorization');
    if (!header) throw unauthorized({ id: 'error.bearer_required' });
    // The app's own credential (`<client_id>.<client_secret>`) is a SCIM bearer too: identity providers keep a static token.
    const bearer = BEARER.exec(header)?.[1];
    const claims = bearer ? await clientCredentialClaims(services, bearer) : null;
    if (claims) {
      const principal = await withTenant(claims.tid, () => loadPrincipal(services.db, claims));
      if (!principal) throw invalidToken();
      c.set('principal', principal);
    }
    return inner(c, async () => {
      const p = c.get('principal');
      if (p.type !== 'client' || !p.scopes?.includes('scim') || p.organizationScope === 'all') {
        throw forbidden('SCIM needs the access token of an OAuth app with the scim scope, bound to one organization.');
      }
      await next();
    });
  }, spec);
}

/**
 * After the gate on a route that changes a credential (password, two-factor methods, passkeys, recovery codes): refused
 * inside a "view as" session, with a message that says why (policy.ts's assertNotImpersonating).
 */
export const credentialChange: MiddlewareHandler = documented<MiddlewareHandler>(async function credentialChange(c, next) {
  assertNotImpersonating(c.get('principal'));
  await next();
}, { responses: errors(403) });
