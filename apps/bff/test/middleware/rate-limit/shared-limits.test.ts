import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminSession, anotherInstance, createTestContext, dialects, errorOf, insertUsers, json, userRow, type TestContext } from '../../support.js';
import { hashPassword } from '../../../src/auth/passwords.js';
import { countHit, deleteEndedWindows } from '../../../src/db/repositories/rate-limits.repository.js';

const PASSWORD = 'correct horse battery';
const from = (address: string) => ({ incoming: { socket: { remoteAddress: address } } });
const form = (body: Record<string, string>): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(body).toString() });

describe.each(dialects)('limits shared by two instances on %s', (dialect) => {
  let t: TestContext;
  let other: Awaited<ReturnType<typeof anotherInstance>>;
  /** The two instances' apps, taken in turn. */
  let apps: [TestContext['app'], TestContext['app']];
  beforeAll(async () => {
    t = await createTestContext(dialect);
    other = await anotherInstance(t);
    apps = [t.app, other.app];
  });
  afterAll(async () => {
    await other?.close();
    await t?.close();
  });

  it('40 failed sign-ins from one address, sent at once and split across both, meet one limit: 30 answered, 10 refused with 429 and Retry-After', async () => {
    const s = await adminSession(t, 'Split Limit', { preset: 'default', lockoutThreshold: null });
    const env = from('198.51.100.20');
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => apps[i % 2]!.request('/v1/auth/login', json({ tenantId: s.tenantId, login: 'ghost@split.example', password: `wrong-${i}` }), env)));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((x) => x === 401)).toHaveLength(30);
    const refused = results.filter((r) => r.status === 429);
    expect(refused).toHaveLength(10);
    for (const r of refused) {
      const retryAfter = Number(r.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect((await errorOf(r)).code).toBe('rate_limited');
    }
    // Refused on both instances: the limit is the database's, not a process's.
    expect(new Set(results.map((r, i) => (r.status === 429 ? i % 2 : -1)).filter((i) => i >= 0)).size).toBe(2);
    // Another address is not limited by it, on either instance.
    expect((await other.app.request('/v1/auth/login', json({ tenantId: s.tenantId, login: 'ghost@split.example', password: 'x' }), from('198.51.100.21'))).status).toBe(401);
  });

  it('successes give their count back on every instance: 40 good token requests pass, then the 30 failures allowed, then 429', async () => {
    const s = await adminSession(t, 'Give Back');
    const env = from('198.51.100.30');
    const good = { grant_type: 'client_credentials', client_id: s.created.oauthClient.clientId, client_secret: s.created.oauthClient.clientSecret };
    for (let i = 0; i < 40; i++) expect((await apps[i % 2]!.request('/oauth/token', form(good), env)).status).toBe(200);
    const bad = (i: number) => apps[i % 2]!.request('/oauth/token', form({ ...good, client_secret: `guess-${i}` }), env);
    for (let i = 0; i < 30; i++) expect((await bad(i)).status).toBe(401);
    expect((await bad(30)).status).toBe(429);
    expect((await bad(31)).status).toBe(429);
  });

  it('an account locks after failed sign-ins spread over both instances and stays locked on both', async () => {
    const s = await adminSession(t, 'Lock Split');
    const [u] = await insertUsers(t, [userRow(s.tenantId, { email: 'lock@split.example', status: 'active', password_hash: await hashPassword(PASSWORD) })]);
    // Each attempt from an address of its own: what locks is the account's count, not the address limit.
    for (let i = 0; i < 10; i++) {
      expect((await apps[i % 2]!.request('/v1/auth/login', json({ tenantId: s.tenantId, login: 'lock@split.example', password: `wrong-${i}` }), from(`198.51.100.${40 + i}`))).status).toBe(401);
    }
    const row = await t.services.db.selectFrom('users').select(['status', 'failed_login_count']).where('id', '=', u!.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'locked_out', failed_login_count: 10 });
    for (const app of apps) {
      expect((await app.request('/v1/auth/login', json({ tenantId: s.tenantId, login: 'lock@split.example', password: PASSWORD }), from('198.51.100.60'))).status).toBe(401);
    }
  });

  it('a window ends when its time is up, whichever instance counts next, and ended windows are swept', async () => {
    const db = t.services.platformDb;
    expect((await countHit(db, 'window-test', 400)).count).toBe(1);
    expect((await countHit(other.services.platformDb, 'window-test', 400)).count).toBe(2);
    await new Promise((r) => setTimeout(r, 500));
    expect((await countHit(other.services.platformDb, 'window-test', 400)).count).toBe(1);
    await countHit(db, 'swept-test', 50);
    await new Promise((r) => setTimeout(r, 100));
    expect(await deleteEndedWindows(db)).toBeGreaterThanOrEqual(1);
    const left = await db.selectFrom('rate_limit_counters').select('key').where('key', 'in', ['swept-test', 'window-test']).execute();
    expect(left.map((r) => r.key)).toEqual(['window-test']);
  });
});
