import { Worker } from 'node:worker_threads';
import { workerEntry } from '../worker-entry.js';
import type { Reply, Request } from './pglite-worker.js';

/**
 * The embedded PGlite in a worker thread of its own (issue 10 #18b): its WebAssembly PostgreSQL runs synchronously
 * on the thread that calls it, so on the request thread a 50,000-row import kept every request — even
 * /openapi.json — waiting for seconds. The request thread now only posts statements and awaits their rows.
 *
 * It offers what PGliteDialect uses of PGlite: `query(sql, params)` and `close()`. PGlite is still one session:
 * the dialect hands it to one holder at a time, so a transaction's statements stay together.
 */
export interface PGliteLike {
  query<R>(sql: string, params?: unknown[]): Promise<{ rows: R[]; affectedRows?: number | undefined }>;
  close(): Promise<void>;
}

function revive(e: { message: string; props: Record<string, unknown> }): Error {
  return Object.assign(new Error(e.message), e.props);
}

export class PGliteThread implements PGliteLike {
  #next = 1;
  #pending = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void }>();
  #closed: Promise<void> | null = null;
  /** Why the thread is gone (it crashed or exited): every statement after that fails at once with it. */
  #dead: Error | null = null;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (r: Reply) => {
      if (!('id' in r)) return;
      const p = this.#pending.get(r.id);
      this.#pending.delete(r.id);
      p?.resolve(r);
    });
    const fail = (err: Error) => {
      this.#dead ??= err;
      for (const p of this.#pending.values()) p.reject(err);
      this.#pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the PGlite thread stopped (exit code ${code})`)));
  }

  /** Starts the thread and opens the database (`undefined`: in memory). */
  static async start(dataDir: string | undefined): Promise<PGliteThread> {
    const { filename, execArgv } = workerEntry(import.meta.url, 'pglite-worker');
    // Started from a JS file that requires the entry once the loader in execArgv is registered.
    const boot = new URL('../worker-boot.cjs', import.meta.url);
    const worker = new Worker(boot, { execArgv, workerData: { entry: filename, dataDir } });
    await new Promise<void>((resolve, reject) => {
      const onMessage = (r: Reply) => {
        if ('ready' in r) done(null);
        else if ('startError' in r) done(revive(r.startError));
      };
      const onExit = (code: number) => done(new Error(`the PGlite thread stopped while opening the database (exit code ${code})`));
      const done = (err: Error | null) => {
        worker.off('message', onMessage);
        worker.off('error', done);
        worker.off('exit', onExit);
        if (err) reject(err);
        else resolve();
      };
      worker.on('message', onMessage);
      worker.on('error', done);
      worker.on('exit', onExit);
    }).catch(async (e: unknown) => {
      await worker.terminate();
      throw e;
    });
    return new PGliteThread(worker);
  }

  #send(m: Omit<Request, 'id'> & { op: Request['op'] }): Promise<Reply> {
    if (this.#closed) return Promise.reject(new Error('the database is closed'));
    if (this.#dead) return Promise.reject(this.#dead);
    const id = this.#next++;
    return new Promise<Reply>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...m, id } as Request);
    });
  }

  async query<R>(sql: string, params: unknown[] = []): Promise<{ rows: R[]; affectedRows?: number | undefined }> {
    const r = await this.#send({ op: 'query', sql, params } as Omit<Request, 'id'> & { op: 'query' });
    if ('error' in r) throw revive(r.error);
    if (!('rows' in r)) throw new Error('unexpected answer from the PGlite thread');
    return { rows: r.rows as R[], affectedRows: r.affectedRows };
  }

  close(): Promise<void> {
    this.#closed ??= (async () => {
      if (this.#dead) return;
      const id = this.#next++;
      await new Promise<void>((resolve) => {
        this.#pending.set(id, { resolve: () => resolve(), reject: () => resolve() });
        this.worker.postMessage({ id, op: 'close' } satisfies Request);
      });
      await this.worker.terminate();
    })();
    return this.#closed;
  }
}
