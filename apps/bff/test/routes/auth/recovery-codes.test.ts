import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSync } from 'otplib';
import { sql } from 'kysely';
import { adminSession, createTestContext, deliveredMessage, dialects, errorOf, insertUsers, json, linkToken, userRow, widgetToken, type TestContext } from '../../support.js';
import { hashPassword } from '../../../src/auth/passwords.js';

const PASSWORD = 'correct horse battery';
const CODE_FORMAT = /^[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}$/;
let addressCounter = 0;
/** A request from its own loopback address (the rate limiter keys on the socket's address). */
const from = (address = `127.4.${Math.floor(++addressCounter / 250)}.${(addressCounter % 250) + 1}`) => ({ incoming: { socket: { remoteAddress: address } } });

describe.each(dialects)('recovery codes on %s', (dialect) => {
  let t: TestContext;
  let passwordHash: string;
  beforeAll(async () => {
    t = await createTestContext(dialect);
    passwordHash = await hashPassword(PASSWORD);
  });
  afterAll(async () => t?.close());

  const login = (body: Record<string, unknown>, env: object = from()) => t.app.request('/v1/auth/login', json(body), env);

  /** An active user with a password who sets up TOTP at sign-in, as the product asks: the codes come with it. */
  async function enrolled(tenantId: string, email: string) {
    const [row] = await insertUsers(t, [userRow(tenantId, { email, status: 'active', password_hash: passwordHash })]);
    const first = await login({ tenantId, login: email, password: PASSWORD });
    const { mfa } = (await first.json()) as { mfa: { ticket: string; secret: string } };
    const res = await t.app.request('/v1/auth/mfa/enrol', json({ ticket: mfa.ticket, code: generateSync({ secret: mfa.secret }) }), from());
    expect(res.status).toBe(200);
    const body = (await res.json()) as { recoveryCodes: string[] };
    const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
    return { id: row!.id, email, secret: mfa.secret, codes: body.recoveryCodes, cookie };
  }
  const failures = async (id: string) => (await t.services.db.selectFrom('users').select('failed_login_count').where('id', '=', id).executeTakeFirstOrThrow()).failed_login_count;

  it('ten readable codes come with the factor, once; afterwards only their count is shown', async () => {
    const s = await adminSession(t, 'Codes Once');
    const u = await enrolled(s.tenantId, 'once@codes.example');
    expect(u.codes).toHaveLength(10);
    expect(new Set(u.codes).size).toBe(10);
    for (const code of u.codes) expect(code).toMatch(CODE_FORMAT);
    const count = await t.app.request('/v1/auth/recovery-codes', { headers: { cookie: u.cookie } });
    expect(count.status).toBe(200);
    const text = await count.text();
    expect(JSON.parse(text)).toEqual({ remaining: 10 });
    for (const code of u.codes) expect(text).not.toContain(code.slice(0, 5));
  });

  it('a code stands in for the authenticator app at a step-up too, once, as at sign-in; a wrong one is named and counted', async () => {
    const s = await adminSession(t, 'Codes StepUp', { preset: 'default', lockoutThreshold: 100 });
    const u = await enrolled(s.tenantId, 'stepup@codes.example');
    const stepUp = (body: Record<string, unknown>) => t.app.request('/v1/auth/step-up', json(body, { cookie: u.cookie }), from());
    expect(await errorOf(await stepUp({ password: PASSWORD }))).toMatchObject({ status: 422, issues: [expect.objectContaining({ path: ['body', 'code'] })] });
    expect((await stepUp({ password: PASSWORD, recoveryCode: u.codes[0] })).status).toBe(200);
    const before = await failures(u.id);
    expect(await errorOf(await stepUp({ password: PASSWORD, recoveryCode: u.codes[0] }))).toMatchObject({ status: 422, issues: [expect.objectContaining({ path: ['body', 'recoveryCode'] })] });
    expect(await failures(u.id)).toBe(before + 1);
    expect(await (await t.app.request('/v1/auth/recovery-codes', { headers: { cookie: u.cookie } })).json()).toEqual({ remaining: 9 });
  });

  it('only hashes are stored: no table holds a code in clear', async () => {
    const s = await adminSession(t, 'Codes Hashed');
    const u = await enrolled(s.tenantId, 'hashed@codes.example');
    const rows = await t.services.db.selectFrom('recovery_codes').selectAll().where('user_id', '=', u.id).execute();
    expect(rows).toHaveLength(10);
    const stored = JSON.stringify(rows);
    const bare = u.codes.map((c) => c.replace('-', ''));
    for (const code of [...u.codes, ...bare]) expect(stored.toUpperCase()).not.toContain(code);
    for (const row of rows) expect(row.code_hash).toMatch(/^[0-9a-f]{64}$/);
    // Nor does the audit trail, nor the outbox.
    const audit = await sql<{ t: string }>`select coalesce(string_agg(a::text, ' '), '') as t from audit_events a where target_id = ${u.id}`.execute(t.services.db);
    const outbox = await sql<{ t: string }>`select coalesce(string_agg(o::text, ' '), '') as t from email_outbox o where user_id = ${u.id}::uuid`.execute(t.services.db);
    for (const code of bare) {
      expect(audit.rows[0]!.t.toUpperCase().replaceAll('-', '')).not.toContain(code);
      expect(outbox.rows[0]!.t.toUpperCase().replaceAll('-', '')).not.toContain(code);
    }
  });

  it('a code signs in once in place of the factor (any case, spaces or dashes), audited with the count left', async () => {
    const s = await adminSession(t, 'Codes Single');
    const u = await enrolled(s.tenantId, 'single@codes.example');
    const typed = ` ${u.codes[3]!.toLowerCase().replace('-', ' ')} `;
    const first = await login({ tenantId: s.tenantId, login: u.email, password: PASSWORD, recoveryCode: typed });
    expect(first.status).toBe(200);
    const again = await errorOf(await login({ tenantId: s.tenantId, login: u.email, password: PASSWORD, recoveryCode: u.codes[3] }));
    expect(again.status).toBe(401);
    const cookie = first.headers.get('set-cookie')!.split(';')[0]!;
    expect(await (await t.app.request('/v1/auth/recovery-codes', { headers: { cookie } })).json()).toEqual({ remaining: 9 });
    const audit = await t.services.db.selectFrom('audit_events').select('after').where('target_id', '=', u.id).where('action', '=', 'user.recovery_code_used').execute();
    expect(audit).toEqual([{ after: { remaining: 9 } }]);
    // One code in parallel sign-ins gives one session.
    const results = await Promise.all(Array.from({ length: 10 }, () => login({ tenantId: s.tenantId, login: u.email, password: PASSWORD, recoveryCode: u.codes[4] })));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
  });

  it('a wrong code, another user’s code or a code without the password is refused and counted as a failure', async () => {
    const s = await adminSession(t, 'Codes Wrong', { preset: 'default', lockoutThreshold: 100 });
    const u = await enrolled(s.tenantId, 'wrong@codes.example');
    const v = await enrolled(s.tenantId, 'other@codes.example');
    expect((await errorOf(await login({ tenantId: s.tenantId, login: u.email, password: PASSWORD, recoveryCode: 'AAAAA-BBBBB' }))).status).toBe(401);
    expect((await errorOf(await login({ tenantId: s.tenantId, login: u.email, password: PASSWORD, recoveryCode: v.codes[0] }))).status).toBe(401);
    expect((await errorOf(await login({ tenantId: s.tenantId, login: u.email, password: 'not the password', recoveryCode: u.codes[0] }))).status).toBe(401);
    expect((await errorOf(await login({ tenantId: s.tenantId, login: u.email, password: PASSWORD, recoveryCode: 'not a code at all' }))).status).toBe(401);
    expect(await failures(u.id)).toBe(4);
    // None of them spent the code.
    expect((await login({ tenantId: s.tenantId, login: u.email, password: PASSWORD, recoveryCode: u.codes[0] })).status).toBe(200);
    expect((await login({ tenantId: s.tenantId, login: v.email, password: PASSWORD, recoveryCode: v.codes[0] })).status).toBe(200);
  });

  it('wrong codes from one address are rate-limited like TOTP codes: 30 failures, then 429', async () => {
    const s = await adminSession(t, 'Codes Limit', { preset: 'default', lockoutThreshold: null });
    const u = await enrolled(s.tenantId, 'limit@codes.example');
    const env = from('127.4.250.250');
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await login({ tenantId: s.tenantId, login: u.email, password: PASSWORD, recoveryCode: `ZZZZZ-ZZZ${String(i % 8 + 2)}${String((i >> 3) + 2)}` }, env)).status);
    expect(statuses.slice(0, 30).every((x) => x === 401)).toBe(true);
    expect(statuses[30]).toBe(429);
    // Even the right code waits out the limit from that address.
    expect((await login({ tenantId: s.tenantId, login: u.email, password: PASSWORD, recoveryCode: u.codes[0] }, env)).status).toBe(429);
  });

  it('a new set needs fresh proof and replaces the old one; a 2FA reset or another method removes them', async () => {
    const s = await adminSession(t, 'Codes New');
    const u = await enrolled(s.tenantId, 'new@codes.example');
    const headers = { cookie: u.cookie };
    expect((await errorOf(await t.app.request('/v1/auth/recovery-codes', json({}, headers)))).status).toBe(403);
    const wrong = await errorOf(await t.app.request('/v1/auth/recovery-codes', json({ password: 'wrong' }, headers)));
    expect(wrong).toMatchObject({ status: 422, issues: [expect.objectContaining({ path: ['body', 'password'] })] });
    // The enrolment spent this time step's code: as if the next step had come.
    await t.services.db.updateTable('users').set({ mfa_last_step: null }).where('id', '=', u.id).execute();
    const res = await t.app.request('/v1/auth/recovery-codes', json({ password: PASSWORD, code: generateSync({ secret: u.secret }) }, headers));
    expect(res.status).toBe(200);
    const { recoveryCodes } = (await res.json()) as { recoveryCodes: string[] };
    expect(recoveryCodes).toHaveLength(10);
    expect(recoveryCodes.some((c) => u.codes.includes(c))).toBe(false);
    expect((await login({ tenantId: s.tenantId, login: u.email, password: PASSWORD, recoveryCode: u.codes[0] })).status).toBe(401);
    expect((await login({ tenantId: s.tenantId, login: u.email, password: PASSWORD, recoveryCode: recoveryCodes[0] })).status).toBe(200);
    const audit = await t.services.db.selectFrom('audit_events').select('id').where('target_id', '=', u.id).where('action', '=', 'user.recovery_codes_generated').execute();
    expect(audit).toHaveLength(1);
    expect((await t.app.request(`/v1/users/${u.id}/reset-mfa`, { method: 'POST', headers: s.auth })).status).toBe(200);
    expect(await t.services.db.selectFrom('recovery_codes').select('id').where('user_id', '=', u.id).execute()).toHaveLength(0);
    const w = await enrolled(s.tenantId, 'method@codes.example');
    const patched = await t.app.request(`/v1/users/${w.id}`, { method: 'PATCH', headers: { 'content-type': 'application/json', ...s.auth }, body: JSON.stringify({ signInMethod: 'webauthn' }) });
    expect(patched.status).toBe(200);
    expect(await t.services.db.selectFrom('recovery_codes').select('id').where('user_id', '=', w.id).execute()).toHaveLength(0);
  });

  it('no codes before a factor is set up (409); accepting an invitation with TOTP shows them once', async () => {
    const s = await adminSession(t, 'Codes Invite');
    const created = await t.app.request('/v1/users', json({ kind: 'technician', firstName: 'In', lastName: 'Vited', email: 'invite@codes.example' }, s.auth));
    expect(created.status).toBe(201);
    const token = linkToken(await deliveredMessage(t, { to: 'invite@codes.example' }), '/accept-invitation');
    const accepted = (await (await t.app.request('/v1/invitations/accept', json({ token, password: PASSWORD }))).json()) as { mfa: { ticket: string; secret: string } };
    const confirmed = await t.app.request('/v1/invitations/confirm-mfa', json({ ticket: accepted.mfa.ticket, code: generateSync({ secret: accepted.mfa.secret }) }));
    expect(confirmed.status).toBe(200);
    const body = (await confirmed.json()) as { status: string; recoveryCodes: string[] };
    expect(body.status).toBe('active');
    expect(body.recoveryCodes).toHaveLength(10);
    expect((await login({ tenantId: s.tenantId, login: 'invite@codes.example', password: PASSWORD, recoveryCode: body.recoveryCodes[9] })).status).toBe(200);
    // The Root Admin, never enrolled here, gets a 409 asking for a new set.
    const root = s.created.rootAdmin.id;
    await t.services.db.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', root).execute();
    const rootAuth = { authorization: `Bearer ${await widgetToken(t, s.access, root)}` };
    expect((await errorOf(await t.app.request('/v1/auth/recovery-codes', json({ password: PASSWORD }, rootAuth)))).status).toBe(409);
  });
});
