import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { adminSession, createTestContext, dialects, errorOf, insertUsers, json, roleId, type TestContext, userRow, widgetToken } from '../support.js';
import { assignRoles } from '../../src/db/repositories/roles.repository.js';

/**
 * An attacker's run over "view as" (issue 17): what the start checked (an active end user, an administrator holding
 * users.impersonate who sees them) must keep holding for every request of the session — else a support person keeps,
 * or gains, what they were never given.
 */
describe.each(dialects)('attacks on a "view as" session on %s', (dialect) => {
  let t: TestContext;
  let a: Awaited<ReturnType<typeof adminSession>>;
  let orgA: string;
    let ann: string;
  let admin: string;
  let sysAdmin: string;
  let support: Record<string, string>;
  const db = () => t.services.platformDb;
  const put = (path: string, body: unknown, auth: Record<string, string>) => t.app.request(path, { method: 'PUT', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify(body) });
  const patch = (path: string, body: unknown, auth: Record<string, string>) => t.app.request(path, { method: 'PATCH', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify(body) });

  /** Starts a "view as" on Ann and opens its link as a browser would: the session's cookie. */
  async function viewAsAnn(auth: Record<string, string> = support): Promise<string> {
    const res = await t.app.request(`/v1/users/${ann}/impersonate`, json({ minutes: 5 }, auth));
    if (res.status !== 201) throw new Error(`impersonate: ${res.status} ${await res.text()}`);
    const { url } = (await res.json()) as { url: string };
    const landed = await t.app.request(new URL(url).pathname + new URL(url).search);
    return `roster_session=${/roster_session=([^;]+)/.exec(landed.headers.get('set-cookie') ?? '')![1]}`;
  }
  const me = (cookie: string) => t.app.request('/v1/auth/me', { headers: { cookie } });

  beforeAll(async () => {
    t = await createTestContext(dialect);
    a = await adminSession(t, 'Alpha');
    const mk = async (name: string) => ((await (await t.app.request('/v1/organizations', json({ name }, a.auth))).json()) as { id: string }).id;
    orgA = await mk('Org A');
    await insertUsers(t, [
      userRow(a.tenantId, { first_name: 'Ann', last_name: 'InA', email: 'ann@a.example', kind: 'end_user', organization_id: orgA }),
      userRow(a.tenantId, { first_name: 'Adam', last_name: 'Admin', email: 'adam@a.example', kind: 'technician' }),
    ]);
    const id = async (email: string) => (await db().selectFrom('users').select('id').where('email_normalized', '=', email).executeTakeFirstOrThrow()).id;
    [ann, admin] = (await Promise.all(['ann@a.example', 'adam@a.example'].map(id))) as [string, string];
    sysAdmin = await roleId(t, a.tenantId, 'system_admin');
    await assignRoles(db(), a.tenantId, [{ userId: admin, roleId: sysAdmin }]);
  });
  afterAll(async () => t?.close());

  beforeEach(async () => {
    // Each case starts from the same state: Adam, a system admin seeing every organization, holds users.impersonate;
    // Ann is an active end user of Org A without roles.
    await db().updateTable('users').set({ kind: 'end_user', status: 'active', organization_id: orgA }).where('id', '=', ann).execute();
    await db().deleteFrom('role_assignments').where('user_id', '=', ann).execute();
    await db().updateTable('users').set({ status: 'active', sessions_valid_after: '2000-01-01T00:00:00Z' }).where('id', '=', admin).execute();
    const given = await put(`/v1/users/${admin}/roles`, { roleIds: [sysAdmin], permissions: ['users.impersonate'] }, a.auth);
    if (given.status !== 200) throw new Error(`grant failed: ${given.status} ${await given.text()}`);
    support = { authorization: `Bearer ${await widgetToken(t, a.access, admin)}` };
  });

  it('the session acts as the end user while nothing changed (the baseline the cases below break)', async () => {
    const cookie = await viewAsAnn();
    expect(((await (await me(cookie)).json()) as { id: string }).id).toBe(ann);
  });

  it('a user made an administrator during the session: the session no longer acts (no administrator is viewed as)', async () => {
    const cookie = await viewAsAnn();
    expect((await put(`/v1/users/${ann}/roles`, { roleIds: [sysAdmin] }, a.auth)).status).toBe(200);
    // Ann's own sessions would now list any user; the support person's view of her must not.
    expect((await t.app.request('/v1/users', { headers: { cookie } })).status).toBe(401);
    expect((await me(cookie)).status).toBe(401);
  });

  it('a user turned into a technician during the session: the session no longer acts', async () => {
    const cookie = await viewAsAnn();
    await db().updateTable('users').set({ kind: 'technician', organization_id: null }).where('id', '=', ann).execute();
    expect((await me(cookie)).status).toBe(401);
  });

  it('the support person loses users.impersonate: their ongoing "view as" ends with it', async () => {
    const cookie = await viewAsAnn();
    expect((await put(`/v1/users/${admin}/roles`, { roleIds: [sysAdmin], permissions: [] }, a.auth)).status).toBe(200);
    expect((await me(cookie)).status).toBe(401);
  });

  it('the support person is deactivated: their ongoing "view as" ends with it', async () => {
    const cookie = await viewAsAnn();
    await db().updateTable('users').set({ status: 'deactivated' }).where('id', '=', admin).execute();
    expect((await me(cookie)).status).toBe(401);
  });

  it('the support person signs out everywhere (or has their password reset): their ongoing "view as" ends too', async () => {
    const cookie = await viewAsAnn();
    // What endAllSessions does to the administrator, seconds after the session began (the cut is to the second).
    await db().updateTable('users').set({ sessions_valid_after: new Date(Date.now() + 2000).toISOString() }).where('id', '=', admin).execute();
    expect((await me(cookie)).status).toBe(401);
  });

  it('a suspended end user is not viewed as (409, nothing started); one suspended during the session is no longer acted as', async () => {
    const suspend = (body: unknown) => t.app.request(`/v1/users/${ann}/suspend`, json(body, a.auth));
    expect((await suspend({ reason: 'Chargeback' })).status).toBe(200);
    const before = await db().selectFrom('sessions').select('id').where('user_id', '=', ann).execute();
    const e = await errorOf(await t.app.request(`/v1/users/${ann}/impersonate`, json({ minutes: 5 }, support)));
    expect(e.status).toBe(409);
    expect(e.message).toBe('The user is suspended: only an active user can be viewed as.');
    expect(await db().selectFrom('sessions').select('id').where('user_id', '=', ann).execute()).toEqual(before);
    expect((await t.app.request(`/v1/users/${ann}/unsuspend`, json({}, a.auth))).status).toBe(200);
    const cookie = await viewAsAnn();
    expect((await suspend({ reason: 'Again', until: new Date(Date.now() + 3600_000).toISOString() })).status).toBe(200);
    expect((await me(cookie)).status).toBe(401);
    expect((await t.app.request(`/v1/users/${ann}/unsuspend`, json({}, a.auth))).status).toBe(200);
  });

  it('inside the session: no API key, no OAuth app, no second "view as", no role grant, no audit read, no suspension of oneself', async () => {
    const cookie = await viewAsAnn();
    const h = { cookie };
    expect((await t.app.request('/v1/api-keys', json({ name: 'k', scopes: ['users:read'] }, h))).status).toBe(403);
    expect((await t.app.request('/v1/oauth-clients', json({ name: 'x', scopes: ['users:read'] }, h))).status).toBe(403);
    expect((await t.app.request(`/v1/users/${ann}/impersonate`, json({ minutes: 5 }, h))).status).toBe(403);
    expect((await put(`/v1/users/${ann}/roles`, { roleIds: [sysAdmin] }, h)).status).toBe(403);
    expect((await t.app.request('/v1/audit-events', { headers: h })).status).toBe(403);
    expect((await t.app.request(`/v1/users/${ann}/unsuspend`, json({}, h))).status).toBe(403);
    expect((await patch(`/v1/users/${ann}`, { email: 'evil@x.example' }, h)).status).toBe(403);
    expect((await t.app.request('/v1/widget-tokens', json({ actorUserId: ann }, h))).status).toBeGreaterThanOrEqual(401);
    const roles = await db().selectFrom('role_assignments').select('role_id').where('user_id', '=', ann).execute();
    expect(roles).toEqual([]);
    expect(await db().selectFrom('api_keys').select('id').where('tenant_id', '=', a.tenantId).execute()).toEqual([]);
    expect((await errorOf(await t.app.request(`/v1/users/${ann}/impersonate`, json({ minutes: 5 }, h)))).status).toBe(403);
  });
});
