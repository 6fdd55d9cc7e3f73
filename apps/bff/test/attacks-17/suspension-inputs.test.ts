import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminSession, createTestContext, dialects, errorOf, insertUsers, json, type TestContext, userRow } from '../support.js';

/**
 * An attacker's and a German admin's run over timed suspension (issue 17): naughty reasons, a huge body, ends at the
 * edge of what a date can say, oneself and the Root Admin. Each refusal names the field and changes nothing.
 */
describe.each(dialects)('attacks on POST /v1/users/:id/suspend on %s', (dialect) => {
  let t: TestContext;
  let a: Awaited<ReturnType<typeof adminSession>>;
  let dan: string;
  const suspend = (id: string, body: unknown, headers: Record<string, string> = {}) => t.app.request(`/v1/users/${id}/suspend`, json(body, { ...a.auth, ...headers }));
  const row = (id: string) => t.services.db.selectFrom('users').select(['status', 'suspended_at', 'suspended_until', 'suspension_reason', 'updated_at']).where('id', '=', id).executeTakeFirstOrThrow();

  beforeAll(async () => {
    t = await createTestContext(dialect);
    a = await adminSession(t, 'Alpha', { preset: 'default', mfaRequired: false });
    const [r] = await insertUsers(t, [userRow(a.tenantId, { email: 'dan@a.example', status: 'active' })]);
    dan = r!.id;
  });
  afterAll(async () => t?.close());

  it.each([
    ['a right-to-left override', 'Chargeback \u202Etxt.exe'],
    ['a terminal escape', 'Fraud \u001b[2J'],
    ['a NUL', 'Fraud\u0000'],
    ['a line separator', 'Fraud\u2028Approved'],
  ])('refuses a reason with %s (422 naming body.reason, in the admin’s language), changing nothing', async (_what, reason) => {
    const before = await row(dan);
    for (const [lang, words] of [['en', 'control characters'], ['de', 'Steuerzeichen'], ['ar', 'أحرف تحكم']] as const) {
      const e = await errorOf(await suspend(dan, { reason }, { 'accept-language': lang }));
      expect(e.status).toBeGreaterThanOrEqual(400);
      expect(e.status).toBeLessThan(500);
      expect(e.issues?.map((i) => i.path.join('.'))).toContain('body.reason');
      if (!reason.includes('\u0000')) expect(e.issues?.[0]?.message, lang).toContain(words);
    }
    expect(await row(dan)).toEqual(before);
  });

  it('a 10 MB reason is refused before it is read into the database (413 or 422), changing nothing', async () => {
    const before = await row(dan);
    const res = await suspend(dan, { reason: 'x'.repeat(10 * 1024 * 1024) });
    expect([413, 422]).toContain(res.status);
    expect(await row(dan)).toEqual(before);
  });

  it('keeps a naughty but visible reason exactly as written (SQL-ish, markup, Arabic with a direction mark, emoji)', async () => {
    const reason = `Robert'); DROP TABLE users;-- <img src=x onerror=alert(1)> احتيال \u200F👩‍💻`;
    const res = await suspend(dan, { reason, until: '9999-12-31T23:59:59+14:00' });
    expect(res.status, await res.clone().text()).toBe(200);
    const stored = await row(dan);
    expect(stored.suspension_reason).toBe(reason);
    expect(new Date(stored.suspended_until!).toISOString()).toBe('9999-12-31T09:59:59.000Z');
    expect((await t.app.request(`/v1/users/${dan}/unsuspend`, { method: 'POST', headers: a.auth })).status).toBe(200);
  });

  it('an end given with an offset is the same instant in UTC', async () => {
    const until = new Date(Date.now() + 2 * 3600_000);
    const local = new Date(until.getTime() + 5.5 * 3600_000).toISOString().replace('Z', '+05:30');
    expect((await suspend(dan, { reason: 'Offset', until: local })).status).toBe(200);
    expect(Math.abs(Date.parse((await row(dan)).suspended_until!) - until.getTime())).toBeLessThan(1000);
    expect((await t.app.request(`/v1/users/${dan}/unsuspend`, { method: 'POST', headers: a.auth })).status).toBe(200);
  });

  it('the Root Admin cannot suspend themself (the last admin), and a second unsuspend is 409', async () => {
    const root = a.created.rootAdmin.id;
    const e = await errorOf(await suspend(root, { reason: 'Lock everyone out' }));
    expect(e.status).toBe(403);
    expect((await row(root)).suspended_at).toBeNull();
    expect((await errorOf(await t.app.request(`/v1/users/${dan}/unsuspend`, { method: 'POST', headers: a.auth }))).status).toBe(409);
  });
});
