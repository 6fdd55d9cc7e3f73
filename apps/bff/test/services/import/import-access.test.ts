import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BulkImportResponse, UserDetail } from '@roster/contract';
import { adminSession, createTestContext, dialects, errorOf, insertUsers, json, userRow, widgetToken, type TestContext } from '../../support.js';
import { assignRoles } from '../../../src/db/repositories/roles.repository.js';

const IMPORT = '/v1/users/bulk-import';

/**
 * Access settings chosen at import (issue 14): explicit permissions (seed 000: roles or explicit permissions), access
 * groups and "All Module Access" (seed 004), by row field or CSV column, within the grant rules of setting them
 * later — only permissions the importer holds; groups and turning All Module Access off with roles.manage — and
 * refused per the profile's import mode (atomic: nothing written; per-row: that row fails).
 */
describe.each(dialects)('access settings in the bulk import on %s', (dialect) => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext(dialect);
  });
  afterAll(async () => t?.close());

  const detail = async (id: string, auth: Record<string, string>) => {
    const res = await t.app.request(`/v1/users/${id}`, { headers: auth });
    expect(res.status).toBe(200);
    return (await res.json()) as UserDetail;
  };
  const group = async (auth: Record<string, string>, name: string) => {
    const res = await t.app.request('/v1/access-groups', json({ name, modules: ['rmm'] }, auth));
    expect(res.status, await res.clone().text()).toBe(201);
    return ((await res.json()) as { id: string }).id;
  };
  const count = async (tenantId: string, table: 'users' | 'user_permissions' | 'user_access_groups') =>
    Number((await t.services.db.selectFrom(table).select(({ fn }) => fn.countAll<number>().as('n')).where('tenant_id', '=', tenantId).executeTakeFirstOrThrow()).n);
  /** A recruiter: imports technicians, holds billing.manage but neither roles.manage nor audit.read. */
  async function recruiter(s: Awaited<ReturnType<typeof adminSession>>) {
    const role = await t.app.request('/v1/roles', json({ name: 'Recruiter', permissions: ['users.read', 'users.write', 'users.invite', 'org.access.all', 'billing.manage', 'self.edit'] }, s.auth));
    expect(role.status, await role.clone().text()).toBe(201);
    const [rita] = await insertUsers(t, [userRow(s.tenantId, { email: `rita@${s.tenantId.slice(0, 8)}.example` })]);
    await assignRoles(t.services.db, s.tenantId, [{ userId: rita!.id, roleId: ((await role.json()) as { id: string }).id }]);
    return { authorization: `Bearer ${await widgetToken(t, s.access, rita!.id)}` };
  }

  it('rows give explicit permissions, access groups and All Module Access; GET /v1/users/:id reads them back', async () => {
    const s = await adminSession(t, 'Import Access', 'ninjaone');
    const rmm = await group(s.auth, 'RMM');
    const res = await t.app.request(IMPORT, json({
      kind: 'technician',
      rows: [
        { firstName: 'Pia', lastName: 'Perm', email: 'pia@access.example', permissions: ['audit.read', 'users.read'], groups: 'RMM', allModules: 'no' },
        { firstName: 'Al', lastName: 'All', email: 'al@access.example', allModules: true },
        { firstName: 'Ned', lastName: 'None', email: 'ned@access.example' },
      ],
    }, s.auth));
    expect(res.status, await res.clone().text()).toBe(201);
    const body = (await res.json()) as BulkImportResponse;
    expect(body).toMatchObject({ imported: 3, failed: 0 });
    const [pia, al, ned] = body.results.map((r) => r.userId!);
    expect(await detail(pia!, s.auth)).toMatchObject({ explicitPermissions: ['audit.read', 'users.read'], accessGroupIds: [rmm], allModules: false });
    expect(await detail(al!, s.auth)).toMatchObject({ explicitPermissions: [], accessGroupIds: [], allModules: true });
    expect(await detail(ned!, s.auth)).toMatchObject({ explicitPermissions: [], accessGroupIds: [], allModules: true });
    // The permission counts at once: Pia's own token reads the audit log.
    expect((await t.services.db.selectFrom('user_permissions').select('permission').where('user_id', '=', pia!).orderBy('permission').execute()).map((r) => r.permission)).toEqual(['audit.read', 'users.read']);
  });

  it('CSV columns Groups, Permissions and All Module Access are recognised by their header', async () => {
    const s = await adminSession(t, 'Import Csv Access', 'kaseyaone');
    const psa = await group(s.auth, 'PSA');
    const text = 'Username,Email,Role,Groups,First Name,Last Name,Permissions,All Module Access\r\ncsv.one,one@csv.example,User,PSA,Cee,One,"billing.manage; audit.read",No\r\ncsv.two,two@csv.example,User,PSA,Cee,Two,,yes\r\n';
    const res = await t.app.request(IMPORT, json({ kind: 'technician', text, source: 'file' }, s.auth));
    expect(res.status, await res.clone().text()).toBe(201);
    const body = (await res.json()) as BulkImportResponse;
    expect(body).toMatchObject({ imported: 2, failed: 0 });
    expect(await detail(body.results[0]!.userId!, s.auth)).toMatchObject({ username: 'csv.one', explicitPermissions: ['audit.read', 'billing.manage'], accessGroupIds: [psa], allModules: false });
    expect(await detail(body.results[1]!.userId!, s.auth)).toMatchObject({ explicitPermissions: [], accessGroupIds: [psa], allModules: true });
  });

  it('atomic (NinjaOne): a permission not held, an unknown one, groups or All Module Access off without roles.manage fail the whole import, naming each cell; nothing is written', async () => {
    const s = await adminSession(t, 'Import Atomic Access', 'ninjaone');
    await group(s.auth, 'RMM');
    const limited = await recruiter(s);
    const before = { users: await count(s.tenantId, 'users'), permissions: await count(s.tenantId, 'user_permissions'), groups: await count(s.tenantId, 'user_access_groups') };
    const e = await errorOf(await t.app.request(IMPORT, json({
      kind: 'technician',
      rows: [
        { firstName: 'Ok', lastName: 'Row', email: 'ok@atomic.example', permissions: 'billing.manage' },
        { firstName: 'Au', lastName: 'Dit', email: 'audit@atomic.example', permissions: 'billing.manage, audit.read' },
        { firstName: 'Un', lastName: 'Known', email: 'unknown@atomic.example', permissions: 'everything' },
        { firstName: 'Gr', lastName: 'Oup', email: 'group@atomic.example', groups: 'RMM' },
        { firstName: 'Mo', lastName: 'Dules', email: 'modules@atomic.example', allModules: 'no' },
        { firstName: 'Ma', lastName: 'Ybe', email: 'maybe@atomic.example', allModules: 'maybe' },
      ],
    }, limited)));
    expect(e).toMatchObject({ status: 422, code: 'validation_failed' });
    expect(e.issues!.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['rows.1.permissions', 'You cannot grant audit.read: you do not hold it yourself.'],
      ['rows.2.permissions', 'There is no permission “everything”; use its key, such as users.read.'],
      ['rows.3.groups', 'Setting access groups or turning off All Module Access needs the roles.manage permission.'],
      ['rows.4.allModules', 'Setting access groups or turning off All Module Access needs the roles.manage permission.'],
      ['rows.5.allModules', 'All Module Access must be yes or no.'],
    ]);
    expect({ users: await count(s.tenantId, 'users'), permissions: await count(s.tenantId, 'user_permissions'), groups: await count(s.tenantId, 'user_access_groups') }).toEqual(before);
  });

  it('per-row: the refused rows fail, the others are imported with what they may be given', async () => {
    // KaseyaOne imports row by row but requires Groups, which only roles.manage gives: NinjaOne's rules, per row.
    const s = await adminSession(t, 'Import Row Access', { preset: 'ninjaone', importMode: 'per-row' });
    await group(s.auth, 'RMM');
    const limited = await recruiter(s);
    const res = await t.app.request(IMPORT, json({
      kind: 'technician',
      rows: [
        { firstName: 'Gi', lastName: 'Ven', email: 'given@rows.example', roles: 'User', permissions: 'billing.manage' },
        { firstName: 'Re', lastName: 'Fused', email: 'refused@rows.example', roles: 'User', permissions: 'audit.read', groups: 'RMM' },
      ],
    }, limited));
    expect(res.status, await res.clone().text()).toBe(201);
    const body = (await res.json()) as BulkImportResponse;
    expect(body).toMatchObject({ mode: 'per-row', imported: 1, failed: 1 });
    expect(body.results[1]).toMatchObject({ status: 'failed', issues: [{ path: ['rows', 1, 'groups'] }, { path: ['rows', 1, 'permissions'] }] });
    expect(await detail(body.results[0]!.userId!, s.auth)).toMatchObject({ explicitPermissions: ['billing.manage'], allModules: true });
    expect(await t.services.db.selectFrom('users').select('id').where('email', '=', 'refused@rows.example').execute()).toEqual([]);
  });
});
