import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import type { Principal } from '../services/principal.js';
import { log } from './log.js';
import { countRateLimitRefusal, httpDuration } from './metrics.js';

declare module 'hono' {
  interface ContextVariableMap {
    /** The rate limiter that refused the request (middleware/rate-limit): its name, or the route pattern it guards. */
    rateLimiter: string;
  }
}

/**
 * The route pattern that answered (`/v1/users/:id`, never the raw path: ids and the link pages' tokens stay out of
 * logs and labels). The handler that answered or threw, else the first route of the request's method that matched
 * after it (an error thrown by middleware on a prefix), else the prefix middleware's own pattern; `unmatched` when no
 * route matched at all (a 404 from notFound).
 */
export function routePatternOf(c: Context): string {
  const routes = matchedRoutes(c);
  const at = routes[c.req.routeIndex];
  if (at && at.method !== 'ALL') return at.path;
  const later = routes.slice(c.req.routeIndex).find((r) => r.method !== 'ALL');
  if (later) return later.path;
  return c.res.status === 404 || !at ? 'unmatched' : at.path;
}

/** Who called, as a kind: an OAuth app, a person by widget token or by session, or nobody known. */
function actorKind(p: Principal | undefined): 'client' | 'widget' | 'session' | 'none' {
  if (!p) return 'none';
  if (p.type === 'client') return 'client';
  return p.sessionId ? 'session' : 'widget';
}

/**
 * One log line and one histogram observation per request, after its answer (errors included: app.onError has made
 * the answer already). Registered right after requestId().
 */
export function observeRequests(): MiddlewareHandler {
  return async function requestLog(c, next) {
    const start = performance.now();
    await next();
    const ms = performance.now() - start;
    const route = routePatternOf(c);
    const status = c.res.status;
    httpDuration.observe({ route, method: c.req.method, status: String(status) }, ms / 1000);
    // Every 429: an address limiter's (middleware/rate-limit names itself), else a limit a service keeps per person
    // (text-message codes, invitation resends).
    if (status === 429) countRateLimitRefusal((c.get('rateLimiter') as string | undefined) ?? `${route} (per person)`);
    const logger = log();
    const level = status >= 500 ? 'error' : 'info';
    if (!logger.isLevelEnabled(level)) return;
    const p = c.get('principal') as Principal | undefined;
    logger[level]({ requestId: c.get('requestId'), method: c.req.method, route, status, durationMs: Math.round(ms * 10) / 10, tenantId: p?.tenantId, actor: actorKind(p) }, 'request');
  };
}
