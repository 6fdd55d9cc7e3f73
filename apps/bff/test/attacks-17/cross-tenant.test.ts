import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminSession, createTestContext, dialects, errorOf, insertUsers, json, type TestContext, userRow } from '../support.js';

/**
 * An outside attacker's run over what issue 17 added: another tenant's ids on every new route, an API key bound to one
 * organization reaching users of another (external id lookup, sessions, suspension, attribute filters and sorts and the
 * totals they answer), and keys presented in ways they must not work. Every case held when written; each refusal
 * changes nothing.
 */
describe.each(dialects)('cross-tenant and cross-organization attacks on %s', (dialect) => {
  let t: TestContext;
  let a: Awaited<ReturnType<typeof adminSession>>;
  let b: Awaited<ReturnType<typeof adminSession>>;
  let orgA: string;
  let orgB: string;
  let ann: string;
  let bob: string;
  let eve: string;
  let annSession: string;
  let attrId: string;
  let keyOfA: { id: string; key: string };
  let boundToA: { id: string; key: string };
  const db = () => t.services.platformDb;
  const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
  const req = (method: string, path: string, auth: Record<string, string>, body?: unknown) =>
    t.app.request(path, { method, headers: { 'content-type': 'application/json', ...auth }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const state = async () => ({
    users: await db().selectFrom('users').select(['id', 'suspended_at', 'sessions_valid_after', 'updated_at']).orderBy('id').execute(),
    sessions: await db().selectFrom('sessions').select(['id', 'revoked_at']).orderBy('id').execute(),
    keys: await db().selectFrom('api_keys').select(['id', 'revoked_at']).orderBy('id').execute(),
    attributes: await db().selectFrom('attribute_definitions').select(['id', 'key', 'type']).orderBy('id').execute(),
    values: await db().selectFrom('user_attribute_values').selectAll().orderBy('user_id').execute(),
  });

  beforeAll(async () => {
    t = await createTestContext(dialect);
    a = await adminSession(t, 'Alpha', { preset: 'default', mfaRequired: false });
    b = await adminSession(t, 'Beta', { preset: 'default', mfaRequired: false });
    const mk = async (name: string) => ((await (await t.app.request('/v1/organizations', json({ name }, a.auth))).json()) as { id: string }).id;
    orgA = await mk('Org A');
    orgB = await mk('Org B');
    const orgE = ((await (await t.app.request('/v1/organizations', json({ name: 'Org E' }, b.auth))).json()) as { id: string }).id;
    [ann, bob] = (await insertUsers(t, [
      userRow(a.tenantId, { first_name: 'Ann', last_name: 'A', email: 'ann@a.example', kind: 'end_user', organization_id: orgA, external_id: 'legacy-ann' }),
      userRow(a.tenantId, { first_name: 'Bob', last_name: 'B', email: 'bob@b.example', kind: 'end_user', organization_id: orgB, external_id: 'legacy-bob' }),
    ])).map((r) => r.id) as [string, string];
    [eve] = (await insertUsers(t, [userRow(b.tenantId, { first_name: 'Eve', last_name: 'E', email: 'eve@e.example', kind: 'end_user', organization_id: orgE, external_id: 'legacy-bob' })])).map((r) => r.id) as [string];
    annSession = (await db().insertInto('sessions').values({ tenant_id: a.tenantId, user_id: ann, token_hash: 'x'.repeat(64), expires_at: new Date(Date.now() + 3600_000).toISOString() } as never).returning('id').executeTakeFirstOrThrow()).id;
    const attr = await t.app.request('/v1/attributes', json({ key: 'plan', labels: { en: 'Plan' }, type: 'text' }, a.auth));
    attrId = ((await attr.json()) as { id: string }).id;
    for (const [id, plan] of [[ann, 'gold'], [bob, 'gold']] as const) expect((await req('PATCH', `/v1/users/${id}/attributes`, a.auth, { plan })).status).toBe(200);
    const mkKey = async (body: Record<string, unknown>) => (await (await t.app.request('/v1/api-keys', json({ name: 'k', scopes: ['monitoring:read', 'management:write'], ...body }, a.auth))).json()) as { id: string; key: string };
    keyOfA = await mkKey({});
    boundToA = await mkKey({ organizationId: orgA });
  });
  afterAll(async () => t?.close());

  it('another tenant’s user, session, key and attribute ids: 404 on every new route, nothing changed', async () => {
    const before = await state();
    const attempts: [string, string, unknown?][] = [
      ['GET', `/v1/users/${ann}/sessions`],
      ['DELETE', `/v1/users/${ann}/sessions/${annSession}`],
      ['DELETE', `/v1/users/${ann}/sessions`],
      ['DELETE', `/v1/users/${eve}/sessions/${annSession}`], // their own user, our session
      ['POST', `/v1/users/${ann}/suspend`, { reason: 'Cross-tenant' }],
      ['POST', `/v1/users/${ann}/unsuspend`],
      ['GET', `/v1/users/${ann}/attributes`],
      ['PATCH', `/v1/users/${ann}/attributes`, { plan: 'free' }],
      ['GET', `/v1/api-keys/${keyOfA.id}`],
      ['DELETE', `/v1/api-keys/${keyOfA.id}`],
      ['PATCH', `/v1/attributes/${attrId}`, { labels: { en: 'Owned' } }],
      ['DELETE', `/v1/attributes/${attrId}`],
    ];
    for (const [method, path, body] of attempts) {
      const res = await req(method, path, b.auth, body);
      expect(res.status, `${method} ${path}`).toBe(404);
    }
    expect(await state()).toEqual(before);
  });

  it('another tenant’s external id and attribute key: no user of theirs comes back, the key is unknown (400)', async () => {
    const byExternal = (await (await t.app.request('/v1/users?externalId=legacy-ann', { headers: b.auth })).json()) as { items: unknown[] };
    expect(byExternal.items).toEqual([]);
    // The same external id in two tenants is two different users: each tenant finds its own.
    const own = (await (await t.app.request('/v1/users?externalId=legacy-bob', { headers: b.auth })).json()) as { items: { id: string }[] };
    expect(own.items.map((u) => u.id)).toEqual([eve]);
    for (const q of ['attr.plan=gold', 'sort=attr.plan']) {
      const e = await errorOf(await t.app.request(`/v1/users?${q}`, { headers: b.auth }));
      expect(e.status, q).toBe(400);
    }
  });

  it('a key bound to Org A: Org B’s users are not there by external id, sessions, suspension, attribute filter, sort or total', async () => {
    const h = bearer(boundToA.key);
    const before = await state();
    expect(((await (await t.app.request('/v1/users?externalId=legacy-bob', { headers: h })).json()) as { items: unknown[] }).items).toEqual([]);
    const filtered = (await (await t.app.request('/v1/users?attr.plan=gold&limit=200', { headers: h })).json()) as { items: { id: string }[]; total?: { count: number } };
    expect(filtered.items.map((u) => u.id)).toEqual([ann]);
    if (filtered.total) expect(filtered.total.count).toBe(1);
    const sorted = (await (await t.app.request('/v1/users?sort=attr.plan&limit=200', { headers: h })).json()) as { items: { id: string }[] };
    expect(sorted.items.map((u) => u.id)).not.toContain(bob);
    expect([403, 404]).toContain((await req('GET', `/v1/users/${bob}/sessions`, h)).status);
    expect([403, 404]).toContain((await req('POST', `/v1/users/${bob}/suspend`, h, { reason: 'x' })).status);
    expect([403, 404]).toContain((await req('PATCH', `/v1/users/${bob}/attributes`, h, { plan: 'free' })).status);
    expect((await req('POST', `/v1/users/${ann}/impersonate`, h, { minutes: 5 })).status).toBe(403);
    expect(await state()).toEqual(before);
  });

  it('a key works only as a whole bearer: with junk after it, twice, in the query, as Basic, or lower-cased, it is refused (401)', async () => {
    const k = keyOfA.key;
    for (const headers of [
      { authorization: `Bearer ${k}x` },
      { authorization: `Bearer ${k} ${k}` },
      { authorization: `Bearer ${k.toLowerCase()}` },
      { authorization: `Basic ${Buffer.from(`${k}:`).toString('base64')}` },
      { authorization: `Bearer ${k.slice(0, -1)}` },
    ]) {
      const res = await t.app.request('/v1/organizations', { headers });
      expect(res.status, headers.authorization).toBe(401);
    }
    for (const q of [`?api_key=${k}`, `?access_token=${k}`, `?key=${k}`]) expect((await t.app.request(`/v1/organizations${q}`)).status).toBe(401);
    expect((await t.app.request('/v1/organizations', { headers: bearer(k) })).status).toBe(200);
  });

  it('a key of a tenant that was deleted stops working with it', async () => {
    const c = await adminSession(t, 'Gamma');
    const key = (await (await t.app.request('/v1/api-keys', json({ name: 'k', scopes: ['monitoring:read'] }, c.auth))).json()) as { key: string };
    expect((await t.app.request('/v1/organizations', { headers: bearer(key.key) })).status).toBe(200);
    await db().deleteFrom('tenants').where('id', '=', c.tenantId).execute();
    expect((await t.app.request('/v1/organizations', { headers: bearer(key.key) })).status).toBe(401);
  });
});
