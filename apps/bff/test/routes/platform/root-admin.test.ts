import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PromoteRootAdminResponse } from '@roster/contract';
import { adminSession, createTestContext, dialects, errorOf, insertUsers, json, PLATFORM_KEY, roleId, userRow, widgetToken, type TestContext } from '../../support.js';
import { assignRoles } from '../../../src/db/repositories/roles.repository.js';

const platform = { authorization: `Bearer ${PLATFORM_KEY}` };

/** Seed 004: "Only Kaseya support can promote a user to Root Admin" — the operator's POST /v1/platform/tenants/:tenantId/root-admin. */
describe.each(dialects)('Root Admin promotion on %s', (dialect) => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext(dialect);
  });
  afterAll(async () => t?.close());

  const promote = (tenantId: string, body: unknown, auth: Record<string, string> = platform) => t.app.request(`/v1/platform/tenants/${tenantId}/root-admin`, json(body, auth));
  /** A user of the tenant with this status holding the built-in role of this key. */
  async function member(tenantId: string, key: string, status: 'active' | 'invited' | 'deactivated' = 'active') {
    const [u] = await insertUsers(t, [userRow(tenantId, { status })]);
    await assignRoles(t.services.db, tenantId, [{ userId: u!.id, roleId: await roleId(t, tenantId, key) }]);
    return u!.id;
  }

  it('makes another active admin the Root Admin in one step: the old Root Admin becomes an Admin (KaseyaOne), audited with the operator as actor', async () => {
    const s = await adminSession(t, 'Promo Co', 'kaseyaone');
    const next = await member(s.tenantId, 'admin');
    const res = await promote(s.tenantId, { userId: next });
    expect(res.status).toBe(200);
    const body = (await res.json()) as PromoteRootAdminResponse;
    expect(body.rootAdmin).toMatchObject({ id: next, isRootAdmin: true, roles: [{ name: 'Root Admin' }] });
    expect(body.previousRootAdmin).toMatchObject({ id: s.created.rootAdmin.id, isRootAdmin: false, roles: [{ name: 'Admin' }] });
    const events = await t.services.db.selectFrom('audit_events').select(['actor_type', 'actor_id', 'target_id', 'before', 'after']).where('tenant_id', '=', s.tenantId).where('action', '=', 'user.root_admin_promoted').execute();
    expect(events).toEqual([
      {
        actor_type: 'platform', actor_id: null, target_id: next,
        before: { rootAdminId: s.created.rootAdmin.id, roles: ['Admin'], previousRootAdminRoles: ['Root Admin'] },
        after: { rootAdminId: next, roles: ['Root Admin'], previousRootAdminRoles: ['Admin'] },
      },
    ]);
    // The new Root Admin now has what the old one had: nobody changes their roles, and the old one can be deactivated.
    const newRoot = { authorization: `Bearer ${await widgetToken(t, s.access, next)}` };
    const put = await errorOf(await t.app.request(`/v1/users/${next}/roles`, { method: 'PUT', headers: { ...s.auth, 'content-type': 'application/json' }, body: JSON.stringify({ roleIds: [await roleId(t, s.tenantId, 'user')] }) }));
    expect(put).toMatchObject({ status: 403, message: "The Root Admin's role changes only when the platform operator promotes another active admin to Root Admin (POST /v1/platform/tenants/:tenantId/root-admin)." });
    expect((await t.app.request(`/v1/users/${s.created.rootAdmin.id}/deactivate`, { method: 'POST', headers: newRoot })).status).toBe(200);
  });

  it('on NinjaOne the old Root Admin becomes a System Administrator', async () => {
    const s = await adminSession(t, 'Promo Ninja', 'ninjaone');
    const next = await member(s.tenantId, 'system_admin');
    const body = (await (await promote(s.tenantId, { userId: next })).json()) as PromoteRootAdminResponse;
    expect(body.previousRootAdmin?.roles.map((r) => r.name)).toEqual(['System Administrator']);
  });

  it('refuses a user who is not active, not an admin, already the Root Admin or of another tenant, each with a clear message, and changes nothing', async () => {
    const s = await adminSession(t, 'Promo Refusals', 'kaseyaone');
    const other = await adminSession(t, 'Promo Other', 'kaseyaone');
    const invited = await member(s.tenantId, 'admin', 'invited');
    const deactivated = await member(s.tenantId, 'admin', 'deactivated');
    const plain = await member(s.tenantId, 'user');
    const foreign = await member(other.tenantId, 'admin');
    expect(await errorOf(await promote(s.tenantId, { userId: invited }))).toMatchObject({ status: 409, message: 'This user is invited: only an active admin can become the Root Admin.' });
    expect(await errorOf(await promote(s.tenantId, { userId: deactivated }))).toMatchObject({ status: 409, message: 'This user is deactivated: only an active admin can become the Root Admin.' });
    expect(await errorOf(await promote(s.tenantId, { userId: plain }))).toMatchObject({
      status: 422,
      message: 'Only an admin can become the Root Admin.',
      issues: [{ path: ['body', 'userId'], message: 'Is not an admin: only a user holding an admin role (who manages users and roles) can become the Root Admin.' }],
    });
    expect(await errorOf(await promote(s.tenantId, { userId: s.created.rootAdmin.id }))).toMatchObject({ status: 409, message: 'This user is already the Root Admin.' });
    expect(await errorOf(await promote(s.tenantId, { userId: foreign }))).toMatchObject({ status: 404 });
    expect(await errorOf(await promote(s.tenantId, { userId: 'nobody' }))).toMatchObject({ status: 422, issues: [{ path: ['body', 'userId'] }] });
    expect(await errorOf(await promote('00000000-0000-4000-8000-000000000000', { userId: foreign }))).toMatchObject({ status: 404 });
    expect((await promote(s.tenantId, { userId: plain }, { authorization: 'Bearer wrong' })).status).toBe(401);
    const roots = await t.services.db.selectFrom('users').select('id').where('tenant_id', 'in', [s.tenantId, other.tenantId]).where('is_root_admin', '=', true).orderBy('id').execute();
    expect(roots.map((r) => r.id).sort()).toEqual([s.created.rootAdmin.id, other.created.rootAdmin.id].sort());
    expect(await t.services.db.selectFrom('audit_events').select('id').where('action', '=', 'user.root_admin_promoted').where('tenant_id', 'in', [s.tenantId, other.tenantId]).execute()).toEqual([]);
  });
});
