import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertOrganizations } from '../../../src/db/repositories/organizations.repository.js';
import { up as asciiDomainKeys } from '../../../src/db/migrations/2026-12-02T0900-email-domain-ascii.js';
import { adminSession, createTestContext, dialects, errorOf, insertUsers, json, userRow, type TestContext } from '../../support.js';

/** Kaseya One allows addresses beyond ASCII: one person must not get two accounts through look-alike addresses. */
describe.each(dialects)('addresses beyond ASCII are one person per UTS #46 / #39 (%s)', (dialect) => {
  let t: TestContext;
  let s: Awaited<ReturnType<typeof adminSession>>;
  let organizationId: string;
  beforeAll(async () => {
    t = await createTestContext(dialect);
    s = await adminSession(t, 'Idn Co', { preset: 'kaseyaone', rolesPerUser: 'many' });
    const [org] = await insertOrganizations(t.services.db, s.tenantId, ['Idn Org']);
    organizationId = org!.id;
  });
  afterAll(async () => t?.close());

  const create = (email: string, username: string) =>
    t.app.request('/v1/users', json({ kind: 'end_user', organizationId, firstName: 'Same', lastName: 'Person', email, username }, s.auth));

  it('user@bücher.example and user@xn--bcher-kva.example are one user: the second create is 409, in either order', async () => {
    const first = await create('user@bücher.example', 'buecher1');
    expect(first.status).toBe(201);
    expect(((await first.json()) as { email: string }).email).toBe('user@bücher.example');
    const second = await errorOf(await create('user@xn--bcher-kva.example', 'buecher2'));
    expect(second.status).toBe(409);
    const other = await create('other@xn--bcher-kva.example', 'buecher3');
    expect(other.status).toBe(201);
    expect((await errorOf(await create('OTHER@BÜCHER.example', 'buecher4'))).status).toBe(409);
  });

  it('pаypal@ (Cyrillic а) next to paypal@ is refused: 422 naming the email, with a message a person understands', async () => {
    expect((await create('paypal@pay.example', 'paypal1')).status).toBe(201);
    const e = await errorOf(await create('p\u0430ypal@pay.example', 'paypal2'));
    expect(e).toMatchObject({ status: 422, issues: [{ path: ['body', 'email'], message: expect.stringMatching(/mixes Latin and Cyrillic letters before the @/) }] });
    // …and on its own too: it would be someone else's look-alike whoever came first.
    const alone = await errorOf(await create('p\u0430ypal@other.example', 'paypal3'));
    expect(alone.status).toBe(422);
  });

  it('an address in one script is welcome; its lookup key holds the punycode domain', async () => {
    expect((await create('иван.петров@почта.рф', 'ivan')).status).toBe(201);
    const row = await t.services.db.selectFrom('users').select(['email', 'email_normalized']).where('tenant_id', '=', s.tenantId).where('username', '=', 'ivan').executeTakeFirstOrThrow();
    expect(row).toEqual({ email: 'иван.петров@почта.рф', email_normalized: 'иван.петров@xn--80a1acny.xn--p1ai' });
  });

  it('the bulk import agrees: the punycode form of an existing address is that user', async () => {
    await t.app.request('/v1/access-groups', json({ name: 'Helpdesk', modules: ['psa'] }, s.auth));
    const res = await t.app.request(
      '/v1/users/bulk-import?dryRun=true',
      json({ kind: 'end_user', organizationId, mode: 'per-row', rows: [{ firstName: 'Same', lastName: 'Person', email: 'USER@xn--bcher-kva.example', username: 'buecher5', roles: 'User', groups: 'Helpdesk' }] }, s.auth),
    );
    const body = (await res.json()) as { results?: { status: string }[]; error?: unknown };
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(body.results?.[0]).toMatchObject({ status: 'skipped', issues: [{ path: ['rows', 0, 'email'] }] });
  });

  it('the migration gives keys stored before it their ASCII domain, unless another user holds that key', async () => {
    const old = await create('umlaut@xn--mller-kva.example', 'umlaut0');
    expect(old.status).toBe(201);
    const [a, b] = await insertUsers(t, [
      userRow(s.tenantId, { email: 'alt@müller.example', email_normalized: 'alt@müller.example', username: 'alt1', username_normalized: 'alt@müller.example' }),
      userRow(s.tenantId, { email: 'umlaut@müller.example', email_normalized: 'umlaut@müller.example', username: 'umlaut1', username_normalized: 'umlaut1' }),
    ]);
    await asciiDomainKeys(t.services.db);
    const keys = await t.services.db.selectFrom('users').select(['id', 'email_normalized', 'username_normalized']).where('id', 'in', [a!.id, b!.id]).orderBy('username').execute();
    expect(keys).toEqual([
      { id: a!.id, email_normalized: 'alt@xn--mller-kva.example', username_normalized: 'alt@xn--mller-kva.example' },
      { id: b!.id, email_normalized: 'umlaut@müller.example', username_normalized: 'umlaut1' }, // taken: left as it was
    ]);
    expect((await errorOf(await create('ALT@MÜLLER.example', 'alt2'))).status).toBe(409);
  });
});
