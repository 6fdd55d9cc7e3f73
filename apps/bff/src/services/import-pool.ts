import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { prepareImport, type PrepareImportInput, type PreparedImport } from './import-prepare.js';
import { unpackPrepared, type PackedImport } from './import-transfer.js';
import { workerEntry } from '../worker-entry.js';
import type { ErrorCode, Issue } from '@roster/contract';
import { jsonBodyOf } from '../lib/json-body.js';
import { ApiError } from '../errors.js';

/**
 * Bulk imports are parsed and validated off the request thread (issue 10 #14): a 9.6 MB dry run kept the event
 * loop for 0.7 s, and every tenant's requests waited. A piscina pool of worker threads runs prepareImport, the
 * very function small imports run inline.
 *
 * Inline below INLINE_MAX_CHARS characters of text (or INLINE_MAX_ROWS rows): such an import costs at most ~10 ms of CPU
 * (validation runs at ~45–100k rows/s, phone numbers dominating; 64 KB is ~650 rows), about what a round trip to
 * a worker adds (structured clone both ways, and a wake-up), and the first use of the pool starts a worker
 * (~1 s under tsx, off the main thread but on the request's path).
 */
export const INLINE_MAX_CHARS = 64 * 1024;
export const INLINE_MAX_ROWS = 500;

let pool: Piscina | null = null;

function workerPool(): Piscina {
  if (pool) return pool;
  // The BFF runs its TypeScript sources under tsx (pnpm start, vitest): the worker loads them the same way.
  const { filename, execArgv } = workerEntry(import.meta.url, 'import-worker');
  pool = new Piscina({
    filename,
    execArgv,
    minThreads: 0,
    // One import at a time per core, and never all cores: the request thread and the database need theirs.
    maxThreads: Math.max(1, Math.min(2, availableParallelism() - 1)),
    idleTimeout: 60_000,
  });
  return pool;
}

export function runsInline(a: Pick<PrepareImportInput, 'text' | 'rows'>): boolean {
  return a.rows ? a.rows.length < INLINE_MAX_ROWS : (a.text?.length ?? 0) < INLINE_MAX_CHARS;
}

/** prepareImport inline for a small import, in a worker thread otherwise; the same result either way. */
export async function prepareImportOffThread(a: PrepareImportInput, options: { forceWorker?: boolean } = {}): Promise<PreparedImport> {
  if (!options.forceWorker && runsInline(a)) return prepareImport(a);
  return unpackPrepared((await workerPool().run(a)) as PackedImport);
}

/**
 * A bulk import's request body as JSON: parsed in the pool when it is large (`JSON.parse` of 10 MB held the request
 * thread for ~100 ms), inline otherwise; the same answers as `jsonBodyOf` either way.
 */
export async function jsonBodyOffThread(text: string): Promise<unknown> {
  if (text.length < INLINE_MAX_CHARS) return jsonBodyOf(text);
  const r = (await workerPool().run(text, { name: 'parseBody' })) as { body: unknown } | { error: { code: ErrorCode; message: string; issues: Issue[] | undefined } };
  if ('error' in r) throw new ApiError(r.error.code, r.error.message, r.error.issues);
  return r.body;
}

/** Ends the pool's threads (tests, shutdown); the next import starts a new pool. */
export async function closeImportPool(): Promise<void> {
  const p = pool;
  pool = null;
  await p?.destroy();
}
