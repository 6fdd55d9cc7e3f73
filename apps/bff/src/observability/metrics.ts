import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Db } from '../db/create-db.js';
import { outboxBacklog, type OutboxKind } from '../db/repositories/outbox-backlog.repository.js';

/**
 * The process's Prometheus series (prom-client), served by GET /metrics (routes/meta/metrics.routes.ts). Counters
 * and histograms are moved where things happen (the request middleware, the senders, the import, the rate
 * limiter); the pool and outbox gauges are read when scraped. Every series is listed in README ("Logs and
 * metrics").
 */
export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'roster_' });

export const httpDuration = new Histogram({
  name: 'roster_http_request_duration_seconds',
  help: 'Time from a request reaching the BFF to its answer, by route pattern (never the raw path), method and status.',
  labelNames: ['route', 'method', 'status'] as const,
  buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [registry],
});

const poolConnections = new Gauge({
  name: 'roster_db_pool_connections',
  help: 'Database connections by state: in_use, idle, total (PGlite: its one connection), and requests waiting for one (waiting).',
  labelNames: ['state'] as const,
  registers: [registry],
});

const outboxDepth = new Gauge({
  name: 'roster_outbox_pending_messages',
  help: 'Messages waiting to be sent (email, sms) or delivered (webhook), retries included.',
  labelNames: ['kind'] as const,
  registers: [registry],
});

const outboxAge = new Gauge({
  name: 'roster_outbox_oldest_pending_age_seconds',
  help: 'Age of the oldest message still waiting, by kind (0 when none waits).',
  labelNames: ['kind'] as const,
  registers: [registry],
});

export type DeliveryOutcome = 'sent' | 'failed' | 'dead';

const deliveries = new Counter({
  name: 'roster_outbox_deliveries_total',
  help: 'Send attempts by kind (email, sms, webhook) and outcome: sent, failed (retried later), dead (never retried: refused for good, suppressed or out of retries).',
  labelNames: ['kind', 'outcome'] as const,
  registers: [registry],
});

const importRows = new Counter({
  name: 'roster_import_rows_total',
  help: 'Rows of committed bulk imports by outcome: imported, skipped, failed.',
  labelNames: ['outcome'] as const,
  registers: [registry],
});

const importDuration = new Histogram({
  name: 'roster_import_duration_seconds',
  help: 'Bulk imports from request to answer, by result: committed, dry_run, replayed, refused.',
  labelNames: ['result'] as const,
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 40, 80],
  registers: [registry],
});

const rateLimitRefusals = new Counter({
  name: 'roster_rate_limit_refusals_total',
  help: 'Requests answered 429 by a rate limiter, by limiter (its name, or the route pattern it guards).',
  labelNames: ['limiter'] as const,
  registers: [registry],
});

// Every kind and outcome from the start at 0, so a dashboard's rate() sees the first one.
for (const kind of ['email', 'sms', 'webhook'] as const) for (const outcome of ['sent', 'failed', 'dead'] as const) deliveries.inc({ kind, outcome }, 0);
for (const outcome of ['imported', 'skipped', 'failed'] as const) importRows.inc({ outcome }, 0);

export function countDeliveries(kind: OutboxKind, outcome: DeliveryOutcome, n = 1) {
  if (n > 0) deliveries.inc({ kind, outcome }, n);
}

export type ImportResult = 'committed' | 'dry_run' | 'replayed' | 'refused';

export function observeImport(result: ImportResult, seconds: number, rows?: { imported: number; skipped: number; failed: number }) {
  importDuration.observe({ result }, seconds);
  if (rows) for (const outcome of ['imported', 'skipped', 'failed'] as const) if (rows[outcome] > 0) importRows.inc({ outcome }, rows[outcome]);
}

export function countRateLimitRefusal(limiter: string) {
  rateLimitRefusals.inc({ limiter });
}

/** A connection pool's counts (pg's Pool; PGlite's one connection and its queue). */
export interface PoolStats {
  total: number;
  idle: number;
  waiting: number;
}

const pools = new WeakMap<Db, () => PoolStats>();

/** Called where a database handle is made: how /metrics reads its pool (keyed by either of its Kysely instances). */
export function watchPool(dbs: readonly Db[], stats: () => PoolStats) {
  for (const db of dbs) pools.set(db, stats);
}

const BACKLOG_WAIT_MS = 2000;

/** The text exposition of every series, the pool and outbox gauges read now for this database. */
export async function renderMetrics(db: Db): Promise<{ body: string; contentType: string }> {
  const pool = pools.get(db)?.();
  if (pool) {
    poolConnections.set({ state: 'total' }, pool.total);
    poolConnections.set({ state: 'idle' }, pool.idle);
    poolConnections.set({ state: 'in_use' }, pool.total - pool.idle);
    poolConnections.set({ state: 'waiting' }, pool.waiting);
  }
  // The series are answered whatever the database does: PGlite's one session may be held by an import's transaction,
  // and a database that is down is when the metrics matter most. A scrape waits at most BACKLOG_WAIT_MS for the
  // counts, else (or on an error) the outbox gauges keep their last values (a scraper's own timeout is typically 10 s).
  const backlog = outboxBacklog(db).catch(() => null);
  const counted = await Promise.race([backlog, new Promise<null>((r) => setTimeout(r, BACKLOG_WAIT_MS, null).unref())]);
  for (const b of counted ?? []) {
    outboxDepth.set({ kind: b.kind }, b.pending);
    outboxAge.set({ kind: b.kind }, b.oldestAgeSeconds);
  }
  return { body: await registry.metrics(), contentType: registry.contentType };
}
