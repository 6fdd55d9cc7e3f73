import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { adminSession, createTestContext, deliveredMessage, dialects, errorOf, json, linkToken, roleId, type TestContext } from '../../support.js';
import { assignRoles } from '../../../src/db/repositories/roles.repository.js';
import { smsBody } from '../../../src/sms/outbox.js';
import { deliverDueSms } from '../../../src/sms/sender.js';
import { sendSmsCodeIn } from '../../../src/services/sms.service.js';
import { listSmsOutbox } from '../../../src/db/repositories/sms-outbox.repository.js';
import { withTenant } from '../../../src/db/tenant-scope.js';
import { loadConfig, ConfigError } from '../../../src/env.js';

const PASSWORD = 'correct horse battery';
const MOBILE = '+4915123456789';
const OTHER_MOBILE = '+4917612345678';
const LANDLINE = '+49 30 901820';
let addressCounter = 0;
/** A request from its own loopback address (the rate limiter keys on the socket's address). */
const from = (address = `127.6.${Math.floor(++addressCounter / 250)}.${(addressCounter % 250) + 1}`) => ({ incoming: { socket: { remoteAddress: address } } });

/** A real HTTP SMS provider in this process: answers with the status it is told and keeps what it receives. */
async function startProvider() {
  const received: { body: { to: string; body: string; messageId: string }; authorization: string | undefined; url: string | undefined }[] = [];
  let status = 200;
  /** Requests to leave unanswered (a sender stalls mid-send) until `release`, then answered with the status then. */
  let holdNext = 0;
  const held: (() => void)[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    let data = '';
    req.on('data', (chunk) => (data += chunk));
    req.on('end', () => {
      const respond = () => {
        received.push({ body: JSON.parse(data), authorization: req.headers.authorization, url: req.url });
        res.writeHead(status, { 'content-type': 'application/json' }).end('{}');
      };
      if (holdNext > 0) {
        holdNext -= 1;
        held.push(respond);
      } else respond();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    received,
    answer(code: number) {
      status = code;
    },
    hold() {
      holdNext = 1;
    },
    held: () => held.length,
    release() {
      for (const respond of held.splice(0)) respond();
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe.each(dialects)('text-message sign-in (sms) on %s', (dialect) => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext(dialect);
  });
  afterAll(async () => t?.close());

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) => t.app.request(path, json(body, headers), from());
  const login = (tenantId: string, email: string, extra: Record<string, unknown> = {}) => post('/v1/auth/login', { tenantId, login: email, password: PASSWORD, ...extra });
  const userState = (id: string) => t.services.db.selectFrom('users').select(['status', 'mfa_state', 'phone', 'failed_login_count', 'sign_in_method']).where('id', '=', id).executeTakeFirstOrThrow();
  const smsRows = (userId: string) => t.services.db.selectFrom('sms_outbox').selectAll().where('user_id', '=', userId).orderBy('id', 'desc').execute();
  /** The code of the newest text message to the person, read as it is sent (its body unsealed). */
  async function lastCode(userId: string) {
    const [row] = await smsRows(userId);
    const body = smsBody(row!, t.services.config.signingKey)!;
    return { code: /^(\d{6}) /.exec(body)![1]!, to: row!.to_number, body };
  }
  /** As if the person's last code had been asked for `seconds` ago (the resend limits count from then). */
  const age = (userId: string, seconds: number) =>
    sql`update one_time_tokens set created_at = created_at - make_interval(secs => ${seconds}) where user_id = ${userId} and purpose = 'sms_code'`.execute(t.services.db);

  /** An admin creates a technician who signs in with text messages; the invitation's token. */
  async function invited(s: Awaited<ReturnType<typeof adminSession>>, email: string, extra: Record<string, unknown> = {}) {
    const created = await post('/v1/users', { kind: 'technician', firstName: 'Sam', lastName: 'Text', email, signInMethod: 'sms', ...extra }, s.auth);
    expect(created.status).toBe(201);
    const id = ((await created.json()) as { id: string; signInMethod: string }).id;
    return { id, email, token: linkToken(await deliveredMessage(t, { to: email }), '/accept-invitation') };
  }
  /** An invited SMS technician accepts with `phone`, confirms with the code: active and enrolled. */
  async function smsUser(s: Awaited<ReturnType<typeof adminSession>>, email: string, phone = MOBILE) {
    const u = await invited(s, email);
    const accepted = await post('/v1/invitations/accept', { token: u.token, password: PASSWORD, phone });
    expect(accepted.status).toBe(200);
    const body = (await accepted.json()) as { status: string; sms: { ticket: string } };
    const confirmed = await post('/v1/invitations/confirm-sms', { ticket: body.sms.ticket, code: (await lastCode(u.id)).code });
    expect(confirmed.status).toBe(200);
    const { recoveryCodes } = (await confirmed.json()) as { recoveryCodes: string[] };
    await age(u.id, 3600); // the set-up's code is not the next sign-in's limit
    return { ...u, recoveryCodes };
  }
  /** Password, then the code sent: the session cookie. */
  async function signIn(tenantId: string, u: { id: string; email: string }) {
    expect((await (await login(tenantId, u.email)).json()) as { status: string }).toMatchObject({ status: 'sms_code_sent' });
    const res = await login(tenantId, u.email, { code: (await lastCode(u.id)).code });
    expect(res.status).toBe(200);
    await age(u.id, 3600);
    return res.headers.get('set-cookie')!.split(';')[0]!;
  }

  describe('registration', () => {
    it('an invitation without a phone asks for a mobile number: none, a landline or a bad number is a 422 naming body.phone and changes nothing', async () => {
      const s = await adminSession(t, 'Sms Invite');
      const u = await invited(s, 'nophone@sms.example');
      for (const [phone, code] of [[undefined, 'phone.mobile_required'], [LANDLINE, 'phone.not_mobile'], ['+49 123', 'phone.invalid_for_country'], ['01512345678', 'phone.country_code_missing']] as const) {
        const res = await errorOf(await post('/v1/invitations/accept', { token: u.token, password: PASSWORD, ...(phone ? { phone } : {}) }));
        expect(res).toMatchObject({ status: 422, issues: [expect.objectContaining({ path: ['body', 'phone'], code })] });
      }
      expect(await userState(u.id)).toMatchObject({ status: 'invited', mfa_state: 'not_enrolled', phone: null });
      expect(await smsRows(u.id)).toHaveLength(0);
      const hash = await t.services.db.selectFrom('users').select('password_hash').where('id', '=', u.id).executeTakeFirstOrThrow();
      expect(hash.password_hash).toBeNull();
      // The invitation is still good: the mobile number gets the code, proven by it, then the person is active.
      const accepted = await post('/v1/invitations/accept', { token: u.token, password: PASSWORD, phone: '+49 151 2345 6789' });
      const body = (await accepted.json()) as { status: string; sms: { ticket: string; sent: { to: string; expiresAt: string; resendAfterSeconds: number } } };
      expect(body).toMatchObject({ status: 'sms_enrolment_required', sms: { sent: { to: '•••• ••89', resendAfterSeconds: 30 } } });
      expect(Date.parse(body.sms.sent.expiresAt) - Date.now()).toBeGreaterThan(4 * 60_000);
      const sent = await lastCode(u.id);
      expect(sent.to).toBe(MOBILE);
      expect(sent.body).toContain('sign-in code');
      expect(await userState(u.id)).toMatchObject({ status: 'invited', phone: null });
      const wrong = await errorOf(await post('/v1/invitations/confirm-sms', { ticket: body.sms.ticket, code: sent.code === '000000' ? '111111' : '000000' }));
      expect(wrong).toMatchObject({ status: 422, issues: [expect.objectContaining({ path: ['body', 'code'] })] });
      const confirmed = await post('/v1/invitations/confirm-sms', { ticket: body.sms.ticket, code: sent.code });
      expect(confirmed.status).toBe(200);
      expect(((await confirmed.json()) as { recoveryCodes: string[] }).recoveryCodes).toHaveLength(10);
      expect(await userState(u.id)).toMatchObject({ status: 'active', mfa_state: 'enrolled', phone: MOBILE, sign_in_method: 'sms' });
      // The ticket and the code are spent.
      expect((await post('/v1/invitations/confirm-sms', { ticket: body.sms.ticket, code: sent.code })).status).toBe(400);
    });

    it('an invitation with a mobile number on file sends the code there; another number may be given instead', async () => {
      const s = await adminSession(t, 'Sms OnFile');
      const u = await invited(s, 'onfile@sms.example', { phone: OTHER_MOBILE });
      const accepted = (await (await post('/v1/invitations/accept', { token: u.token, password: PASSWORD })).json()) as { status: string; sms: { sent: { to: string } } };
      expect(accepted).toMatchObject({ status: 'sms_enrolment_required', sms: { sent: { to: '•••• ••78' } } });
      expect((await lastCode(u.id)).to).toBe(OTHER_MOBILE);
      // A resend with another number (the ticket's enrolment-code route): proven there, that number becomes the person's.
      await age(u.id, 31);
      const again = await post('/v1/auth/sms/enrolment-code', { ticket: (accepted as unknown as { sms: { ticket: string } }).sms.ticket, phone: MOBILE });
      expect(again.status).toBe(200);
      const ticket = (accepted as unknown as { sms: { ticket: string } }).sms.ticket;
      expect((await post('/v1/invitations/confirm-sms', { ticket, code: (await lastCode(u.id)).code })).status).toBe(200);
      expect(await userState(u.id)).toMatchObject({ status: 'active', phone: MOBILE });
    });
  });

  describe('sign-in', () => {
    it('the password sends a code (no session, not a failure); the code signs in once, and is refused a second time', async () => {
      const s = await adminSession(t, 'Sms Login');
      const u = await smsUser(s, 'login@sms.example');
      const first = await login(s.tenantId, u.email);
      expect(first.status).toBe(200);
      expect(first.headers.get('set-cookie')).toBeNull();
      expect(await first.json()).toMatchObject({ status: 'sms_code_sent', to: '•••• ••89', resendAfterSeconds: 30, expiresAt: expect.any(String) });
      expect((await userState(u.id)).failed_login_count).toBe(0);
      const { code } = await lastCode(u.id);
      const signedIn = await login(s.tenantId, u.email, { code });
      expect(signedIn.status).toBe(200);
      const cookie = signedIn.headers.get('set-cookie')!.split(';')[0]!;
      expect((await t.app.request('/v1/auth/me', { headers: { cookie } })).status).toBe(200);
      expect((await errorOf(await login(s.tenantId, u.email, { code }))).status).toBe(401);
      // A code just used is no reason to wait: the next sign-in gets its code at once.
      expect(await (await login(s.tenantId, u.email)).json()).toMatchObject({ status: 'sms_code_sent' });
      // A wrong password never sends a code.
      await age(u.id, 3600);
      const before = (await smsRows(u.id)).length;
      expect((await post('/v1/auth/login', { tenantId: s.tenantId, login: u.email, password: 'wrong password!' })).status).toBe(401);
      expect(await smsRows(u.id)).toHaveLength(before);
    });

    it('a wrong code counts as a failed sign-in; five wrong tries burn the code', async () => {
      const s = await adminSession(t, 'Sms Wrong', { preset: 'default', lockoutThreshold: 100 });
      const u = await smsUser(s, 'wrong@sms.example');
      await login(s.tenantId, u.email);
      const { code } = await lastCode(u.id);
      const wrongCode = code === '123456' ? '654321' : '123456';
      for (let i = 1; i <= 5; i++) {
        expect((await errorOf(await login(s.tenantId, u.email, { code: wrongCode }))).status).toBe(401);
        expect((await userState(u.id)).failed_login_count).toBe(i);
      }
      expect((await errorOf(await login(s.tenantId, u.email, { code }))).status).toBe(401);
    });

    it('an expired code is refused', async () => {
      const s = await adminSession(t, 'Sms Expiry');
      const u = await smsUser(s, 'expiry@sms.example');
      await login(s.tenantId, u.email);
      const { code } = await lastCode(u.id);
      await sql`update one_time_tokens set expires_at = now() - interval '1 second' where user_id = ${u.id} and purpose = 'sms_code'`.execute(t.services.db);
      expect((await errorOf(await login(s.tenantId, u.email, { code }))).status).toBe(401);
    });

    it('asking again sends a new code at most every 30 s and 5 in 15 minutes: 429 with Retry-After naming when', async () => {
      const s = await adminSession(t, 'Sms Resend');
      const u = await smsUser(s, 'resend@sms.example');
      expect((await login(s.tenantId, u.email)).status).toBe(200);
      const old = (await lastCode(u.id)).code;
      const soon = await login(s.tenantId, u.email);
      expect(soon.status).toBe(429);
      const wait = Number(soon.headers.get('retry-after'));
      expect(wait).toBeGreaterThan(0);
      expect(wait).toBeLessThanOrEqual(30);
      expect((await errorOf(soon)).message).toContain(`${wait} seconds`);
      for (let i = 2; i <= 5; i++) {
        await age(u.id, 31);
        expect((await login(s.tenantId, u.email)).status).toBe(200);
      }
      await age(u.id, 31);
      const tooMany = await login(s.tenantId, u.email);
      expect(tooMany.status).toBe(429);
      expect(Number(tooMany.headers.get('retry-after'))).toBeGreaterThan(30);
      // The new code replaced the old one.
      const { code } = await lastCode(u.id);
      if (code !== old) expect((await errorOf(await login(s.tenantId, u.email, { code: old }))).status).toBe(401);
      expect((await login(s.tenantId, u.email, { code })).status).toBe(200);
    });

    it('a recovery code stands in for the text message: signed in, no message sent, spent once', async () => {
      const s = await adminSession(t, 'Sms Recovery');
      const u = await smsUser(s, 'recovery@sms.example');
      const before = (await smsRows(u.id)).length;
      const res = await login(s.tenantId, u.email, { recoveryCode: u.recoveryCodes[0] });
      expect(res.status).toBe(200);
      expect(res.headers.get('set-cookie')).toContain('roster_session=');
      expect(await smsRows(u.id)).toHaveLength(before);
      expect((await login(s.tenantId, u.email, { recoveryCode: u.recoveryCodes[0] })).status).toBe(401);
    });
  });

  describe('step-up', () => {
    it('a code sent for the step-up proves the person with the password; the password alone, a sign-in code or a wrong code do not', async () => {
      const s = await adminSession(t, 'Sms StepUp', { preset: 'default', lockoutThreshold: 100 });
      const u = await smsUser(s, 'stepup@sms.example');
      const cookie = { cookie: await signIn(s.tenantId, u) };
      expect(await errorOf(await post('/v1/auth/step-up', { password: PASSWORD }, cookie))).toMatchObject({ status: 422, issues: [expect.objectContaining({ path: ['body', 'code'] })] });
      // A sign-in's code is no step-up's.
      await login(s.tenantId, u.email);
      const loginCode = (await lastCode(u.id)).code;
      expect(await errorOf(await post('/v1/auth/step-up', { password: PASSWORD, code: loginCode }, cookie))).toMatchObject({ status: 422 });
      await age(u.id, 3600);
      const sent = await post('/v1/auth/step-up/sms', {}, cookie);
      expect(sent.status).toBe(200);
      expect(await sent.json()).toMatchObject({ to: '•••• ••89', resendAfterSeconds: 30 });
      const { code } = await lastCode(u.id);
      const failures = (await userState(u.id)).failed_login_count;
      expect(await errorOf(await post('/v1/auth/step-up', { password: PASSWORD, code: code === '000000' ? '999999' : '000000' }, cookie))).toMatchObject({ status: 422, issues: [expect.objectContaining({ path: ['body', 'code'] })] });
      expect((await userState(u.id)).failed_login_count).toBe(failures + 1);
      const ok = await post('/v1/auth/step-up', { password: PASSWORD, code }, cookie);
      expect(ok.status).toBe(200);
      expect(await ok.json()).toMatchObject({ stepUpToken: expect.any(String) });
      // Spent: the same code proves nothing again; a recovery code stands in, once.
      expect((await post('/v1/auth/step-up', { password: PASSWORD, code }, cookie)).status).toBe(422);
      expect((await post('/v1/auth/step-up', { password: PASSWORD, recoveryCode: u.recoveryCodes[1] }, cookie)).status).toBe(200);
    });

    it('step-up by text message is refused (409) to a person who signs in otherwise', async () => {
      const s = await adminSession(t, 'Sms StepUp Other');
      const res = await t.app.request('/v1/auth/step-up/sms', { method: 'POST', headers: s.auth }, from());
      expect(res.status).toBe(409);
      expect(await t.services.db.selectFrom('sms_outbox').select('id').where('tenant_id', '=', s.tenantId).execute()).toHaveLength(0);
    });
  });

  describe('a changed number', () => {
    it('an admin’s phone change sets the factor back: the next sign-in proves the new number, then signs in with recovery codes', async () => {
      const s = await adminSession(t, 'Sms Phone Change');
      const u = await smsUser(s, 'change@sms.example');
      const patched = await t.app.request(`/v1/users/${u.id}`, { method: 'PATCH', headers: { 'content-type': 'application/json', ...s.auth }, body: JSON.stringify({ phone: OTHER_MOBILE }) });
      expect(patched.status).toBe(200);
      expect(await userState(u.id)).toMatchObject({ mfa_state: 'not_enrolled', phone: OTHER_MOBILE });
      const res = (await (await login(s.tenantId, u.email)).json()) as { status: string; sms: { ticket: string; sent: { to: string } } };
      expect(res).toMatchObject({ status: 'sms_enrolment_required', sms: { sent: { to: '•••• ••78' } } });
      const enrolled = await post('/v1/auth/sms/enrol', { ticket: res.sms.ticket, code: (await lastCode(u.id)).code });
      expect(enrolled.status).toBe(200);
      expect(enrolled.headers.get('set-cookie')).toContain('roster_session=');
      expect(((await enrolled.json()) as { recoveryCodes: string[] }).recoveryCodes).toHaveLength(10);
      expect(await userState(u.id)).toMatchObject({ mfa_state: 'enrolled', phone: OTHER_MOBILE });
    });

    it('a sign-in set-up without a mobile number on file asks for one: a landline is a 422 naming body.phone', async () => {
      const s = await adminSession(t, 'Sms Login Setup');
      const u = await smsUser(s, 'setup@sms.example');
      await t.app.request(`/v1/users/${u.id}`, { method: 'PATCH', headers: { 'content-type': 'application/json', ...s.auth }, body: JSON.stringify({ phone: LANDLINE }) });
      const res = (await (await login(s.tenantId, u.email)).json()) as { status: string; sms: { ticket: string; sent: null } };
      expect(res).toMatchObject({ status: 'sms_enrolment_required', sms: { sent: null } });
      expect(await errorOf(await post('/v1/auth/sms/enrolment-code', { ticket: res.sms.ticket }))).toMatchObject({ status: 422, issues: [expect.objectContaining({ path: ['body', 'phone'], code: 'phone.mobile_required' })] });
      expect(await errorOf(await post('/v1/auth/sms/enrolment-code', { ticket: res.sms.ticket, phone: LANDLINE }))).toMatchObject({ status: 422, issues: [expect.objectContaining({ path: ['body', 'phone'], code: 'phone.not_mobile' })] });
      const sent = await post('/v1/auth/sms/enrolment-code', { ticket: res.sms.ticket, phone: MOBILE });
      expect(sent.status).toBe(200);
      expect((await post('/v1/auth/sms/enrol', { ticket: res.sms.ticket, code: (await lastCode(u.id)).code })).status).toBe(200);
      expect(await userState(u.id)).toMatchObject({ mfa_state: 'enrolled', phone: MOBILE });
      expect((await post('/v1/auth/sms/enrolment-code', { ticket: 'not-a-ticket' })).status).toBe(400);
    });

    it('one’s own phone change needs a step-up, and is proven again at the next sign-in', async () => {
      const s = await adminSession(t, 'Sms Own Phone');
      const u = await smsUser(s, 'own@sms.example');
      await assignRoles(t.services.db, s.tenantId, [{ userId: u.id, roleId: await roleId(t, s.tenantId, 'user') }]);
      const cookie = await signIn(s.tenantId, u);
      const change = (headers: Record<string, string> = {}) =>
        t.app.request(`/v1/users/${u.id}`, { method: 'PATCH', headers: { 'content-type': 'application/json', cookie, ...headers }, body: JSON.stringify({ phone: OTHER_MOBILE }) });
      expect(await errorOf(await change())).toMatchObject({ status: 403, message: expect.stringContaining('step-up') });
      expect(await userState(u.id)).toMatchObject({ mfa_state: 'enrolled', phone: MOBILE });
      expect((await post('/v1/auth/step-up/sms', {}, { cookie })).status).toBe(200);
      const stepped = await post('/v1/auth/step-up', { password: PASSWORD, code: (await lastCode(u.id)).code }, { cookie });
      const { stepUpToken } = (await stepped.json()) as { stepUpToken: string };
      expect((await change({ 'roster-step-up': stepUpToken })).status).toBe(200);
      expect(await userState(u.id)).toMatchObject({ mfa_state: 'not_enrolled', phone: OTHER_MOBILE });
      // Every session ended with it.
      expect((await t.app.request('/v1/auth/me', { headers: { cookie } })).status).toBe(401);
    });
  });

  describe('bad input', () => {
    it('the set-up and step-up routes name the field of a malformed body (422) and send nothing', async () => {
      const s = await adminSession(t, 'Sms Bad Input');
      const u = await invited(s, 'bad@sms.example');
      const cases: [string, unknown, string][] = [
        ['/v1/invitations/accept', { token: u.token, password: PASSWORD, phone: '+49'.padEnd(41, '1') }, 'phone'],
        ['/v1/invitations/confirm-sms', { ticket: 'x', code: '1'.repeat(13) }, 'code'],
        ['/v1/invitations/confirm-sms', { ticket: 'x', code: '123456', extra: true }, 'extra'],
        ['/v1/auth/sms/enrolment-code', { phone: MOBILE }, 'ticket'],
        ['/v1/auth/sms/enrolment-code', { ticket: 'x', phone: 49151 }, 'phone'],
        ['/v1/auth/sms/enrol', { ticket: '', code: '123456' }, 'ticket'],
        ['/v1/auth/login', { tenantId: s.tenantId, login: u.email, password: PASSWORD, code: '1'.repeat(13) }, 'code'],
      ];
      for (const [path, body, field] of cases) {
        const res = await errorOf(await post(path, body));
        expect(res.status, path).toBe(422);
        expect(res.issues?.map((i) => i.path.join('.')), path).toContain(`body.${field}`);
      }
      expect(await smsRows(u.id)).toHaveLength(0);
      expect(await userState(u.id)).toMatchObject({ status: 'invited', phone: null });
    });
  });

  describe('choosing the method', () => {
    it('text messages can be chosen at creation and by update; a tenant that collects no phones refuses them (422 naming the field)', async () => {
      const s = await adminSession(t, 'Sms Choose');
      const created = await post('/v1/users', { kind: 'technician', firstName: 'A', lastName: 'B', email: 'chosen@sms.example', signInMethod: 'sms' }, s.auth);
      expect(await created.json()).toMatchObject({ signInMethod: 'sms', mfaState: 'not_enrolled' });
      const app = await post('/v1/users', { kind: 'technician', firstName: 'C', lastName: 'D', email: 'updated@sms.example' }, s.auth);
      const { id } = (await app.json()) as { id: string; signInMethod: string };
      const updated = await t.app.request(`/v1/users/${id}`, { method: 'PATCH', headers: { 'content-type': 'application/json', ...s.auth }, body: JSON.stringify({ signInMethod: 'sms' }) });
      expect(await updated.json()).toMatchObject({ signInMethod: 'sms', mfaState: 'not_enrolled' });
      const hidden = await adminSession(t, 'Sms Hidden', { preset: 'default', phoneMode: 'hidden' });
      const refused = await errorOf(await post('/v1/users', { kind: 'technician', firstName: 'A', lastName: 'B', email: 'hidden@sms.example', signInMethod: 'sms' }, hidden.auth));
      expect(refused).toMatchObject({ status: 422, issues: [expect.objectContaining({ path: ['body', 'signInMethod'] })] });
      expect(await t.services.db.selectFrom('users').select('id').where('email', '=', 'hidden@sms.example').execute()).toHaveLength(0);
    });
  });

  describe('the outbox', () => {
    /** A person whose sign-in sent a code: the one text of the outbox still to send (earlier ones marked sent). */
    async function queuedCode(tenantName: string, email: string) {
      const s = await adminSession(t, tenantName);
      const u = await smsUser(s, email);
      await sql`update sms_outbox set sent_at = now() where sent_at is null`.execute(t.services.db);
      await login(s.tenantId, u.email);
      return u;
    }

    it('is written in the transaction of the change: a rolled-back change leaves no message and no code', async () => {
      const s = await adminSession(t, 'Sms Rollback');
      const u = await smsUser(s, 'rollback@sms.example');
      const before = (await smsRows(u.id)).length;
      const person = { id: u.id, tenant_id: s.tenantId, language: 'en' };
      await expect(
        t.services.db.transaction().execute(async (trx) => {
          await sendSmsCodeIn(trx, t.services, person, MOBILE, 'login');
          throw new Error('the change failed');
        }),
      ).rejects.toThrow('the change failed');
      expect(await smsRows(u.id)).toHaveLength(before);
      const live = await t.services.db.selectFrom('one_time_tokens').select('id').where('user_id', '=', u.id).where('purpose', '=', 'sms_code').where('used_at', 'is', null).execute();
      expect(live).toHaveLength(0);
    });

    it('never keeps a code in clear: not in the message row, not in the code’s token', async () => {
      const s = await adminSession(t, 'Sms Clear');
      const u = await smsUser(s, 'clear@sms.example');
      await login(s.tenantId, u.email);
      const { code } = await lastCode(u.id);
      const outbox = await sql<{ row: string }>`select row_to_json(o)::text as row from sms_outbox o where user_id = ${u.id}`.execute(t.services.db);
      const tokens = await sql<{ row: string }>`select row_to_json(o)::text as row from one_time_tokens o where user_id = ${u.id}`.execute(t.services.db);
      for (const { row } of [...outbox.rows, ...tokens.rows]) expect(row).not.toContain(code);
    });

    it('is sent to the HTTP provider (JSON, Basic auth from the URL); a 500 is retried later, then sent once and its text dropped', async () => {
      const provider = await startProvider();
      try {
        const u = await queuedCode('Sms Provider', 'provider@sms.example');
        const { code } = await lastCode(u.id);
        const smsUrl = `http://sms%20user:s3cr%3At@127.0.0.1:${provider.port}/send?account=7`;
        provider.answer(500);
        expect(await deliverDueSms(t.services.db, { smsUrl, signingKey: t.services.config.signingKey })).toMatchObject({ claimed: 1, sent: 0, failed: 1 });
        let [row] = await smsRows(u.id);
        expect(row).toMatchObject({ attempts: 1, sent_at: null, last_error: expect.stringContaining('500') });
        expect(row!.sealed_body).not.toBeNull();
        // Not due yet: nothing is sent until its retry time.
        provider.answer(200);
        expect(await deliverDueSms(t.services.db, { smsUrl, signingKey: t.services.config.signingKey })).toMatchObject({ claimed: 0 });
        await sql`update sms_outbox set next_attempt_at = now() where id = ${row!.id}`.execute(t.services.db);
        expect(await deliverDueSms(t.services.db, { smsUrl, signingKey: t.services.config.signingKey })).toMatchObject({ claimed: 1, sent: 1 });
        expect(provider.received).toHaveLength(2);
        const [failed, sent] = provider.received;
        expect(sent!.url).toBe('/send?account=7');
        expect(sent!.authorization).toBe(`Basic ${Buffer.from('sms user:s3cr:t').toString('base64')}`);
        expect(sent!.body).toEqual({ to: MOBILE, body: expect.stringContaining(code), messageId: `roster-sms-${row!.id}` });
        expect(failed!.body.messageId).toBe(sent!.body.messageId);
        [row] = await smsRows(u.id);
        expect(row).toMatchObject({ sealed_body: null, last_error: null, sent_at: expect.anything() });
        expect(await deliverDueSms(t.services.db, { smsUrl, signingKey: t.services.config.signingKey })).toMatchObject({ claimed: 0 });
      } finally {
        await provider.close();
      }
    });

    it('a stopping sender (graceful shutdown) sends the current message only; the claims it did not use are due again, their attempt not counted', async () => {
      const provider = await startProvider();
      try {
        const s = await adminSession(t, 'Sms Stop');
        const u = await smsUser(s, 'stop@sms.example');
        const v = await smsUser(s, 'stop-too@sms.example');
        await sql`update sms_outbox set sent_at = now() where sent_at is null`.execute(t.services.db);
        await login(s.tenantId, u.email);
        await login(s.tenantId, v.email);
        const smsUrl = `http://127.0.0.1:${provider.port}/send`;
        provider.answer(200);
        let asked = 0;
        expect(await deliverDueSms(t.services.db, { smsUrl, signingKey: t.services.config.signingKey, stopping: () => asked++ > 0 })).toMatchObject({ claimed: 2, sent: 1, failed: 0 });
        expect(provider.received).toHaveLength(1);
        const due = await sql<{ attempts: number }>`select attempts from sms_outbox where user_id in (${u.id}, ${v.id}) and sent_at is null and next_attempt_at <= now()`.execute(t.services.db);
        expect(due.rows).toEqual([{ attempts: 0 }]);
        expect(await deliverDueSms(t.services.db, { smsUrl, signingKey: t.services.config.signingKey })).toMatchObject({ claimed: 1, sent: 1 });
      } finally {
        await provider.close();
      }
    });

    it('a sender whose lease ran out marks nothing: another sends the text, and the stalled one’s late failure leaves it sent', async () => {
      const provider = await startProvider();
      try {
        const u = await queuedCode('Sms Lease', 'lease@sms.example');
        const smsUrl = `http://127.0.0.1:${provider.port}/send`;
        const send = (leaseSeconds: number) => deliverDueSms(t.services.db, { smsUrl, signingKey: t.services.config.signingKey, leaseSeconds });
        provider.hold();
        const first = send(1);
        for (let i = 0; i < 100 && provider.held() === 0; i++) await new Promise((r) => setTimeout(r, 20));
        expect(provider.held()).toBe(1);
        expect((await send(60)).claimed).toBe(0); // still leased
        await new Promise((r) => setTimeout(r, 1100));
        expect(await send(60)).toMatchObject({ claimed: 1, sent: 1 });
        const [sent] = await smsRows(u.id);
        expect(sent).toMatchObject({ attempts: 2, sealed_body: null, last_error: null, sent_at: expect.anything() });
        provider.answer(500);
        provider.release();
        expect(await first).toMatchObject({ claimed: 1, sent: 0, failed: 1 });
        expect((await smsRows(u.id))[0]).toEqual(sent);
        expect((await send(60)).claimed).toBe(0);
      } finally {
        provider.release();
        await provider.close();
      }
    });

    it('belongs to its tenant: another tenant’s scope sees none of its messages', async () => {
      const a = await adminSession(t, 'Sms Tenant A');
      const b = await adminSession(t, 'Sms Tenant B');
      await smsUser(a, 'isolated@sms.example');
      expect((await withTenant(a.tenantId, () => listSmsOutbox(t.services.db, a.tenantId))).length).toBeGreaterThan(0);
      expect(await withTenant(b.tenantId, () => listSmsOutbox(t.services.db, a.tenantId))).toHaveLength(0);
    });

    it('SMS_URL must be an http(s) URL, named when it is not', () => {
      expect(() => loadConfig({ ROSTER_SIGNING_KEY: 'k'.repeat(32), SMS_URL: 'ftp://sms.example/send' })).toThrow(ConfigError);
      expect(() => loadConfig({ ROSTER_SIGNING_KEY: 'k'.repeat(32), SMS_URL: 'not a url' })).toThrow(/SMS_URL/);
      expect(loadConfig({ ROSTER_SIGNING_KEY: 'k'.repeat(32), SMS_URL: 'https://u:p@sms.example/send' }).smsUrl).toBe('https://u:p@sms.example/send');
    });
  });
});
