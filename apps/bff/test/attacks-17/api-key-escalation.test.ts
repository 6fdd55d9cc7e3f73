import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminSession, createTestContext, dialects, errorOf, insertUsers, json, type TestContext, userRow } from '../support.js';

/**
 * An API key that mints widget tokens (widgets:mint) acts as people, for a few minutes each: it must not turn itself
 * into a credential that outlives it — another API key (up to 365 days), an OAuth app (no expiry) — nor into a "view
 * as" session. A leaked key with a day to live would otherwise leave a year-long one behind, and revoking it would
 * not end what it made.
 */
describe.each(dialects)('escalation through an API key’s widget tokens on %s', (dialect) => {
  let t: TestContext;
  let a: Awaited<ReturnType<typeof adminSession>>;
  let ann: string;
  let mintingKey: { id: string; key: string };
  const db = () => t.services.platformDb;
  const asRootAdminVia = async (key: string) => {
    const res = await t.app.request('/v1/widget-tokens', json({ actorUserId: a.created.rootAdmin.id, ttlSeconds: 300 }, { authorization: `Bearer ${key}` }));
    expect(res.status, await res.clone().text()).toBe(201);
    return { authorization: `Bearer ${((await res.json()) as { token: string }).token}` };
  };

  beforeAll(async () => {
    t = await createTestContext(dialect);
    a = await adminSession(t, 'Alpha');
    const org = ((await (await t.app.request('/v1/organizations', json({ name: 'Org' }, a.auth))).json()) as { id: string }).id;
    [ann] = (await insertUsers(t, [userRow(a.tenantId, { first_name: 'Ann', last_name: 'A', email: 'ann@a.example', kind: 'end_user', organization_id: org })])).map((r) => r.id) as [string];
    const res = await t.app.request('/v1/api-keys', json({ name: 'Minter', scopes: ['widgets:mint'], expiresInDays: 1 }, a.auth));
    mintingKey = (await res.json()) as { id: string; key: string };
  });
  afterAll(async () => t?.close());

  it('a widget token an API key minted creates no API key and no OAuth app (403), nothing created', async () => {
    const h = await asRootAdminVia(mintingKey.key);
    const keys = await db().selectFrom('api_keys').select('id').execute();
    const apps = await db().selectFrom('oauth_clients').select('id').execute();
    const key = await errorOf(await t.app.request('/v1/api-keys', json({ name: 'Persist', scopes: ['monitoring:read', 'management:write', 'widgets:mint'], expiresInDays: 365 }, h)));
    expect(key.status).toBe(403);
    expect(key.message).toContain('API key');
    const app = await errorOf(await t.app.request('/v1/oauth-clients', json({ name: 'Persist', scopes: ['widgets:mint'] }, h)));
    expect(app.status).toBe(403);
    expect(await db().selectFrom('api_keys').select('id').execute()).toEqual(keys);
    expect(await db().selectFrom('oauth_clients').select('id').execute()).toEqual(apps);
    // Reading what there is stays possible (the integrations panel over a key's token).
    expect((await t.app.request('/v1/api-keys', { headers: h })).status).toBe(200);
  });

  it('nor starts a "view as", even as someone the Root Admin gave users.impersonate', async () => {
    await db().insertInto('user_permissions').values({ tenant_id: a.tenantId, user_id: a.created.rootAdmin.id, permission: 'users.impersonate' } as never).execute();
    const h = await asRootAdminVia(mintingKey.key);
    const before = await db().selectFrom('sessions').select('id').execute();
    expect((await errorOf(await t.app.request(`/v1/users/${ann}/impersonate`, json({ minutes: 5 }, h)))).status).toBe(403);
    expect(await db().selectFrom('sessions').select('id').execute()).toEqual(before);
    // The person themself (their own widget token from the tenant's app) still can.
    expect((await t.app.request(`/v1/users/${ann}/impersonate`, json({ minutes: 5 }, a.auth))).status).toBe(201);
  });

  it('a widget token an OAuth app minted (the host’s console) still creates API keys', async () => {
    expect((await t.app.request('/v1/api-keys', json({ name: 'Fine', scopes: ['monitoring:read'] }, a.auth))).status).toBe(201);
  });
});
