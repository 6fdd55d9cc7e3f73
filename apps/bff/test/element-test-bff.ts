import type { AddressInfo } from 'node:net';
import { smsBody } from '../src/sms/outbox.js';
import { generateSync } from 'otplib';
import { startServer } from '../src/server.js';
import { configureLogger } from '../src/observability/log.js';
import { hashPassword } from '../src/auth/passwords.js';
import { assignRoles } from '../src/db/repositories/roles.repository.js';
import { insertOrganizations } from '../src/db/repositories/organizations.repository.js';
import { recordBounce } from '../src/services/email-suppressions.service.js';
import { adminSession, createTestContext, insertUsers, json, roleId, userRow, widgetToken, type TestContext } from './support.js';

/**
 * The real BFF of the widgets' element tests: apps/bff's app on embedded PGlite in memory, served over HTTP on a free
 * port of 127.0.0.1, one for a whole test-runner run. packages/widgets/web-test-runner.config.mjs starts it on the
 * first `bff` server command and stops it when the runner stops; the page calls the functions of `calls` through
 * packages/widgets/src/test-support/bff.ts, and the BFF itself across origins, as a host page would.
 *
 * Tests do not see each other: each makes its own tenant (`tenant`) and in it its own people (`member`, `newPerson`).
 */
interface Running {
  t: TestContext;
  url: string;
  close(): Promise<void>;
}
/** A tenant made here: its Root Admin's client access (for widget tokens) and session, its one organization once asked. */
interface Tenant {
  access: string;
  auth: Record<string, string>;
  organizationId?: string;
}

let running: Promise<Running> | null = null;
const tenants = new Map<string, Tenant>();
const PASSWORD = 'correct horse battery';
let people = 0;
let members = 0;

/** Starts the BFF, once: PGlite and its migrations take seconds (a minute on a busy machine). */
export async function start(): Promise<{ url: string }> {
  running ??= boot();
  return { url: (await running).url };
}

async function boot(): Promise<Running> {
  // The test runner's output is the element tests': the BFF's request lines only when LOG_LEVEL asks for them.
  if (!process.env.LOG_LEVEL) configureLogger({ level: 'silent' });
  const t = await createTestContext('pglite');
  const server = await startServer(t.app, 0, '127.0.0.1');
  return {
    t,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => (await new Promise<void>((r) => server.close(() => r())), await t.close()),
  };
}

export async function stop(): Promise<void> {
  const was = running;
  running = null;
  tenants.clear();
  await (await was)?.close();
}

async function bff(): Promise<Running> {
  if (!running) throw new Error('the element-test BFF is not started (start() first)');
  return running;
}

function tenantOf(tenantId: string): Tenant {
  const tenant = tenants.get(tenantId);
  if (!tenant) throw new Error(`tenantId: ${tenantId} is no tenant of the element-test BFF (make one with tenant())`);
  return tenant;
}

/** A new tenant (with the given profile, or the default one) and a widget token acting as its Root Admin. */
export async function tenant(name: string, profile?: unknown) {
  const { t, url } = await bff();
  const s = await adminSession(t, name, profile);
  tenants.set(s.tenantId, { access: s.access, auth: s.auth });
  return { url, tenantId: s.tenantId, token: s.token };
}

/**
 * An active technician of the tenant holding `roleIds` and, with `permissions`, a new custom role with exactly those;
 * with a widget token acting as them.
 */
export async function member(tenantId: string, o: { permissions?: string[]; roleIds?: string[] } = {}) {
  const { t } = await bff();
  const { access, auth } = tenantOf(tenantId);
  const n = ++members;
  const roleIds = [...(o.roleIds ?? [])];
  let roleId: string | null = null;
  if (o.permissions) {
    const res = await t.app.request('/v1/roles', json({ name: `Member role ${n}`, permissions: o.permissions }, auth));
    if (res.status !== 201) throw new Error(`member role: ${res.status} ${await res.text()}`);
    roleId = ((await res.json()) as { id: string }).id;
    roleIds.push(roleId);
  }
  const [u] = await insertUsers(t, [userRow(tenantId, { email: `member${n}@element-test.example` })]);
  await assignRoles(t.services.db, tenantId, roleIds.map((r) => ({ userId: u!.id, roleId: r })));
  return { token: await widgetToken(t, access, u!.id), userId: u!.id, roleId };
}

/**
 * A new active person of the tenant — a technician, or an end user of the tenant's organization (made on first need) —
 * with a password, an enrolled authenticator (unless `enrolled: false`) and the User role (self.edit).
 */
