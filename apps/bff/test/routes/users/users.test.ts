import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserDetailSchema, UserSchema, defaultNotificationPreferences, type User, type UserPage } from '@roster/contract';
import * as z from 'zod/mini';
import {
  adminSession,
  createTestContext,
  dialects,
  errorOf,
  insertUsers,
  roleId,
  userRow,
  widgetToken,
  type TestContext,
} from '../../support.js';
import { insertOrganizations } from '../../../src/db/repositories/organizations.repository.js';
import { assignRoles } from '../../../src/db/repositories/roles.repository.js';
import { encodeCursor } from '../../../src/services/users.service.js';

describe.each(dialects)('GET /v1/users on %s', (dialect) => {
  let t: TestContext;
  let a: Awaited<ReturnType<typeof adminSession>>;
  let b: Awaited<ReturnType<typeof adminSession>>;
  let orgs: { id: string; name: string }[];
  let ids: Map<string, string>;

  const get = async (path: string, auth = a.auth) => t.app.request(path, { headers: auth });
  const page = async (path: string, auth = a.auth) => {
    const res = await get(path, auth);
    expect(res.status, await res.clone().text()).toBe(200);
    return (await res.json()) as UserPage;
  };

  beforeAll(async () => {
    t = await createTestContext(dialect);
    a = await adminSession(t, 'Alpha');
    b = await adminSession(t, 'Beta');
    orgs = await insertOrganizations(t.services.db, a.tenantId, ['Org One', 'Org Two']);
    const rows = [
      userRow(a.tenantId, { first_name: 'Zoë', last_name: 'Ångström', email: 'zoe@alpha.example', status: 'active', mfa_state: 'enrolled' }),
      userRow(a.tenantId, { first_name: 'adam', last_name: 'baker', email: 'adam@alpha.example', status: 'invited', invitation_expires_at: new Date(Date.now() - 1000).toISOString() }),
      userRow(a.tenantId, { first_name: 'Bea', last_name: 'Baker', email: 'bea@alpha.example', status: 'deactivated' }),
      userRow(a.tenantId, { first_name: 'Carl', last_name: 'Cooper', email: 'carl.cooper@alpha.example', status: 'locked_out', kind: 'end_user', organization_id: orgs[0]!.id }),
      userRow(a.tenantId, { first_name: 'Dora', last_name: 'Diaz', email: 'dora@alpha.example', username: 'dora_d', username_normalized: 'dora_d', kind: 'end_user', organization_id: orgs[1]!.id, status: 'invited', invitation_expires_at: new Date(Date.now() + 86400_000).toISOString() }),
      userRow(a.tenantId, { first_name: '100%', last_name: 'Under_score', email: 'pct@alpha.example' }),
    ];
    for (let i = 0; i < 120; i++) {
      rows.push(userRow(a.tenantId, { first_name: `Bulk${String(i).padStart(3, '0')}`, last_name: 'Mass', email: `bulk${i}@alpha.example`, kind: i % 2 ? 'end_user' : 'technician', organization_id: i % 2 ? orgs[i % 4 === 1 ? 0 : 1]!.id : null }));
    }
    const inserted = await insertUsers(t, rows);
    ids = new Map(inserted.map((r) => [r.email, r.id]));
    await insertUsers(t, [userRow(b.tenantId, { first_name: 'Secret', last_name: 'Baker', email: 'secret@beta.example' })]);
    await assignRoles(t.services.db, a.tenantId, [{ userId: ids.get('bea@alpha.example')!, roleId: await roleId(t, a.tenantId, 'billing') }]);
  });
  afterAll(async () => t?.close());

  it('returns a first page of 50 sorted by last name, case-insensitively, with a cursor', async () => {
    const p = await page('/v1/users');
    expect(p.items).toHaveLength(50);
    expect(p.nextCursor).toEqual(expect.any(String));
    // Non-ASCII names sort by the database's collation; the ASCII ones must be in plain order either way.
    const keys = p.items.map((u) => u.lastName.toLowerCase()).filter((k) => /^[a-z_ ]+$/.test(k));
    expect(keys).toEqual([...keys].sort());
    expect(p.items[0]!.email).toBe('root@alpha.example');
    expect(p.items.slice(1, 3).map((u) => u.email).sort()).toEqual(['adam@alpha.example', 'bea@alpha.example']);
  });

  it('walks every user exactly once with keyset paging, in both orders', async () => {
    for (const order of ['asc', 'desc'] as const) {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const p: UserPage = await page(`/v1/users?limit=37&sort=firstName&order=${order}${cursor ? `&cursor=${cursor}` : ''}`);
        seen.push(...p.items.map((u) => u.id));
        cursor = p.nextCursor;
        pages += 1;
      } while (cursor && pages < 20);
      expect(seen).toHaveLength(127);
      expect(new Set(seen).size).toBe(127);
    }
  });

  it.each(['firstName', 'lastName', 'username', 'status', 'mfa', 'createdAt'])('sorts by %s with stable paging', async (sort) => {
    const all: User[] = [];
    let cursor: string | null = null;
    do {
      const p: UserPage = await page(`/v1/users?limit=50&sort=${sort}${cursor ? `&cursor=${cursor}` : ''}`);
      all.push(...p.items);
      cursor = p.nextCursor;
    } while (cursor);
    expect(new Set(all.map((u) => u.id)).size).toBe(127);
    if (sort === 'status') {
      const statuses = all.map((u) => u.status);
      expect(statuses).toEqual([...statuses].sort());
    }
  });

  it('searches a substring of name, email or username, case-insensitively, and treats % and _ literally', async () => {
    expect((await page('/v1/users?q=BAKER')).items.map((u) => u.email).sort()).toEqual(['adam@alpha.example', 'bea@alpha.example']);
    expect((await page('/v1/users?q=ngstr')).items.map((u) => u.email)).toEqual(['zoe@alpha.example']);
    expect((await page('/v1/users?q=dora_d')).items.map((u) => u.email)).toEqual(['dora@alpha.example']);
    expect((await page('/v1/users?q=cooper%40alpha')).items.map((u) => u.email)).toEqual(['carl.cooper@alpha.example']);
    expect((await page('/v1/users?q=100%25')).items.map((u) => u.email)).toEqual(['pct@alpha.example']);
    expect((await page('/v1/users?q=r_s')).items.map((u) => u.email)).toEqual(['pct@alpha.example']);
    expect((await page('/v1/users?q=nobody-here')).items).toEqual([]);
  });

  it('filters by kind, organization, status, role and hides deactivated users', async () => {
    const endUsers = await page('/v1/users?kind=end_user&limit=200');
    expect(endUsers.items.every((u) => u.kind === 'end_user')).toBe(true);
    expect(endUsers.items).toHaveLength(62);
    const org = await page(`/v1/users?organizationId=${orgs[0]!.id}&limit=200`);
    expect(org.items.every((u) => u.organizationId === orgs[0]!.id)).toBe(true);
    expect(org.items.length).toBe(31);
    expect((await page('/v1/users?status=locked_out')).items.map((u) => u.email)).toEqual(['carl.cooper@alpha.example']);
    const billing = await roleId(t, a.tenantId, 'billing');
    const withRole = await page(`/v1/users?roleId=${billing}`);
    expect(withRole.items.map((u) => u.email)).toEqual(['bea@alpha.example']);
    expect(withRole.items[0]!.roles.map((r) => r.name)).toEqual(['Billing and Purchasing']);
    const visible = await page('/v1/users?hideDeactivated=true&q=baker');
    expect(visible.items.map((u) => u.email)).toEqual(['adam@alpha.example']);
  });

  it('lists every user in the contract\'s shape, exactly as GET /v1/users/:id shows it (which adds the access settings, a pending email, whether notifications are withheld and a suppressed address)', async () => {
    await t.services.db.updateTable('users').set({ last_login_at: '2026-03-04T05:06:07.891234Z', notification_preferences: JSON.stringify({ email: true }) }).where('id', '=', ids.get('bea@alpha.example')!).execute();
    const strict = z.strictObject(UserSchema.shape);
    const strictDetail = z.strictObject(UserDetailSchema.shape);
    const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
    let cursor: string | null = null;
    let seen = 0;
    do {
      const p: UserPage = await page(`/v1/users?limit=200&sort=createdAt${cursor ? `&cursor=${cursor}` : ''}`);
      for (const u of p.items) {
        expect(() => strict.parse(u)).not.toThrow();
        expect([u.createdAt, u.updatedAt, ...(u.lastLoginAt ? [u.lastLoginAt] : [])].every((v) => iso.test(v)), JSON.stringify(u)).toBe(true);
        const { explicitPermissions, accessGroupIds, allModules, pendingEmail, notificationsWithheld, emailSuppression, ...one } = strictDetail.parse(await (await get(`/v1/users/${u.id}`)).json());
        expect(one).toEqual(u);
        expect({ explicitPermissions, accessGroupIds, allModules, pendingEmail, notificationsWithheld, emailSuppression }).toEqual({ explicitPermissions: [], accessGroupIds: [], allModules: true, pendingEmail: null, notificationsWithheld: false, emailSuppression: null });
      }
      seen += p.items.length;
      cursor = p.nextCursor;
    } while (cursor);
    expect(seen).toBeGreaterThan(120);
    const bea = (await (await get(`/v1/users/${ids.get('bea@alpha.example')}`)).json()) as User;
    // Stored preferences read with the default of whatever is missing or unreadable (here: a channel that is no object).
    expect(bea).toMatchObject({ lastLoginAt: '2026-03-04T05:06:07.891Z', notificationPreferences: defaultNotificationPreferences, timeZone: 'UTC', roles: [{ name: expect.any(String) }], isRootAdmin: false, invitationStatus: 'registered' });
  });

  it('shows invitation status Pending, Expired and Registered', async () => {
    const p = await page('/v1/users?status=invited');
    const byEmail = Object.fromEntries(p.items.map((u) => [u.email, u.invitationStatus]));
    expect(byEmail).toEqual({ 'adam@alpha.example': 'expired', 'dora@alpha.example': 'pending' });
    expect((await page('/v1/users?q=zoe')).items[0]!.invitationStatus).toBe('registered');
  });

  it("never shows another tenant's users, by list or by id (404 like a missing id)", async () => {
    const p = await page('/v1/users?q=secret');
    expect(p.items).toEqual([]);
    const foreign = await t.services.db.selectFrom('users').select('id').where('email', '=', 'secret@beta.example').executeTakeFirstOrThrow();
    const res = await get(`/v1/users/${foreign.id}`);
    const missing = await get('/v1/users/00000000-0000-4000-8000-000000000000');
    const notUuid = await get('/v1/users/not-a-uuid');
    const e = await errorOf(res);
    expect(e).toEqual(await errorOf(missing));
    expect(e).toEqual(await errorOf(notUuid));
    expect(e.status).toBe(404);
    const own = await get(`/v1/users/${ids.get('zoe@alpha.example')}`);
    expect(((await own.json()) as User).lastName).toBe('Ångström');
  });

  it('refuses bad query parameters with 400 naming each one', async () => {
    const cases: [string, (string | number)[]][] = [
      ['/v1/users?limit=100000', ['query', 'limit']],
      ['/v1/users?limit=0', ['query', 'limit']],
      ['/v1/users?limit=ten', ['query', 'limit']],
      ['/v1/users?sort=password', ['query', 'sort']],
      ['/v1/users?order=sideways', ['query', 'order']],
      ['/v1/users?kind=robot', ['query', 'kind']],
      ['/v1/users?status=happy', ['query', 'status']],
      ['/v1/users?organizationId=42', ['query', 'organizationId']],
      ['/v1/users?hideDeactivated=maybe', ['query', 'hideDeactivated']],
      ['/v1/users?tenantId=x', ['query', 'tenantId']],
      ['/v1/users?limit=5&limit=6', ['query', 'limit']],
      ['/v1/users?cursor=%%%', ['query', 'cursor']],
      ['/v1/users?cursor=bm90LWpzb24', ['query', 'cursor']],
      [`/v1/users?cursor=${encodeCursor('firstName', 'asc', ['a', 'b'], '00000000-0000-4000-8000-000000000000')}`, ['query', 'cursor']],
      [`/v1/users?cursor=${Buffer.from(JSON.stringify(['lastName', 'asc', 'a', "x' or 1=1"])).toString('base64url')}`, ['query', 'cursor']],
    ];
    for (const [path, issuePath] of cases) {
      const e = await errorOf(await get(path));
      expect(e.status, path).toBe(400);
      expect(e.code, path).toBe('bad_request');
      expect(e.issues!.map((i) => i.path), path).toContainEqual(issuePath);
    }
  });

  it('a permission removed from a role takes effect on the very next request', async () => {
    const userId = ids.get('zoe@alpha.example')!;
    await assignRoles(t.services.db, a.tenantId, [{ userId, roleId: await roleId(t, a.tenantId, 'co_managed_user') }]);
    await t.services.db.updateTable('users').set({ organization_id: null }).where('id', '=', userId).execute();
    const token = await widgetToken(t, a.access, userId);
    const auth = { authorization: `Bearer ${token}` };
    expect((await get('/v1/users', auth)).status).toBe(200);
    await t.services.db
      .updateTable('roles')
      .set({ permissions: ['self.edit'] })
      .where('tenant_id', '=', a.tenantId)
      .where('key', '=', 'co_managed_user')
      .execute();
    const e = await errorOf(await get('/v1/users', auth));
    expect(e).toMatchObject({ status: 403, code: 'forbidden' });
  });

  it('a user without org.access.all sees only their own organization', async () => {
    await t.services.db
      .updateTable('roles')
      .set({ permissions: ['users.read', 'organizations.read'] })
      .where('tenant_id', '=', a.tenantId)
      .where('key', '=', 'co_managed_user')
      .execute();
    const carl = ids.get('carl.cooper@alpha.example')!;
    await t.services.db.updateTable('users').set({ status: 'active' }).where('id', '=', carl).execute();
    await assignRoles(t.services.db, a.tenantId, [{ userId: carl, roleId: await roleId(t, a.tenantId, 'co_managed_user') }]);
    const auth = { authorization: `Bearer ${await widgetToken(t, a.access, carl)}` };
    const p = await page('/v1/users?limit=200', auth);
    expect(p.items.length).toBe(31);
    expect(p.items.every((u) => u.organizationId === orgs[0]!.id)).toBe(true);
    const other = ids.get('dora@alpha.example')!;
    expect((await get(`/v1/users/${other}`, auth)).status).toBe(404);
    const orgList = (await (await get('/v1/organizations', auth)).json()) as { items: { id: string }[] };
    expect(orgList.items.map((o) => o.id)).toEqual([orgs[0]!.id]);
    // Asking for another organization's users is refused (not an empty page that reads as "nobody there").
    const foreignOrg = await get(`/v1/users?organizationId=${orgs[1]!.id}`, auth);
    expect(foreignOrg.status).toBe(404);
    expect(((await foreignOrg.json()) as { error: { issues: { path: string[] }[] } }).error.issues[0]!.path).toEqual(['query', 'organizationId']);
  });

  it('a widget token bound to an organization sees only that organization', async () => {
    const token = await widgetToken(t, a.access, a.created.rootAdmin.id, { organizationId: orgs[1]!.id });
    const p = await page('/v1/users?limit=200', { authorization: `Bearer ${token}` });
    expect(p.items.length).toBeGreaterThan(0);
    expect(p.items.every((u) => u.organizationId === orgs[1]!.id)).toBe(true);
  });

  it('lists organizations and roles of the tenant only', async () => {
    const o = (await (await get('/v1/organizations')).json()) as { items: { name: string }[] };
    expect(o.items.map((x) => x.name)).toEqual(['Org One', 'Org Two']);
    const r = (await (await get('/v1/roles')).json()) as { items: { name: string; permissions: string[] }[] };
    expect(r.items).toHaveLength(6);
    const bo = (await (await get('/v1/organizations', b.auth)).json()) as { items: unknown[] };
    expect(bo.items).toEqual([]);
  });
});
