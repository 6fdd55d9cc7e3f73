import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminSession, createTestContext, deliveredMessage, dialects, errorOf, json, linkToken, type TestContext } from '../../support.js';
import { SoftAuthenticator } from '../../auth/soft-authenticator.js';

const PASSWORD = 'correct horse battery';
let addressCounter = 0;
/** A request from its own loopback address (the rate limiter keys on the socket's address). */
const from = (address = `127.5.${Math.floor(++addressCounter / 250)}.${(addressCounter % 250) + 1}`) => ({ incoming: { socket: { remoteAddress: address } } });
type Challenge = { ticket: string; options: { challenge: string; rp?: { id: string }; allowCredentials?: { id: string }[]; excludeCredentials?: { id: string }[] } };

describe.each(dialects)('security keys and passkeys (WebAuthn) on %s', (dialect) => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext(dialect);
  });
  afterAll(async () => t?.close());

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) => t.app.request(path, json(body, headers), from());
  const login = (tenantId: string, email: string, extra: Record<string, unknown> = {}) => post('/v1/auth/login', { tenantId, login: email, password: PASSWORD, ...extra });
  const failures = async (id: string) => (await t.services.db.selectFrom('users').select('failed_login_count').where('id', '=', id).executeTakeFirstOrThrow()).failed_login_count;

  /** An invited technician whose method is a security key accepts the invitation and registers `key`. */
  async function keyUser(s: Awaited<ReturnType<typeof adminSession>>, email: string, key = new SoftAuthenticator()) {
    const created = await post('/v1/users', { kind: 'technician', firstName: 'Key', lastName: 'Holder', email, signInMethod: 'webauthn' }, s.auth);
    expect(created.status).toBe(201);
    const id = ((await created.json()) as { id: string }).id;
    const token = linkToken(await deliveredMessage(t, { to: email }), '/accept-invitation');
    const accepted = (await (await post('/v1/invitations/accept', { token, password: PASSWORD })).json()) as { status: string; webauthn: Challenge };
    expect(accepted.status).toBe('webauthn_registration_required');
    const confirmed = await post('/v1/invitations/confirm-webauthn', { ticket: accepted.webauthn.ticket, response: key.register(accepted.webauthn.options), name: 'Blue key' });
    expect(confirmed.status).toBe(200);
    const body = (await confirmed.json()) as { status: string; recoveryCodes: string[] };
    return { id, email, key, recoveryCodes: body.recoveryCodes, accepted };
  }
  /** The password step of a key sign-in: the challenge of this attempt. */
  async function challenge(tenantId: string, email: string): Promise<Challenge> {
    const res = await login(tenantId, email);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { status: string; webauthn: Challenge };
    expect(body.status).toBe('webauthn_required');
    return body.webauthn;
  }

  /** A key holder signed in with their key: the session cookie. */
  async function signIn(tenantId: string, u: { email: string; key: SoftAuthenticator }) {
    const c = await challenge(tenantId, u.email);
    const signedIn = await post('/v1/auth/webauthn/login', { ticket: c.ticket, response: u.key.assert(c.options) });
    expect(signedIn.status).toBe(200);
    return { cookie: signedIn.headers.get('set-cookie')!.split(';')[0]! };
  }
  /** The key challenge of a step-up in this session. */
  async function stepUpChallenge(cookie: Record<string, string>): Promise<Challenge> {
    const res = await post('/v1/auth/step-up/webauthn', {}, cookie);
    expect(res.status).toBe(200);
    return (await res.json()) as Challenge;
  }
  /** A step-up with the password and `key`’s answer: the token. */
  async function stepUpWithKey(cookie: Record<string, string>, key: SoftAuthenticator) {
    const c = await stepUpChallenge(cookie);
    const res = await post('/v1/auth/step-up', { password: PASSWORD, webauthn: { ticket: c.ticket, response: key.assert(c.options) } }, cookie);
    expect(res.status).toBe(200);
    return ((await res.json()) as { stepUpToken: string }).stepUpToken;
  }

  it('accept an invitation with a key (RP id and origin from the public URL), then sign in with it; the counter and last use are kept', async () => {
    const s = await adminSession(t, 'Key Invite');
    const u = await keyUser(s, 'invite@key.example');
    expect(u.accepted.webauthn.options.rp?.id).toBe('roster.test');
    expect(u.recoveryCodes).toHaveLength(10);
    const row = await t.services.db.selectFrom('users').select(['status', 'mfa_state', 'mfa_secret_encrypted']).where('id', '=', u.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'active', mfa_state: 'enrolled', mfa_secret_encrypted: null });
    // The password alone gives no session: the key's challenge for this attempt, naming the registered key.
    const c = await challenge(s.tenantId, u.email);
    expect(c.options.allowCredentials?.map((k) => k.id)).toEqual([...u.key.keys.keys()]);
    const signedIn = await post('/v1/auth/webauthn/login', { ticket: c.ticket, response: u.key.assert(c.options) });
    expect(signedIn.status).toBe(200);
    const cookie = signedIn.headers.get('set-cookie')!.split(';')[0]!;
    expect((await t.app.request('/v1/auth/me', { headers: { cookie } })).status).toBe(200);
    const keys = (await (await t.app.request('/v1/auth/webauthn/credentials', { headers: { cookie } })).json()) as { items: { name: string; lastUsedAt: string | null; transports: string[] }[] };
    expect(keys.items).toEqual([expect.objectContaining({ name: 'Blue key', transports: ['usb'], lastUsedAt: expect.any(String) })]);
    const stored = await t.services.db.selectFrom('webauthn_credentials').select('counter').where('user_id', '=', u.id).executeTakeFirstOrThrow();
    expect(Number(stored.counter)).toBe(1);
    // A TOTP code means nothing to a key holder, and a code does not skip the key.
    expect(((await (await login(s.tenantId, u.email, { code: '123456' })).json()) as { status: string }).status).toBe('webauthn_required');
  });

  it('a replayed challenge is refused: the ticket is spent by its first answer, and an old answer does not fit a new challenge', async () => {
    const s = await adminSession(t, 'Key Replay');
    const u = await keyUser(s, 'replay@key.example');
    const c = await challenge(s.tenantId, u.email);
    const answer = u.key.assert(c.options);
    expect((await post('/v1/auth/webauthn/login', { ticket: c.ticket, response: answer })).status).toBe(200);
    const replay = await errorOf(await post('/v1/auth/webauthn/login', { ticket: c.ticket, response: answer }));
    expect(replay).toMatchObject({ status: 400, issues: [expect.objectContaining({ path: ['body', 'ticket'] })] });
    const fresh = await challenge(s.tenantId, u.email);
    expect((await errorOf(await post('/v1/auth/webauthn/login', { ticket: fresh.ticket, response: answer }))).status).toBe(401);
    // A wrong answer spends the ticket too: the right answer to that challenge comes too late.
    expect((await errorOf(await post('/v1/auth/webauthn/login', { ticket: fresh.ticket, response: u.key.assert(fresh.options) }))).status).toBe(400);
  });

  it('an answer from another origin or for another RP id is refused and counted as a failed sign-in', async () => {
    const s = await adminSession(t, 'Key Origin', { preset: 'default', lockoutThreshold: 100 });
    const u = await keyUser(s, 'origin@key.example');
    const before = await failures(u.id);
    const c1 = await challenge(s.tenantId, u.email);
    expect((await errorOf(await post('/v1/auth/webauthn/login', { ticket: c1.ticket, response: u.key.assert(c1.options, { origin: 'https://evil.example' }) }))).status).toBe(401);
    const c2 = await challenge(s.tenantId, u.email);
    expect((await errorOf(await post('/v1/auth/webauthn/login', { ticket: c2.ticket, response: u.key.assert(c2.options, { rpId: 'evil.example' }) }))).status).toBe(401);
    expect(await failures(u.id)).toBe(before + 2);
    // Registration from another origin is refused with the field named; the person stays invited.
    const created = await post('/v1/users', { kind: 'technician', firstName: 'Bad', lastName: 'Origin', email: 'bad-origin@key.example', signInMethod: 'webauthn' }, s.auth);
    const id = ((await created.json()) as { id: string }).id;
    const token = linkToken(await deliveredMessage(t, { to: 'bad-origin@key.example' }), '/accept-invitation');
    const accepted = (await (await post('/v1/invitations/accept', { token, password: PASSWORD })).json()) as { webauthn: Challenge };
    const refused = await errorOf(await post('/v1/invitations/confirm-webauthn', { ticket: accepted.webauthn.ticket, response: new SoftAuthenticator('https://evil.example', 'roster.test').register(accepted.webauthn.options) }));
    expect(refused).toMatchObject({ status: 422, issues: [expect.objectContaining({ path: ['body', 'response'] })] });
    expect((await t.services.db.selectFrom('users').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status).toBe('invited');
    expect(await t.services.db.selectFrom('webauthn_credentials').select('id').where('user_id', '=', id).execute()).toHaveLength(0);
  });

  it('a signature counter that goes back (a cloned key) is refused', async () => {
    const s = await adminSession(t, 'Key Counter');
    const u = await keyUser(s, 'counter@key.example');
    for (let i = 0; i < 3; i++) {
      const c = await challenge(s.tenantId, u.email);
      expect((await post('/v1/auth/webauthn/login', { ticket: c.ticket, response: u.key.assert(c.options) })).status).toBe(200);
    }
    const c = await challenge(s.tenantId, u.email);
    expect((await errorOf(await post('/v1/auth/webauthn/login', { ticket: c.ticket, response: u.key.assert(c.options, { counter: 2 }) }))).status).toBe(401);
    const stored = await t.services.db.selectFrom('webauthn_credentials').select('counter').where('user_id', '=', u.id).executeTakeFirstOrThrow();
    expect(Number(stored.counter)).toBe(3);
  });

  it('another person’s key does not answer for this person', async () => {
    const s = await adminSession(t, 'Key Other');
    const a = await keyUser(s, 'alice@key.example');
    const b = await keyUser(s, 'bob@key.example');
    const c = await challenge(s.tenantId, a.email);
    const bobsAnswer = b.key.assert({ challenge: c.options.challenge });
    expect((await errorOf(await post('/v1/auth/webauthn/login', { ticket: c.ticket, response: bobsAnswer }))).status).toBe(401);
    expect(await t.services.db.selectFrom('sessions').select('id').where('user_id', 'in', [a.id, b.id]).execute()).toHaveLength(0);
  });

  it('a recovery code stands in for the key at sign-in', async () => {
    const s = await adminSession(t, 'Key Recovery');
    const u = await keyUser(s, 'recovery@key.example');
    expect((await login(s.tenantId, u.email, { recoveryCode: u.recoveryCodes[0] })).status).toBe(200);
    expect((await errorOf(await login(s.tenantId, u.email, { recoveryCode: u.recoveryCodes[0] }))).status).toBe(401);
  });

  it('a method changed to keys: the next sign-in registers one, then signs in, with recovery codes', async () => {
    const s = await adminSession(t, 'Key Switch');
    const u = await keyUser(s, 'switch@key.example');
    // An administrator chooses the authenticator app and back: the key is gone, a new one is set up at sign-in.
    expect((await t.app.request(`/v1/users/${u.id}`, { method: 'PATCH', headers: { 'content-type': 'application/json', ...s.auth }, body: JSON.stringify({ signInMethod: 'totp' }) })).status).toBe(200);
    expect(await t.services.db.selectFrom('webauthn_credentials').select('id').where('user_id', '=', u.id).execute()).toHaveLength(0);
    expect((await t.app.request(`/v1/users/${u.id}`, { method: 'PATCH', headers: { 'content-type': 'application/json', ...s.auth }, body: JSON.stringify({ signInMethod: 'webauthn' }) })).status).toBe(200);
    const first = (await (await login(s.tenantId, u.email)).json()) as { status: string; webauthn: Challenge };
    expect(first.status).toBe('webauthn_registration_required');
    const key = new SoftAuthenticator();
    const enrolled = await post('/v1/auth/webauthn/enrol', { ticket: first.webauthn.ticket, response: key.register(first.webauthn.options) });
    expect(enrolled.status).toBe(200);
    expect(((await enrolled.json()) as { recoveryCodes: string[] }).recoveryCodes).toHaveLength(10);
    const c = await challenge(s.tenantId, u.email);
    expect((await post('/v1/auth/webauthn/login', { ticket: c.ticket, response: key.assert(c.options) })).status).toBe(200);
  });

  it('self-service: another key after a step-up; removing one needs a step-up, and never the last one', async () => {
    const s = await adminSession(t, 'Key Self');
    const u = await keyUser(s, 'self@key.example');
    const c = await challenge(s.tenantId, u.email);
    const signedIn = await post('/v1/auth/webauthn/login', { ticket: c.ticket, response: u.key.assert(c.options) });
    const cookie = { cookie: signedIn.headers.get('set-cookie')!.split(';')[0]! };
    expect((await errorOf(await post('/v1/auth/webauthn/registration', {}, cookie))).status).toBe(403);
    // A key holder has no authenticator app to replace: 409 rather than a TOTP secret nobody signs in with.
    const stepUpToken = await stepUpWithKey(cookie, u.key);
    expect((await errorOf(await post('/v1/auth/mfa/enrolment', {}, { ...cookie, 'roster-step-up': stepUpToken }))).status).toBe(409);
    const start = await post('/v1/auth/webauthn/registration', {}, { ...cookie, 'roster-step-up': stepUpToken });
    expect(start.status).toBe(200);
    const reg = (await start.json()) as Challenge;
    expect(reg.options.excludeCredentials?.map((k) => k.id)).toEqual([...u.key.keys.keys()]);
    const second = new SoftAuthenticator();
    const added = await post('/v1/auth/webauthn/credentials', { ticket: reg.ticket, response: second.register(reg.options), name: 'Laptop passkey' }, cookie);
    expect(added.status).toBe(201);
    const list = (await (await t.app.request('/v1/auth/webauthn/credentials', { headers: cookie })).json()) as { items: { id: string; name: string }[] };
    expect(list.items.map((k) => k.name)).toEqual(['Blue key', 'Laptop passkey']);
    const del = (id: string, headers: Record<string, string>) => t.app.request(`/v1/auth/webauthn/credentials/${id}`, { method: 'DELETE', headers: { ...cookie, ...headers } });
    expect((await errorOf(await del(list.items[0]!.id, {}))).status).toBe(403);
    expect((await del(list.items[0]!.id, { 'roster-step-up': stepUpToken })).status).toBe(204);
    expect(await errorOf(await del(list.items[1]!.id, { 'roster-step-up': stepUpToken }))).toMatchObject({ status: 409 });
    // The remaining key signs in; the removed one no longer does.
    const c2 = await challenge(s.tenantId, u.email);
    expect(c2.options.allowCredentials?.map((k) => k.id)).toEqual([...second.keys.keys()]);
    expect((await errorOf(await post('/v1/auth/webauthn/login', { ticket: c2.ticket, response: u.key.assert(c2.options, { id: [...u.key.keys.keys()][0] }) }))).status).toBe(401);
    const audit = await t.services.db.selectFrom('audit_events').select('action').where('target_id', '=', u.id).where('action', 'like', 'user.webauthn%').orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['user.webauthn_key_added', 'user.webauthn_key_removed']);
  });

  it('step-up of a key holder: the password alone is refused naming the key; the password and the key give a token that allows the change', async () => {
    const s = await adminSession(t, 'Key StepUp');
    const u = await keyUser(s, 'stepup@key.example');
    const cookie = await signIn(s.tenantId, u);
    // A hijacked session and a leaked password are not enough, for the step-up and for inline proof alike.
    expect(await errorOf(await post('/v1/auth/step-up', { password: PASSWORD }, cookie))).toMatchObject({ status: 422, issues: [expect.objectContaining({ path: ['body', 'webauthn'] })] });
    expect(await errorOf(await post('/v1/auth/recovery-codes', { password: PASSWORD }, cookie))).toMatchObject({ status: 422, issues: [expect.objectContaining({ path: ['body', 'webauthn'] })] });
    expect(await errorOf(await post('/v1/auth/webauthn/registration', { password: PASSWORD }, cookie))).toMatchObject({ status: 422, issues: [expect.objectContaining({ path: ['body', 'webauthn'] })] });
    expect(await errorOf(await post('/v1/auth/change-password', { currentPassword: PASSWORD, newPassword: 'another horse battery staple' }, cookie))).toMatchObject({ status: 422, issues: [expect.objectContaining({ path: ['body', 'webauthn'] })] });
    // The step-up challenge names the person’s keys; the key with a wrong password is refused naming the password.
    const c1 = await stepUpChallenge(cookie);
    expect(c1.options.allowCredentials?.map((k) => k.id)).toEqual([...u.key.keys.keys()]);
    const wrongPassword = await errorOf(await post('/v1/auth/step-up', { password: 'not the password', webauthn: { ticket: c1.ticket, response: u.key.assert(c1.options) } }, cookie));
    expect(wrongPassword).toMatchObject({ status: 422, issues: [expect.objectContaining({ path: ['body', 'password'] })] });
    const stepUpToken = await stepUpWithKey(cookie, u.key);
    const stored = await t.services.db.selectFrom('webauthn_credentials').select('counter').where('user_id', '=', u.id).executeTakeFirstOrThrow();
    expect(Number(stored.counter)).toBe(u.key.keys.values().next().value!.counter);
    const regenerated = await post('/v1/auth/recovery-codes', {}, { ...cookie, 'roster-step-up': stepUpToken });
    expect(regenerated.status).toBe(200);
    expect(((await regenerated.json()) as { recoveryCodes: string[] }).recoveryCodes).toHaveLength(10);
    const audit = await t.services.db.selectFrom('audit_events').select('action').where('target_id', '=', u.id).where('action', 'in', ['user.stepped_up', 'user.recovery_codes_generated']).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['user.stepped_up', 'user.recovery_codes_generated']);
    // Someone who does not sign in with keys gets no key challenge.
    expect((await errorOf(await post('/v1/auth/step-up/webauthn', {}, s.auth))).status).toBe(409);
  });

  it('a step-up refuses a wrong key, another person’s key, a replayed challenge, a sign-in’s challenge and a counter gone back', async () => {
    const s = await adminSession(t, 'Key StepUp Refused', { preset: 'default', lockoutThreshold: 100 });
    const a = await keyUser(s, 'alice-up@key.example');
    const b = await keyUser(s, 'bob-up@key.example');
    const cookie = await signIn(s.tenantId, a);
    const bobCookie = await signIn(s.tenantId, b);
    const stepUp = (webauthn: unknown, headers = cookie) => post('/v1/auth/step-up', { password: PASSWORD, webauthn }, headers);
    const refusedOnKey = { status: 422, issues: [expect.objectContaining({ path: ['body', 'webauthn'] })] };
    const before = await failures(a.id);
    // A key from another origin.
    const c1 = await stepUpChallenge(cookie);
    expect(await errorOf(await stepUp({ ticket: c1.ticket, response: a.key.assert(c1.options, { origin: 'https://evil.example' }) }))).toMatchObject(refusedOnKey);
    // Bob’s key on Alice’s challenge.
    const c2 = await stepUpChallenge(cookie);
    expect(await errorOf(await stepUp({ ticket: c2.ticket, response: b.key.assert({ challenge: c2.options.challenge }) }))).toMatchObject(refusedOnKey);
    // Bob’s own step-up challenge, answered by Bob’s key, in Alice’s session.
    const bobs = await stepUpChallenge(bobCookie);
    expect(await errorOf(await stepUp({ ticket: bobs.ticket, response: b.key.assert(bobs.options) }))).toMatchObject(refusedOnKey);
    // A challenge of another purpose: the sign-in’s, after the right password.
    const signInChallenge = await challenge(s.tenantId, a.email);
    expect(await errorOf(await stepUp({ ticket: signInChallenge.ticket, response: a.key.assert(signInChallenge.options) }))).toMatchObject(refusedOnKey);
    // …and the other way round: a step-up challenge does not sign in.
    const c3 = await stepUpChallenge(cookie);
    expect((await errorOf(await post('/v1/auth/webauthn/login', { ticket: c3.ticket, response: a.key.assert(c3.options) }))).status).toBe(400);
    // A replayed challenge: spent by its first answer.
    const c4 = await stepUpChallenge(cookie);
    const answer = a.key.assert(c4.options);
    expect((await stepUp({ ticket: c4.ticket, response: answer })).status).toBe(200);
    expect(await errorOf(await stepUp({ ticket: c4.ticket, response: answer }))).toMatchObject(refusedOnKey);
    // A counter that goes back (a cloned key), as at sign-in.
    const c5 = await stepUpChallenge(cookie);
    expect(await errorOf(await stepUp({ ticket: c5.ticket, response: a.key.assert(c5.options, { counter: 1 }) }))).toMatchObject(refusedOnKey);
    expect(await failures(a.id)).toBe(before + 6);
    expect(await t.services.db.selectFrom('audit_events').select('id').where('target_id', '=', a.id).where('action', '=', 'user.stepped_up').execute()).toHaveLength(1);
  });

  it('a recovery code stands in for the key at a step-up, once', async () => {
    const s = await adminSession(t, 'Key StepUp Recovery');
    const u = await keyUser(s, 'stepup-recovery@key.example');
    const cookie = await signIn(s.tenantId, u);
    expect((await post('/v1/auth/step-up', { password: PASSWORD, recoveryCode: u.recoveryCodes[0] }, cookie)).status).toBe(200);
    expect(await errorOf(await post('/v1/auth/step-up', { password: PASSWORD, recoveryCode: u.recoveryCodes[0] }, cookie))).toMatchObject({ status: 422, issues: [expect.objectContaining({ path: ['body', 'recoveryCode'] })] });
    expect(((await (await t.app.request('/v1/auth/recovery-codes', { headers: cookie })).json()) as { remaining: number }).remaining).toBe(9);
  });
});
