import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultNotificationPreferences, type NotificationPreferences } from '@roster/contract';
import { adminSession, createTestContext, dialects, errorOf, insertUsers, json, roleId, userRow, widgetToken, type TestContext } from '../../support.js';
import { insertOrganizations } from '../../../src/db/repositories/organizations.repository.js';
import { assignRoles, insertRoles } from '../../../src/db/repositories/roles.repository.js';

/**
 * Notification settings (issue 14; seed 000, General → Notifications): per channel a minimum severity and priority
 * and a schedule (always, working hours, custom days and hours in the user's time zone); alerts of all or of
 * selected organizations, only ones the user has access to; stored preferences of before stay readable.
 */
describe.each(dialects)('notification settings on %s', (dialect) => {
  let t: TestContext;
  let a: Awaited<ReturnType<typeof adminSession>>;
  let b: Awaited<ReturnType<typeof adminSession>>;
  let one: string;
  let two: string;
  let scopedRole: string;
  let foreignOrg: string;

  const send = (method: string, path: string, body: unknown, auth: Record<string, string> = a.auth) =>
    t.app.request(path, { method, headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify(body) });
  const detail = async (id: string) => {
    const res = await t.app.request(`/v1/users/${id}`, { headers: a.auth });
    expect(res.status, await res.clone().text()).toBe(200);
    return (await res.json()) as { timeZone: string; notificationPreferences: NotificationPreferences };
  };
  const stored = async (id: string) =>
    (await t.services.db.selectFrom('users').select(['notification_preferences', 'time_zone']).where('id', '=', id).executeTakeFirstOrThrow());
  const prefs = (patch: Partial<NotificationPreferences> = {}): NotificationPreferences => ({ ...defaultNotificationPreferences, ...patch });

  beforeAll(async () => {
    t = await createTestContext(dialect);
    a = await adminSession(t, 'Notify Alpha');
    b = await adminSession(t, 'Notify Beta');
    [one, two] = (await insertOrganizations(t.services.db, a.tenantId, ['Client One', 'Client Two'])).map((o) => o.id) as [string, string];
    foreignOrg = (await insertOrganizations(t.services.db, b.tenantId, ['Elsewhere']))[0]!.id;
    // A technician role that opens Client One only (no org.access.all).
    scopedRole = (await insertRoles(t.services.db, [{ tenant_id: a.tenantId, key: null, name: 'Client One desk', permissions: ['users.read', 'self.edit'], organization_ids: [one] }]))[0]!.id;
  });
  afterAll(async () => t?.close());

  it('severity, priority, a custom schedule and the time zone are saved and read back', async () => {
    const [tech] = await insertUsers(t, [userRow(a.tenantId, { email: 'sev@alpha.example' })]);
    const chosen = prefs({
      email: { enabled: true, minSeverity: 'minor', minPriority: 'high', schedule: 'business_hours', hours: null },
      sms: { enabled: true, minSeverity: 'critical', minPriority: 'urgent', schedule: 'custom', hours: { days: ['sat', 'sun'], from: '22:00', to: '06:00' } },
    });
    const res = await send('PATCH', `/v1/users/${tech!.id}`, { notificationPreferences: chosen, timeZone: 'america/new_york' });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await res.json()).toMatchObject({ timeZone: 'America/New_York', notificationPreferences: chosen });
    expect(await detail(tech!.id)).toMatchObject({ timeZone: 'America/New_York', notificationPreferences: chosen });
  });

  it('a user’s time zone is UTC until chosen; no IANA zone is a 422 naming timeZone, and nothing changes', async () => {
    const created = await send('POST', '/v1/users', { kind: 'technician', firstName: 'Zo', lastName: 'Ne', email: 'zone@alpha.example' });
    expect(created.status, await created.clone().text()).toBe(201);
    const { id } = (await created.json()) as { id: string };
    expect((await detail(id)).timeZone).toBe('UTC');
    const e = await errorOf(await send('PATCH', `/v1/users/${id}`, { timeZone: 'Europe/Atlantis', firstName: 'Changed' }));
    expect(e).toMatchObject({ status: 422, issues: [{ path: ['body', 'timeZone'], code: 'time_zone.invalid' }] });
    expect(await detail(id)).toMatchObject({ timeZone: 'UTC', firstName: 'Zo' });
    // Given at creation.
    const berlin = await send('POST', '/v1/users', { kind: 'technician', firstName: 'Ber', lastName: 'Lin', email: 'berlin@alpha.example', timeZone: 'Europe/Berlin' });
    expect(berlin.status, await berlin.clone().text()).toBe(201);
    expect(await berlin.json()).toMatchObject({ timeZone: 'Europe/Berlin' });
  });

  it('a custom schedule without hours, or an unknown priority, is a 422 naming the field', async () => {
    const [tech] = await insertUsers(t, [userRow(a.tenantId, { email: 'bad@alpha.example' })]);
    const bad = { ...defaultNotificationPreferences, email: { ...defaultNotificationPreferences.email, schedule: 'custom', hours: null }, sms: { ...defaultNotificationPreferences.sms, minPriority: 'soonish' } };
    const e = await errorOf(await send('PATCH', `/v1/users/${tech!.id}`, { notificationPreferences: bad }));
    expect(e.status).toBe(422);
    expect(e.issues!.map((i) => i.path.join('.')).sort()).toEqual(['body.notificationPreferences.email.hours', 'body.notificationPreferences.sms.minPriority']);
  });

  it('organizations outside the user’s access are refused with a 422 naming the id; those inside are kept', async () => {
    const [desk] = await insertUsers(t, [userRow(a.tenantId, { email: 'desk@alpha.example' })]);
    await assignRoles(t.services.db, a.tenantId, [{ userId: desk!.id, roleId: scopedRole }]);
    const before = await stored(desk!.id);
    const e = await errorOf(await send('PATCH', `/v1/users/${desk!.id}`, { notificationPreferences: prefs({ organizations: 'selected', organizationIds: [one, two] }) }));
    expect(e).toMatchObject({ status: 422, code: 'validation_failed' });
    expect(e.issues).toEqual([{ path: ['body', 'notificationPreferences', 'organizationIds', 1], message: expect.stringContaining('no access') }]);
    expect(await stored(desk!.id)).toEqual(before);
    const ok = await send('PATCH', `/v1/users/${desk!.id}`, { notificationPreferences: prefs({ organizations: 'selected', organizationIds: [one] }) });
    expect(ok.status, await ok.clone().text()).toBe(200);
    expect((await detail(desk!.id)).notificationPreferences.organizationIds).toEqual([one]);
    // An admin (org.access.all) may be notified of every organization.
    const [admin] = await insertUsers(t, [userRow(a.tenantId, { email: 'admin2@alpha.example' })]);
    await assignRoles(t.services.db, a.tenantId, [{ userId: admin!.id, roleId: await roleId(t, a.tenantId, 'system_admin') }]);
    expect((await send('PATCH', `/v1/users/${admin!.id}`, { notificationPreferences: prefs({ organizations: 'selected', organizationIds: [one, two] }) })).status).toBe(200);
  });

  it('another tenant’s organization, or none at all, is “No such organization”', async () => {
    const [tech] = await insertUsers(t, [userRow(a.tenantId, { email: 'foreign@alpha.example' })]);
    const e = await errorOf(await send('PATCH', `/v1/users/${tech!.id}`, { notificationPreferences: prefs({ organizations: 'selected', organizationIds: [foreignOrg, '0190a8a0-0000-7000-8000-00000000dead'] }) }));
    expect(e).toMatchObject({ status: 422 });
    expect(e.issues).toEqual([
      { path: ['body', 'notificationPreferences', 'organizationIds', 0], message: 'No such organization.' },
      { path: ['body', 'notificationPreferences', 'organizationIds', 1], message: 'No such organization.' },
    ]);
  });

  it('at creation, the access the new user’s roles give decides; nothing is created on refusal', async () => {
    const count = async () => Number((await t.services.db.selectFrom('users').select(({ fn }) => fn.countAll<number>().as('n')).where('tenant_id', '=', a.tenantId).executeTakeFirstOrThrow()).n);
    const n = await count();
    const body = { kind: 'technician', firstName: 'New', lastName: 'Desk', email: 'newdesk@alpha.example', roleIds: [scopedRole] };
    const e = await errorOf(await send('POST', '/v1/users', { ...body, notificationPreferences: prefs({ organizations: 'selected', organizationIds: [two] }) }));
    expect(e).toMatchObject({ status: 422, issues: [{ path: ['body', 'notificationPreferences', 'organizationIds', 0] }] });
    expect(await count()).toBe(n);
    const res = await send('POST', '/v1/users', { ...body, notificationPreferences: prefs({ organizations: 'selected', organizationIds: [one] }) });
    expect(res.status, await res.clone().text()).toBe(201);
    // An end user sees their own organization.
    const end = await send('POST', '/v1/users', { kind: 'end_user', organizationId: two, firstName: 'End', lastName: 'User', email: 'end@two.example', notificationPreferences: prefs({ organizations: 'selected', organizationIds: [two] }) });
    expect(end.status, await end.clone().text()).toBe(201);
  });

  it('one’s own preferences with self.edit, within one’s own access', async () => {
    const [self] = await insertUsers(t, [userRow(a.tenantId, { email: 'self@alpha.example' })]);
    await assignRoles(t.services.db, a.tenantId, [{ userId: self!.id, roleId: scopedRole }]);
    const auth = { authorization: `Bearer ${await widgetToken(t, a.access, self!.id)}` };
    const e = await errorOf(await send('PATCH', `/v1/users/${self!.id}`, { notificationPreferences: prefs({ organizations: 'selected', organizationIds: [two] }) }, auth));
    expect(e).toMatchObject({ status: 422, issues: [{ path: ['body', 'notificationPreferences', 'organizationIds', 0], message: 'No such organization.' }] });
    const ok = await send('PATCH', `/v1/users/${self!.id}`, { notificationPreferences: prefs({ organizations: 'selected', organizationIds: [one] }), timeZone: 'Asia/Tokyo' }, auth);
    expect(ok.status, await ok.clone().text()).toBe(200);
  });

  it('preferences stored before priorities and schedules existed read with their defaults; {} reads as the defaults', async () => {
    const old = { organizations: 'selected', organizationIds: [one], email: { enabled: false, minSeverity: 'minor', schedule: 'business_hours' }, sms: { enabled: true, minSeverity: 'major', schedule: 'always' } };
    const [legacy, blank] = await insertUsers(t, [
      userRow(a.tenantId, { email: 'legacy@alpha.example', notification_preferences: JSON.stringify(old) }),
      userRow(a.tenantId, { email: 'blank@alpha.example', notification_preferences: '{}' }),
    ]);
    expect((await detail(legacy!.id)).notificationPreferences).toEqual({
      organizations: 'selected',
      organizationIds: [one],
      email: { enabled: false, minSeverity: 'minor', minPriority: 'low', schedule: 'business_hours', hours: null },
      sms: { enabled: true, minSeverity: 'major', minPriority: 'low', schedule: 'always', hours: null },
    });
    expect((await detail(blank!.id)).notificationPreferences).toEqual(defaultNotificationPreferences);
    // The list reads them the same way.
    const list = (await (await t.app.request('/v1/users?q=legacy', { headers: a.auth })).json()) as { items: { notificationPreferences: NotificationPreferences }[] };
    expect(list.items[0]!.notificationPreferences.email.minPriority).toBe('low');
  });

  it('a clone copies the preferences and the time zone in its creation; deleted organizations drop out', async () => {
    const [gone] = await insertOrganizations(t.services.db, a.tenantId, ['Soon Gone']);
    const chosen = prefs({ organizations: 'selected', organizationIds: [one, gone!.id], sms: { enabled: true, minSeverity: 'major', minPriority: 'high', schedule: 'custom', hours: { days: ['mon'], from: '07:00', to: '09:30' } } });
    const src = await send('POST', '/v1/users', { kind: 'technician', firstName: 'Sou', lastName: 'Rce', email: 'source@alpha.example', roleIds: [await roleId(t, a.tenantId, 'system_admin')], timeZone: 'Asia/Tokyo', notificationPreferences: chosen });
    expect(src.status, await src.clone().text()).toBe(201);
    const { id } = (await src.json()) as { id: string };
    await t.services.db.deleteFrom('organizations').where('id', '=', gone!.id).execute();
    const res = await send('POST', `/v1/users/${id}/clone`, { firstName: 'Cl', lastName: 'One', email: 'clone@alpha.example' });
    expect(res.status, await res.clone().text()).toBe(201);
    const clone = await detail(((await res.json()) as { id: string }).id);
    expect(clone).toMatchObject({ timeZone: 'Asia/Tokyo', notificationPreferences: { ...chosen, organizationIds: [one] } });
  });

  it('NinjaOne (seed 000): a technician without a role receives no notifications — GET says so until a role is given; end users and other profiles are unaffected', async () => {
    const n = await adminSession(t, 'Notify Ninja', 'ninjaone');
    const get = async (id: string, auth = n.auth) => {
      const res = await t.app.request(`/v1/users/${id}`, { headers: auth });
      expect(res.status, await res.clone().text()).toBe(200);
      return (await res.json()) as { notificationsWithheld: boolean; roles: unknown[] };
    };
    const created = await send('POST', '/v1/users', { kind: 'technician', firstName: 'Nora', lastName: 'Norole', email: 'nora@notify-ninja.example' }, n.auth);
    expect(created.status, await created.clone().text()).toBe(201);
    const tech = ((await created.json()) as { id: string }).id;
    expect(await get(tech)).toMatchObject({ roles: [], notificationsWithheld: true });
    // Given a role, they are notified as their preferences say; taken away again, not.
    const user = await roleId(t, n.tenantId, 'user');
    const put = await send('PUT', `/v1/users/${tech}/roles`, { roleIds: [user] }, n.auth);
    expect(put.status, await put.clone().text()).toBe(200);
    expect(await put.json()).toMatchObject({ notificationsWithheld: false });
    expect((await get(tech)).notificationsWithheld).toBe(false);
    await send('PUT', `/v1/users/${tech}/roles`, { roleIds: [] }, n.auth);
    expect((await get(tech)).notificationsWithheld).toBe(true);
    // An end user without a role, and a technician without one on a tenant of another profile: notified.
    const [org] = await insertOrganizations(t.services.db, n.tenantId, ['Ninja Client']);
    const [endUser] = await insertUsers(t, [userRow(n.tenantId, { email: 'eve@notify-ninja.example', kind: 'end_user', organization_id: org!.id })]);
    expect((await get(endUser!.id)).notificationsWithheld).toBe(false);
    const [other] = await insertUsers(t, [userRow(a.tenantId, { email: 'roleless@alpha.example' })]);
    expect(await get(other!.id, a.auth)).toMatchObject({ roles: [], notificationsWithheld: false });
  });
});
