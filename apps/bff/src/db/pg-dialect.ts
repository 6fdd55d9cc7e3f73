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
  type TransactionSettings,
} from 'kysely';
import type pg from 'pg';
import { ACTOR_CHANGED, currentTenantScope, scopeStatement, type TenantScope } from './tenant-scope.js';
import { inlineParameters } from './inline-parameters.js';
import { longStatementMs } from './db-faults.js';

const TRANSACTION_CONTROL = /^\s*(begin|commit|rollback)\s*$/i;

/**
 * Kysely dialect for node-postgres with the tenant scope of db/tenant-scope.ts. Two dialects share one pool:
 * `scoped` (the product's `s.db`) and `platform` (`s.platformDb`, the connecting role, no scope).
 *
 * In a scope, every transaction starts as `begin; select set_config('role', 'roster_app', true),
 * set_config('roster.tenant_id', …, true)` — one message, no extra round trip — and a statement outside a transaction
 * travels as `select set_config(…); <statement>` in one simple-protocol message, which PostgreSQL runs as one
 * implicit transaction: its values are inlined as literals (db/inline-parameters.ts), so it costs no extra round
 * trip either. Both settings are transaction-local: nothing of a scope outlives its transaction on the pooled
 * connection.
 */
export class RosterPgDialect implements Dialect {
  constructor(
    private readonly pool: pg.Pool,
    private readonly mode: 'scoped' | 'platform',
  ) {}
  createAdapter() {
    return new PostgresAdapter();
  }
  createDriver(): Driver {
    return new PgDriver(this.pool, this.mode);
  }
  createIntrospector(db: Kysely<any>) {
    return new PostgresIntrospector(db);
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
}

class PgDriver implements Driver {
  constructor(
    private readonly pool: pg.Pool,
    private readonly mode: 'scoped' | 'platform',
  ) {}
  async init() {}
  async acquireConnection(): Promise<DatabaseConnection> {
    const scope = this.mode === 'scoped' ? currentTenantScope() : undefined;
    const client = await this.pool.connect();
    return new PgConnection(client, scope);
  }
  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings) {
    await (connection as PgConnection).begin(settings);
  }
  async commitTransaction(connection: DatabaseConnection) {
    await (connection as PgConnection).end('commit');
  }
  async rollbackTransaction(connection: DatabaseConnection) {
    await (connection as PgConnection).end('rollback');
  }
  async savepoint(connection: DatabaseConnection, name: string) {
    await connection.executeQuery(CompiledQuery.raw(`savepoint ${quoteName(name)}`));
  }
  async rollbackToSavepoint(connection: DatabaseConnection, name: string) {
    await connection.executeQuery(CompiledQuery.raw(`rollback to savepoint ${quoteName(name)}`));
  }
  async releaseSavepoint(connection: DatabaseConnection, name: string) {
    await connection.executeQuery(CompiledQuery.raw(`release savepoint ${quoteName(name)}`));
  }
  async releaseConnection(connection: DatabaseConnection) {
    (connection as PgConnection).client.release();
  }
  async destroy() {
    // The pool belongs to the scoped dialect (the handle's `db`); the platform one shares it.
    if (this.mode === 'scoped' && !this.pool.ended) await this.pool.end();
  }
}

