import { Kysely } from 'kysely';
import pg from 'pg';
import { mkdirSync } from 'node:fs';
import { PGliteDialect, pgliteQueueStats } from './pglite-dialect.js';
import { RosterPgDialect } from './pg-dialect.js';
import type { Database } from './tables.js';
import { migrateToLatest } from './migrate.js';
import { defaultDbTimeouts, guardPool, longRunning, type DbTimeouts } from './db-faults.js';
import { lockDataDir } from './data-dir-lock.js';
import { PGliteThread } from './pglite-thread.js';
import { analyzeAtStart } from './statistics.js';
import { watchPool } from '../observability/metrics.js';
import { log } from '../observability/log.js';

export type Db = Kysely<Database>;
export type DbKind = 'postgres' | 'pglite';

export interface DbHandle {
  /** The product's database: inside a request scope, row-level security for the scope's tenant (db/tenant-scope.ts). */
  db: Db;
  /** The platform path: the connecting role, across tenants (lookups by secret hash, tenant creation, migrations…). */
  platformDb: Db;
  kind: DbKind;
  close(): Promise<void>;
}

const UTC_TIMESTAMP = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(?:\.(\d{1,6}))?\+00$/;

/**
 * timestamptz as an ISO string (what the JSON API returns). A server in UTC sends `2026-04-01 16:25:28.619+00`:
 * rewritten without Date, whose parser cost a list page of 50 users ~0.4 ms of CPU; any other zone goes via Date.
 */
export function isoTimestamp(v: string): string {
  const m = UTC_TIMESTAMP.exec(v);
  // 'infinity' (an outbox message given up) has no ISO form: kept as PostgreSQL writes it, never a RangeError.
  if (!m) return v === 'infinity' || v === '-infinity' ? v : new Date(v).toISOString();
  return `${m[1]}T${m[2]}.${(m[3] ?? '').padEnd(3, '0').slice(0, 3)}Z`;
}

// timestamptz as ISO strings, bigint counts as numbers: what the JSON API returns anyway.
pg.types.setTypeParser(pg.types.builtins.TIMESTAMPTZ, isoTimestamp);
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export interface CreateDbOptions {
  /** A postgres:// URL; when absent, an embedded PGlite is used. */
  databaseUrl?: string | undefined;
  /** Where PGlite keeps its files; `memory://` or undefined for an in-memory database. */
  dataDir?: string | undefined;
  poolSize?: number;
  migrate?: boolean;
  /** PostgreSQL only: connect and statement timeouts (`defaultDbTimeouts`: 3 s to connect, 5 s per statement). */
  timeouts?: Partial<DbTimeouts>;
}

export async function createDb(options: CreateDbOptions): Promise<DbHandle> {
  let handle: DbHandle;
  if (options.databaseUrl) {
    const t = { ...defaultDbTimeouts, ...options.timeouts };
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10, connectionTimeoutMillis: t.connectMs, statement_timeout: t.statementMs });
    // A connection the server ends (restart, pg_terminate_backend, network) must not crash the process: the pool
    // drops that client, the request using it fails and rolls back, and the next request gets a fresh one.
    const lost = (err: Error) => log().warn({ err }, 'database connection lost');
    pool.on('error', lost);
    // …also while a request holds the connection (the pool listens only to idle ones); its query fails anyway.
    pool.on('connect', (client) => client.on('error', lost));
    const guarded = guardPool(pool, t);
    const db = new Kysely<Database>({ dialect: new RosterPgDialect(guarded, 'scoped') });
    const platformDb = new Kysely<Database>({ dialect: new RosterPgDialect(guarded, 'platform') });
    handle = { db, platformDb, kind: 'postgres', close: () => db.destroy() };
    watchPool([db, platformDb], () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }));
  } else {
    const dir = options.dataDir && options.dataDir !== 'memory://' ? options.dataDir : undefined;
    if (dir) mkdirSync(dir, { recursive: true });
    // One process per data directory, taken before the database opens (see data-dir-lock.ts).
    const unlock = dir ? await lockDataDir(dir) : async () => {};
    let pglite: PGliteThread;
    try {
      // PGlite runs in a worker thread of its own, so its work never holds the request thread (issue 10 #18).
      pglite = await PGliteThread.start(dir);
    } catch (e) {
      await unlock();
      throw e;
    }
    const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite, 'scoped') });
    const platformDb = new Kysely<Database>({ dialect: new PGliteDialect(pglite, 'platform') });
    watchPool([db, platformDb], () => pgliteQueueStats(pglite));
    handle = {
      db,
      platformDb,
      kind: 'pglite',
      close: async () => {
        try {
          await db.destroy();
        } finally {
          await unlock();
        }
      },
    };
  }
  if (options.migrate !== false) {
    try {
      await longRunning(async () => {
        await migrateToLatest(handle.platformDb);
        await analyzeAtStart(handle.platformDb, handle.kind);
      });
    } catch (e) {
      await handle.close();
      throw e;
    }
  }
  return handle;
}
