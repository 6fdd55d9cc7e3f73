import type { Context, MiddlewareHandler } from 'hono';
import { ApiError } from '../../errors.js';

export interface RateLimitOptions {
  windowMs?: number;
  max?: number;
  key?: (c: Context) => string | Promise<string>;
  /** Count only answers with status ≥ 400 (failed logins, bad secrets), so honest callers are never slowed. */
  failuresOnly?: boolean;
}

/**
 * Fixed-window limit per key, in this process's memory. Behind a load balancer each instance counts its own
 * share, which still bounds guessing; a shared store can replace the map without touching the routes.
 */
export function rateLimit({ windowMs = 60_000, max = 30, key = defaultKey, failuresOnly = false }: RateLimitOptions = {}): MiddlewareHandler {
  const windows = new Map<string, { start: number; count: number }>();
  return async function rateLimitMiddleware(c, next) {
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
      throw new ApiError('rate_limited', 'Too many requests; try again later.', undefined, { 'Retry-After': String(retryAfter) });
    }
    if (!failuresOnly) w.count += 1;
    await next();
    if (failuresOnly && c.res.status >= 400) w.count += 1;
  };
}

export function defaultKey(c: Context): string {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? 'local';
}
