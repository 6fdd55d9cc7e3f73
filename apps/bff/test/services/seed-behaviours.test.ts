import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSync } from 'otplib';
import type { BulkImportResponse, User, UserDetail } from '@roster/contract';
import { adminSession, clientToken, createTestContext, deliveredMessage, dialects, errorOf, json, linkToken, roleId, widgetToken, type TestContext } from '../support.js';
import { insertOrganizations } from '../../src/db/repositories/organizations.repository.js';

/**
 * Behaviours of the seed documents (docs/seed-behaviours.md) that had no test of their own, each proved through the
 * routes a host or a person meets. Row numbers (000-07 …) are the table's.
 */
const req = (method: string, body?: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json', ...headers },
  ...(body === undefined ? {} : { body: JSON.stringify(body) }),
});

describe.each(dialects)('seed behaviours on %s', (dialect) => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext(dialect);
  });
  afterAll(async () => t?.close());

  type Session = Awaited<ReturnType<typeof adminSession>>;
  const created = async (auth: Record<string, string>, body: Record<string, unknown>) => {
    const res = await t.app.request('/v1/users', req('POST', body, auth));
    expect(res.status, await res.clone().text()).toBe(201);
    return (await res.json()) as User;
  };
  const getUser = async (s: Session, id: string) => (await (await t.app.request(`/v1/users/${id}`, { headers: s.auth })).json()) as UserDetail;
  /** An active technician holding one built-in role (given at creation), and a widget token acting as them. */
  async function withRole(s: Session, key: string, email: string, extra: Record<string, unknown> = {}) {
    const u = await created(s.auth, { kind: 'technician', firstName: 'Role', lastName: 'Holder', email, roleIds: [await roleId(t, s.tenantId, key)], ...extra });
    await t.services.db.updateTable('users').set({ status: 'active' }).where('id', '=', u.id).execute();
    return { user: u, auth: { authorization: `Bearer ${await widgetToken(t, s.access, u.id)}` } };
  }
  const login = (body: Record<string, unknown>) => t.app.request('/v1/auth/login', json(body));
  /** A user who accepted the invitation and enrolled TOTP (the previous time step); returns the TOTP secret. */
  async function registered(s: Session, email: string) {
    // The User role: a KaseyaOne tenant gives each user exactly one role.
    const u = await created(s.auth, { kind: 'technician', firstName: 'Log', lastName: 'In', email, roleIds: [await roleId(t, s.tenantId, 'user')] });
    const token = linkToken(await deliveredMessage(t, { to: email }), '/accept-invitation');
    const accepted = (await (await t.app.request('/v1/invitations/accept', json({ token, password: 'correct horse battery' }))).json()) as any;
    const code = generateSync({ secret: accepted.mfa.secret, epoch: Math.floor(Date.now() / 1000) - 30 });
    expect((await t.app.request('/v1/invitations/confirm-mfa', json({ ticket: accepted.mfa.ticket, code }))).status).toBe(200);
    return { id: u.id, secret: accepted.mfa.secret as string };
  }
  /** Signs in with the current time step plus `offset` seconds; the session cookie, or the status when refused. */
  async function signIn(s: Session, email: string, password: string, secret: string, offset = 0) {
    const res = await login({ tenantId: s.tenantId, login: email, password, code: generateSync({ secret, epoch: Math.floor(Date.now() / 1000) + offset }) });
    return { status: res.status, cookie: res.headers.get('set-cookie')?.split(';')[0] ?? '' };
  }
  const me = (cookie: string) => t.app.request('/v1/auth/me', { headers: { cookie } });

  describe('000 NinjaOne technicians', () => {
    it('a new technician’s idle warning is 1 hour until someone changes it (000-07)', async () => {
      const s = await adminSession(t, 'Idle Co', 'ninjaone');
      const u = await created(s.auth, { kind: 'technician', firstName: 'Idle', lastName: 'Default', email: 'idle@idle.example' });
      expect(u.idleWarningMinutes).toBe(60);
      expect((await getUser(s, u.id)).idleWarningMinutes).toBe(60);
    });

    it('Getting Started: shown on login by default, the setting is saved and the signed-in user reads it (000-10)', async () => {
      const s = await adminSession(t, 'Start Co', 'ninjaone');
      const { id, secret } = await registered(s, 'start@start.example');
      const first = await signIn(s, 'start@start.example', 'correct horse battery', secret);
      expect(first.status).toBe(200);
      expect(((await (await me(first.cookie)).json()) as User).showGettingStarted).toBe(true);
      const off = await t.app.request(`/v1/users/${id}`, req('PATCH', { showGettingStarted: false }, s.auth));
      expect(((await off.json()) as User).showGettingStarted).toBe(false);
      expect((await getUser(s, id)).showGettingStarted).toBe(false);
      expect(((await (await me(first.cookie)).json()) as User).showGettingStarted).toBe(false);
      const bad = await errorOf(await t.app.request(`/v1/users/${id}`, req('PATCH', { showGettingStarted: 'no' }, s.auth)));
      expect(bad).toMatchObject({ status: 422, issues: [{ path: ['body', 'showGettingStarted'] }] });
    });

    it('a password reset through the emailed link ends the sessions the user had open (000-31)', async () => {
      const s = await adminSession(t, 'Forgot Co', 'ninjaone');
      const { secret } = await registered(s, 'forgot@forgot.example');
      const live = await signIn(s, 'forgot@forgot.example', 'correct horse battery', secret);
      expect(live.status).toBe(200);
      expect((await me(live.cookie)).status).toBe(200);
      expect((await t.app.request('/v1/auth/forgot-password', json({ tenantId: s.tenantId, email: 'forgot@forgot.example' }))).status).toBe(202);
      // Asking for the link ends nothing: only its use does.
      expect((await me(live.cookie)).status).toBe(200);
      const token = linkToken(await deliveredMessage(t, { to: 'forgot@forgot.example' }), '/reset-password');
      expect((await t.app.request('/v1/auth/reset-password', json({ token, password: 'a brand new password' }))).status).toBe(200);
      expect((await me(live.cookie)).status).toBe(401);
      const sessions = await t.services.db.selectFrom('sessions').select('id').where('tenant_id', '=', s.tenantId).where('revoked_at', 'is', null).execute();
      expect(sessions).toHaveLength(0);
      expect((await signIn(s, 'forgot@forgot.example', 'a brand new password', secret, 30)).status).toBe(200);
    });

    it('a phone number written with dashes is accepted and stored in E.164 (000-40)', async () => {
      const s = await adminSession(t, 'Dash Co', 'ninjaone');
      const u = await created(s.auth, { kind: 'technician', firstName: 'Dash', lastName: 'Phone', email: 'dash@dash.example', phone: '+1-888-667-8888' });
      expect(u.phone).toBe('+18886678888');
      const edited = await t.app.request(`/v1/users/${u.id}`, req('PATCH', { phone: '+49-30-901820' }, s.auth));
      expect(((await edited.json()) as User).phone).toBe('+4930901820');
      const bad = await errorOf(await t.app.request(`/v1/users/${u.id}`, req('PATCH', { phone: '+1-888-667' }, s.auth)));
      expect(bad).toMatchObject({ status: 422, issues: [{ path: ['body', 'phone'] }] });
    });
  });

  describe('002 Torii integration', () => {
    it('an integration with monitoring:read reads technicians and end users, and cannot change them (002-01)', async () => {
      const s = await adminSession(t, 'Sync Co', 'ninjaone');
      const [org] = await insertOrganizations(t.services.db, s.tenantId, ['Synced Client']);
      const tech = await created(s.auth, { kind: 'technician', firstName: 'Tech', lastName: 'Synced', email: 'tech@sync.example' });
      const end = await created(s.auth, { kind: 'end_user', organizationId: org!.id, firstName: 'End', lastName: 'Synced', email: 'end@sync.example' });
      const read = { authorization: `Bearer ${await clientToken(t, s.created.oauthClient.clientId, s.created.oauthClient.clientSecret, 'monitoring:read')}` };
      const page = (await (await t.app.request('/v1/users?limit=200', { headers: read })).json()) as { items: User[] };
      expect(page.items.map((u) => u.email).sort()).toEqual(['end@sync.example', 'root@syncco.example', 'tech@sync.example'].sort());
      expect(((await (await t.app.request('/v1/users?kind=end_user', { headers: read })).json()) as { items: User[] }).items.map((u) => u.id)).toEqual([end.id]);
      expect(((await (await t.app.request(`/v1/users/${tech.id}`, { headers: read })).json()) as User).kind).toBe('technician');
      const patch = await errorOf(await t.app.request(`/v1/users/${end.id}`, req('PATCH', { firstName: 'Changed' }, read)));
      expect(patch.status).toBe(403);
      expect((await errorOf(await t.app.request(`/v1/users/${end.id}`, { method: 'DELETE', headers: read }))).status).toBe(403);
      expect((await errorOf(await t.app.request(`/v1/users/${tech.id}/deactivate`, req('POST', undefined, read)))).status).toBe(403);
      expect((await getUser(s, end.id)).firstName).toBe('End');
    });
  });

  describe('003 Atera technicians', () => {
    it('a Beginner is refused by every route that needs a permission (003-24)', async () => {
      const s = await adminSession(t, 'Beginner Co', 'atera');
      const beginner = await created(s.auth, { kind: 'technician', firstName: 'New', lastName: 'Comer', email: 'new@beginner.example' });
      expect(beginner.roles.map((r) => r.name)).toEqual(['Beginner']);
      await t.services.db.updateTable('users').set({ status: 'active' }).where('id', '=', beginner.id).execute();
      const auth = { authorization: `Bearer ${await widgetToken(t, s.access, beginner.id)}` };
      const doc = (await (await t.app.request('/openapi.json')).json()) as { paths: Record<string, Record<string, Record<string, unknown>>> };
      const guarded = Object.entries(doc.paths).flatMap(([path, methods]) =>
        Object.entries(methods)
          .filter(([, op]) => Array.isArray(op['x-roster-permissions']) && (op['x-roster-permissions'] as string[]).length > 0)
          .map(([method]) => ({ method: method.toUpperCase(), path })),
      );
      expect(guarded.length).toBeGreaterThan(20);
      const answers: string[] = [];
      for (const { method, path } of guarded) {
        // Any id will do: the permission is checked before the target is looked up.
        const url = path.replace(/\{(\w+)\}/g, (_m, name: string) => (name === 'id' || name.endsWith('Id') ? beginner.id : 'x'));
        const res = await t.app.request(url, req(method, method === 'GET' || method === 'DELETE' ? undefined : {}, auth));
        const body = res.status === 403 ? ((await res.json()) as { error?: { code: string }; schemas?: string[] }) : null;
        // SCIM routes answer their 403 in SCIM's own error format (RFC 7644 §3.12).
        const code = path.startsWith('/scim/') && body?.schemas?.includes('urn:ietf:params:scim:api:messages:2.0:Error') ? 'forbidden' : body?.error?.code;
        answers.push(`${method} ${path} ${res.status} ${code ?? ''}`);
      }
      expect(answers.filter((a) => !a.endsWith(' 403 forbidden'))).toEqual([]);
      // Nothing changed: the Beginner is still exactly as created.
      expect((await getUser(s, beginner.id)).roles.map((r) => r.name)).toEqual(['Beginner']);
    });

    it('changing an Atera technician’s email changes the username with it (003-27)', async () => {
      const s = await adminSession(t, 'Username Co', 'atera');
      const invited = await created(s.auth, { kind: 'technician', firstName: 'In', lastName: 'Vited', email: 'invited@username.example' });
      expect(invited.username).toBe('invited@username.example');
      const moved = await t.app.request(`/v1/users/${invited.id}`, req('PATCH', { email: 'moved@username.example' }, s.auth));
      expect(await moved.json()).toMatchObject({ email: 'moved@username.example', username: 'moved@username.example' });
      // An active technician's change waits for the new address's confirmation; the username follows it then.
      const active = await created(s.auth, { kind: 'technician', firstName: 'Ac', lastName: 'Tive', email: 'active@username.example' });
      await t.services.db.updateTable('users').set({ status: 'active' }).where('id', '=', active.id).execute();
      const pending = await t.app.request(`/v1/users/${active.id}`, req('PATCH', { email: 'renamed@username.example' }, s.auth));
      expect(await pending.json()).toMatchObject({ email: 'active@username.example', username: 'active@username.example' });
      const token = linkToken(await deliveredMessage(t, { to: 'renamed@username.example' }), '/confirm-email');
      expect((await t.app.request('/v1/auth/confirm-email', json({ token }))).status).toBe(200);
      expect(await getUser(s, active.id)).toMatchObject({ email: 'renamed@username.example', username: 'renamed@username.example' });
    });

    it('Ticket page accessibility: off for a new technician, saved and read back (003-30)', async () => {
      const s = await adminSession(t, 'Ticket Co', 'atera');
      const u = await created(s.auth, { kind: 'technician', firstName: 'Tick', lastName: 'Et', email: 'tick@ticket.example' });
      expect(u.ticketPageAccessibility).toBe(false);
      const on = await t.app.request(`/v1/users/${u.id}`, req('PATCH', { ticketPageAccessibility: true }, s.auth));
      expect(((await on.json()) as User).ticketPageAccessibility).toBe(true);
      expect((await getUser(s, u.id)).ticketPageAccessibility).toBe(true);
      const bad = await errorOf(await t.app.request(`/v1/users/${u.id}`, req('PATCH', { ticketPageAccessibility: 1 }, s.auth)));
      expect(bad).toMatchObject({ status: 422, issues: [{ path: ['body', 'ticketPageAccessibility'] }] });
    });
  });

  describe('004 KaseyaOne user management', () => {
    it('Billing and Purchasing, User and Co-Managed User cannot add, edit, import, deactivate or activate users (004-10, 004-61, 004-65)', async () => {
      const s = await adminSession(t, 'Roles Co', 'kaseyaone');
      // Everyone here belongs to one client organization, so each role holder sees the users they try to change:
      // the refusals below are the roles’ missing permissions, not users out of sight.
      const [org] = await insertOrganizations(t.services.db, s.tenantId, ['Client']);
      const userRole = await roleId(t, s.tenantId, 'user');
      const endUser = (email: string) => ({ kind: 'end_user', organizationId: org!.id, firstName: 'Client', lastName: 'Person', email, username: email.split('@')[0], roleIds: [userRole] });
      const target = await created(s.auth, endUser('target@roles.example'));
      await t.services.db.updateTable('users').set({ status: 'active' }).where('id', '=', target.id).execute();
      const asleep = await created(s.auth, endUser('asleep@roles.example'));
      await t.services.db.updateTable('users').set({ status: 'deactivated' }).where('id', '=', asleep.id).execute();
      for (const key of ['billing', 'user', 'co_managed_user']) {
        const { user, auth } = await withRole(s, key, `${key}@roles.example`, { username: key });
        await t.services.db.updateTable('users').set({ organization_id: org!.id }).where('id', '=', user.id).execute();
        const answers = {
          add: await t.app.request('/v1/users', req('POST', endUser(`no-${key}@roles.example`), auth)),
          addTechnician: await t.app.request('/v1/users', req('POST', { kind: 'technician', firstName: 'No', lastName: 'Way', email: `tech-${key}@roles.example`, username: `tech-${key}`, roleIds: [userRole] }, auth)),
          edit: await t.app.request(`/v1/users/${target.id}`, req('PATCH', { firstName: 'Edited' }, auth)),
          import: await t.app.request('/v1/users/bulk-import', req('POST', { kind: 'end_user', organizationId: org!.id, rows: [{ firstName: 'Bulk', lastName: 'No', email: `bulk-${key}@roles.example`, username: `bulk-${key}` }] }, auth)),
          deactivate: await t.app.request(`/v1/users/${target.id}/deactivate`, req('POST', undefined, auth)),
          activate: await t.app.request(`/v1/users/${asleep.id}/activate`, req('POST', {}, auth)),
        };
        const statuses = Object.fromEntries(await Promise.all(Object.entries(answers).map(async ([what, res]) => [what, `${res.status} ${((await res.json()) as { error?: { code: string } }).error?.code}`])));
        expect(statuses, key).toEqual({ add: '403 forbidden', addTechnician: '403 forbidden', edit: '403 forbidden', import: '403 forbidden', deactivate: '403 forbidden', activate: '403 forbidden' });
      }
      expect(await getUser(s, target.id)).toMatchObject({ firstName: 'Client', status: 'active' });
      expect((await getUser(s, asleep.id)).status).toBe('deactivated');
      const users = await t.services.db.selectFrom('users').select('email').where('tenant_id', '=', s.tenantId).where((eb) => eb.or([eb('email', 'like', 'no-%'), eb('email', 'like', 'tech-%'), eb('email', 'like', 'bulk-%')])).execute();
      expect(users).toEqual([]);
    });

    it('roles and access groups are kept through deactivation and reactivation (004-20)', async () => {
      const s = await adminSession(t, 'Keep Co', 'kaseyaone');
      const group = (await (await t.app.request('/v1/access-groups', json({ name: 'Helpdesk', modules: ['psa'] }, s.auth))).json()) as { id: string };
      const u = await created(s.auth, { kind: 'technician', firstName: 'Keep', lastName: 'Me', email: 'keep@keep.example', username: 'keep', roleIds: [await roleId(t, s.tenantId, 'user')] });
      await t.services.db.updateTable('users').set({ status: 'active' }).where('id', '=', u.id).execute();
      const billing = await roleId(t, s.tenantId, 'billing');
      expect((await t.app.request(`/v1/users/${u.id}/roles`, req('PUT', { roleIds: [billing] }, s.auth))).status).toBe(200);
      expect((await t.app.request(`/v1/users/${u.id}/access-groups`, req('PUT', { groupIds: [group.id], allModules: false }, s.auth))).status).toBe(200);
      const before = await getUser(s, u.id);
      expect(before.roles.map((r) => r.id)).toEqual([billing]);
      expect(before.accessGroupIds).toEqual([group.id]);
      expect((await t.app.request(`/v1/users/${u.id}/deactivate`, req('POST', undefined, s.auth))).status).toBe(200);
      const asleep = await getUser(s, u.id);
      expect(asleep).toMatchObject({ status: 'deactivated', accessGroupIds: [group.id], allModules: false });
      expect(asleep.roles.map((r) => r.id)).toEqual([billing]);
      expect((await t.app.request(`/v1/users/${u.id}/activate`, req('POST', {}, s.auth))).status).toBe(200);
      const back = await getUser(s, u.id);
      expect(back).toMatchObject({ status: 'active', accessGroupIds: [group.id], allModules: false, firstName: 'Keep', username: 'keep', language: before.language });
      expect(back.roles.map((r) => r.id)).toEqual([billing]);
      expect(((await (await t.app.request(`/v1/users/${u.id}/modules`, { headers: s.auth })).json()) as { modules: string[] }).modules).toEqual(['psa']);
    });

    it('a profile’s lockout length other than 10 minutes is the one applied and told (004-23)', async () => {
      const s = await adminSession(t, 'Long Lock Co', { preset: 'kaseyaone', lockoutMinutes: 45 });
      const { id, secret } = await registered(s, 'long@longlock.example');
      for (let i = 0; i < 5; i++) await login({ tenantId: s.tenantId, login: 'long@longlock.example', password: `wrong-${i}` });
      const row = await t.services.db.selectFrom('users').select(['status', 'locked_until']).where('id', '=', id).executeTakeFirstOrThrow();
      expect(row.status).toBe('locked_out');
      const minutes = (Date.parse(row.locked_until!) - Date.now()) / 60_000;
      expect(minutes).toBeGreaterThan(44);
      expect(minutes).toBeLessThanOrEqual(45);
      const mail = await deliveredMessage(t, { to: 'long@longlock.example' });
      expect(mail.template).toBe('account_locked');
      expect(mail.text).toContain('45 minutes');
      expect((await signIn(s, 'long@longlock.example', 'correct horse battery', secret)).status).toBe(401);
      // Past 10 minutes, still locked: 45 is the length.
      await t.services.db.updateTable('users').set({ locked_until: new Date(Date.now() + 30 * 60_000).toISOString() }).where('id', '=', id).execute();
      expect((await signIn(s, 'long@longlock.example', 'correct horse battery', secret, 30)).status).toBe(401);
    });

    it('a locked-out user signs in right after an admin unlocks them (004-25)', async () => {
      const s = await adminSession(t, 'Unlocked Co', 'kaseyaone');
      const { secret } = await registered(s, 'freed@unlocked.example');
      for (let i = 0; i < 5; i++) await login({ tenantId: s.tenantId, login: 'freed@unlocked.example', password: `wrong-${i}` });
      expect((await signIn(s, 'freed@unlocked.example', 'correct horse battery', secret)).status).toBe(401);
      const userId = (await t.services.db.selectFrom('users').select('id').where('email', '=', 'freed@unlocked.example').executeTakeFirstOrThrow()).id;
      const unlocked = await t.app.request(`/v1/users/${userId}/unlock`, req('POST', undefined, s.auth));
      expect(((await unlocked.json()) as User).status).toBe('active');
      // The refused attempt above did not use up its code (the lock answered first), so the next step is fresh anyway.
      const after = await signIn(s, 'freed@unlocked.example', 'correct horse battery', secret, 30);
      expect(after.status).toBe(200);
      expect((await me(after.cookie)).status).toBe(200);
    });

    it('an email of 100 characters is accepted and one of 101 refused, in the form and in a CSV import (004-30, 004-43)', async () => {
      const s = await adminSession(t, 'Long Mail Co', 'kaseyaone');
      await t.app.request('/v1/access-groups', json({ name: 'Helpdesk', modules: ['psa'] }, s.auth));
      const address = (domainLetters: number, local = 'a'.repeat(60)) => `${local}@${'b'.repeat(domainLetters)}.example`;
      expect(address(31)).toHaveLength(100);
      expect(address(32)).toHaveLength(101);
      const tooLong = await errorOf(await t.app.request('/v1/users', req('POST', { kind: 'technician', firstName: 'Long', lastName: 'Mail', email: address(32), username: 'long', roleIds: [await roleId(t, s.tenantId, 'user')] }, s.auth)));
      expect(tooLong).toMatchObject({ status: 422, issues: [{ path: ['body', 'email'], message: 'Email can have at most 100 characters.' }] });
      await created(s.auth, { kind: 'technician', firstName: 'Long', lastName: 'Mail', email: address(31), username: 'long', roleIds: [await roleId(t, s.tenantId, 'user')] });
      const text = ['Username,Email,Role,Groups,First Name,Last Name', `csv100,${address(31, 'c'.repeat(60))},User,Helpdesk,Csv,Hundred`, `csv101,${address(32, 'c'.repeat(60))},User,Helpdesk,Csv,Over`].join('\n');
      const res = await t.app.request('/v1/users/bulk-import', json({ kind: 'technician', text }, s.auth));
      expect(res.status).toBe(201);
      const body = (await res.json()) as BulkImportResponse;
      expect(body.results.map((r) => [r.row, r.status, r.issues?.map((i) => [i.path.at(-1), i.message])])).toEqual([
        [0, 'imported', undefined],
        [1, 'failed', [['email', 'Email can have at most 100 characters.']]],
      ]);
    });

    it('the Root Admin cannot be activated: they are never deactivated, and activation answers 409 (004-67)', async () => {
      const s = await adminSession(t, 'Root Co', 'kaseyaone');
      // KaseyaOne's administrator role is Admin (key admin).
      const { auth } = await withRole(s, 'admin', 'sysadmin@root.example', { username: 'sysadmin' });
      const root = s.created.rootAdmin.id;
      expect(await errorOf(await t.app.request(`/v1/users/${root}/deactivate`, req('POST', undefined, auth)))).toMatchObject({ status: 403, message: 'The Root Admin cannot be deactivated.' });
      expect(await errorOf(await t.app.request(`/v1/users/${root}/activate`, req('POST', {}, auth)))).toMatchObject({ status: 409, message: 'Only a deactivated user can be activated.' });
      expect(await errorOf(await t.app.request(`/v1/users/${root}/activate`, req('POST', {}, s.auth)))).toMatchObject({ status: 403, message: 'You cannot activate yourself.' });
      const events = (await (await t.app.request(`/v1/audit-events?action=user.activated&targetId=${root}`, { headers: s.auth })).json()) as { items: unknown[] };
      expect(events.items).toEqual([]);
      expect((await getUser(s, root)).status).toBe('active');
    });
  });
});
