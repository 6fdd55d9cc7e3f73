import {
  CompiledQuery,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
} from 'kysely';
import type { PGliteLike } from './pglite-thread.js';
import { currentTenantScope, scopeStatement, type TenantScope } from './tenant-scope.js';

/**
 * Kysely dialect for PGlite (in its own thread: pglite-thread.ts). PGlite has one connection, so the driver hands it out to one holder at a time:
 * a transaction keeps it from BEGIN to COMMIT and no other request's statement can land inside. The `scoped`
 * (`s.db`) and `platform` (`s.platformDb`) dialects of one PGlite share that queue. In a tenant scope
 * (db/tenant-scope.ts) a transaction starts with the scope's `set_config`s, and a statement outside a transaction
 * is wrapped in BEGIN, scope, statement, COMMIT (in-process calls: no network round trips to save).
 */
export class PGliteDialect implements Dialect {
  constructor(
    private readonly pglite: PGliteLike,
    private readonly mode: 'scoped' | 'platform' = 'scoped',
  ) {}
  createAdapter() {
    return new PostgresAdapter();
  }
  createDriver(): Driver {
    return new PGliteDriver(this.pglite, this.mode);
  }
  createIntrospector(db: Kysely<any>) {
    return new PostgresIntrospector(db);
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
}

/** One queue per PGlite instance, shared by its scoped and platform dialects (`holders`: the one holding it and those waiting). */
const queues = new WeakMap<PGliteLike, { tail: Promise<void>; holders: number }>();

/** PGlite's one connection as pool counts (GET /metrics): in use or idle, and how many wait for it. */
export function pgliteQueueStats(pglite: PGliteLike) {
  const holders = queues.get(pglite)?.holders ?? 0;
  return { total: 1, idle: holders > 0 ? 0 : 1, waiting: Math.max(0, holders - 1) };
}

class PGliteDriver implements Driver {
  readonly #queue: { tail: Promise<void>; holders: number };
  constructor(
    private readonly pglite: PGliteLike,
    private readonly mode: 'scoped' | 'platform',
  ) {
    let queue = queues.get(pglite);
    if (!queue) queues.set(pglite, (queue = { tail: Promise.resolve(), holders: 0 }));
    this.#queue = queue;
  }
  async init() {}
  async acquireConnection(): Promise<DatabaseConnection> {
    const scope = this.mode === 'scoped' ? currentTenantScope() : undefined;
    let release!: () => void;
    const queue = this.#queue;
    const held = new Promise<void>((r) => (release = r));
    const previous = queue.tail;
    queue.tail = previous.then(() => held);
    queue.holders += 1;
    await previous;
    let released = false;
    const done = () => {
      if (!released) queue.holders -= 1;
      released = true;
      release();
    };
    return new PGliteConnection(this.pglite, done, scope);
  }
  async beginTransaction(connection: DatabaseConnection) {
    await (connection as PGliteConnection).begin();
  }
  async commitTransaction(connection: DatabaseConnection) {
    await (connection as PGliteConnection).end('COMMIT');
  }
  async rollbackTransaction(connection: DatabaseConnection) {
    await (connection as PGliteConnection).end('ROLLBACK');
  }
  async releaseConnection(connection: DatabaseConnection) {
    (connection as PGliteConnection).release();
  }
  async destroy() {
    // The scoped dialect (the handle's `db`) owns the instance; the platform one shares it.
    if (this.mode === 'scoped') await this.pglite.close(); // idempotent
  }
}

class PGliteConnection implements DatabaseConnection {
  #inTransaction = false;
  constructor(
    private readonly pglite: PGliteLike,
    readonly release: () => void,
    private readonly scope: TenantScope | undefined,
  ) {}
  async begin() {
    await this.pglite.query('BEGIN');
    this.#inTransaction = true;
    if (this.scope) await this.pglite.query(scopeStatement(this.scope));
  }
  async end(command: 'COMMIT' | 'ROLLBACK') {
    this.#inTransaction = false;
    await this.pglite.query(command);
  }
  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    if (!this.scope || this.#inTransaction) return this.run<R>(compiled);
    await this.begin();
    try {
      const result = await this.run<R>(compiled);
      await this.end('COMMIT');
      return result;
    } catch (e) {
      if (this.#inTransaction) await this.end('ROLLBACK');
      throw e;
    }
  }
  private async run<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.pglite.query<R>(compiled.sql, [...compiled.parameters]);
    return {
      rows: result.rows,
      numAffectedRows: result.affectedRows === undefined ? undefined : BigInt(result.affectedRows),
    };
  }
  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('PGlite does not stream query results');
  }
}
