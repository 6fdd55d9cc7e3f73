import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSync } from 'otplib';
import { adminSession, createTestContext, dialects, errorOf, insertUsers, json, userRow, type TestContext } from './support.js';
import { hashPassword } from '../src/auth/passwords.js';

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
      const s = await adminSession(t, 'Locked Same', 'kaseyaone');
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
      expect(mails[0]!.subject).toBe('Your account was locked');
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
      const row = await t.services.db.selectFrom('email_outbox').select(['text_body']).where('to_address', '=', to).orderBy('id', 'desc').executeTakeFirstOrThrow();
      const match = new RegExp(`https://roster\\.test${path}\\?token=([A-Za-z0-9_-]+)`).exec(row.text_body);
      if (!match) throw new Error(`no ${path} link in: ${row.text_body}`);
      return match[1]!;
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
      const changed = await t.app.request('/v1/auth/change-password', { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ currentPassword: PASSWORD, newPassword: 'another long password' }) });
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
      expect(Object.keys(session).sort()).toEqual(['expiresAt', 'userId']);
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
      await new Promise((r) => setTimeout(r, 1100)); // the reset ends sessions of its second
      const { cookie } = await enrolThroughLogin(s.tenantId, u.email);
      expect((await t.app.request('/v1/auth/me', { headers: { cookie } })).status).toBe(200);
    });

    it('after reactivation that wiped the credentials (new password by link, then 2FA at sign-in)', async () => {
      const s = await adminSession(t, 'Enrol Reactivated');
      const u = await person(s.tenantId, 'react@enrol.example');
      expect((await t.app.request(`/v1/users/${u.id}/deactivate`, { method: 'POST', headers: s.auth })).status).toBe(200);
      expect((await t.app.request(`/v1/users/${u.id}/activate`, json({}, s.auth))).status).toBe(200);
      const row = await t.services.db.selectFrom('email_outbox').select('text_body').where('to_address', '=', u.email).orderBy('id', 'desc').executeTakeFirstOrThrow();
      const token = /reset-password\?token=([\w-]+)/.exec(row.text_body)![1]!;
      expect((await t.app.request('/v1/auth/reset-password', json({ token, password: 'a brand new password' }), from())).status).toBe(200);
      await new Promise((r) => setTimeout(r, 1100));
      const { cookie } = await enrolThroughLogin(s.tenantId, u.email, 'a brand new password');
      expect((await t.app.request('/v1/auth/me', { headers: { cookie } })).status).toBe(200);
    });

    it('an invited user who set a password at invitation accept but never confirmed the code', async () => {
      const s = await adminSession(t, 'Enrol Invited');
      const res = await t.app.request('/v1/users', json({ kind: 'technician', firstName: 'In', lastName: 'Vited', email: 'invited@enrol.example' }, s.auth));
      const id = ((await res.json()) as { id: string }).id;
      const row = await t.services.db.selectFrom('email_outbox').select('text_body').where('to_address', '=', 'invited@enrol.example').orderBy('id', 'desc').executeTakeFirstOrThrow();
      const token = /accept-invitation\?token=([\w-]+)/.exec(row.text_body)![1]!;
      const accepted = (await (await t.app.request('/v1/invitations/accept', json({ token, password: PASSWORD }))).json()) as any;
      expect(accepted.status).toBe('mfa_enrolment_required');
      // The invitation's enrolment ticket cannot be spent at the sign-in's enrolment route.
      expect((await enrol({ ticket: accepted.mfa.ticket, code: generateSync({ secret: accepted.mfa.secret }) })).status).toBe(400);
      expect((await user(id)).status).toBe('invited');
      await enrolThroughLogin(s.tenantId, 'invited@enrol.example');
      expect(await user(id)).toMatchObject({ status: 'active', mfa_state: 'enrolled' });
    });
  });
});
