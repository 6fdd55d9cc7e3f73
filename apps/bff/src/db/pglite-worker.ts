/**
 * The worker thread that owns the embedded PGlite (pglite-thread.ts): PGlite runs PostgreSQL compiled to
 * WebAssembly synchronously on the thread that calls it, so on the request thread a 50,000-row import froze every
 * request for seconds. Here it answers one message at a time: {id, sql, params} → {id, rows, affectedRows} or
 * {id, error}.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';

export type Request = { id: number; op: 'query'; sql: string; params: unknown[] } | { id: number; op: 'close' };
export type Reply =
  | { id: number; rows: unknown[]; affectedRows: number | undefined }
  | { id: number; error: { message: string; props: Record<string, unknown> } }
  | { id: number; closed: true }
  | { ready: true }
  | { startError: { message: string; props: Record<string, unknown> } };

const port = parentPort!;
const { dataDir } = workerData as { dataDir: string | undefined };

/** An error's message and own fields (PostgreSQL's code, constraint, detail…), which structured clone drops. */
function plain(e: unknown): { message: string; props: Record<string, unknown> } {
  const err = e instanceof Error ? e : new Error(String(e));
  const props: Record<string, unknown> = { name: err.name };
  for (const [k, v] of Object.entries(err)) if (v === null || ['string', 'number', 'boolean'].includes(typeof v)) props[k] = v;
  return { message: err.message, props };
}

async function main(): Promise<void> {
  let pglite: PGlite;
  try {
    pglite = await PGlite.create({ dataDir, extensions: { pg_trgm } });
  } catch (e) {
    port.postMessage({ startError: plain(e) } satisfies Reply);
    return;
  }
  port.on('message', (m: Request) => {
    if (m.op === 'close') {
      void pglite.close().then(() => port.postMessage({ id: m.id, closed: true } satisfies Reply));
      return;
    }
    pglite.query(m.sql, m.params).then(
      (r) => port.postMessage({ id: m.id, rows: r.rows, affectedRows: r.affectedRows } satisfies Reply),
      (e: unknown) => port.postMessage({ id: m.id, error: plain(e) } satisfies Reply),
    );
  });
  port.postMessage({ ready: true } satisfies Reply);
}

// No top-level await: the worker's boot file requires this module (worker-boot.cjs).
void main();
