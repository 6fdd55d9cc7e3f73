import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminSession, clientToken, createTestContext, dialects, errorOf, insertUsers, json, type TestContext, userRow, widgetToken } from '../../support.js';
import { hashSecret } from '../../../src/auth/secrets.js';
import { assignRoles } from '../../../src/db/repositories/roles.repository.js';

const req = (method: string, body: unknown, headers: Record<string, string>): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json', ...headers },
  ...(body === undefined ? {} : { body: JSON.stringify(body) }),
});

async function tokenResponse(t: TestContext, clientId: string, clientSecret: string) {
  return t.app.request('/oauth/token', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret }).toString(),
  });
}

describe.each(dialects)('OAuth apps a tenant manages (/v1/oauth-clients) on %s', (dialect) => {
  let t: TestContext;
  let a: Awaited<ReturnType<typeof adminSession>>;
  let b: Awaited<ReturnType<typeof adminSession>>;
  let orgA: string;
  let orgB: string;
  const post = (auth: Record<string, string>, body: unknown) => t.app.request('/v1/oauth-clients', req('POST', body, auth));
  const count = async () => Number((await t.services.db.selectFrom('oauth_clients').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

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

  it('creates an app bound to one organization: secret shown once, stored as a hash, audited without it', async () => {
    const res = await post(a.auth, { name: '  Torii sync ', scopes: ['monitoring:read', 'management:write'], organizationId: orgA });
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const app = (await res.json()) as any;
    expect(app).toMatchObject({ name: 'Torii sync', scopes: ['monitoring:read', 'management:write'], organizationId: orgA, lastUsedAt: null, secretRotatedAt: null, previousSecretExpiresAt: null });
    expect(app.clientId).toMatch(/^rc_/);
    expect(app.clientSecret).toMatch(/^rs_/);
    const stored = await t.services.db.selectFrom('oauth_clients').selectAll().where('id', '=', app.id).executeTakeFirstOrThrow();
    expect(stored.secret_hash).toBe(hashSecret(app.clientSecret));
    expect(JSON.stringify(stored)).not.toContain(app.clientSecret);
    const audit = await t.services.db.selectFrom('audit_events').select(['action', 'after', 'actor_id']).where('target_id', '=', app.id).execute();
    expect(audit.map((e) => e.action)).toEqual(['oauth_client.created']);
    expect(audit[0]!.actor_id).toBe(a.created.rootAdmin.id);
    expect(JSON.stringify(audit)).not.toContain(app.clientSecret);
    const listed = (await (await t.app.request('/v1/oauth-clients', { headers: a.auth })).json()) as { items: any[] };
    expect(listed.items.map((i) => i.name)).toEqual(['Default client', 'Torii sync']);
    expect(JSON.stringify(listed)).not.toContain('rs_');
    const one = (await (await t.app.request(`/v1/oauth-clients/${app.id}`, { headers: a.auth })).json()) as any;
    expect(one.clientSecret === undefined).toBe(true);
  });

  it('a bound app sees its organization only: lists, reads and writes end users there, is refused elsewhere and on technicians', async () => {
    const app = (await (await post(a.auth, { name: 'Bound', scopes: ['monitoring:read', 'management:write'], organizationId: orgA })).json()) as any;
    const auth = { authorization: `Bearer ${await clientToken(t, app.clientId, app.clientSecret)}` };
    const list = (await (await t.app.request('/v1/users?limit=200', { headers: auth })).json()) as { items: { email: string; organizationId: string | null }[] };
    expect(list.items.map((u) => u.email)).toEqual(['ann@a.example']);
    const bob = await t.services.db.selectFrom('users').select('id').where('email_normalized', '=', 'bob@b.example').executeTakeFirstOrThrow();
    expect((await t.app.request(`/v1/users/${bob.id}`, { headers: auth })).status).toBe(404);
    const orgs = (await (await t.app.request('/v1/organizations', { headers: auth })).json()) as { items: { id: string }[] };
    expect(orgs.items.map((o) => o.id)).toEqual([orgA]);
    const created = await t.app.request('/v1/users', json({ kind: 'end_user', firstName: 'Cid', lastName: 'New', email: 'cid@a.example', organizationId: orgA }, auth));
    expect(created.status).toBe(201);
    const elsewhere = await t.app.request('/v1/users', json({ kind: 'end_user', firstName: 'Dee', lastName: 'New', email: 'dee@b.example', organizationId: orgB }, auth));
    const refusal = await errorOf(elsewhere);
    expect(refusal.status).toBe(422);
    expect(refusal.issues?.[0]?.path).toEqual(['body', 'organizationId']);
    expect((await t.app.request('/v1/users', json({ kind: 'technician', firstName: 'Tec', lastName: 'H', email: 'tech@a.example' }, auth))).status).toBe(403);
    // Organizations are the tenant's: a bound app neither creates nor deletes them.
    expect((await t.app.request('/v1/organizations', json({ name: 'Org C' }, auth))).status).toBe(403);
    const users = await t.services.db.selectFrom('users').select('email_normalized').where('tenant_id', '=', a.tenantId).execute();
    expect(users.map((u) => u.email_normalized).sort()).toEqual(expect.arrayContaining(['cid@a.example']));
    expect(users.some((u) => u.email_normalized === 'dee@b.example' || u.email_normalized === 'tech@a.example')).toBe(false);
  });

  it('a widget token minted by a bound app is bound to its organization', async () => {
    const app = (await (await post(a.auth, { name: 'Widgets', scopes: ['widgets:mint'], organizationId: orgA })).json()) as any;
    const access = await clientToken(t, app.clientId, app.clientSecret);
    const token = await widgetToken(t, access, a.created.rootAdmin.id);
    const list = (await (await t.app.request('/v1/users?limit=200', { headers: { authorization: `Bearer ${token}` } })).json()) as { items: { organizationId: string | null }[] };
    expect(list.items.length).toBeGreaterThan(0);
    expect(list.items.every((u) => u.organizationId === orgA)).toBe(true);
    const other = await t.app.request('/v1/widget-tokens', json({ actorUserId: a.created.rootAdmin.id, organizationId: orgB }, { authorization: `Bearer ${access}` }));
    expect(other.status).toBe(404);
  });

  it('records the last use, rotates with a grace period during which both secrets work, and with none', async () => {
    const app = (await (await post(a.auth, { name: 'Rotating', scopes: ['monitoring:read'] })).json()) as any;
    await clientToken(t, app.clientId, app.clientSecret);
    const used = (await (await t.app.request(`/v1/oauth-clients/${app.id}`, { headers: a.auth })).json()) as any;
    expect(typeof used.lastUsedAt).toBe('string');
    const rotated = await t.app.request(`/v1/oauth-clients/${app.id}/rotate-secret`, req('POST', { graceHours: 2 }, a.auth));
    expect(rotated.status).toBe(200);
    const r = (await rotated.json()) as any;
    expect(r.clientSecret).not.toBe(app.clientSecret);
    const expires = Date.parse(r.previousSecretExpiresAt) - Date.now();
    expect(expires).toBeGreaterThan(1.9 * 3600_000);
    expect(expires).toBeLessThan(2.1 * 3600_000);
    expect((await tokenResponse(t, app.clientId, app.clientSecret)).status).toBe(200);
    expect((await tokenResponse(t, app.clientId, r.clientSecret)).status).toBe(200);
    // Rotating again without grace: only the newest secret works.
    const again = (await (await t.app.request(`/v1/oauth-clients/${app.id}/rotate-secret`, req('POST', { graceHours: 0 }, a.auth))).json()) as any;
    expect(again.previousSecretExpiresAt).toBe(null);
    expect((await tokenResponse(t, app.clientId, r.clientSecret)).status).toBe(401);
    expect((await tokenResponse(t, app.clientId, app.clientSecret)).status).toBe(401);
    expect((await tokenResponse(t, app.clientId, again.clientSecret)).status).toBe(200);
    // No body: the default grace (24 h).
    const byDefault = (await (await t.app.request(`/v1/oauth-clients/${app.id}/rotate-secret`, { method: 'POST', headers: a.auth })).json()) as any;
    expect(Date.parse(byDefault.previousSecretExpiresAt) - Date.now()).toBeGreaterThan(23.9 * 3600_000);
    const actions = await t.services.db.selectFrom('audit_events').select('action').where('target_id', '=', app.id).orderBy('id').execute();
    expect(actions.map((x) => x.action)).toEqual(['oauth_client.created', 'oauth_client.secret_rotated', 'oauth_client.secret_rotated', 'oauth_client.secret_rotated']);
  });

  it('a grace period whose time has passed no longer lets the old secret in', async () => {
    const app = (await (await post(a.auth, { name: 'Expired grace', scopes: ['monitoring:read'] })).json()) as any;
    await t.app.request(`/v1/oauth-clients/${app.id}/rotate-secret`, req('POST', { graceHours: 1 }, a.auth));
    await t.services.db.updateTable('oauth_clients').set({ previous_secret_expires_at: new Date(Date.now() - 1000).toISOString() }).where('id', '=', app.id).execute();
    expect((await tokenResponse(t, app.clientId, app.clientSecret)).status).toBe(401);
  });

  it('revoking kills its access tokens and every widget token it minted at once, and it is gone', async () => {
    const app = (await (await post(a.auth, { name: 'Doomed', scopes: ['monitoring:read', 'widgets:mint'] })).json()) as any;
    const access = await clientToken(t, app.clientId, app.clientSecret);
    const widget = await widgetToken(t, access, a.created.rootAdmin.id);
    expect((await t.app.request('/v1/users', { headers: { authorization: `Bearer ${access}` } })).status).toBe(200);
    expect((await t.app.request('/v1/users', { headers: { authorization: `Bearer ${widget}` } })).status).toBe(200);
    expect((await t.app.request(`/v1/oauth-clients/${app.id}`, req('DELETE', undefined, a.auth))).status).toBe(204);
    expect((await t.app.request('/v1/users', { headers: { authorization: `Bearer ${access}` } })).status).toBe(401);
    expect((await t.app.request('/v1/users', { headers: { authorization: `Bearer ${widget}` } })).status).toBe(401);
    expect((await tokenResponse(t, app.clientId, app.clientSecret)).status).toBe(401);
    expect((await t.app.request(`/v1/oauth-clients/${app.id}`, { headers: a.auth })).status).toBe(404);
    expect((await t.app.request(`/v1/oauth-clients/${app.id}`, req('DELETE', undefined, a.auth))).status).toBe(404);
    const listed = (await (await t.app.request('/v1/oauth-clients', { headers: a.auth })).json()) as { items: { id: string }[] };
    expect(listed.items.some((i) => i.id === app.id)).toBe(false);
    const actions = await t.services.db.selectFrom('audit_events').select('action').where('target_id', '=', app.id).orderBy('id').execute();
    expect(actions.map((x) => x.action)).toEqual(['oauth_client.created', 'oauth_client.revoked']);
  });

  it('an organization with an app bound to it is not deleted until the app is revoked', async () => {
    const org = ((await (await t.app.request('/v1/organizations', json({ name: 'Org Gone' }, a.auth))).json()) as { id: string }).id;
    const app = (await (await post(a.auth, { name: 'Holder', scopes: ['monitoring:read'], organizationId: org })).json()) as any;
    const refused = await errorOf(await t.app.request(`/v1/organizations/${org}`, req('DELETE', undefined, a.auth)));
    expect(refused.status).toBe(409);
    expect(refused.message).toContain('revoke it first');
    expect((await t.app.request(`/v1/oauth-clients/${app.id}`, req('DELETE', undefined, a.auth))).status).toBe(204);
    expect((await t.app.request(`/v1/organizations/${org}`, req('DELETE', undefined, a.auth))).status).toBe(204);
    const row = await t.services.db.selectFrom('oauth_clients').select(['organization_id', 'revoked_at']).where('id', '=', app.id).executeTakeFirstOrThrow();
    expect(row.organization_id).toBe(null);
    expect(row.revoked_at === null).toBe(false);
  });

  it('refuses bad input with the field named, and creates nothing', async () => {
    const before = await count();
    const cases: [unknown, (string | number)[]][] = [
      [{ name: '', scopes: ['monitoring:read'] }, ['body', 'name']],
      [{ name: 'x'.repeat(101), scopes: ['monitoring:read'] }, ['body', 'name']],
      [{ name: 'Zero\u200Bwidth', scopes: ['monitoring:read'] }, ['body', 'name']],
      [{ scopes: ['monitoring:read'] }, ['body', 'name']],
      [{ name: 'No scopes', scopes: [] }, ['body', 'scopes']],
      [{ name: 'Unknown', scopes: ['admin:all'] }, ['body', 'scopes', 0]],
      [{ name: 'Twice', scopes: ['monitoring:read', 'monitoring:read'] }, ['body', 'scopes']],
      [{ name: 'Bad org', scopes: ['monitoring:read'], organizationId: 'nope' }, ['body', 'organizationId']],
      [{ name: 'Other tenant', scopes: ['monitoring:read'], organizationId: (await (await t.app.request('/v1/organizations', json({ name: 'Beta org' }, b.auth))).json() as { id: string }).id }, ['body', 'organizationId']],
      [{ name: 'Extra', scopes: ['monitoring:read'], secret: 'mine' }, ['body', 'secret']],
    ];
    for (const [body, path] of cases) {
      const e = await errorOf(await post(a.auth, body));
      expect(e.status, JSON.stringify(body)).toBe(422);
      expect(e.issues?.map((i) => i.path), JSON.stringify(body)).toContainEqual(path);
    }
    const app = (await (await post(a.auth, { name: 'Target', scopes: ['monitoring:read'] })).json()) as any;
    for (const graceHours of [-1, 169, 1.5, '2']) {
      const e = await errorOf(await t.app.request(`/v1/oauth-clients/${app.id}/rotate-secret`, req('POST', { graceHours }, a.auth)));
      expect(e.status).toBe(422);
      expect(e.issues?.[0]?.path).toEqual(['body', 'graceHours']);
    }
    expect((await t.app.request(`/v1/oauth-clients/${app.id}`, { headers: a.auth })).status).toBe(200);
    expect((await tokenResponse(t, app.clientId, app.clientSecret)).status).toBe(200);
    expect(await count()).toBe(before + 1);
  });

  it('only integrations.manage manages apps, never an app itself, and nobody gives an app permissions they lack', async () => {
    const roles = async (body: unknown) => ((await (await t.app.request('/v1/roles', json(body, a.auth))).json()) as { id: string }).id;
    const readOnly = await roles({ name: 'Integrator (read)', permissions: ['integrations.manage', 'users.read', 'organizations.read', 'roles.read', 'org.access.all'] });
    const orgLimited = await roles({ name: 'Integrator (Org A)', permissions: ['integrations.manage', 'users.read', 'organizations.read', 'roles.read', 'users.write'], organizationIds: [orgA] });
    const nothing = await roles({ name: 'Viewer', permissions: ['users.read'] });
    const [u1, u2, u3] = await insertUsers(t, [
      userRow(a.tenantId, { email: 'integrator@a.example' }),
      userRow(a.tenantId, { email: 'limited@a.example' }),
      userRow(a.tenantId, { email: 'viewer@a.example' }),
    ]);
    await assignRoles(t.services.db, a.tenantId, [{ userId: u1!.id, roleId: readOnly }, { userId: u2!.id, roleId: orgLimited }, { userId: u3!.id, roleId: nothing }]);
    const as = async (id: string) => ({ authorization: `Bearer ${await widgetToken(t, a.access, id)}` });
    const before = await count();

    expect((await post(await as(u3!.id), { name: 'No', scopes: ['monitoring:read'] })).status).toBe(403);
    expect((await t.app.request('/v1/oauth-clients', { headers: await as(u3!.id) })).status).toBe(403);
    expect((await t.app.request('/v1/oauth-clients', { headers: { authorization: `Bearer ${a.access}` } })).status).toBe(403);

    const integrator = await as(u1!.id);
    const escalate = await errorOf(await post(integrator, { name: 'Writer', scopes: ['monitoring:read', 'management:write'] }));
    expect(escalate.status).toBe(422);
    expect(escalate.issues?.map((i) => i.path)).toEqual([['body', 'scopes', 1]]);
    expect(escalate.issues?.[0]?.message).toContain('end_users.write');
    expect((await post(integrator, { name: 'Reader', scopes: ['monitoring:read'] })).status).toBe(201);

    const limited = await as(u2!.id);
    const unbound = await errorOf(await post(limited, { name: 'Tenant-wide', scopes: ['monitoring:read'] }));
    expect(unbound.issues?.[0]?.path).toEqual(['body', 'organizationId']);
    const otherOrg = await errorOf(await post(limited, { name: 'Org B app', scopes: ['monitoring:read'], organizationId: orgB }));
    expect(otherOrg.issues?.[0]?.path).toEqual(['body', 'organizationId']);
    // Bound to an organization the person sees, the app needs neither org.access.all nor organizations.manage.
    const bound = await post(limited, { name: 'Org A app', scopes: ['monitoring:read', 'management:write'], organizationId: orgA });
    expect(bound.status).toBe(201);
    const mine = (await (await t.app.request('/v1/oauth-clients', { headers: limited })).json()) as { items: { name: string }[] };
    // Only the apps bound to the organization the person sees: not the tenant-wide ones, not Org B's.
    expect(mine.items.map((i) => i.name)).toEqual(['Torii sync', 'Bound', 'Widgets', 'Org A app']);
    expect(await count()).toBe(before + 2);
  });

  it('keeps each tenant to its own apps', async () => {
    const app = (await (await post(a.auth, { name: 'Alpha only', scopes: ['monitoring:read'] })).json()) as any;
    expect((await t.app.request(`/v1/oauth-clients/${app.id}`, { headers: b.auth })).status).toBe(404);
    expect((await t.app.request(`/v1/oauth-clients/${app.id}/rotate-secret`, req('POST', {}, b.auth))).status).toBe(404);
    expect((await t.app.request(`/v1/oauth-clients/${app.id}`, req('DELETE', undefined, b.auth))).status).toBe(404);
    const listed = (await (await t.app.request('/v1/oauth-clients', { headers: b.auth })).json()) as { items: { name: string }[] };
    expect(listed.items.map((i) => i.name)).toEqual(['Default client']);
    expect((await tokenResponse(t, app.clientId, app.clientSecret)).status).toBe(200);
  });
});
