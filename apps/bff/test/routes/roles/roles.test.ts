import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role, User } from '@roster/contract';
import { adminSession, createTestContext, dialects, errorOf, insertUsers, json, roleId, userRow, widgetToken, type TestContext } from '../../support.js';
import { assignRoles } from '../../../src/db/repositories/roles.repository.js';
import { insertOrganizations } from '../../../src/db/repositories/organizations.repository.js';

const req = (method: string, body: unknown, headers: Record<string, string>): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

describe.each(dialects)('roles and role assignment on %s', (dialect) => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext(dialect);
  });
  afterAll(async () => t?.close());

  /** An active user of the tenant holding the given roles, with a widget token. */
  async function member(s: Awaited<ReturnType<typeof adminSession>>, email: string, roleIds: string[], extra: Record<string, unknown> = {}) {
    const [u] = await insertUsers(t, [userRow(s.tenantId, { email, ...extra })]);
    await assignRoles(t.services.db, s.tenantId, roleIds.map((r) => ({ userId: u!.id, roleId: r })));
    return { id: u!.id, auth: { authorization: `Bearer ${await widgetToken(t, s.access, u!.id)}` } };
  }

  it('custom roles: created with permissions the creator holds; escalation is refused, naming each permission', async () => {
    const s = await adminSession(t, 'Roles Co');
    const created = await t.app.request('/v1/roles', json({ name: 'Helpdesk', description: 'Front line', permissions: ['users.read', 'users.write', 'users.invite', 'roles.manage', 'roles.read', 'org.access.all'] }, s.auth));
    expect(created.status).toBe(201);
    const helpdesk = (await created.json()) as Role;
    expect(helpdesk).toMatchObject({ name: 'Helpdesk', builtIn: false });
    const agent = await member(s, 'agent@roles.example', [helpdesk.id]);
    const escalate = await errorOf(await t.app.request('/v1/roles', json({ name: 'Sneaky', permissions: ['users.read', 'billing.manage', 'users.delete'] }, agent.auth)));
    expect(escalate.status).toBe(422);
    expect(escalate.issues).toEqual([
      { path: ['body', 'permissions', 1], message: 'You cannot grant billing.manage: you do not hold it yourself.' },
      { path: ['body', 'permissions', 2], message: 'You cannot grant users.delete: you do not hold it yourself.' },
    ]);
    // …nor by assigning a stronger role to someone (or to themself).
    const sysAdmin = await roleId(t, s.tenantId, 'system_admin');
    const viaAssign = await errorOf(await t.app.request(`/v1/users/${agent.id}/roles`, req('PUT', { roleIds: [helpdesk.id, sysAdmin] }, agent.auth)));
    expect(viaAssign).toMatchObject({ status: 422, issues: [{ path: ['body', 'roleIds', 1] }] });
    const viaExplicit = await errorOf(await t.app.request(`/v1/users/${agent.id}/roles`, req('PUT', { roleIds: [helpdesk.id], permissions: ['billing.manage'] }, agent.auth)));
    expect(viaExplicit).toMatchObject({ status: 422, issues: [{ path: ['body', 'permissions', 0] }] });
    const dup = await errorOf(await t.app.request('/v1/roles', json({ name: ' helpdesk ', permissions: [] }, s.auth)));
    expect(dup).toMatchObject({ status: 409, issues: [{ path: ['body', 'name'] }] });
    const bad = await errorOf(await t.app.request('/v1/roles', json({ name: '', permissions: ['root.everything'], key: 'x' }, s.auth)));
    expect(bad.issues!.map((i) => i.path.join('.')).sort()).toEqual(['body.key', 'body.name', 'body.permissions.0']);
    const audit = (await (await t.app.request('/v1/audit-events?action=role.created', { headers: s.auth })).json()) as { items: unknown[] };
    expect(audit.items).toHaveLength(1);
  });

  it('built-in roles cannot be changed or deleted; a custom role still held cannot be deleted', async () => {
    const s = await adminSession(t, 'Builtin Co');
    const userRole = await roleId(t, s.tenantId, 'user');
    expect((await errorOf(await t.app.request(`/v1/roles/${userRole}`, req('PATCH', { permissions: [] }, s.auth)))).status).toBe(403);
    expect((await errorOf(await t.app.request(`/v1/roles/${userRole}`, { method: 'DELETE', headers: s.auth }))).status).toBe(403);
    const custom = (await (await t.app.request('/v1/roles', json({ name: 'Temp', permissions: ['users.read'] }, s.auth))).json()) as Role;
    const holder = await member(s, 'holder@builtin.example', [custom.id]);
    const held = await errorOf(await t.app.request(`/v1/roles/${custom.id}`, { method: 'DELETE', headers: s.auth }));
    expect(held).toMatchObject({ status: 409, message: '1 user holds this role; give them another role first.' });
    await t.app.request(`/v1/users/${holder.id}/roles`, req('PUT', { roleIds: [userRole] }, s.auth));
    expect((await t.app.request(`/v1/roles/${custom.id}`, { method: 'DELETE', headers: s.auth })).status).toBe(204);
  });

  it('the Root Admin’s roles change only by promotion; the Root Admin role is never assigned', async () => {
    const s = await adminSession(t, 'Root Co');
    const userRole = await roleId(t, s.tenantId, 'user');
    const other = await member(s, 'other@root.example', [userRole]);
    expect(await errorOf(await t.app.request(`/v1/users/${s.created.rootAdmin.id}/roles`, req('PUT', { roleIds: [userRole] }, s.auth)))).toMatchObject({ status: 403 });
    const root = await roleId(t, s.tenantId, 'root_admin');
    expect(await errorOf(await t.app.request(`/v1/users/${other.id}/roles`, req('PUT', { roleIds: [root] }, s.auth)))).toMatchObject({ status: 422, issues: [{ path: ['body', 'roleIds', 0] }] });
  });

  it('Beginner (atera) can be changed only after the first login', async () => {
    const s = await adminSession(t, 'Beginner Co', 'atera');
    const res = await t.app.request('/v1/users', json({ kind: 'technician', firstName: 'New', lastName: 'Tech', email: 'new@beginner.example' }, s.auth));
    const tech = (await res.json()) as User;
    const userRole = await roleId(t, s.tenantId, 'user');
    expect(await errorOf(await t.app.request(`/v1/users/${tech.id}/roles`, req('PUT', { roleIds: [userRole] }, s.auth)))).toMatchObject({ status: 409, message: 'Beginner can be changed only after the user’s first login.' });
    await t.services.db.updateTable('users').set({ last_login_at: new Date().toISOString(), status: 'active' }).where('id', '=', tech.id).execute();
    const ok = await t.app.request(`/v1/users/${tech.id}/roles`, req('PUT', { roleIds: [userRole] }, s.auth));
    expect(((await ok.json()) as User).roles.map((r) => r.name)).toEqual(['User']);
  });

  it('two admins demoting each other at the same time: the tenant keeps an active admin (repeated)', async () => {
    for (let round = 0; round < 5; round++) {
      const s = await adminSession(t, `Demote Co ${round}`);
      await t.services.db.updateTable('users').set({ status: 'invited' }).where('id', '=', s.created.rootAdmin.id).execute();
      const sysAdmin = await roleId(t, s.tenantId, 'system_admin');
      const userRole = await roleId(t, s.tenantId, 'user');
      const a = await member(s, `a${round}@demote.example`, [sysAdmin]);
      const b = await member(s, `b${round}@demote.example`, [sysAdmin]);
      const results = await Promise.all([
        t.app.request(`/v1/users/${b.id}/roles`, req('PUT', { roleIds: [userRole] }, a.auth)),
        t.app.request(`/v1/users/${a.id}/roles`, req('PUT', { roleIds: [userRole] }, b.auth)),
      ]);
      // The loser is refused either by the gate (its permissions are reloaded and gone: 403) or, when both passed
      // the gate, under the tenant lock (409).
      const statuses = results.map((r) => r.status).sort();
      expect(statuses[0]).toBe(200);
      expect([403, 409]).toContain(statuses[1]);
      const admins = await t.services.db
        .selectFrom('role_assignments')
        .select('user_id')
        .where('tenant_id', '=', s.tenantId)
        .where('role_id', '=', sysAdmin)
        .execute();
      expect(admins).toHaveLength(1);
    }
  });

  it('access groups: inactive groups give nothing, reactivation gives the modules back; bad input names the field', async () => {
    const s = await adminSession(t, 'Groups Co');
    const mk = async (body: unknown) => t.app.request('/v1/access-groups', json(body, s.auth));
    const rmm = (await (await mk({ name: 'RMM', modules: ['rmm', 'rmm.scripts'] })).json()) as { id: string };
    const psa = (await (await mk({ name: 'PSA', modules: ['psa.tickets'], active: false })).json()) as { id: string };
    expect(await errorOf(await mk({ name: 'RMM', modules: [] }))).toMatchObject({ status: 409, issues: [{ path: ['body', 'name'] }] });
    expect(await errorOf(await mk({ name: 'Bad', modules: ['Not A Module!'] }))).toMatchObject({ status: 422, issues: [{ path: ['body', 'modules', 0] }] });
    const [u] = await insertUsers(t, [userRow(s.tenantId, { email: 'grouped@groups.example' })]);
    const put = (body: unknown) => t.app.request(`/v1/users/${u!.id}/access-groups`, req('PUT', body, s.auth));
    expect(await errorOf(await put({ groupIds: ['00000000-0000-4000-8000-000000000000'], allModules: false }))).toMatchObject({ status: 422, issues: [{ path: ['body', 'groupIds', 0] }] });
    const effective = (await (await put({ groupIds: [rmm.id, psa.id], allModules: false })).json()) as { modules: string[]; allModules: boolean };
    expect(effective).toMatchObject({ allModules: false, modules: ['rmm', 'rmm.scripts'] });
    await t.app.request(`/v1/access-groups/${psa.id}`, req('PATCH', { active: true }, s.auth));
    const after = (await (await t.app.request(`/v1/users/${u!.id}/modules`, { headers: s.auth })).json()) as { modules: string[] };
    expect(after.modules).toEqual(['psa.tickets', 'rmm', 'rmm.scripts']);
    const other = await adminSession(t, 'Other Groups Co');
    expect((await t.app.request(`/v1/users/${u!.id}/modules`, { headers: other.auth })).status).toBe(404);
    expect((await t.app.request(`/v1/access-groups/${psa.id}`, req('PATCH', { active: false }, other.auth))).status).toBe(404);
  });

  it('a technician limited to one organization by role sees, edits and creates only there (404 elsewhere); no escalation by organization', async () => {
    const s = await adminSession(t, 'Scoped Co');
    const [orgA, orgB] = await insertOrganizations(t.services.db, s.tenantId, ['Alpha Org', 'Beta Org']);
    const role = (await (await t.app.request('/v1/roles', json({ name: 'Alpha techs', permissions: ['users.read', 'users.write', 'organizations.read', 'roles.manage'], organizationIds: [orgA!.id] }, s.auth))).json()) as Role;
    expect(role.organizationIds).toEqual([orgA!.id]);
    const tech = await member(s, 'tech@scoped.example', [role.id]);
    const [inA, inB] = await insertUsers(t, [
      userRow(s.tenantId, { email: 'a1@scoped.example', kind: 'end_user', organization_id: orgA!.id }),
      userRow(s.tenantId, { email: 'b1@scoped.example', kind: 'end_user', organization_id: orgB!.id }),
    ]);
    const list = (await (await t.app.request('/v1/users?limit=200', { headers: tech.auth })).json()) as { items: User[] };
    expect(list.items.map((u) => u.email)).toEqual(['a1@scoped.example']);
    expect((await t.app.request(`/v1/users/${inB!.id}`, { headers: tech.auth })).status).toBe(404);
    expect((await t.app.request(`/v1/users/${inB!.id}`, req('PATCH', { firstName: 'X' }, tech.auth))).status).toBe(404);
    expect((await t.app.request(`/v1/users/${inA!.id}`, req('PATCH', { firstName: 'Ok' }, tech.auth))).status).toBe(200);
    const createB = await errorOf(await t.app.request('/v1/users', json({ kind: 'end_user', organizationId: orgB!.id, firstName: 'N', lastName: 'B', email: 'nb@scoped.example' }, tech.auth)));
    expect(createB).toMatchObject({ status: 422, issues: [{ path: ['body', 'organizationId'] }] });
    expect((await t.app.request('/v1/users', json({ kind: 'end_user', organizationId: orgA!.id, firstName: 'N', lastName: 'A', email: 'na@scoped.example' }, tech.auth))).status).toBe(201);
    const orgs = (await (await t.app.request('/v1/organizations', { headers: tech.auth })).json()) as { items: { id: string }[] };
    expect(orgs.items.map((o) => o.id)).toEqual([orgA!.id]);
    const escalate = await errorOf(await t.app.request('/v1/roles', json({ name: 'Beta too', permissions: ['users.read'], organizationIds: [orgB!.id] }, tech.auth)));
    expect(escalate).toMatchObject({ status: 422, issues: [{ path: ['body', 'organizationIds', 0] }] });
  });
});
