import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '@roster/contract';
import { adminSession, clientToken, createTestContext, deliveredMessage, dialects, errorOf, insertUsers, json, linkToken, roleId, userRow, widgetToken, type TestContext } from '../../support.js';
import { insertOrganizations } from '../../../src/db/repositories/organizations.repository.js';
import { assignRoles } from '../../../src/db/repositories/roles.repository.js';
import { hashPassword } from '../../../src/auth/passwords.js';

/**
 * Seed behaviours that worked without a test (issue 14, "Tests for what works untested"), each through its route and
 * its refusals: an admin's password reset, resending an invitation and its lifetime per profile, an integration
 * editing and deleting end users (never technicians), sessions ended by an email change and by a phone change, who
 * may set availability, no activating oneself, and a 2FA reset offered only once 2FA is set up.
 */
const PASSWORD = 'correct horse battery';
let addressCounter = 0;
/** Each sign-in from its own loopback address (the rate limiter keys on it). */
const from = () => ({ incoming: { socket: { remoteAddress: `127.14.0.${++addressCounter}` } } });
/** A profile's preset with 2FA optional (a sign-in needs only the password) and no lockout. */
const signInProfile = (preset: string) => ({ preset, mfaRequired: false, lockoutThreshold: null });

describe.each(dialects)('seed behaviours on %s', (dialect) => {
  let t: TestContext;
  let passwordHash: string;
  beforeAll(async () => {
    t = await createTestContext(dialect);
    passwordHash = await hashPassword(PASSWORD);
  });
  afterAll(async () => t?.close());

  const send = (method: string, path: string, auth: Record<string, string>, body?: unknown) =>
    t.app.request(path, { method, headers: { 'content-type': 'application/json', ...auth }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const row = (id: string) =>
    t.services.db.selectFrom('users').select(['status', 'email', 'phone', 'pending_email', 'availability', 'mfa_state', 'first_name']).where('id', '=', id).executeTakeFirstOrThrow();
  /** An active person with a password (and, with `enrolled`, 2FA set up). */
  async function person(tenantId: string, email: string, extra: Parameters<typeof userRow>[1] = {}, o: { enrolled?: boolean } = {}) {
    const [r] = await insertUsers(t, [userRow(tenantId, { email, status: 'active', password_hash: passwordHash, ...extra })]);
    if (o.enrolled) await t.services.db.updateTable('users').set({ mfa_state: 'enrolled', mfa_secret_encrypted: t.services.totp.encrypt(t.services.totp.newSecret()) }).where('id', '=', r!.id).execute();
    return r!.id;
  }
  /** Signs in with the password; the session cookie. */
  async function signIn(tenantId: string, login: string) {
    const res = await t.app.request('/v1/auth/login', json({ tenantId, login, password: PASSWORD }), from());
    expect(res.status, await res.clone().text()).toBe(200);
    return { cookie: res.headers.get('set-cookie')!.split(';')[0]! };
  }
  const me = async (headers: Record<string, string>) => (await t.app.request('/v1/auth/me', { headers })).status;
  /** Someone acting through a widget token with one built-in role. */
  async function withRole(s: { tenantId: string; access: string }, email: string, key: string) {
    const id = await person(s.tenantId, email);
    await assignRoles(t.services.db, s.tenantId, [{ userId: id, roleId: await roleId(t, s.tenantId, key) }]);
    return { id, auth: { authorization: `Bearer ${await widgetToken(t, s.access, id)}` } };
  }
  /** Hours until the newest unused link of a kind for a user expires. */
  const linkHours = async (userId: string, purpose: 'invitation' | 'password_reset') => {
    const r = await t.services.db.selectFrom('one_time_tokens').select('expires_at').where('user_id', '=', userId).where('purpose', '=', purpose).where('used_at', 'is', null).orderBy('created_at', 'desc').limit(1).executeTakeFirstOrThrow();
    return Math.round((Date.parse(r.expires_at) - Date.now()) / 3600_000);
  };

  describe('an admin’s password reset (seeds 000 and 004)', () => {
    it.each(['ninjaone', 'kaseyaone'] as const)('on %s: sends a 24-hour link, signs the user out at once; the link sets a new password once', async (preset) => {
      const s = await adminSession(t, `Reset ${preset}`, signInProfile(preset));
      const id = await person(s.tenantId, `pat@${preset}.example`);
      const session = await signIn(s.tenantId, `pat@${preset}.example`);
      expect(await me(session)).toBe(200);
      const res = await send('POST', `/v1/users/${id}/reset-password`, s.auth);
      expect(res.status, await res.clone().text()).toBe(200);
      expect(await me(session)).toBe(401);
      expect(await linkHours(id, 'password_reset')).toBe(24);
      const token = linkToken(await deliveredMessage(t, { to: `pat@${preset}.example` }), '/reset-password');
      expect((await t.app.request('/v1/auth/reset-password', json({ token, password: 'a brand new password' }))).status).toBe(200);
      expect((await t.app.request('/v1/auth/reset-password', json({ token, password: 'another new password' }))).status).toBe(400);
      const audit = await t.services.db.selectFrom('audit_events').select('actor_id').where('target_id', '=', id).where('action', '=', 'user.password_reset_sent').executeTakeFirst();
      expect(audit?.actor_id).toBe(s.created.rootAdmin.id);
    });

    it('is refused without users.reset_credentials (403), for a deactivated user (409) and across tenants (404); nothing is sent', async () => {
      const s = await adminSession(t, 'Reset Refusals', signInProfile('kaseyaone'));
      const other = await adminSession(t, 'Reset Other', signInProfile('kaseyaone'));
      const id = await person(s.tenantId, 'ray@refuse.example');
      const plain = await withRole(s, 'plain@refuse.example', 'user');
      const outbox = async () => (await t.services.db.selectFrom('email_outbox').select('id').where('to_address', '=', 'ray@refuse.example').execute()).length;
      expect(await errorOf(await send('POST', `/v1/users/${id}/reset-password`, plain.auth))).toMatchObject({ status: 403 });
      expect(await errorOf(await send('POST', `/v1/users/${id}/reset-password`, other.auth))).toMatchObject({ status: 404 });
      await t.services.db.updateTable('users').set({ status: 'deactivated' }).where('id', '=', id).execute();
      expect(await errorOf(await send('POST', `/v1/users/${id}/reset-password`, s.auth))).toMatchObject({ status: 409, message: 'Activate the user first.' });
      expect(await outbox()).toBe(0);
    });
  });

  describe('resending an invitation', () => {
    it.each([
      ['ninjaone', 24],
      ['kaseyaone', 14 * 24],
    ] as const)('on %s: a new link valid %i hours; the old link stops working', async (preset, hours) => {
      const s = await adminSession(t, `Resend ${preset}`, preset);
      const res = await send('POST', '/v1/users', s.auth, { kind: 'technician', firstName: 'Ivy', lastName: 'Invited', email: `ivy@${preset}.example`, ...(preset === 'kaseyaone' ? { username: 'ivy', roleIds: [await roleId(t, s.tenantId, 'user')] } : {}) });
      expect(res.status, await res.clone().text()).toBe(201);
      const { id } = (await res.json()) as User;
      const first = linkToken(await deliveredMessage(t, { to: `ivy@${preset}.example` }), '/accept-invitation');
      const again = await send('POST', `/v1/users/${id}/resend-invitation`, s.auth);
      expect(again.status, await again.clone().text()).toBe(200);
      expect(await again.json()).toMatchObject({ status: 'invited', invitationStatus: 'pending' });
      expect(await linkHours(id, 'invitation')).toBe(hours);
      const second = linkToken(await deliveredMessage(t, { to: `ivy@${preset}.example` }), '/accept-invitation');
      expect(second).not.toBe(first);
      expect((await t.app.request('/v1/invitations/accept', json({ token: first, password: 'a long enough password' }))).status).toBe(400);
      expect((await t.app.request('/v1/invitations/accept', json({ token: second, password: 'a long enough password' }))).status).toBe(200);
    });

    it('is refused for a registered user (409), without users.invite — an integration — (403), and across tenants (404)', async () => {
      const s = await adminSession(t, 'Resend Refusals', 'ninjaone');
      const other = await adminSession(t, 'Resend Other', 'ninjaone');
      const registered = await person(s.tenantId, 'reg@resend.example');
      expect(await errorOf(await send('POST', `/v1/users/${registered}/resend-invitation`, s.auth))).toMatchObject({ status: 409 });
      const [invited] = await insertUsers(t, [userRow(s.tenantId, { email: 'inv@resend.example', status: 'invited' })]);
      const integration = { authorization: `Bearer ${await clientToken(t, s.created.oauthClient.clientId, s.created.oauthClient.clientSecret, 'management:write')}` };
      expect(await errorOf(await send('POST', `/v1/users/${invited!.id}/resend-invitation`, integration))).toMatchObject({ status: 403 });
      expect(await errorOf(await send('POST', `/v1/users/${invited!.id}/resend-invitation`, other.auth))).toMatchObject({ status: 404 });
      expect(await t.services.db.selectFrom('email_outbox').select('id').where('to_address', '=', 'inv@resend.example').execute()).toEqual([]);
    });
  });

  describe('an integration (seed 002: OAuth client, management:write)', () => {
    it('edits and deletes end users; technicians are neither edited nor deleted (403), and stay as they were', async () => {
      const s = await adminSession(t, 'Torii Sync', 'ninjaone');
      const [org] = await insertOrganizations(t.services.db, s.tenantId, ['Synced Org']);
      const integration = { authorization: `Bearer ${await clientToken(t, s.created.oauthClient.clientId, s.created.oauthClient.clientSecret, 'management:write')}` };
      const created = await send('POST', '/v1/users', integration, { kind: 'end_user', organizationId: org!.id, firstName: 'Eve', lastName: 'End', email: 'eve@synced.example' });
      expect(created.status, await created.clone().text()).toBe(201);
      const eve = ((await created.json()) as User).id;
      const edited = await send('PATCH', `/v1/users/${eve}`, integration, { lastName: 'Ender', phone: '+1 888 667 8888' });
      expect(edited.status, await edited.clone().text()).toBe(200);
      expect(await edited.json()).toMatchObject({ lastName: 'Ender', phone: '+18886678888' });
      // Bad input is a 422 naming the field, and changes nothing.
      expect(await errorOf(await send('PATCH', `/v1/users/${eve}`, integration, { firstName: 'Eve1' }))).toMatchObject({ status: 422, issues: [{ path: ['body', 'firstName'] }] });
      const tech = await person(s.tenantId, 'tech@synced.example');
      expect(await errorOf(await send('PATCH', `/v1/users/${tech}`, integration, { firstName: 'Hacked' }))).toMatchObject({ status: 403 });
      expect(await errorOf(await send('DELETE', `/v1/users/${tech}`, integration))).toMatchObject({ status: 403 });
      expect(await row(tech)).toMatchObject({ first_name: expect.not.stringMatching('Hacked'), status: 'active' });
      expect((await send('DELETE', `/v1/users/${eve}`, integration)).status).toBe(204);
      expect((await t.app.request(`/v1/users/${eve}`, { headers: s.auth })).status).toBe(404);
    });

    it('with monitoring:read only it reads end users but edits and deletes none (403)', async () => {
      const s = await adminSession(t, 'Torii Read', 'ninjaone');
      const [org] = await insertOrganizations(t.services.db, s.tenantId, ['Read Org']);
      const [eve] = await insertUsers(t, [userRow(s.tenantId, { kind: 'end_user', organization_id: org!.id, email: 'eve@read.example' })]);
      const reader = { authorization: `Bearer ${await clientToken(t, s.created.oauthClient.clientId, s.created.oauthClient.clientSecret, 'monitoring:read')}` };
      expect((await t.app.request(`/v1/users/${eve!.id}`, { headers: reader })).status).toBe(200);
      expect(await errorOf(await send('PATCH', `/v1/users/${eve!.id}`, reader, { firstName: 'Changed' }))).toMatchObject({ status: 403 });
      expect(await errorOf(await send('DELETE', `/v1/users/${eve!.id}`, reader))).toMatchObject({ status: 403 });
      expect((await row(eve!.id)).status).toBe('active');
    });
  });

  describe('sessions ended by a change of email or phone (seed 000)', () => {
    it('a phone change signs the user out everywhere; saving the same phone does not', async () => {
      const s = await adminSession(t, 'Phone Out', signInProfile('ninjaone'));
      const id = await person(s.tenantId, 'phil@phone.example', { phone: '+18886678888' });
      const session = await signIn(s.tenantId, 'phil@phone.example');
      expect((await send('PATCH', `/v1/users/${id}`, s.auth, { phone: "'+1 888 667 8888" })).status).toBe(200);
      expect(await me(session)).toBe(200);
      expect((await send('PATCH', `/v1/users/${id}`, s.auth, { phone: '+49 30 901820' })).status).toBe(200);
      expect(await me(session)).toBe(401);
      expect((await row(id)).phone).toBe('+4930901820');
      // Removing the phone is a change too.
      const again = await signIn(s.tenantId, 'phil@phone.example');
      expect((await send('PATCH', `/v1/users/${id}`, s.auth, { phone: null })).status).toBe(200);
      expect(await me(again)).toBe(401);
    });

    it('an email change signs the user out when it takes effect (the confirmation), not before; a bad phone ends nothing', async () => {
      const s = await adminSession(t, 'Email Out', signInProfile('ninjaone'));
      // NinjaOne has no usernames: the email alone signs in.
      const id = await person(s.tenantId, 'em@email.example', { username: null, username_normalized: null });
      const session = await signIn(s.tenantId, 'em@email.example');
      expect(await errorOf(await send('PATCH', `/v1/users/${id}`, s.auth, { phone: '+1 555' }))).toMatchObject({ status: 422, issues: [{ path: ['body', 'phone'] }] });
      expect(await me(session)).toBe(200);
      expect((await send('PATCH', `/v1/users/${id}`, s.auth, { email: 'em.new@email.example' })).status).toBe(200);
      expect(await row(id)).toMatchObject({ email: 'em@email.example', pending_email: 'em.new@email.example' });
      expect(await me(session)).toBe(200);
      const token = linkToken(await deliveredMessage(t, { to: 'em.new@email.example' }), '/confirm-email');
      expect((await t.app.request('/v1/auth/confirm-email', json({ token }))).status).toBe(200);
      expect(await me(session)).toBe(401);
      expect(await row(id)).toMatchObject({ email: 'em.new@email.example', pending_email: null });
      // The new address signs in; the old one no longer does.
      await signIn(s.tenantId, 'em.new@email.example');
      expect((await t.app.request('/v1/auth/login', json({ tenantId: s.tenantId, login: 'em@email.example', password: PASSWORD }), from())).status).toBe(401);
    });
  });

  describe('availability (seed 003)', () => {
    it('an admin sets another technician’s; a technician without admin permissions sets only their own', async () => {
      const s = await adminSession(t, 'Avail Co', 'atera');
      const [org] = await insertOrganizations(t.services.db, s.tenantId, ['Avail Org']);
      // A dispatcher sees the technicians but holds no admin permission (no users.write).
      const role = await send('POST', '/v1/roles', s.auth, { name: 'Dispatcher', permissions: ['users.read', 'org.access.all', 'self.edit'] });
      expect(role.status, await role.clone().text()).toBe(201);
      const tessId = await person(s.tenantId, 'tess@avail.example');
      await assignRoles(t.services.db, s.tenantId, [{ userId: tessId, roleId: ((await role.json()) as { id: string }).id }]);
      const tess = { id: tessId, auth: { authorization: `Bearer ${await widgetToken(t, s.access, tessId)}` } };
      const tom = await person(s.tenantId, 'tom@avail.example', { availability: 'available' });
      const ok = await send('PATCH', `/v1/users/${tom}`, s.auth, { availability: 'out_of_office' });
      expect(ok.status, await ok.clone().text()).toBe(200);
      expect(await ok.json()).toMatchObject({ availability: 'out_of_office' });
      expect(await errorOf(await send('PATCH', `/v1/users/${tom}`, tess.auth, { availability: 'available' }))).toMatchObject({ status: 403 });
      // Someone who cannot even see technicians gets a 404, like a missing id.
      const plain = await withRole(s, 'plain@avail.example', 'user');
      expect(await errorOf(await send('PATCH', `/v1/users/${tom}`, plain.auth, { availability: 'available' }))).toMatchObject({ status: 404 });
      expect((await row(tom)).availability).toBe('out_of_office');
      const own = await send('PATCH', `/v1/users/${tess.id}`, tess.auth, { availability: 'out_of_office' });
      expect(own.status, await own.clone().text()).toBe(200);
      expect((await row(tess.id)).availability).toBe('out_of_office');
      // Not a value of the list, and not for end users: 422 naming the field.
      expect(await errorOf(await send('PATCH', `/v1/users/${tom}`, s.auth, { availability: 'on_holiday' }))).toMatchObject({ status: 422, issues: [{ path: ['body', 'availability'] }] });
      const [eu] = await insertUsers(t, [userRow(s.tenantId, { kind: 'end_user', organization_id: org!.id, email: 'eu@avail.example' })]);
      expect(await errorOf(await send('PATCH', `/v1/users/${eu!.id}`, s.auth, { availability: 'available' }))).toMatchObject({ status: 422, issues: [{ path: ['body', 'availability'] }] });
    });

    it('one’s own availability needs self.edit: a Beginner (who may do nothing) cannot set it', async () => {
      const s = await adminSession(t, 'Avail Beginner', 'atera');
      const bea = await withRole(s, 'bea@beginner.example', 'beginner');
      expect(await errorOf(await send('PATCH', `/v1/users/${bea.id}`, bea.auth, { availability: 'out_of_office' }))).toMatchObject({ status: 403 });
      expect((await row(bea.id)).availability).toBe(null);
    });
  });

  describe('activation (seed 004: “you cannot activate yourself”)', () => {
    it('an admin cannot activate themself (403); activates another deactivated user; an active one is a 409', async () => {
      const s = await adminSession(t, 'Activate Co', 'kaseyaone');
      const self = s.created.rootAdmin.id;
      expect(await errorOf(await send('POST', `/v1/users/${self}/activate`, s.auth, {}))).toMatchObject({ status: 403, message: 'You cannot activate yourself.' });
      // KaseyaOne's administrator role is Admin (key `admin`), as seed 004 names it.
      const admin = await withRole(s, 'admin@activate.example', 'admin');
      expect(await errorOf(await send('POST', `/v1/users/${admin.id}/activate`, admin.auth, {}))).toMatchObject({ status: 403 });
      const dee = await person(s.tenantId, 'dee@activate.example', { status: 'deactivated' });
      expect((await send('POST', `/v1/users/${dee}/activate`, admin.auth, {})).status).toBe(200);
      expect((await row(dee)).status).toBe('active');
      expect(await errorOf(await send('POST', `/v1/users/${dee}/activate`, admin.auth, {}))).toMatchObject({ status: 409 });
    });

    it('a deactivated user’s own token no longer acts, so they cannot reactivate themself; without users.deactivate nobody activates', async () => {
      const s = await adminSession(t, 'Activate Self', 'kaseyaone');
      const admin = await withRole(s, 'gone@activate.example', 'admin');
      expect((await send('POST', `/v1/users/${admin.id}/deactivate`, s.auth)).status).toBe(200);
      expect((await send('POST', `/v1/users/${admin.id}/activate`, admin.auth, {})).status).toBe(401);
      expect((await row(admin.id)).status).toBe('deactivated');
      const plain = await withRole(s, 'plain@activate.example', 'user');
      expect(await errorOf(await send('POST', `/v1/users/${admin.id}/activate`, plain.auth, {}))).toMatchObject({ status: 403 });
      expect((await row(admin.id)).status).toBe('deactivated');
    });
  });

  describe('2FA reset (seed 004: offered once the user has enrolled)', () => {
    it('is refused (409) before enrolment and after a reset; an enrolled user’s becomes Not Enrolled and their sessions end', async () => {
      const s = await adminSession(t, 'Mfa Reset', 'kaseyaone');
      const [invited] = await insertUsers(t, [userRow(s.tenantId, { email: 'new@mfa.example', status: 'invited' })]);
      expect(await errorOf(await send('POST', `/v1/users/${invited!.id}/reset-mfa`, s.auth))).toMatchObject({ status: 409 });
      const active = await person(s.tenantId, 'notyet@mfa.example');
      expect(await errorOf(await send('POST', `/v1/users/${active}/reset-mfa`, s.auth))).toMatchObject({ status: 409 });
      const enrolled = await person(s.tenantId, 'enrolled@mfa.example', {}, { enrolled: true });
      const plain = await withRole(s, 'plain@mfa.example', 'user');
      expect(await errorOf(await send('POST', `/v1/users/${enrolled}/reset-mfa`, plain.auth))).toMatchObject({ status: 403 });
      expect((await row(enrolled)).mfa_state).toBe('enrolled');
      const widget = { authorization: `Bearer ${await widgetToken(t, s.access, enrolled)}` };
      await new Promise((r) => setTimeout(r, 1100)); // the cut of sessions moves by whole seconds
      const res = await send('POST', `/v1/users/${enrolled}/reset-mfa`, s.auth);
      expect(res.status, await res.clone().text()).toBe(200);
      expect(await res.json()).toMatchObject({ mfaState: 'not_enrolled' });
      expect(await me(widget)).toBe(401);
      expect(await errorOf(await send('POST', `/v1/users/${enrolled}/reset-mfa`, s.auth))).toMatchObject({ status: 409 });
      const events = await t.services.db.selectFrom('audit_events').select('action').where('target_id', '=', enrolled).where('action', '=', 'user.mfa_reset').execute();
      expect(events).toHaveLength(1);
    });
  });
});
