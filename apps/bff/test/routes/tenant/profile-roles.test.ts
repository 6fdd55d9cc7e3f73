import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminSession, createTestContext, dialects, errorOf, insertUsers, json, PLATFORM_KEY, roleId, userRow, type TestContext } from '../../support.js';
import { assignRoles } from '../../../src/db/repositories/roles.repository.js';
import * as profileRolesMigration from '../../../src/db/migrations/2026-12-10T1200-profile-roles.js';

const platform = { authorization: `Bearer ${PLATFORM_KEY}` };

/** Built-in roles named as each seed document names them, at tenant creation and, by the migration, for existing tenants. */
describe.each(dialects)('built-in roles per profile on %s', (dialect) => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext(dialect);
  });
  afterAll(async () => t?.close());

  const builtIns = async (tenantId: string) =>
    (await t.services.db.selectFrom('roles').select(['key', 'name']).where('tenant_id', '=', tenantId).where('key', 'is not', null).orderBy('created_at').orderBy('id').execute()).map((r) => `${r.key}: ${r.name}`);
  const roleNames = async (auth: Record<string, string>) => ((await (await t.app.request('/v1/roles', { headers: auth })).json()) as { items: { name: string; builtIn: boolean }[] }).items.filter((r) => r.builtIn).map((r) => r.name).sort();

  it('kaseyaone (seed 004): Admin, Root Admin, Billing and Purchasing, User and Co-Managed User — no System Administrator, no Beginner', async () => {
    const s = await adminSession(t, 'Kaseya Roles', 'kaseyaone');
    expect(await roleNames(s.auth)).toEqual(['Admin', 'Billing and Purchasing', 'Co-Managed User', 'Root Admin', 'User']);
    expect((await builtIns(s.tenantId)).sort()).toEqual(['admin: Admin', 'billing: Billing and Purchasing', 'co_managed_user: Co-Managed User', 'root_admin: Root Admin', 'user: User']);
    expect(s.created.tenant.profile).toMatchObject({ builtInRoles: ['root_admin', 'admin', 'billing', 'user', 'co_managed_user'], rolesPerUser: 'one', groupNameMatch: 'exact' });
  });

  it('ninjaone (seed 000): the administrator role is System Administrator; atera (seed 003): Beginner exists for new technicians', async () => {
    const ninja = await adminSession(t, 'Ninja Roles', 'ninjaone');
    expect(await roleNames(ninja.auth)).toContain('System Administrator');
    expect(await roleNames(ninja.auth)).not.toContain('Admin');
    const atera = await adminSession(t, 'Atera Roles', 'atera');
    expect(await roleNames(atera.auth)).toEqual(['Beginner', 'Billing and Purchasing', 'Co-Managed User', 'Root Admin', 'System Administrator', 'User']);
  });

  it('refuses a profile whose built-in roles lack the Root Admin or the default role, naming the field', async () => {
    const create = (profile: unknown) =>
      t.app.request('/v1/platform/tenants', json({ name: 'Bad Roles', profile, rootAdmin: { firstName: 'Ro', lastName: 'Ot', email: 'root@bad.example' } }, platform));
    expect(await errorOf(await create({ preset: 'kaseyaone', builtInRoles: ['admin', 'user'] }))).toMatchObject({
      status: 422,
      issues: [{ path: ['body', 'profile', 'builtInRoles'], message: 'Must include root_admin: every tenant has a Root Admin.' }],
    });
    expect(await errorOf(await create({ preset: 'atera', builtInRoles: ['root_admin', 'system_admin', 'user'] }))).toMatchObject({
      status: 422,
      issues: [{ path: ['body', 'profile', 'defaultTechnicianRole'], message: 'Is beginner, which builtInRoles does not include.' }],
    });
    expect(await errorOf(await create({ preset: 'default', builtInRoles: ['root_admin', 'system_admin', 'root_admin'] }))).toMatchObject({ status: 422, issues: [{ path: ['body', 'profile', 'builtInRoles'] }] });
  });

  it('the migration renames an existing KaseyaOne tenant’s System Administrator to Admin and deletes its Beginner where nobody holds it', async () => {
    const plain = await adminSession(t, 'Old Kaseya', 'kaseyaone');
    const held = await adminSession(t, 'Old Kaseya Held', 'kaseyaone');
    const other = await adminSession(t, 'Old Default');
    // The state before: every tenant had the same six built-in roles and no profile field for them.
    await profileRolesMigration.down(t.services.db);
    expect(await builtIns(plain.tenantId)).toContain('system_admin: System Administrator');
    expect(await builtIns(plain.tenantId)).toContain('beginner: Beginner');
    const [admin, beginner] = await insertUsers(t, [userRow(held.tenantId), userRow(held.tenantId)]);
    await assignRoles(t.services.db, held.tenantId, [
      { userId: admin!.id, roleId: await roleId(t, held.tenantId, 'system_admin') },
      { userId: beginner!.id, roleId: await roleId(t, held.tenantId, 'beginner') },
    ]);
    // A custom role already called Admin in a KaseyaOne tenant gives way to the built-in one.
    await t.services.db.insertInto('roles').values({ tenant_id: plain.tenantId, key: null, name: 'admin', description: '', permissions: [] }).execute();

    await profileRolesMigration.up(t.services.db);
    expect((await builtIns(plain.tenantId)).sort()).toEqual(['admin: Admin', 'billing: Billing and Purchasing', 'co_managed_user: Co-Managed User', 'root_admin: Root Admin', 'user: User']);
    expect(await roleNames(plain.auth)).toEqual(['Admin', 'Billing and Purchasing', 'Co-Managed User', 'Root Admin', 'User']);
    expect(((await (await t.app.request('/v1/roles', { headers: plain.auth })).json()) as { items: { name: string }[] }).items.map((r) => r.name)).toContain('admin (custom role)');
    // Beginner stays where someone holds it (a migration takes no role from a person), and the holders keep their roles.
    expect((await builtIns(held.tenantId)).sort()).toEqual(['admin: Admin', 'beginner: Beginner', 'billing: Billing and Purchasing', 'co_managed_user: Co-Managed User', 'root_admin: Root Admin', 'user: User']);
    const rolesOf = async (userId: string) => ((await (await t.app.request(`/v1/users/${userId}`, { headers: held.auth })).json()) as { roles: { name: string }[] }).roles.map((r) => r.name);
    expect(await rolesOf(admin!.id)).toEqual(['Admin']);
    expect(await rolesOf(beginner!.id)).toEqual(['Beginner']);
    const profileOf = async (tenantId: string) => (await t.services.db.selectFrom('tenants').select('profile').where('id', '=', tenantId).executeTakeFirstOrThrow()).profile;
    expect(await profileOf(plain.tenantId)).toMatchObject({ builtInRoles: ['root_admin', 'admin', 'billing', 'user', 'co_managed_user'], rolesPerUser: 'one', groupNameMatch: 'exact' });
    expect(await profileOf(held.tenantId)).toMatchObject({ builtInRoles: ['root_admin', 'admin', 'billing', 'user', 'co_managed_user', 'beginner'], rolesPerUser: 'one' });
    const rootDescription = await t.services.db.selectFrom('roles').select('description').where('tenant_id', '=', other.tenantId).where('key', '=', 'root_admin').executeTakeFirstOrThrow();
    expect(rootDescription.description).toContain('(POST /v1/platform/tenants/:tenantId/root-admin)');
    // Other tenants keep their names and get today's rules as fields.
    expect(await builtIns(other.tenantId)).toContain('system_admin: System Administrator');
    expect(await profileOf(other.tenantId)).toMatchObject({ builtInRoles: ['root_admin', 'system_admin', 'billing', 'user', 'co_managed_user', 'beginner'], rolesPerUser: 'many', groupNameMatch: 'any_case' });
  });
});
