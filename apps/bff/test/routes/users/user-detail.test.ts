import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { UserDetailSchema, type UserDetail } from '@roster/contract';
import { adminSession, createTestContext, dialects, errorOf, insertUsers, json, roleId, userRow, widgetToken, type TestContext } from '../../support.js';
import { insertOrganizations } from '../../../src/db/repositories/organizations.repository.js';
import { assignRoles } from '../../../src/db/repositories/roles.repository.js';

/**
 * A user's access settings readable (issue 14): `GET /v1/users/:id` shows the explicit permissions, access groups and
 * "All Module Access" that `PUT /v1/users/:id/roles` and `PUT /v1/users/:id/access-groups` set; a clone copies them;
 * `POST /v1/users` may give them at creation within the grant rules.
 */
describe.each(dialects)('a user’s access settings on %s', (dialect) => {
  let t: TestContext;
  let a: Awaited<ReturnType<typeof adminSession>>;
  let b: Awaited<ReturnType<typeof adminSession>>;
  let org: { id: string };
  let otherOrg: { id: string };
  let groups: { rmm: string; psa: string };
  const strict = z.strictObject(UserDetailSchema.shape);

  const send = (method: string, path: string, body: unknown, auth: Record<string, string>) =>
    t.app.request(path, { method, headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify(body) });
  const detail = async (id: string, auth: Record<string, string> = a.auth) => {
    const res = await t.app.request(`/v1/users/${id}`, { headers: auth });
    expect(res.status, await res.clone().text()).toBe(200);
    return strict.parse(await res.json()) as UserDetail;
  };
  const create = async (body: Record<string, unknown>, auth: Record<string, string> = a.auth) => {
    const res = await t.app.request('/v1/users', json(body, auth));
    expect(res.status, await res.clone().text()).toBe(201);
    return (await res.json()) as { id: string };
  };
  const group = async (name: string, modules: string[], auth: Record<string, string> = a.auth) => {
    const res = await t.app.request('/v1/access-groups', json({ name, modules }, auth));
    expect(res.status, await res.clone().text()).toBe(201);
    return ((await res.json()) as { id: string }).id;
  };
  const countUsers = async (tenantId: string) =>
    Number((await t.services.db.selectFrom('users').select(({ fn }) => fn.countAll<number>().as('n')).where('tenant_id', '=', tenantId).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    t = await createTestContext(dialect);
    a = await adminSession(t, 'Detail Alpha');
    b = await adminSession(t, 'Detail Beta');
    [org, otherOrg] = (await insertOrganizations(t.services.db, a.tenantId, ['Client One', 'Client Two'])).map(({ id }) => ({ id })) as [typeof org, typeof otherOrg];
    groups = { psa: await group('Helpdesk', ['psa']), rmm: await group('Remote', ['rmm']) };
  });
  afterAll(async () => t?.close());

  it('GET shows an active user’s email change waiting for its confirmation (pendingEmail), and null without one', async () => {
    const [pat] = await insertUsers(t, [userRow(a.tenantId, { email: 'pat@alpha.example', status: 'active' })]);
    expect((await detail(pat!.id)).pendingEmail).toBe(null);
    const res = await send('PATCH', `/v1/users/${pat!.id}`, { email: 'pat.new@alpha.example' }, a.auth);
    expect(res.status, await res.clone().text()).toBe(200);
    const after = await detail(pat!.id);
    expect(after).toMatchObject({ email: 'pat@alpha.example', pendingEmail: 'pat.new@alpha.example' });
    // Another tenant sees nothing of it.
    expect((await t.app.request(`/v1/users/${pat!.id}`, { headers: b.auth })).status).toBe(404);
  });

  it('GET shows what PUT roles and PUT access-groups set; PUT roles answers the same detail', async () => {
    const u = await create({ kind: 'technician', firstName: 'Dee', lastName: 'Tail', email: 'dee@alpha.example' });
    // Every module until the Access tab says otherwise (the default of every user).
    expect(await detail(u.id)).toMatchObject({ explicitPermissions: [], accessGroupIds: [], allModules: true });
    const roles = await send('PUT', `/v1/users/${u.id}/roles`, { roleIds: [], permissions: ['users.read', 'audit.read'] }, a.auth);
    expect(roles.status, await roles.clone().text()).toBe(200);
    expect(strict.parse(await roles.json())).toMatchObject({ explicitPermissions: ['audit.read', 'users.read'] });
    const access = await send('PUT', `/v1/users/${u.id}/access-groups`, { groupIds: [groups.rmm, groups.psa], allModules: false }, a.auth);
    expect(access.status, await access.clone().text()).toBe(200);
    expect(await detail(u.id)).toMatchObject({
      email: 'dee@alpha.example',
      explicitPermissions: ['audit.read', 'users.read'],
      accessGroupIds: [groups.psa, groups.rmm].sort(),
      allModules: false,
    });
    // The list stays lean: none of it in its rows.
    const list = (await (await t.app.request('/v1/users?q=dee', { headers: a.auth })).json()) as { items: Record<string, unknown>[] };
    expect(list.items).toHaveLength(1);
    expect(Object.keys(list.items[0]!)).not.toContain('explicitPermissions');
  });

  it('another tenant never reads them (404, like a missing id), and its own users show only its own', async () => {
    const u = await create({ kind: 'technician', firstName: 'Iso', lastName: 'Late', email: 'iso@alpha.example', explicitPermissions: ['audit.read'], accessGroupIds: [groups.rmm] });
    expect(await errorOf(await t.app.request(`/v1/users/${u.id}`, { headers: b.auth }))).toMatchObject({ status: 404 });
    const own = await create({ kind: 'technician', firstName: 'Bee', lastName: 'Side', email: 'bee@beta.example' }, b.auth);
    expect(await detail(own.id, b.auth)).toMatchObject({ explicitPermissions: [], accessGroupIds: [], allModules: true });
    // Another tenant's group is no group of this one: 422, and nothing is created.
    const before = await countUsers(b.tenantId);
    const e = await errorOf(await t.app.request('/v1/users', json({ kind: 'technician', firstName: 'X', lastName: 'Y', email: 'x@beta.example', accessGroupIds: [groups.rmm] }, b.auth)));
    expect(e).toMatchObject({ status: 422, issues: [{ path: ['body', 'accessGroupIds', 0] }] });
    expect(await countUsers(b.tenantId)).toBe(before);
  });

  it('a co-managed user reads them for a user of their organization, and nobody of another', async () => {
    const [carla] = await insertUsers(t, [userRow(a.tenantId, { email: 'carla@client-one.example', organization_id: org.id, kind: 'end_user' })]);
    await assignRoles(t.services.db, a.tenantId, [{ userId: carla!.id, roleId: await roleId(t, a.tenantId, 'co_managed_user') }]);
    const carlaAuth = { authorization: `Bearer ${await widgetToken(t, a.access, carla!.id)}` };
    const mine = await create({ kind: 'end_user', organizationId: org.id, firstName: 'En', lastName: 'User', email: 'en@client-one.example', accessGroupIds: [groups.psa], allModules: false });
    const theirs = await create({ kind: 'end_user', organizationId: otherOrg.id, firstName: 'Oth', lastName: 'Er', email: 'oth@client-two.example', accessGroupIds: [groups.psa] });
    expect(await detail(mine.id, carlaAuth)).toMatchObject({ organizationId: org.id, explicitPermissions: [], accessGroupIds: [groups.psa], allModules: false });
    expect((await t.app.request(`/v1/users/${theirs.id}`, { headers: carlaAuth })).status).toBe(404);
  });

  it('a clone copies explicit permissions, access groups and All Module Access', async () => {
    const source = await create({ kind: 'technician', firstName: 'Ori', lastName: 'Ginal', email: 'ori@alpha.example', explicitPermissions: ['billing.manage', 'audit.read'], accessGroupIds: [groups.rmm, groups.psa], allModules: false });
    expect(await detail(source.id)).toMatchObject({ explicitPermissions: ['audit.read', 'billing.manage'], accessGroupIds: [groups.psa, groups.rmm].sort(), allModules: false });
    const res = await t.app.request(`/v1/users/${source.id}/clone`, json({ firstName: 'Co', lastName: 'Py', email: 'copy@alpha.example' }, a.auth));
    expect(res.status, await res.clone().text()).toBe(201);
    const clone = await detail(((await res.json()) as { id: string }).id);
    expect(clone).toMatchObject({ email: 'copy@alpha.example', status: 'invited', explicitPermissions: ['audit.read', 'billing.manage'], accessGroupIds: [groups.psa, groups.rmm].sort(), allModules: false });
  });

  describe('given at creation, within the grant rules', () => {
    let limited: Record<string, string>;
    beforeAll(async () => {
      // A recruiter: creates technicians, holds neither roles.manage nor audit.read.
      const role = await t.app.request('/v1/roles', json({ name: 'Recruiter', description: 'Creates people', permissions: ['users.read', 'users.write', 'users.invite', 'org.access.all', 'billing.manage', 'self.edit'] }, a.auth));
      expect(role.status, await role.clone().text()).toBe(201);
      const [rita] = await insertUsers(t, [userRow(a.tenantId, { email: 'rita@alpha.example' })]);
      await assignRoles(t.services.db, a.tenantId, [{ userId: rita!.id, roleId: ((await role.json()) as { id: string }).id }]);
      limited = { authorization: `Bearer ${await widgetToken(t, a.access, rita!.id)}` };
    });

    it('a permission the caller holds is given; one they do not hold is a 422 naming it, and nothing is created', async () => {
      const ok = await create({ kind: 'technician', firstName: 'Gi', lastName: 'Ven', email: 'given@alpha.example', explicitPermissions: ['billing.manage'] }, limited);
      expect(await detail(ok.id)).toMatchObject({ explicitPermissions: ['billing.manage'] });
      const before = await countUsers(a.tenantId);
      const e = await errorOf(await t.app.request('/v1/users', json({ kind: 'technician', firstName: 'No', lastName: 'Pe', email: 'nope@alpha.example', explicitPermissions: ['billing.manage', 'audit.read'] }, limited)));
      expect(e).toMatchObject({ status: 422, code: 'validation_failed' });
      expect(e.issues).toEqual([{ path: ['body', 'explicitPermissions', 1], message: expect.stringContaining('audit.read') }]);
      expect(await countUsers(a.tenantId)).toBe(before);
    });

    it('access groups and All Module Access turned off need roles.manage: 403 naming each field; the default asks for nothing', async () => {
      const before = await countUsers(a.tenantId);
      const e = await errorOf(await t.app.request('/v1/users', json({ kind: 'technician', firstName: 'Gr', lastName: 'Oup', email: 'group@alpha.example', accessGroupIds: [groups.psa], allModules: false }, limited)));
      expect(e).toMatchObject({ status: 403, code: 'forbidden' });
      expect(e.issues!.map((i) => i.path)).toEqual([['body', 'accessGroupIds'], ['body', 'allModules']]);
      expect(await countUsers(a.tenantId)).toBe(before);
      const none = await create({ kind: 'technician', firstName: 'No', lastName: 'Ne', email: 'none@alpha.example', accessGroupIds: [], allModules: true }, limited);
      expect(await detail(none.id)).toMatchObject({ accessGroupIds: [], allModules: true });
    });

    it('a clone by someone who could not give the source’s settings is refused the same way', async () => {
      const source = await create({ kind: 'technician', firstName: 'Au', lastName: 'Dit', email: 'audit@alpha.example', explicitPermissions: ['audit.read'] });
      const e = await errorOf(await t.app.request(`/v1/users/${source.id}/clone`, json({ firstName: 'Cl', lastName: 'One', email: 'cl-one@alpha.example' }, limited)));
      expect(e).toMatchObject({ status: 422, issues: [{ path: ['body', 'explicitPermissions', 0] }] });
    });

    it('an unknown permission or a malformed group id is a 422 of the contract', async () => {
      const e = await errorOf(await t.app.request('/v1/users', json({ kind: 'technician', firstName: 'Ba', lastName: 'D', email: 'bad@alpha.example', explicitPermissions: ['everything'], accessGroupIds: ['nope'], allModules: 'yes' }, a.auth)));
      expect(e.status).toBe(422);
      expect(e.issues!.map((i) => i.path.slice(0, 2))).toEqual(expect.arrayContaining([['body', 'explicitPermissions'], ['body', 'accessGroupIds'], ['body', 'allModules']]));
    });
  });
});
