import type { AddressInfo } from 'node:net';
import { generateSync } from 'otplib';
import { startServer } from '../src/server.js';
import { hashPassword } from '../src/auth/passwords.js';
import { assignRoles } from '../src/db/repositories/roles.repository.js';
import { insertOrganizations } from '../src/db/repositories/organizations.repository.js';
import { adminSession, createTestContext, insertUsers, json, roleId, userRow, widgetToken, type TestContext } from './support.js';

/**
 * A real BFF for the widgets' element tests (packages/widgets/web-test-runner.config.mjs runs these as server
 * commands): embedded PGlite in memory, served over HTTP on a free port of 127.0.0.1, with a tenant whose profile
 * requires 2FA. The browser calls it across origins, as a host page would; the tests make people, mint widget tokens,
 * sign in (sessions) and read back what the database holds.
 */
let bff: { t: TestContext; url: string; access: string; tenantId: string; organizationId: string; stop(): Promise<void> } | null = null;
const PASSWORD = 'correct horse battery';
let people = 0;

export async function startBff() {
  if (bff) return { baseUrl: bff.url };
  const t = await createTestContext('pglite');
  const s = await adminSession(t, 'Panel Tenant', { preset: 'default', lockoutThreshold: null });
  const [organization] = await insertOrganizations(t.services.db, s.tenantId, ['Panel Customer']);
  const server = await startServer(t.app, 0, '127.0.0.1');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  bff = { t, url, access: s.access, tenantId: s.tenantId, organizationId: organization!.id, stop: async () => (await new Promise<void>((r) => server.close(() => r())), await t.close()) };
  return { baseUrl: url };
}

export async function stopBff() {
  await bff?.stop();
  bff = null;
  return null;
}

function running() {
  if (!bff) throw new Error('start the BFF first (bff-start)');
  return bff;
}

/** A new active person (a technician, or an end user of the tenant's one organization) with a password, an enrolled authenticator and the User role (self.edit). */
export async function newPerson(o: { kind?: 'technician' | 'end_user'; enrolled?: boolean } = {}) {
  const { t, tenantId, organizationId } = running();
  const secret = t.services.totp.newSecret();
  const email = `person${++people}@panel.example`;
  const enrolled = o.enrolled ?? true;
  const [row] = await insertUsers(t, [
    userRow(tenantId, {
      kind: o.kind ?? 'technician',
      organization_id: o.kind === 'end_user' ? organizationId : null,
      email,
      status: 'active',
      password_hash: await hashPassword(PASSWORD),
      mfa_state: enrolled ? 'enrolled' : 'not_enrolled',
      mfa_secret_encrypted: enrolled ? t.services.totp.encrypt(secret) : null,
      availability: (o.kind ?? 'technician') === 'technician' ? 'available' : null,
    }),
  ]);
  await assignRoles(t.services.db, tenantId, [{ userId: row!.id, roleId: await roleId(t, tenantId, 'user') }]);
  return { id: row!.id, email, password: PASSWORD, secret };
}

export async function mintToken(userId: string) {
  const { t, access } = running();
  return { token: await widgetToken(t, access, userId, { ttlSeconds: 900 }), expiresAt: new Date(Date.now() + 900_000).toISOString() };
}

/** A current code of `secret`, `offsetSteps` time steps ahead (a code is accepted once: the next one is ahead). */
export function totpCode(secret: string, offsetSteps = 0) {
  return generateSync({ secret, epoch: Math.floor(Date.now() / 1000) + offsetSteps * 30 });
}

/** Signs the person in from a browser of its own: one more session. */
export async function signIn(email: string, code: string, userAgent: string) {
  const { t, tenantId } = running();
  const res = await t.app.request('/v1/auth/login', json({ tenantId, login: email, password: PASSWORD, code }, { 'user-agent': userAgent }), { incoming: { socket: { remoteAddress: '127.0.0.1' } } });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  return { cookie: res.headers.get('set-cookie')!.split(';')[0]! };
}

/** Whether a session cookie still works (a revoked one is refused on the next request). */
export async function sessionWorks(cookie: string) {
  return (await running().t.app.request('/v1/auth/me', { headers: { cookie } })).status === 200;
}

/** What the database holds of the person: language, 2FA state and secret, availability. */
export async function personState(userId: string) {
  const { t } = running();
  const row = await t.services.db.selectFrom('users').select(['language', 'mfa_state', 'mfa_secret_encrypted', 'availability']).where('id', '=', userId).executeTakeFirstOrThrow();
  return { language: row.language, mfaState: row.mfa_state, secret: row.mfa_secret_encrypted ? t.services.totp.decrypt(row.mfa_secret_encrypted) : null, availability: row.availability };
}
