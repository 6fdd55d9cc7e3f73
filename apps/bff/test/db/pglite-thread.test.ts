import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createDb, type DbHandle } from '../../src/db/create-db.js';
import { PGliteThread } from '../../src/db/pglite-thread.js';

/**
 * Issue 10 #18b: PGlite runs in a worker thread of its own, so a long statement leaves the request thread free;
 * errors keep PostgreSQL's fields (code, constraint) and a transaction's statements stay together.
 */
describe('PGlite in its own thread', () => {
  let h: DbHandle;
  beforeAll(async () => {
    h = await createDb({ dataDir: 'memory://', migrate: false });
  });
  afterAll(async () => h?.close());

  it('keeps the event loop free while a statement runs', async () => {
    const t0 = performance.now();
    let finished = 0;
    const slow = sql`select pg_sleep(1.5)`.execute(h.db).then(() => (finished = performance.now() - t0));
    await new Promise((r) => setTimeout(r, 100));
    const timerAt = performance.now() - t0;
    await slow;
    // In the request thread, the timer would fire only after the 1.5 s statement.
    expect(timerAt).toBeLessThan(1000);
    expect(finished).toBeGreaterThanOrEqual(1400);
  });

  it('passes PostgreSQL errors with their code and constraint, and keeps transactions whole', async () => {
    await sql`create table t (id int primary key)`.execute(h.db);
    await sql`insert into t values (1)`.execute(h.db);
    const err = await sql`insert into t values (1)`.execute(h.db).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err).toMatchObject({ code: '23505', constraint: 't_pkey' });
    // A statement of someone else sent while a transaction is open waits for its commit (one session).
    let inside = -1;
    const trx = h.db.transaction().execute(async (tx) => {
      await sql`insert into t values (2)`.execute(tx);
      await new Promise((r) => setTimeout(r, 50));
      inside = Number((await sql<{ n: number }>`select count(*)::int as n from t`.execute(tx)).rows[0]!.n);
      throw new Error('roll back');
    });
    const outside = sql<{ n: number }>`select count(*)::int as n from t`.execute(h.db);
    await expect(trx).rejects.toThrow('roll back');
    expect(inside).toBe(2);
    expect((await outside).rows[0]!.n).toBe(1);
  });

  it('fails every statement at once after the thread is gone', async () => {
    const thread = await PGliteThread.start(undefined);
    await (thread as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
    await expect(thread.query('select 1')).rejects.toThrow(/PGlite thread stopped/);
    await thread.close();
  });
});
