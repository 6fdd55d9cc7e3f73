import { availableParallelism } from 'node:os';
import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { ImportEngine } from './engine.js';
import { workerEntry } from '../../worker-entry.js';

/**
 * Bulk imports run their per-row work off the request thread (issue 10 #14): a 9.6 MB dry run kept the event loop
 * for 0.7 s, and every tenant's requests waited. A piscina pool of worker threads holds one ImportEngine per large
 * import for the length of its request (a `session` task, engine-worker.ts); the request thread calls the engine's
 * steps over a MessagePort and only ever sees summaries, array literals and the answer's bytes.
 *
 * Inline below INLINE_MAX_BYTES of body: such an import costs at most ~10 ms of CPU (validation runs at
 * ~45–100k rows/s, phone numbers dominating; 64 KB is ~650 rows), about what a round trip to a worker adds, and the
 * first use of the pool starts a worker (~1 s under tsx, off the main thread but on the request's path).
 */
export const INLINE_MAX_BYTES = 64 * 1024;

let pool: Piscina | null = null;

function workerPool(): Piscina {
  if (pool) return pool;
  // The BFF runs its TypeScript sources under tsx (pnpm start, vitest): the worker loads them the same way.
  const { filename, execArgv } = workerEntry(import.meta.url, 'engine-worker');
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

type Steps = Pick<ImportEngine, 'start' | 'prepare' | 'plan' | 'commitColumns' | 'afterInsert' | 'respond'>;
export type EngineStep = keyof Steps;

/** An ImportEngine, inline or in a worker: each step answers asynchronously; `end` frees it (always call it). */
export interface EngineHandle {
  call<K extends EngineStep>(step: K, ...args: Parameters<Steps[K]>): Promise<Awaited<ReturnType<Steps[K]>>>;
  end(): void;
}

export function runsInline(body: Uint8Array): boolean {
  return body.byteLength < INLINE_MAX_BYTES;
}

/** The engine for one import's body: inline for a small body, in a worker thread otherwise. */
export function openImportEngine(body: Uint8Array, options: { forceWorker?: boolean } = {}): EngineHandle {
  if (!options.forceWorker && runsInline(body)) {
    const engine = new ImportEngine(body);
    return {
      call: async (step, ...args) => (engine[step] as (...a: unknown[]) => unknown)(...args) as never,
      end: () => undefined,
    };
  }
  return workerEngine(body);
}

/** Messages on the session's port: a step and its answer (engine-worker.ts). */
export type StepRequest = { id: number; step: EngineStep; args: unknown[] };
export type StepAnswer = { id: number; result: unknown } | { id: number; error: string };

function workerEngine(body: Uint8Array): EngineHandle {
  const { port1, port2 } = new MessageChannel();
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let next = 0;
  let failure: Error | null = null;
  const failAll = (e: Error) => {
    failure ??= e;
    for (const p of pending.values()) p.reject(e);
    pending.clear();
  };
  port1.on('message', (m: StepAnswer) => {
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    if ('error' in m) p.reject(new Error(`import engine: ${m.error}`));
    else p.resolve(m.result);
  });
  // The body moves to the worker (transferred, not copied): the request thread never decodes 10 MB.
  const movable = body.byteOffset === 0 && body.byteLength === body.buffer.byteLength && body.buffer instanceof ArrayBuffer;
  const task = workerPool().run({ port: port2, body }, { name: 'session', transferList: movable ? [port2, body.buffer as ArrayBuffer] : [port2] }) as Promise<void>;
  task.then(
    () => failAll(new Error('import engine: the session ended')),
    (e: unknown) => failAll(e instanceof Error ? e : new Error(String(e))),
  );
  return {
    call: (step, ...args) => {
      if (failure) return Promise.reject(failure);
      const id = next++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        port1.postMessage({ id, step, args } satisfies StepRequest);
      });
    },
    end: () => {
      failure ??= new Error('import engine: ended');
      port1.close();
    },
  };
}

/** Ends the pool's threads (tests, shutdown); the next import starts a new pool. */
export async function closeImportPool(): Promise<void> {
  const p = pool;
  pool = null;
  await p?.destroy();
}
