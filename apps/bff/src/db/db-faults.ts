import { AsyncLocalStorage } from 'node:async_hooks';
import type pg from 'pg';

/**
 * Timeouts of the PostgreSQL pool. A database that refuses connections, or accepts them and never answers, must
 * turn into a 503 within seconds instead of holding every request (and the pool) for minutes.
 */
export interface DbTimeouts {
  /** Opening a connection (TCP + startup) and waiting for a free one in the pool. */
  connectMs: number;
  /**
   * Server-side `statement_timeout`; the client gives up `readGraceMs` later when no answer comes at all (a hung
   * server or a network black hole), and that connection is thrown away.
   */
  statementMs: number;
  readGraceMs: number;
}

/**
 * Worst case for one request: up to 3 s for a connection (new, or a free one of the pool), then one statement
 * that never answers, 5 + 1 s: a 503 within ~9 s. A healthy pool hands out connections in milliseconds; waiting
 * 3 s for one means the database cannot keep up, and a 503 with Retry-After is the honest answer.
 */
export const defaultDbTimeouts: DbTimeouts = { connectMs: 3_000, statementMs: 5_000, readGraceMs: 1_000 };

/** How long work inside `longRunning` may take per statement (bulk imports of 100,000 rows, migrations). */
export const LONG_STATEMENT_MS = 10 * 60_000;

const long = new AsyncLocalStorage<number>();

/**
 * Runs `fn` with the statement timeouts lifted to `LONG_STATEMENT_MS`: for the few operations whose single
 * statements legitimately take longer than a request should (a 100,000-row import's insert, migrations).
 */
export function longRunning<T>(fn: () => Promise<T>): Promise<T> {
  return long.run(LONG_STATEMENT_MS, fn);
}

/** The statement timeout `longRunning` gives the work it runs, or undefined outside it. */
export function longStatementMs(): number | undefined {
  return long.getStore();
}

type Client = pg.PoolClient & {
  connection?: { stream?: { destroy(): void } };
  rosterBroken?: boolean;
};

/**
 * Hooks into the pool: each query gets the client-side read timeout (longer inside `longRunning`, whose
 * transactions lift the server-side `statement_timeout` for themselves: db/pg-dialect.ts), and a connection whose
 * query timed out is closed — a query that never answered would otherwise stay in front of every later query on
 * that connection. Nothing here changes the session: through a pooler in transaction mode (PgBouncer) the next
 * transaction may run on another server connection, and a session setting would stay behind for someone else.
 */
export function guardPool(pool: pg.Pool, t: DbTimeouts): pg.Pool {
  pool.on('connect', (raw) => {
    const client = raw as Client;
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as { query: unknown }).query = (config: unknown, values?: unknown, callback?: unknown) => {
      if (typeof config !== 'string' || typeof callback === 'function' || typeof values === 'function') {
        return query(config, values, callback);
      }
      const result = query({ text: config, values, query_timeout: (long.getStore() ?? t.statementMs) + t.readGraceMs }) as Promise<unknown>;
      // Runs before the caller sees the error, so the release below already knows.
      result.catch((err: Error) => {
        if (err?.message !== 'Query read timeout') return;
        client.rosterBroken = true;
        client.connection?.stream?.destroy();
      });
      return result;
    };
  });
  return {
    connect: async () => {
      const client = (await pool.connect()) as Client;
      const release = client.release;
      // A connection whose query timed out leaves the pool instead of waiting in it for its socket to close.
      client.release = (err?: Error | boolean) => release(client.rosterBroken ? new Error('query read timeout') : err);
      return client;
    },
    end: () => pool.end(),
  } as unknown as pg.Pool;
}

const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'EAI_AGAIN',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, shutting down, recovery)
  '57014', // query_canceled: statement_timeout
  '53300', // too_many_connections
]);
const UNAVAILABLE_MESSAGES = [
  'timeout exceeded when trying to connect',
  'Connection terminated',
  'Query read timeout',
  'is not queryable',
  'timeout expired',
];

/**
 * A failure of the database itself — refused, reset or timed-out connections, a server shutting down, a
 * statement timeout, SQLSTATE class 08 (connection exception) — as opposed to a bug or a bad statement.
 */
export function isDatabaseUnavailable(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 4) return false;
  const e = err as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  if (typeof e.code === 'string' && (UNAVAILABLE_CODES.has(e.code) || /^08[0-9A-Z]{3}$/.test(e.code))) return true;
  if (typeof e.message === 'string' && UNAVAILABLE_MESSAGES.some((m) => (e.message as string).includes(m))) return true;
  if (Array.isArray(e.errors) && e.errors.some((x) => isDatabaseUnavailable(x, depth + 1))) return true;
  return isDatabaseUnavailable(e.cause, depth + 1);
}
