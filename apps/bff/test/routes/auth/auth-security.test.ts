import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSync } from 'otplib';
import { adminSession, createTestContext, deliveredMessage, dialects, errorOf, insertUsers, linkToken, json, roleId, userRow, widgetToken, type TestContext } from '../../support.js';
import { assignRoles } from '../../../src/db/repositories/roles.repository.js';
import { hashPassword } from '../../../src/auth/passwords.js';

const PASSWORD = 'correct horse battery';
let addressCounter = 0;
/** A request from its own loopback address (the rate limiter keys on the socket's address). */
export const from = (address = `127.1.${Math.floor(++addressCounter / 250)}.${(addressCounter % 250) + 1}`) => ({ incoming: { socket: { remoteAddress: address } } });

describe.each(dialects)('credentials and sessions on %s', (dialect) => {
  let t: TestContext;
  let passwordHash: string;
  beforeAll(async () => {
    t = await createTestContext(dialect);
    passwordHash = await hashPassword(PASSWORD);
  });
  afterAll(async () => t?.close());

  /** An active user with a password and (unless `enrolled: false`) an enrolled TOTP secret. */
  async function person(tenantId: string, email: string, o: { enrolled?: boolean; status?: 'active' | 'invited' | 'locked_out' } = {}) {
    const secret = t.services.totp.newSecret();
    const enrolled = o.enrolled ?? true;
    const [row] = await insertUsers(t, [userRow(tenantId, { email, status: o.status ?? 'active', password_hash: passwordHash })]);
    if (enrolled) {
      await t.services.db.updateTable('users').set({ mfa_state: 'enrolled', mfa_secret_encrypted: t.services.totp.encrypt(secret) }).where('id', '=', row!.id).execute();
    }
    return { id: row!.id, email, secret };
  }
  const login = (body: Record<string, unknown>, env: object = from()) => t.app.request('/v1/auth/login', json(body), env);
  const user = (id: string) =>
    t.services.db.selectFrom('users').select(['status', 'failed_login_count', 'locked_until', 'mfa_state', 'mfa_last_step']).where('id', '=', id).executeTakeFirstOrThrow();

  describe('TOTP codes are used once', () => {
    it('one code in 50 parallel sign-ins (each from its own address) gives exactly one session', async () => {
      const s = await adminSession(t, 'Totp Race', { preset: 'default', lockoutThreshold: null });
      const u = await person(s.tenantId, 'race@totp.example');
      const code = generateSync({ secret: u.secret });
      const results = await Promise.all(Array.from({ length: 50 }, () => login({ tenantId: s.tenantId, login: u.email, password: PASSWORD, code })));
      const statuses = results.map((r) => r.status);
      expect(statuses.filter((x) => x === 200)).toHaveLength(1);
      expect(statuses.filter((x) => x === 401)).toHaveLength(49);
      const sessions = await t.services.db.selectFrom('sessions').select('id').where('user_id', '=', u.id).execute();
      expect(sessions).toHaveLength(1);
    });
  });
  describe('failed sign-ins, rate limits and per-account caps', () => {
    it('50 parallel wrong passwords count every failure and lock exactly at the threshold, once', async () => {
      const s = await adminSession(t, 'Count Race');
      const u = await person(s.tenantId, 'count@race.example');
      const results = await Promise.all(Array.from({ length: 50 }, (_, i) => login({ tenantId: s.tenantId, login: u.email, password: `wrong-${i}` })));
      expect(results.every((r) => r.status === 401)).toBe(true);
      const row = await user(u.id);
      expect(row.status).toBe('locked_out');
      expect(row.failed_login_count).toBe(10);
      const events = await t.services.db.selectFrom('audit_events').select('id').where('target_id', '=', u.id).where('action', '=', 'user.locked_out').execute();
      expect(events).toHaveLength(1);
      const mails = await t.services.db.selectFrom('email_outbox').select(['subject', 'text_body']).where('to_address', '=', u.email).where('template', '=', 'account_locked').execute();
      expect(mails).toHaveLength(1);
    });

    it('a locked account answers like a wrong password, even with the right password and code; its owner gets an email without a token', async () => {
      const s = await adminSession(t, 'Locked Same', { preset: 'kaseyaone', rolesPerUser: 'many' });
      const u = await person(s.tenantId, 'locked@same.example');
      for (let i = 0; i < 5; i++) expect((await login({ tenantId: s.tenantId, login: u.email, password: `wrong-${i}` })).status).toBe(401);
      expect((await user(u.id)).status).toBe('locked_out');
      const right = await errorOf(await login({ tenantId: s.tenantId, login: u.email, password: PASSWORD, code: generateSync({ secret: u.secret }) }));
      const wrong = await errorOf(await login({ tenantId: s.tenantId, login: u.email, password: 'wrong-again' }));
      const unknown = await errorOf(await login({ tenantId: s.tenantId, login: 'ghost@same.example', password: PASSWORD }));
      expect(right).toEqual(wrong);
      expect(right).toEqual(unknown);
      expect(right.status).toBe(401);
      // Still locked, no session, and attempts while locked neither extend the lock nor count.
      expect(await user(u.id)).toMatchObject({ status: 'locked_out', failed_login_count: 5 });
      expect(await t.services.db.selectFrom('sessions').select('id').where('user_id', '=', u.id).execute()).toHaveLength(0);
      const mails = await t.services.db.selectFrom('email_outbox').select(['subject', 'text_body', 'html_body']).where('to_address', '=', u.email).execute();
      expect(mails).toHaveLength(1);
      expect(mails[0]!.subject).toBe('Your Roster account was locked');
      expect(mails[0]!.text_body).toContain('5 failed sign-in attempts');
      expect(mails[0]!.text_body).not.toMatch(/token=/);
      // Once the lock has expired, the right password and code sign in again.
      await t.services.db.updateTable('users').set({ locked_until: new Date(Date.now() - 1000).toISOString() }).where('id', '=', u.id).execute();
      expect((await login({ tenantId: s.tenantId, login: u.email, password: PASSWORD, code: generateSync({ secret: u.secret }) })).status).toBe(200);
      expect(await user(u.id)).toMatchObject({ status: 'active', failed_login_count: 0 });
    });

    it('below the threshold, parallel failures are all counted (no lost updates)', async () => {
      const s = await adminSession(t, 'Count Below', { preset: 'default', lockoutThreshold: 100 });
      const u = await person(s.tenantId, 'below@race.example');
      await Promise.all(Array.from({ length: 50 }, (_, i) => login({ tenantId: s.tenantId, login: u.email, password: `wrong-${i}` })));
      expect(await user(u.id)).toMatchObject({ status: 'active', failed_login_count: 50 });
    });

    it('100 parallel wrong sign-ins from one address: the limiter counts each when it starts (30 pass, 70 get 429)', async () => {
      const s = await adminSession(t, 'Limit Race', { preset: 'default', lockoutThreshold: null });
      const u = await person(s.tenantId, 'limit@race.example');
      const env = from('127.9.9.9');
      const results = await Promise.all(Array.from({ length: 100 }, (_, i) => login({ tenantId: s.tenantId, login: u.email, password: `wrong-${i}` }, env)));
      const limited = results.filter((r) => r.status === 429);
      expect(limited).toHaveLength(70);
      expect(Number(limited[0]!.headers.get('retry-after'))).toBeGreaterThan(0);
    });

    it('forgot-password sends at most 3 links per account per hour, from any number of addresses, with one answer', async () => {
      const s = await adminSession(t, 'Forgot Cap');
      const u = await person(s.tenantId, 'forgot@cap.example');
      const results = await Promise.all(Array.from({ length: 50 }, () => t.app.request('/v1/auth/forgot-password', json({ tenantId: s.tenantId, email: u.email }), from())));
      expect(results.every((r) => r.status === 202)).toBe(true);
      expect(new Set(await Promise.all(results.map((r) => r.text()))).size).toBe(1);
      const sent = await t.services.db.selectFrom('email_outbox').select('id').where('to_address', '=', u.email).where('template', '=', 'password_reset').execute();
      expect(sent).toHaveLength(3);
    });

    it('resend-invitation: at most 3 invitations per account per hour (creation included); then 429 with Retry-After', async () => {
      const s = await adminSession(t, 'Resend Cap');
      const res = await t.app.request('/v1/users', json({ kind: 'technician', firstName: 'Re', lastName: 'Send', email: 'resend@cap.example' }, s.auth));
      const id = ((await res.json()) as { id: string }).id;
      const results = await Promise.all(Array.from({ length: 50 }, () => t.app.request(`/v1/users/${id}/resend-invitation`, { method: 'POST', headers: s.auth })));
      expect(results.filter((r) => r.status === 200)).toHaveLength(2);
      const refused = results.filter((r) => r.status !== 200);
      expect(refused.every((r) => r.status === 429 && Number(r.headers.get('retry-after')) > 0)).toBe(true);
      const sent = await t.services.db.selectFrom('email_outbox').select('id').where('to_address', '=', 'resend@cap.example').where('template', '=', 'invitation').execute();
      expect(sent).toHaveLength(3);
    });
  });
  describe('links die with the credential', () => {
    /** The newest link of a kind sent to an address, read from the outbox like a mail client would. */
    async function lastLink(to: string, path: string): Promise<string> {
      return linkToken(await deliveredMessage(t, { to }), path);
    }
    /** An active, enrolled user with an outstanding email-change link and password-reset link. */
    async function withLinks(name: string) {
      const s = await adminSession(t, name);
      const u = await person(s.tenantId, `links@${name.toLowerCase().replace(/\W/g, '')}.example`);
      const newEmail = `new-${u.email}`;
      const patched = await t.app.request(`/v1/users/${u.id}`, { method: 'PATCH', headers: { 'content-type': 'application/json', ...s.auth }, body: JSON.stringify({ email: newEmail }) });
      expect(patched.status).toBe(200);
      const emailToken = await lastLink(newEmail, '/confirm-email');
      expect((await t.app.request('/v1/auth/forgot-password', json({ tenantId: s.tenantId, email: u.email }), from())).status).toBe(202);
      const resetToken = await lastLink(u.email, '/reset-password');
      return { s, u, emailToken, resetToken };
    }
    const reset = (token: string) => t.app.request('/v1/auth/reset-password', json({ token, password: 'a brand new password' }), from());
    const confirm = (token: string) => t.app.request('/v1/auth/confirm-email', json({ token }), from());
    async function signIn(tenantId: string, u: { email: string; secret: string }) {
      const res = await login({ tenantId, login: u.email, password: PASSWORD, code: generateSync({ secret: u.secret }) });
      expect(res.status).toBe(200);
      return res.headers.get('set-cookie')!.split(';')[0]!;
    }

    it('a password change kills the outstanding reset and email-change links', async () => {
      const { s, u, emailToken, resetToken } = await withLinks('Links Change');
      const cookie = await signIn(s.tenantId, u);
      const changed = await t.app.request('/v1/auth/change-password', { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ currentPassword: PASSWORD, newPassword: 'another long password', code: generateSync({ secret: u.secret, epoch: Math.floor(Date.now() / 1000) + 30 }) }) });
      expect(changed.status).toBe(204);
      expect((await reset(resetToken)).status).toBe(400);
      expect((await confirm(emailToken)).status).toBe(400);
    });

    it('a password reset kills the outstanding email-change link', async () => {
      const { emailToken, resetToken } = await withLinks('Links Reset');
      expect((await reset(resetToken)).status).toBe(200);
      expect((await confirm(emailToken)).status).toBe(400);
    });

    it('a confirmed email change kills the outstanding reset link', async () => {
      const { emailToken, resetToken } = await withLinks('Links Email');
      expect((await confirm(emailToken)).status).toBe(200);
      expect((await reset(resetToken)).status).toBe(400);
    });

    it('a 2FA reset kills the outstanding reset and email-change links', async () => {
      const { s, u, emailToken, resetToken } = await withLinks('Links Mfa');
      expect((await t.app.request(`/v1/users/${u.id}/reset-mfa`, { method: 'POST', headers: s.auth })).status).toBe(200);
      expect((await reset(resetToken)).status).toBe(400);
      expect((await confirm(emailToken)).status).toBe(400);
    });
  });
  describe('sign-in without an enrolled second factor starts enrolment', () => {
    const enrol = (body: Record<string, unknown>) => t.app.request('/v1/auth/mfa/enrol', json(body), from());
    /** Signs in with the right password, expects enrolment, then enrols with a code and returns the session cookie. */
    async function enrolThroughLogin(tenantId: string, email: string, password = PASSWORD) {
      const res = await login({ tenantId, login: email, password });
      const body = (await res.clone().json()) as any;
      expect(res.status, JSON.stringify(body)).toBe(200);
      expect(res.headers.get('set-cookie')).toBeNull();
      expect(body.status).toBe('mfa_enrolment_required');
      expect(Object.keys(body.mfa).sort()).toEqual(['otpauthUri', 'qrCodeSvg', 'secret', 'ticket']);
      expect(body.mfa.otpauthUri).toMatch(/^otpauth:\/\/totp\//);
      expect(body.mfa.qrCodeSvg).toContain('<svg');
      expect((await errorOf(await enrol({ ticket: body.mfa.ticket, code: '000000' })))).toMatchObject({ status: 422, issues: [{ path: ['body', 'code'] }] });
      const ok = await enrol({ ticket: body.mfa.ticket, code: generateSync({ secret: body.mfa.secret }) });
      const session = (await ok.json()) as any;
      expect(ok.status, JSON.stringify(session)).toBe(200);
      // The session, and the recovery codes that come with a factor (shown this once).
      expect(Object.keys(session).sort()).toEqual(['expiresAt', 'recoveryCodes', 'userId']);
      expect(session.recoveryCodes).toHaveLength(10);
      const cookie = ok.headers.get('set-cookie')!;
      expect(cookie).toMatch(/roster_session=rss_[\w-]+/);
      expect(cookie).toContain('HttpOnly');
      // The ticket is spent; the factor is enrolled and the user active.
      expect((await enrol({ ticket: body.mfa.ticket, code: generateSync({ secret: body.mfa.secret }) })).status).toBe(400);
      return { cookie: cookie.split(';')[0]!, secret: body.mfa.secret as string, userId: session.userId as string };
    }

    it('a seeded active, not enrolled user: enrolment, no failure counted, then signed in; afterwards the code is required', async () => {
      const s = await adminSession(t, 'Enrol Seeded');
      const u = await person(s.tenantId, 'seeded@enrol.example', { enrolled: false });
      await t.services.db.updateTable('users').set({ failed_login_count: 3 }).where('id', '=', u.id).execute();
      const { cookie, secret, userId } = await enrolThroughLogin(s.tenantId, u.email);
      expect(userId).toBe(u.id);
      expect(await user(u.id)).toMatchObject({ status: 'active', mfa_state: 'enrolled', failed_login_count: 0 });
      const me = await t.app.request('/v1/auth/me', { headers: { cookie } });
      expect(me.status).toBe(200);
      expect((await login({ tenantId: s.tenantId, login: u.email, password: PASSWORD })).status).toBe(401);
      const next = generateSync({ secret, epoch: Math.floor(Date.now() / 1000) + 30 });
      expect((await login({ tenantId: s.tenantId, login: u.email, password: PASSWORD, code: next })).status).toBe(200);
    });

    it('a sign-in’s enrolment ticket cannot replace a factor through /mfa/confirm', async () => {
      const s = await adminSession(t, 'Enrol Ticket');
      const u = await person(s.tenantId, 'ticket@enrol.example', { enrolled: false });
      const body = (await (await login({ tenantId: s.tenantId, login: u.email, password: PASSWORD })).json()) as any;
      const auth = { authorization: `Bearer ${await widgetToken(t, s.access, u.id)}` };
      const res = await t.app.request('/v1/auth/mfa/confirm', json({ ticket: body.mfa.ticket, code: generateSync({ secret: body.mfa.secret }) }, auth), from());
      expect(res.status).toBe(400);
      expect((await user(u.id)).mfa_state).toBe('not_enrolled');
    });

    it('a wrong password gives no enrolment and counts a failure; a deactivated user gets none either', async () => {
      const s = await adminSession(t, 'Enrol Wrong');
      const u = await person(s.tenantId, 'wrong@enrol.example', { enrolled: false });
      expect((await login({ tenantId: s.tenantId, login: u.email, password: 'not the password' })).status).toBe(401);
      expect((await user(u.id)).failed_login_count).toBe(1);
      await t.services.db.updateTable('users').set({ status: 'deactivated' }).where('id', '=', u.id).execute();
      expect((await login({ tenantId: s.tenantId, login: u.email, password: PASSWORD })).status).toBe(401);
    });

    it('after an admin’s 2FA reset', async () => {
      const s = await adminSession(t, 'Enrol Reset');
      const u = await person(s.tenantId, 'reset@enrol.example');
      expect((await t.app.request(`/v1/users/${u.id}/reset-mfa`, { method: 'POST', headers: s.auth })).status).toBe(200);
      const { cookie } = await enrolThroughLogin(s.tenantId, u.email);
      expect((await t.app.request('/v1/auth/me', { headers: { cookie } })).status).toBe(200);
    });

    it('after reactivation that wiped the credentials (new password by link, then 2FA at sign-in)', async () => {
      const s = await adminSession(t, 'Enrol Reactivated');
      const u = await person(s.tenantId, 'react@enrol.example');
      expect((await t.app.request(`/v1/users/${u.id}/deactivate`, { method: 'POST', headers: s.auth })).status).toBe(200);
      expect((await t.app.request(`/v1/users/${u.id}/activate`, json({}, s.auth))).status).toBe(200);
      const token = linkToken(await deliveredMessage(t, { to: u.email }), '/reset-password');
      expect((await t.app.request('/v1/auth/reset-password', json({ token, password: 'a brand new password' }), from())).status).toBe(200);
      const { cookie } = await enrolThroughLogin(s.tenantId, u.email, 'a brand new password');
      expect((await t.app.request('/v1/auth/me', { headers: { cookie } })).status).toBe(200);
    });

    it('an invited user who set a password at invitation accept but never confirmed the code', async () => {
      const s = await adminSession(t, 'Enrol Invited');
      const res = await t.app.request('/v1/users', json({ kind: 'technician', firstName: 'In', lastName: 'Vited', email: 'invited@enrol.example' }, s.auth));
      const id = ((await res.json()) as { id: string }).id;
      const token = linkToken(await deliveredMessage(t, { to: 'invited@enrol.example' }), '/accept-invitation');
      const accepted = (await (await t.app.request('/v1/invitations/accept', json({ token, password: PASSWORD }))).json()) as any;
      expect(accepted.status).toBe('mfa_enrolment_required');
      // The invitation's enrolment ticket cannot be spent at the sign-in's enrolment route.
      expect((await enrol({ ticket: accepted.mfa.ticket, code: generateSync({ secret: accepted.mfa.secret }) })).status).toBe(400);
      expect((await user(id)).status).toBe('invited');
      await enrolThroughLogin(s.tenantId, 'invited@enrol.example');
      expect(await user(id)).toMatchObject({ status: 'active', mfa_state: 'enrolled' });
    });
  });
  describe('fresh proof for credential changes', () => {
    const post = (path: string, headers: Record<string, string>, body?: unknown) =>
      t.app.request(path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) }, from());
    const code = (secret: string, offset = 0) => generateSync({ secret, epoch: Math.floor(Date.now() / 1000) + offset });
    const forgetStep = (id: string) => t.services.db.updateTable('users').set({ mfa_last_step: null }).where('id', '=', id).execute();

    it('a session alone changes no password; a step-up (password and code) does, for 5 minutes, and dies with the sessions', async () => {
      const s = await adminSession(t, 'Step Up');
      const u = await person(s.tenantId, 'step@up.example');
      const signedIn = await login({ tenantId: s.tenantId, login: u.email, password: PASSWORD, code: code(u.secret, -30) });
      const cookie = signedIn.headers.get('set-cookie')!.split(';')[0]!;
      expect((await errorOf(await post('/v1/auth/change-password', { cookie }, { newPassword: 'another long password' }))).status).toBe(403);
      expect(await errorOf(await post('/v1/auth/step-up', { cookie }, { password: 'not it' }))).toMatchObject({ status: 422, issues: [{ path: ['body', 'password'] }] });
      expect(await errorOf(await post('/v1/auth/step-up', { cookie }, { password: PASSWORD }))).toMatchObject({ status: 422, issues: [{ path: ['body', 'code'] }] });
      const stepped = await post('/v1/auth/step-up', { cookie }, { password: PASSWORD, code: code(u.secret) });
      const { stepUpToken, expiresAt } = (await stepped.json()) as { stepUpToken: string; expiresAt: string };
      expect(stepped.status).toBe(200);
      expect(Math.round((Date.parse(expiresAt) - Date.now()) / 60_000)).toBe(5);
      // The same code is not accepted twice, not even for a step-up.
      expect((await post('/v1/auth/step-up', { cookie }, { password: PASSWORD, code: code(u.secret) })).status).toBe(422);
      // Someone else's step-up proves nothing for this user.
      const other = await person(s.tenantId, 'other@up.example');
      const otherToken = await widgetToken(t, s.access, other.id);
      expect((await errorOf(await post('/v1/auth/change-password', { authorization: `Bearer ${otherToken}`, 'roster-step-up': stepUpToken }, { newPassword: 'another long password' }))).status).toBe(403);
      expect((await post('/v1/auth/change-password', { cookie, 'roster-step-up': stepUpToken }, { newPassword: 'another long password' })).status).toBe(204);
      // The password change ended every session: the step-up made before it is dead too.
      await new Promise((r) => setTimeout(r, 1100));
      const again = await widgetToken(t, s.access, u.id);
      expect((await errorOf(await post('/v1/auth/change-password', { authorization: `Bearer ${again}`, 'roster-step-up': stepUpToken }, { newPassword: 'a third long password' }))).status).toBe(403);
    });

    it('a widget token alone replaces no second factor; with a step-up made through the widget token it may', async () => {
      const s = await adminSession(t, 'Step Widget');
      const u = await person(s.tenantId, 'widget@step.example');
      const auth = { authorization: `Bearer ${await widgetToken(t, s.access, u.id)}` };
      expect((await errorOf(await post('/v1/auth/mfa/enrolment', auth))).status).toBe(403);
      expect((await errorOf(await post('/v1/auth/change-password', auth, { newPassword: 'another long password' }))).status).toBe(403);
      const { stepUpToken } = (await (await post('/v1/auth/step-up', auth, { password: PASSWORD, code: code(u.secret) })).json()) as { stepUpToken: string };
      const start = await post('/v1/auth/mfa/enrolment', { ...auth, 'roster-step-up': stepUpToken });
      expect(start.status).toBe(200);
      const ticket = ((await start.json()) as { ticket: string }).ticket;
      expect(ticket).toBeTruthy();
      // The proof in the body works as well (password and a current code).
      await forgetStep(u.id);
      expect((await post('/v1/auth/mfa/enrolment', auth, { password: PASSWORD, code: code(u.secret) })).status).toBe(200);
    });

    it('one’s own email changes only with a step-up; an admin changes another user’s email without one', async () => {
      const s = await adminSession(t, 'Step Email');
      const u = await person(s.tenantId, 'mail@step.example');
      await assignRoles(t.services.db, s.tenantId, [{ userId: u.id, roleId: await roleId(t, s.tenantId, 'user') }]);
      const auth = { authorization: `Bearer ${await widgetToken(t, s.access, u.id)}` };
      const patch = (headers: Record<string, string>, body: unknown, id = u.id) =>
        t.app.request(`/v1/users/${id}`, { method: 'PATCH', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
      expect((await errorOf(await patch(auth, { email: 'taken-over@evil.example' }))).status).toBe(403);
      expect((await patch(auth, { firstName: 'Still' })).status).toBe(200); // other fields need no step-up
      const { stepUpToken } = (await (await post('/v1/auth/step-up', auth, { password: PASSWORD, code: code(u.secret) })).json()) as { stepUpToken: string };
      expect((await patch({ ...auth, 'roster-step-up': stepUpToken }, { email: 'new-mail@step.example' })).status).toBe(200);
      const v = await person(s.tenantId, 'managed@step.example');
      expect((await patch(s.auth, { email: 'managed-new@step.example' }, v.id)).status).toBe(200);
    });

    it('PATCH of oneself needs self.edit', async () => {
      const s = await adminSession(t, 'Self Edit');
      const u = await person(s.tenantId, 'noself@edit.example');
      const auth = { authorization: `Bearer ${await widgetToken(t, s.access, u.id)}` };
      const patch = () => t.app.request(`/v1/users/${u.id}`, { method: 'PATCH', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify({ firstName: 'Changed' }) });
      expect(await errorOf(await patch())).toMatchObject({ status: 403 });
      await assignRoles(t.services.db, s.tenantId, [{ userId: u.id, roleId: await roleId(t, s.tenantId, 'user') }]);
      expect((await patch()).status).toBe(200);
    });

    it('only the Root Admin resets the Root Admin’s password or 2FA', async () => {
      const s = await adminSession(t, 'Root Reset');
      const admin = await person(s.tenantId, 'sysadmin@root.example');
      await assignRoles(t.services.db, s.tenantId, [{ userId: admin.id, roleId: await roleId(t, s.tenantId, 'system_admin') }]);
      const auth = { authorization: `Bearer ${await widgetToken(t, s.access, admin.id)}` };
      const root = s.created.rootAdmin.id;
      await t.services.db.updateTable('users').set({ mfa_state: 'enrolled', mfa_secret_encrypted: t.services.totp.encrypt(t.services.totp.newSecret()) }).where('id', '=', root).execute();
      expect(await errorOf(await post(`/v1/users/${root}/reset-mfa`, auth))).toMatchObject({ status: 403 });
      expect(await errorOf(await post(`/v1/users/${root}/reset-password`, auth))).toMatchObject({ status: 403 });
      expect((await user(root)).mfa_state).toBe('enrolled');
      // The system administrator still resets everyone else; the Root Admin resets their own.
      expect((await post(`/v1/users/${admin.id}/reset-mfa`, s.auth)).status).toBe(200);
      expect((await post(`/v1/users/${root}/reset-mfa`, s.auth)).status).toBe(200);
    });

    it('nobody removes their own admin permissions: not by their roles, not by editing a role they hold', async () => {
      const s = await adminSession(t, 'Self Demote');
      const admin = await person(s.tenantId, 'demote@self.example');
      const sysAdmin = await roleId(t, s.tenantId, 'system_admin');
      await assignRoles(t.services.db, s.tenantId, [{ userId: admin.id, roleId: sysAdmin }]);
      const auth = { authorization: `Bearer ${await widgetToken(t, s.access, admin.id)}` };
      const put = (headers: Record<string, string>, id: string, roleIds: string[]) =>
        t.app.request(`/v1/users/${id}/roles`, { method: 'PUT', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ roleIds }) });
      expect(await errorOf(await put(auth, admin.id, [await roleId(t, s.tenantId, 'user')]))).toMatchObject({ status: 403 });
      const roles = await t.services.db.selectFrom('role_assignments').select('role_id').where('user_id', '=', admin.id).execute();
      expect(roles.map((r) => r.role_id)).toEqual([sysAdmin]);
      // A custom admin role its only holder edits to drop users.write: refused, the role unchanged.
      const created = await t.app.request('/v1/roles', json({ name: 'Custom Admin', permissions: ['users.read', 'users.write', 'users.deactivate', 'roles.manage', 'roles.read'] }, s.auth));
      const custom = ((await created.json()) as { id: string }).id;
      const other = await person(s.tenantId, 'custom@self.example');
      await assignRoles(t.services.db, s.tenantId, [{ userId: other.id, roleId: custom }]);
      const otherAuth = { authorization: `Bearer ${await widgetToken(t, s.access, other.id)}` };
      const edit = await t.app.request(`/v1/roles/${custom}`, { method: 'PATCH', headers: { 'content-type': 'application/json', ...otherAuth }, body: JSON.stringify({ permissions: ['users.read', 'users.deactivate', 'roles.manage', 'roles.read'] }) });
      expect(await errorOf(edit)).toMatchObject({ status: 403 });
      const role = await t.services.db.selectFrom('roles').select('permissions').where('id', '=', custom).executeTakeFirstOrThrow();
      expect(role.permissions).toContain('users.write');
      // Someone else (the Root Admin) may change that role.
      const byRoot = await t.app.request(`/v1/roles/${custom}`, { method: 'PATCH', headers: { 'content-type': 'application/json', ...s.auth }, body: JSON.stringify({ permissions: ['users.read', 'users.deactivate', 'roles.manage', 'roles.read'] }) });
      expect(byRoot.status).toBe(200);
    });
  });
});