export async function newPerson(tenantId: string, o: { kind?: 'technician' | 'end_user'; enrolled?: boolean; signInMethod?: 'totp' | 'sms' } = {}) {
  const { t } = await bff();
  const tenant = tenantOf(tenantId);
  const kind = o.kind ?? 'technician';
  if (kind === 'end_user') tenant.organizationId ??= (await insertOrganizations(t.services.db, tenantId, ['Customer']))[0]!.id;
  const secret = t.services.totp.newSecret();
  const email = `person${++people}@element-test.example`;
  const enrolled = o.enrolled ?? true;
  const [row] = await insertUsers(t, [
    userRow(tenantId, {
      kind,
      organization_id: kind === 'end_user' ? tenant.organizationId : null,
      email,
      status: 'active',
      password_hash: await hashPassword(PASSWORD),
      mfa_state: enrolled ? 'enrolled' : 'not_enrolled',
      // Text messages: codes to a mobile number (enrolled, no authenticator secret).
      ...(o.signInMethod === 'sms' ? { sign_in_method: 'sms' as const, phone: '+4915123456789', mfa_secret_encrypted: null } : { mfa_secret_encrypted: enrolled ? t.services.totp.encrypt(secret) : null }),
      availability: kind === 'technician' ? 'available' : null,
    }),
  ]);
  await assignRoles(t.services.db, tenantId, [{ userId: row!.id, roleId: await roleId(t, tenantId, 'user') }]);
  return { id: row!.id, tenantId, email, password: PASSWORD, secret };
}

/** A widget token acting as a person of the tenant, for 15 minutes. */
export async function mintToken(tenantId: string, userId: string) {
  const { t } = await bff();
  return { token: await widgetToken(t, tenantOf(tenantId).access, userId, { ttlSeconds: 900 }), expiresAt: new Date(Date.now() + 900_000).toISOString() };
}

/** A current code of `secret`, `offsetSteps` time steps ahead (a code is accepted once: the next one is ahead). */
export function totpCode(secret: string, offsetSteps = 0) {
  return generateSync({ secret, epoch: Math.floor(Date.now() / 1000) + offsetSteps * 30 });
}

/** Signs a person of the tenant in from a browser of its own: one more session, its cookie. */
export async function signIn(tenantId: string, email: string, code: string, userAgent: string) {
  const { t } = await bff();
  tenantOf(tenantId);
  const res = await t.app.request('/v1/auth/login', json({ tenantId, login: email, password: PASSWORD, code }, { 'user-agent': userAgent }), { incoming: { socket: { remoteAddress: '127.0.0.1' } } });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  return { cookie: res.headers.get('set-cookie')!.split(';')[0]! };
}

/** Whether a session cookie still works (a revoked one is refused on the next request). */
export async function sessionWorks(cookie: string) {
  return (await (await bff()).t.app.request('/v1/auth/me', { headers: { cookie } })).status === 200;
}

/** What the database holds of the person: language, 2FA state and secret, availability. */
export async function personState(userId: string) {
  const { t } = await bff();
  const row = await t.services.db.selectFrom('users').select(['language', 'mfa_state', 'mfa_secret_encrypted', 'availability']).where('id', '=', userId).executeTakeFirstOrThrow();
  return { language: row.language, mfaState: row.mfa_state, secret: row.mfa_secret_encrypted ? t.services.totp.decrypt(row.mfa_secret_encrypted) : null, availability: row.availability };
}

/**
 * The mail server refused `address` for good, as the outbox's sender records it (`recordBounce`: on the tenant's
 * suppression list, audited) — the SMTP side itself is tested in apps/bff/test/email/suppression.test.ts.
 */
export async function bounce(tenantId: string, address: string, reason: string) {
  const { t } = await bff();
  await recordBounce(t.services.platformDb, { tenantId, userId: null, to: address }, reason);
}

/** The code of the newest text message to a person, read as it is sent (its sealed body opened). */
export async function lastSmsCode(userId: string) {
  const { t } = await bff();
  const row = await t.services.db.selectFrom('sms_outbox').selectAll().where('user_id', '=', userId).orderBy('id', 'desc').executeTakeFirst();
  const body = row ? smsBody(row, t.services.config.signingKey) : null;
  return body ? /^(\d{6}) /.exec(body)![1]! : null;
}

/** What the page may call (test-support/bff.ts); starting and stopping are the runner's. */
/**
 * What the BFF's token endpoint answers to an OAuth app's credentials (client credentials): its status. Asked from here,
 * not from the page: the token endpoint is for servers and answers no cross-origin request.
 */
export async function clientToken(clientId: string, clientSecret: string): Promise<number> {
  const { t } = await bff();
  const res = await t.app.request('/oauth/token', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret }).toString() });
  return res.status;
}

export const calls = { tenant, member, clientToken, newPerson, mintToken, totpCode, signIn, sessionWorks, personState, bounce, lastSmsCode };
