import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSync } from 'otplib';
import { adminSession, createTestContext, dialects, errorOf, insertUsers, json, roleId, userRow, widgetToken, type TestContext } from '../../support.js';
import { assignRoles } from '../../../src/db/repositories/roles.repository.js';
import { hashPassword } from '../../../src/auth/passwords.js';

const PASSWORD = 'correct horse battery';
let addressCounter = 0;
/** A request from its own loopback address (the rate limiter keys on the socket's address). */
const from = (address = `127.3.${Math.floor(++addressCounter / 250)}.${(addressCounter % 250) + 1}`) => ({ incoming: { socket: { remoteAddress: address } } });

describe.each(dialects)('sign-in methods on %s', (dialect) => {
  let t: TestContext;
  let passwordHash: string;
  beforeAll(async () => {
    t = await createTestContext(dialect);
    passwordHash = await hashPassword(PASSWORD);
  });
  afterAll(async () => t?.close());

  async function person(tenantId: string, email: string) {
    const secret = t.services.totp.newSecret();
    const [row] = await insertUsers(t, [userRow(tenantId, { email, status: 'active', password_hash: passwordHash })]);
    await t.services.db.updateTable('users').set({ mfa_state: 'enrolled', mfa_secret_encrypted: t.services.totp.encrypt(secret) }).where('id', '=', row!.id).execute();
    return { id: row!.id, email, secret };
  }
  const create = (auth: Record<string, string>, body: Record<string, unknown>) => t.app.request('/v1/users', json({ kind: 'technician', firstName: 'Sign', lastName: 'In', ...body }, auth));
  const patch = (auth: Record<string, string>, id: string, body: unknown) =>
    t.app.request(`/v1/users/${id}`, { method: 'PATCH', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify(body) });
  const get = async (auth: Record<string, string>, id: string) => (await (await t.app.request(`/v1/users/${id}`, { headers: auth })).json()) as Record<string, unknown>;

  describe('chosen at creation', () => {
    it('is returned on the user: the one chosen, else the profile’s default, else the authenticator app', async () => {
      const s = await adminSession(t, 'Method Create');
      const key = await create(s.auth, { email: 'key@create.example', signInMethod: 'webauthn' });
      expect(key.status).toBe(201);
      const keyUser = (await key.json()) as { id: string; signInMethod: string; mfaState: string };
      expect(keyUser).toMatchObject({ signInMethod: 'webauthn', mfaState: 'not_enrolled' });
      expect(await get(s.auth, keyUser.id)).toMatchObject({ signInMethod: 'webauthn' });
      const plain = (await (await create(s.auth, { email: 'app@create.example' })).json()) as { signInMethod: string };
      expect(plain.signInMethod).toBe('totp');
      const p = await adminSession(t, 'Method Default', { preset: 'ninjaone', defaultSignInMethod: 'webauthn' });
      const byProfile = (await (await create(p.auth, { email: 'profile@default.example' })).json()) as { signInMethod: string };
      expect(byProfile.signInMethod).toBe('webauthn');
    });

    it('an unknown method is refused, naming the field, and nothing is created', async () => {
      const s = await adminSession(t, 'Method Refused');
      const pigeon = await errorOf(await create(s.auth, { email: 'pigeon@refused.example', signInMethod: 'carrier_pigeon' }));
      expect(pigeon.status).toBe(422);
      expect(pigeon.issues?.[0]?.path).toEqual(['body', 'signInMethod']);
      const none = await t.services.db.selectFrom('users').select('id').where('tenant_id', '=', s.tenantId).where('email', '=', 'pigeon@refused.example').execute();
      expect(none).toHaveLength(0);
    });
  });

  describe('changed by an admin', () => {
    it('another method resets enrolment, ends every session and kills credential links, audited', async () => {
      const s = await adminSession(t, 'Method Change');
      const u = await person(s.tenantId, 'change@method.example');
      const signedIn = await t.app.request('/v1/auth/login', json({ tenantId: s.tenantId, login: u.email, password: PASSWORD, code: generateSync({ secret: u.secret }) }), from());
      expect(signedIn.status).toBe(200);
      expect((await t.app.request('/v1/auth/forgot-password', json({ tenantId: s.tenantId, email: u.email }), from())).status).toBe(202);
      const res = await patch(s.auth, u.id, { signInMethod: 'webauthn' });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ signInMethod: 'webauthn', mfaState: 'not_enrolled' });
      const row = await t.services.db.selectFrom('users').select(['mfa_state', 'mfa_secret_encrypted', 'mfa_last_step', 'sign_in_method']).where('id', '=', u.id).executeTakeFirstOrThrow();
      expect(row).toEqual({ mfa_state: 'not_enrolled', mfa_secret_encrypted: null, mfa_last_step: null, sign_in_method: 'webauthn' });
      const live = await t.services.db.selectFrom('sessions').select('id').where('user_id', '=', u.id).where('revoked_at', 'is', null).execute();
      expect(live).toHaveLength(0);
      const links = await t.services.db.selectFrom('one_time_tokens').select('id').where('user_id', '=', u.id).where('used_at', 'is', null).execute();
      expect(links).toHaveLength(0);
      const audit = await t.services.db.selectFrom('audit_events').select(['before', 'after']).where('target_id', '=', u.id).where('action', '=', 'user.sign_in_method_changed').execute();
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ before: { signInMethod: 'totp', mfaState: 'enrolled' }, after: { signInMethod: 'webauthn', mfaState: 'not_enrolled' } });
      // The old TOTP code no longer signs in: the right password now starts registering a security key.
      const again = await t.app.request('/v1/auth/login', json({ tenantId: s.tenantId, login: u.email, password: PASSWORD, code: generateSync({ secret: u.secret }) }), from());
      expect(await again.json()).toMatchObject({ status: 'webauthn_registration_required' });
    });

    it('the same method again changes nothing; an unknown one is refused with 422 and the factor stays', async () => {
      const s = await adminSession(t, 'Method Same');
      const u = await person(s.tenantId, 'same@method.example');
      expect((await patch(s.auth, u.id, { signInMethod: 'totp' })).status).toBe(200);
      const sms = await errorOf(await patch(s.auth, u.id, { signInMethod: 'carrier_pigeon' }));
      expect(sms).toMatchObject({ status: 422, issues: [expect.objectContaining({ path: ['body', 'signInMethod'] })] });
      const row = await t.services.db.selectFrom('users').select(['mfa_state', 'sign_in_method']).where('id', '=', u.id).executeTakeFirstOrThrow();
      expect(row).toEqual({ mfa_state: 'enrolled', sign_in_method: 'totp' });
      const audit = await t.services.db.selectFrom('audit_events').select('id').where('target_id', '=', u.id).where('action', '=', 'user.sign_in_method_changed').execute();
      expect(audit).toHaveLength(0);
    });

    it('a person with self.edit only cannot choose their own method; the Root Admin’s is chosen by the Root Admin only', async () => {
      const s = await adminSession(t, 'Method Self');
      const u = await person(s.tenantId, 'self@method.example');
      await assignRoles(t.services.db, s.tenantId, [{ userId: u.id, roleId: await roleId(t, s.tenantId, 'user') }]);
      const auth = { authorization: `Bearer ${await widgetToken(t, s.access, u.id)}` };
      expect(await errorOf(await patch(auth, u.id, { signInMethod: 'webauthn' }))).toMatchObject({ status: 403 });
      const admin = await person(s.tenantId, 'admin@method.example');
      await assignRoles(t.services.db, s.tenantId, [{ userId: admin.id, roleId: await roleId(t, s.tenantId, 'system_admin') }]);
      const adminAuth = { authorization: `Bearer ${await widgetToken(t, s.access, admin.id)}` };
      expect(await errorOf(await patch(adminAuth, s.created.rootAdmin.id, { signInMethod: 'webauthn' }))).toMatchObject({ status: 403 });
      expect((await get(s.auth, s.created.rootAdmin.id)).signInMethod).toBe('totp');
    });
  });
});
