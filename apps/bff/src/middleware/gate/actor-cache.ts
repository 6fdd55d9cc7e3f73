import type { Permission } from '@roster/contract';
import { forbidden, invalidToken, ApiError } from '../../errors.js';
import type { TokenClaims } from '../../auth/tokens.js';
import { loadUserPrincipal, type Principal } from '../../services/principal.js';
import { withTenant, type ActorCheck } from '../../db/tenant-scope.js';
import type { Services } from '../../services/context.js';

/**
 * Principals the gate keeps between requests of one widget token, on the routes that opt in (the list an admin
 * console reads most). Keeping one saves the request the gate's own statement, never the check: the route's first
 * statement carries `roster_actor_check` with the principal's fingerprint (tenant-scope.ts, pg-dialect.ts), which
 * reads the user's rows afresh in the same message, so a revoked permission is refused on the very next request on
 * every instance — the database, not this map, decides. PostgreSQL only (on PGlite the gate's statement costs no
 * network and no other process shares the database).
 */
const MAX_ENTRIES = 10_000;
const KEEP_MS = 60_000;

interface Kept {
  principal: Principal;
  until: number;
}
/** Per instance of the app (its services): two apps in one process keep nothing in common, as two processes. */
const keptBy = new WeakMap<Services, Map<string, Kept>>();
function keptOf(s: Services): Map<string, Kept> {
  let kept = keptBy.get(s);
  if (!kept) keptBy.set(s, (kept = new Map()));
  return kept;
}

function keep(kept: Map<string, Kept>, token: string, principal: Principal): void {
  if (kept.size >= MAX_ENTRIES) {
    const now = Date.now();
    for (const [k, v] of kept) if (v.until <= now) kept.delete(k);
    // Still full: drop the oldest (a Map iterates in insertion order).
    while (kept.size >= MAX_ENTRIES) kept.delete(kept.keys().next().value!);
  }
  kept.set(token, { principal, until: Date.now() + KEEP_MS });
}

const samePrincipal = (a: Principal, b: Principal) =>
  a.id === b.id &&
  a.permissions.size === b.permissions.size &&
  [...a.permissions].every((p) => b.permissions.has(p)) &&
  (a.organizationScope === 'all' ? b.organizationScope === 'all' : b.organizationScope !== 'all' && a.organizationScope.length === b.organizationScope.length && a.organizationScope.every((o) => (b.organizationScope as string[]).includes(o)));

/** 503, send again: the caller's permissions or organizations changed after the request's statement was built. */
const changedMidRequest = () => new ApiError('service_unavailable', 'Your access changed while this request was being answered. Send it again.', undefined, { 'retry-after': '0' });

export type WidgetClaims = Extract<TokenClaims, { typ: 'widget' }>;

/**
 * The principal of a widget token, kept or loaded, and the check its first statement must carry when it was kept
 * (null when it was loaded just now: that load was the check).
 */
export async function keptPrincipal(s: Services, token: string, claims: WidgetClaims, anyOf: readonly Permission[]): Promise<{ principal: Principal; check: ActorCheck | null }> {
  const load = () => withTenant(claims.tid, () => loadUserPrincipal(s.db, claims.tid, claims.sub, claims.iat * 1000, claims.org, claims.cid, true));
  const kept = keptOf(s);
  const hit = kept.get(token);
  // A kept principal without the route's permission is loaded afresh (it may have been granted since).
  const admits = (p: Principal) => anyOf.length === 0 || anyOf.some((x) => p.permissions.has(x));
  if (hit && hit.until > Date.now() && hit.principal.actorDigest && admits(hit.principal)) {
    const principal = hit.principal;
    let refreshing: Promise<void> | undefined;
    const check: ActorCheck = {
      tenantId: claims.tid,
      userId: claims.sub,
      clientId: claims.cid ?? null,
      digest: principal.actorDigest!,
      verified: false,
      // Concurrent statements of one request that all failed the check share one reload.
      refresh: () =>
        (refreshing ??= (async () => {
          kept.delete(token);
          const fresh = await load();
          if (!fresh) throw invalidToken();
          keep(kept, token, fresh);
          if (anyOf.length > 0 && !anyOf.some((p) => fresh.permissions.has(p))) throw forbidden({ id: 'error.permission_needed', params: { permission: anyOf.join(' or ') } });
          if (!samePrincipal(principal, fresh)) throw changedMidRequest();
          check.digest = fresh.actorDigest!;
        })()),
    };
    return { principal: { ...principal }, check };
  }
  const principal = await load();
  if (!principal) {
    kept.delete(token);
    throw invalidToken();
  }
  keep(kept, token, principal);
  return { principal: { ...principal }, check: null };
}

/** How many principals an instance keeps (tests). */
export function keptPrincipals(s: Services): number {
  return keptOf(s).size;
}
