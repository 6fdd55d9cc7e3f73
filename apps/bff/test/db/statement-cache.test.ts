import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { cachedStatement } from '../../src/db/statement-cache.js';
import { createTestContext, dialects, type TestContext } from '../support.js';

describe.each(dialects)('cachedStatement on %s', (dialect) => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext(dialect);
  });
  afterAll(async () => t?.close());

  let builds = 0;
  const echo = cachedStatement((db, shape: { limit: number }, v: { a: string; b?: string | undefined; list?: readonly string[] | undefined }) => {
    builds++;
    return db
      .selectNoFrom([
        sql<string>`${v.a}::text`.as('a'),
        sql<string | null>`${v.b ?? null}::text`.as('b'),
        sql<string>`${v.list ? sql.join(v.list.map((x) => sql`${x}::text`), sql`||','||`) : sql`''`}`.as('list'),
        sql<number>`${shape.limit}::int`.as('limit'),
        sql<string>`${v.a}::text || ${'-'}::text`.as('again'),
      ]);
  });

  it('builds once per shape and binds each call’s own values', async () => {
    const before = builds;
    expect(await echo(t.services.db, { limit: 1 }, { a: 'x' })).toEqual([{ a: 'x', b: null, list: '', limit: 1, again: 'x-' }]);
    expect(await echo(t.services.db, { limit: 1 }, { a: "y'; drop table users; --" })).toEqual([{ a: "y'; drop table users; --", b: null, list: '', limit: 1, again: "y'; drop table users; ---" }]);
    expect(builds - before).toBe(1);
    // Another shape value, a value now present, a list of another length: each is a shape of its own.
    expect(await echo(t.services.db, { limit: 2 }, { a: 'x' })).toEqual([{ a: 'x', b: null, list: '', limit: 2, again: 'x-' }]);
    expect(await echo(t.services.db, { limit: 1 }, { a: 'x', b: 'B' })).toEqual([{ a: 'x', b: 'B', list: '', limit: 1, again: 'x-' }]);
    expect(await echo(t.services.db, { limit: 1 }, { a: 'x', list: ['p', 'q'] })).toEqual([{ a: 'x', b: null, list: 'p,q', limit: 1, again: 'x-' }]);
    expect(await echo(t.services.db, { limit: 1 }, { a: 'z', list: ['r', 's'] })).toEqual([{ a: 'z', b: null, list: 'r,s', limit: 1, again: 'z-' }]);
    expect(await echo(t.services.db, { limit: 1 }, { a: 'z', list: ['r'] })).toEqual([{ a: 'z', b: null, list: 'r', limit: 1, again: 'z-' }]);
    expect(builds - before).toBe(5);
  });

  it('refuses a statement that transforms a value instead of binding it', async () => {
    const bad = cachedStatement((db, _shape: null, v: { q: string }) => db.selectNoFrom(sql<string>`${`%${v.q}%`}::text`.as('pattern')));
    await expect(bad(t.services.db, null, { q: 'abc' })).rejects.toThrow(/transformed inside build/);
  });
});
