import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { adminSession, createTestContext, dialects, errorOf, insertUsers, json, type TestContext, userRow } from '../../support.js';
import { hashSecret } from '../../../src/auth/secrets.js';

describe.each(dialects)('API keys (/v1/api-keys) on %s', (dialect) => {
  let t: TestContext;
  let a: Awaited<ReturnType<typeof adminSession>>;
  let b: Awaited<ReturnType<typeof adminSession>>;
  let orgA: string;
  let orgB: string;
  const post = (auth: Record<string, string>, body: unknown) => t.app.request('/v1/api-keys', json(body, auth));
  const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
  const keyRow = (id: string) => t.services.platformDb.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const count = async () => Number((await t.services.platformDb.selectFrom('api_keys').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
  const create = async (body: Record<string, unknown>) => {
    const res = await post(a.auth, { name: 'Script', scopes: ['monitoring:read'], ...body });
    expect(res.status).toBe(201);
    return (await res.json()) as { id: string; key: string; prefix: string; expiresAt: string; lastUsedAt: string | null };
  };

  beforeAll(async () => {
    t = await createTestContext(dialect);
    a = await adminSession(t, 'Alpha');
    b = await adminSession(t, 'Beta');
    const mk = async (name: string) => ((await (await t.app.request('/v1/organizations', json({ name }, a.auth))).json()) as { id: string }).id;
    orgA = await mk('Org A');
    orgB = await mk('Org B');
    await insertUsers(t, [
      userRow(a.tenantId, { first_name: 'Ann', last_name: 'InA', email: 'ann@a.example', kind: 'end_user', organization_id: orgA }),
      userRow(a.tenantId, { first_name: 'Bob', last_name: 'InB', email: 'bob@b.example', kind: 'end_user', organization_id: orgB }),
    ]);
  });
  afterAll(async () => t?.close());

  it('creates a key: shown once with its rk_ prefix, stored as a hash, expiring in the days asked, audited without it', async () => {
    const res = await post(a.auth, { name: '  Nightly export ', scopes: ['monitoring:read'], expiresInDays: 30 });
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const key = (await res.json()) as any;
    expect(key).toMatchObject({ name: 'Nightly export', scopes: ['monitoring:read'], organizationId: null, lastUsedAt: null });
    expect(key.key).toMatch(/^rk_[A-Za-z0-9_-]{43}$/);
    expect(key.prefix).toBe(key.key.slice(0, 11));
    const days = (Date.parse(key.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThan(30.1);
    const stored = await keyRow(key.id);
    expect(stored.key_hash).toBe(hashSecret(key.key));
    expect(JSON.stringify(stored)).not.toContain(key.key);
    const audit = await t.services.platformDb.selectFrom('audit_events').select(['action', 'actor_id', 'after']).where('target_id', '=', key.id).execute();
    expect(audit.map((e) => e.action)).toEqual(['api_key.created']);
    expect(audit[0]!.actor_id).toBe(a.created.rootAdmin.id);
    expect(JSON.stringify(audit)).not.toContain(key.key);
    const listed = (await (await t.app.request('/v1/api-keys', { headers: a.auth })).json()) as { items: any[] };
    expect(listed.items.map((i) => i.id)).toContain(key.id);
    expect(JSON.stringify(listed)).not.toContain(key.key);
    const one = (await (await t.app.request(`/v1/api-keys/${key.id}`, { headers: a.auth })).json()) as any;
    expect(one.key === undefined).toBe(true);
    expect(one.prefix).toBe(key.prefix);
    // Another tenant does not see it.
    expect((await t.app.request(`/v1/api-keys/${key.id}`, { headers: b.auth })).status).toBe(404);
    const defaulted = await create({});
    expect(Math.round((Date.parse(defaulted.expiresAt) - Date.now()) / 86_400_000)).toBe(90);
  });

  it('a key bound to one organization is the caller an app token would be: that organization only, no technicians, no integrations', async () => {
    const key = await create({ scopes: ['monitoring:read', 'management:write'], organizationId: orgA });
    const list = (await (await t.app.request('/v1/users?limit=200', { headers: bearer(key.key) })).json()) as { items: { email: string }[] };
    expect(list.items.map((u) => u.email)).toEqual(['ann@a.example']);
    const created = await t.app.request('/v1/users', json({ kind: 'end_user', firstName: 'Cid', lastName: 'New', email: 'cid@a.example', organizationId: orgA }, bearer(key.key)));
    expect(created.status).toBe(201);
    const audit = await t.services.platformDb.selectFrom('audit_events').select(['actor_type', 'actor_id']).where('action', '=', 'user.created').where('actor_id', '=', key.id).execute();
    expect(audit).toEqual([{ actor_type: 'client', actor_id: key.id }]);
    const elsewhere = await errorOf(await t.app.request('/v1/users', json({ kind: 'end_user', firstName: 'Dee', lastName: 'New', email: 'dee@b.example', organizationId: orgB }, bearer(key.key))));
    expect(elsewhere.status).toBe(422);
    expect(elsewhere.issues?.[0]?.path).toEqual(['body', 'organizationId']);
    expect((await t.app.request('/v1/users', json({ kind: 'technician', firstName: 'Tec', lastName: 'H', email: 'tech@a.example' }, bearer(key.key)))).status).toBe(403);
    // Keys do not manage keys (no integrations.manage), nor create them.
    expect((await t.app.request('/v1/api-keys', { headers: bearer(key.key) })).status).toBe(403);
    expect((await post(bearer(key.key), { name: 'Child', scopes: ['monitoring:read'] })).status).toBe(403);
  });

  it('records the last use at most once a minute', async () => {
    const key = await create({});
    expect((await t.app.request('/v1/organizations', { headers: bearer(key.key) })).status).toBe(200);
    const first = (await keyRow(key.id)).last_used_at;
    expect(first).not.toBeNull();
    expect((await t.app.request('/v1/organizations', { headers: bearer(key.key) })).status).toBe(200);
    expect(String((await keyRow(key.id)).last_used_at)).toBe(String(first));
    await t.services.platformDb.updateTable('api_keys').set({ last_used_at: sql<string>`now() - interval '2 minutes'` }).where('id', '=', key.id).execute();
    const before = Date.parse(String((await keyRow(key.id)).last_used_at));
    expect((await t.app.request('/v1/organizations', { headers: bearer(key.key) })).status).toBe(200);
    expect(Date.parse(String((await keyRow(key.id)).last_used_at))).toBeGreaterThan(before + 60_000);
    const shown = (await (await t.app.request(`/v1/api-keys/${key.id}`, { headers: a.auth })).json()) as { lastUsedAt: string | null };
    expect(shown.lastUsedAt === null).toBe(false);
  });

  it('a revoked, an expired or an unknown key is refused with 401; revoking is audited and a second revoke is 404', async () => {
    const revoked = await create({});
    const expired = await create({});
    expect((await t.app.request(`/v1/api-keys/${revoked.id}`, { method: 'DELETE', headers: a.auth })).status).toBe(204);
    expect((await t.app.request(`/v1/api-keys/${revoked.id}`, { method: 'DELETE', headers: a.auth })).status).toBe(404);
    expect((await t.app.request('/v1/organizations', { headers: bearer(revoked.key) })).status).toBe(401);
    const audit = await t.services.platformDb.selectFrom('audit_events').select('action').where('target_id', '=', revoked.id).orderBy('id').execute();
    expect(audit.map((e) => e.action)).toEqual(['api_key.created', 'api_key.revoked']);
    const listed = (await (await t.app.request('/v1/api-keys', { headers: a.auth })).json()) as { items: { id: string }[] };
    expect(listed.items.map((i) => i.id)).not.toContain(revoked.id);
    await t.services.platformDb.updateTable('api_keys').set({ expires_at: sql<string>`now() - interval '1 second'` }).where('id', '=', expired.id).execute();
    expect((await t.app.request('/v1/organizations', { headers: bearer(expired.key) })).status).toBe(401);
    const unknown = await errorOf(await t.app.request('/v1/organizations', { headers: bearer(`rk_${'A'.repeat(43)}`) }));
    expect(unknown.status).toBe(401);
    expect(unknown.code).toBe('invalid_token');
    // Another tenant cannot revoke it.
    const other = await create({});
    expect((await t.app.request(`/v1/api-keys/${other.id}`, { method: 'DELETE', headers: b.auth })).status).toBe(404);
    expect((await keyRow(other.id)).revoked_at).toBeNull();
  });

  it('is rate-limited per key: over the limit a minute, 429 with Retry-After; another key is not', async () => {
    const busy = await create({});
    const calm = await create({});
    expect((await t.app.request('/v1/organizations', { headers: bearer(busy.key) })).status).toBe(200);
    await t.services.platformDb.updateTable('rate_limit_counters').set({ count: 600 }).where('key', '=', `api-key ${busy.id}`).execute();
    const refused = await t.app.request('/v1/organizations', { headers: bearer(busy.key) });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await t.app.request('/v1/organizations', { headers: bearer(calm.key) })).status).toBe(200);
  });

  it.each([
    ['a blank name', { name: '  ', scopes: ['monitoring:read'] }, ['body', 'name']],
    ['no scopes', { name: 'K', scopes: [] }, ['body', 'scopes']],
    ['the scim scope', { name: 'K', scopes: ['scim'] }, ['body', 'scopes', 0]],
    ['an unknown scope', { name: 'K', scopes: ['everything'] }, ['body', 'scopes', 0]],
    ['a scope twice', { name: 'K', scopes: ['monitoring:read', 'monitoring:read'] }, ['body', 'scopes']],
    ['0 days', { name: 'K', scopes: ['monitoring:read'], expiresInDays: 0 }, ['body', 'expiresInDays']],
    ['366 days', { name: 'K', scopes: ['monitoring:read'], expiresInDays: 366 }, ['body', 'expiresInDays']],
    ['half a day', { name: 'K', scopes: ['monitoring:read'], expiresInDays: 1.5 }, ['body', 'expiresInDays']],
    ['an organization id that is no UUID', { name: 'K', scopes: ['monitoring:read'], organizationId: 'x' }, ['body', 'organizationId']],
    ['an unknown organization', { name: 'K', scopes: ['monitoring:read'], organizationId: '00000000-0000-4000-8000-000000000000' }, ['body', 'organizationId']],
    ['an unknown field', { name: 'K', scopes: ['monitoring:read'], secret: 'mine' }, ['body', 'secret']],
  ])('refuses %s with 422 naming the field, and creates nothing', async (_what, body, path) => {
    const before = await count();
    const e = await errorOf(await post(a.auth, body));
    expect(e.status).toBe(422);
    expect(e.issues?.map((i) => i.path)).toContainEqual(path);
    expect(await count()).toBe(before);
  });

  it('answers an id that is no UUID as a missing key (404), revoking nothing', async () => {
    const before = await t.services.platformDb.selectFrom('api_keys').select('id').where('revoked_at', 'is', null).execute();
    const e = await errorOf(await t.app.request('/v1/api-keys/nope', { method: 'DELETE', headers: a.auth }));
    expect(e.status).toBe(404);
    expect(e.code).toBe('not_found');
    expect((await t.services.platformDb.selectFrom('api_keys').select('id').where('revoked_at', 'is', null).execute()).length).toBe(before.length);
  });
});
