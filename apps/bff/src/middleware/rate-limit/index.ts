import type { Context, MiddlewareHandler } from 'hono';
import { ApiError } from '../../errors.js';
import { documented, rateLimitSpec } from '../../openapi/describe.js';
import { routePatternOf } from '../../observability/request-log.js';

export interface RateLimitOptions {
  windowMs?: number;
  max?: number;
  key?: (c: Context) => string | Promise<string>;
  /** Count every request at its start, and give the count back when the answer succeeds (< 400): only failures stay counted. */
  failuresOnly?: boolean;
  /** The limiter's label in roster_rate_limit_refusals_total; by default the route pattern it guards. */
  name?: string;
}

/**
 * Fixed-window limit per key, in this process's memory. Behind a load balancer each instance counts its own
 * share, which still bounds guessing; a shared store can replace the map without touching the routes.
 */
export function rateLimit({ windowMs = 60_000, max = 30, key = defaultKey, failuresOnly = false, name }: RateLimitOptions = {}): MiddlewareHandler {
  const windows = new Map<string, { start: number; count: number }>();
  return documented<MiddlewareHandler>(async function rateLimitMiddleware(c, next) {
    const now = Date.now();
    const k = await key(c);
    let w = windows.get(k);
    if (!w || now - w.start >= windowMs) {
      if (windows.size > 10_000) for (const [wk, wv] of windows) if (now - wv.start >= windowMs) windows.delete(wk);
      w = { start: now, count: 0 };
      windows.set(k, w);
    }
    if (w.count >= max) {
      const retryAfter = Math.ceil((w.start + windowMs - now) / 1000);
      // Counted with the answer (observability/request-log.ts) under this limiter's name.
      c.set('rateLimiter', name ?? routePatternOf(c));
      throw new ApiError('rate_limited', { id: 'error.rate_limited' }, undefined, { 'Retry-After': String(retryAfter) });
    }
    // Counted when the request starts, so parallel requests cannot all pass before the first answer; with
    // failuresOnly a successful answer gives its count back.
    const window = w;
    window.count += 1;
    await next();
    if (failuresOnly && c.res.status < 400 && windows.get(k) === window && window.count > 0) window.count -= 1;
  }, rateLimitSpec);
}

export function defaultKey(c: Context): string {
  return socketAddress(c) ?? 'local';
}

/** The request's socket address, the rate limiter's key (Node's server); undefined where there is none (`app.request` without an env). */
export function socketAddress(c: Context): string | undefined {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress;
}