const quoteName = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Parameters too large to inline cheaply: a long list or a long text (a bulk import's columns, a big JSON value). */
function isBulky(parameters: readonly unknown[]): boolean {
  if (parameters.length > 256) return true;
  for (const p of parameters) {
    if (Array.isArray(p) ? p.length > 256 : typeof p === 'string' && p.length > 16_384) return true;
  }
  return false;
}

type PgResult = { command?: string; rowCount?: number | null; rows?: unknown[] };

function toResult<R>(r: PgResult): QueryResult<R> {
  const changed = r.command === 'INSERT' || r.command === 'UPDATE' || r.command === 'DELETE' || r.command === 'MERGE';
  return { rows: (r.rows ?? []) as R[], ...(changed ? { numAffectedRows: BigInt(r.rowCount ?? 0) } : {}) };
}

class PgConnection implements DatabaseConnection {
  #inTransaction = false;
  constructor(
    readonly client: pg.PoolClient,
    private readonly scope: TenantScope | undefined,
  ) {}

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    // A transaction opened or closed as a plain statement (the migrator's, db/migrate.ts) is one like Kysely's: it
    // starts with the scope and the lifted timeout.
    if (compiled.parameters.length === 0 && TRANSACTION_CONTROL.test(compiled.sql)) {
      const command = compiled.sql.trim().toLowerCase();
      if (command === 'begin') await this.begin({});
      else await this.end(command as 'commit' | 'rollback');
      return { rows: [] };
    }
    if (this.#inTransaction) return toResult<R>(await this.client.query(compiled.sql, [...compiled.parameters]));
    const longMs = longStatementMs();
    if (!this.scope && longMs === undefined) return toResult<R>(await this.client.query(compiled.sql, [...compiled.parameters]));
    // Inside `longRunning` a statement alone gets a transaction of its own: the only place its lifted timeout can
    // live without outlasting it (no session setting: see begin). And inlining 100,000 values would build and
    // escape megabytes of SQL text on the request thread: a statement that big pays the two round trips of its own
    // transaction instead (BEGIN with the scope, COMMIT).
    if (!this.scope || longMs !== undefined || isBulky(compiled.parameters)) {
      await this.begin({});
      try {
        const result = toResult<R>(await this.client.query(compiled.sql, [...compiled.parameters]));
        await this.end('commit');
        return result;
      } catch (e) {
        if (this.#inTransaction) await this.end('rollback').catch(() => {});
        throw e;
      }
    }
    const inlined = inlineParameters(compiled.sql, compiled.parameters);
    const scope = this.scope;
    const results = (await this.checked(() => this.client.query(`${scopeStatement(scope)}; ${inlined}`))) as unknown as PgResult[];
    return toResult<R>(results[results.length - 1]!);
  }

  /**
   * Sends a message that may carry the gate's check of a kept principal (tenant-scope.ts, ActorCheck). When the
   * check fails, PostgreSQL has rolled the whole message back: the principal is loaded afresh (`refresh` throws the
   * answer when it differs) and the message is sent once more, with the new fingerprint.
   */
  private async checked<T>(send: () => Promise<T>): Promise<T> {
    const check = this.scope?.actorCheck;
    if (!check || check.verified) return send();
    let result: T;
    try {
      result = await send();
    } catch (e) {
      if ((e as { code?: string }).code !== ACTOR_CHANGED) throw e;
      await check.refresh();
      result = await send();
    }
    check.verified = true;
    return result;
  }

  async begin(settings: TransactionSettings) {
    const message = () => {
      let sql = 'begin';
      if (settings.isolationLevel) sql += ` isolation level ${settings.isolationLevel}`;
      if (settings.accessMode) sql += ` ${settings.accessMode}`;
      if (this.scope) sql += `; ${scopeStatement(this.scope)}`;
      // Transaction-local like the scope (`set local`), never a session `set`: through a pooler in transaction mode
      // (PgBouncer) nothing may outlive the transaction on the server connection.
      const longMs = longStatementMs();
      if (longMs !== undefined) sql += `; select set_config('statement_timeout', '${Math.trunc(longMs)}', true)`;
      return sql;
    };
    await this.checked(async () => {
      try {
        await this.client.query(message());
      } catch (e) {
        // A failed check inside `begin; …` leaves an aborted transaction block: end it before anything else.
        await this.client.query('rollback').catch(() => {});
        throw e;
      }
    });
    this.#inTransaction = true;
  }

  async end(command: 'commit' | 'rollback') {
    this.#inTransaction = false;
    await this.client.query(command);
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('Streaming is not used by Roster');
  }
}
