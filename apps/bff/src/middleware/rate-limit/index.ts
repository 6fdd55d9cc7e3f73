import type { Context, MiddlewareHandler } from 'hono';
import { ApiError } from '../../errors.js';
import { documented, rateLimitSpec } from '../../openapi/describe.js';
import type { Db } from '../../db/create-db.js';
import type { Services } from '../../services/context.js';
import { countHit, deleteEndedWindows, giveBackHit } from '../../db/repositories/rate-limits.repository.js';
import { routePatternOf } from '../../observability/request-log.js';
import { log } from '../../observability/log.js';

export interface RateLimitOptions {
  windowMs?: number;
  max?: number;
  /**
   * What is counted. By default the socket address, per route (the method and the route's path are part of the
   * key); a key given here names its own scope, so two routes that return the same key share one limit (the test
   * emails of a tenant).
   */
  key?: (c: Context) => string | Promise<string>;
  /** Count every request at its start, and give the count back when the answer succeeds (< 400): only failures stay counted. */
  failuresOnly?: boolean;
  /** The limiter's label in roster_rate_limit_refusals_total; by default the route pattern it guards. */
  name?: string;
}

/** Where the counts live: shared by every instance of the BFF. */
export interface RateLimitStore {
  /** Counts one request against `key` in its fixed window; `giveBack` takes it back while that window is open. */
  hit(key: string, windowMs: number): Promise<{ count: number; retryAfterSeconds: number; giveBack(): Promise<void> }>;
}

const SWEEP_INTERVAL_MS = 10 * 60_000;
const stores = new WeakMap<Db, RateLimitStore>();

/**
 * The counts in PostgreSQL (or PGlite), on the platform path, outside any tenant transaction: one statement per
 * limited request (db/repositories/rate-limits.repository.ts), one more to give a success back. Ended windows are
 * swept every ten minutes by whichever instance counts a request then, in the background.
 */
export function databaseRateLimits(db: Db): RateLimitStore {
  let store = stores.get(db);
  if (store) return store;
  let sweptAt = Date.now();
  store = {
    async hit(key, windowMs) {
      const counted = await countHit(db, key, windowMs);
      if (Date.now() - sweptAt >= SWEEP_INTERVAL_MS) {
        sweptAt = Date.now();
        deleteEndedWindows(db).catch((e) => log().warn({ err: e }, 'rate-limit sweep failed'));
      }
      return { count: counted.count, retryAfterSeconds: counted.retryAfterSeconds, giveBack: () => giveBackHit(db, key, counted.window) };
    },
  };
  stores.set(db, store);
  return store;
}

/**
 * Fixed-window limit per key, counted in the database so that every instance behind a load balancer shares it
 * (`databaseRateLimits`). Over the limit: 429 with Retry-After (seconds until the window ends).
 */
export function rateLimit(s: Pick<Services, 'platformDb'>, { windowMs = 60_000, max = 30, key, failuresOnly = false, name }: RateLimitOptions = {}): MiddlewareHandler {
  const store = databaseRateLimits(s.platformDb);
  return documented<MiddlewareHandler>(async function rateLimitMiddleware(c, next) {
    const k = key ? await key(c) : `${c.req.method} ${c.req.routePath} ${defaultKey(c)}`;
    // Counted when the request starts, so parallel requests (on any instance) cannot all pass before the first
    // answer; with failuresOnly a successful answer gives its count back.
    const hit = await store.hit(k, windowMs);
    if (hit.count > max) {
      // Counted with the answer (observability/request-log.ts) under this limiter's name.
      c.set('rateLimiter', name ?? routePatternOf(c));
      throw new ApiError('rate_limited', { id: 'error.rate_limited' }, undefined, { 'Retry-After': String(hit.retryAfterSeconds) });
    }
    await next();
    if (failuresOnly && c.res.status < 400) await hit.giveBack();
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
