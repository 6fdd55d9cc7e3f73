import { executeServerCommand } from '@web/test-runner-commands';

/**
 * The real BFF of the element tests (apps/bff/test/element-test-bff.ts), run in Node by the test runner — the `bff`
 * command of web-test-runner.config.mjs — and shared by the run: started by the first call (seconds, a minute on a
 * busy machine: give that call's hook a long timeout), stopped with the runner. Each test file makes its own tenant,
 * each test its own people, so tests do not see each other.
 */

/** A tenant of the real BFF, as its Root Admin. */
export interface BffTenant {
  url: string;
  tenantId: string;
  /** A widget token acting as the tenant's Root Admin. */
  token: string;
}

/** An active person of a tenant with a password and, unless made with `enrolled: false`, an authenticator (its secret). */
export interface BffPerson {
  id: string;
  tenantId: string;
  email: string;
  password: string;
  secret: string;
}

/** What the database holds of a person. */
export interface BffPersonState {
  language: string;
  mfaState: string;
  /** The authenticator's secret, decrypted (null when none is enrolled). */
  secret: string | null;
  availability: string | null;
}

/** Runs a call of the BFF harness, asking again while the BFF is still starting (the first call of a run). */
async function call<T>(name: string, ...args: unknown[]): Promise<T> {
  for (;;) {
    const answer = await executeServerCommand<{ result: T } | { starting: true }, { call: string; args: unknown[] }>('bff', { call: name, args });
    if ('result' in answer) return answer.result;
  }
}

/** A new tenant of the real BFF (with the given profile, or the default one), with a widget token acting as its Root Admin. */
export function newTenant(name: string, profile?: Record<string, unknown>): Promise<BffTenant> {
  return call('tenant', name, profile);
}

/**
 * An active technician of the tenant holding `roleIds` and, with `permissions`, a new custom role with exactly those;
 * with a widget token acting as them.
 */
export function newMember(tenant: BffTenant, o: { permissions?: string[]; roleIds?: string[] }): Promise<{ token: string; userId: string; roleId: string | null }> {
  return call('member', tenant.tenantId, o);
}

/**
 * A new active person of the tenant — a technician, or an end user of the tenant's organization — with a password, an
 * enrolled authenticator (unless `enrolled: false`) and the User role.
 */
export function newPerson(tenant: BffTenant, o: { kind?: 'technician' | 'end_user'; enrolled?: boolean; signInMethod?: 'totp' | 'sms' } = {}): Promise<BffPerson> {
  return call('newPerson', tenant.tenantId, o);
}

/** The code of the newest text message to the person (null when none was sent). */
export function lastSmsCode(person: BffPerson): Promise<string | null> {
  return call('lastSmsCode', person.id);
}

/** The status the BFF's token endpoint answers to an OAuth app's credentials (client credentials grant): 200 or 401. */
export function clientTokenStatus(clientId: string, clientSecret: string): Promise<number> {
  return call('clientToken', clientId, clientSecret);
}

/** A widget token acting as the person, for 15 minutes: what a host's token provider gives. */
export function mintToken(person: BffPerson): Promise<{ token: string; expiresAt: string }> {
  return call('mintToken', person.tenantId, person.id);
}

/** A current code of the authenticator `secret`, `offsetSteps` time steps ahead (a code is accepted once: the next one is ahead). */
export function totpCode(secret: string, offsetSteps = 0): Promise<string> {
  return call('totpCode', secret, offsetSteps);
}

/** Signs the person in from a browser of its own (`userAgent`): one more session, its cookie. */
export function signIn(person: BffPerson, code: string, userAgent: string): Promise<{ cookie: string }> {
  return call('signIn', person.tenantId, person.email, code, userAgent);
}

/** Whether a session cookie still works (a revoked one is refused on the next request). */
export function sessionWorks(cookie: string): Promise<boolean> {
  return call('sessionWorks', cookie);
}

/** What the database holds of the person: language, 2FA state and secret, availability. */
export function personState(person: BffPerson): Promise<BffPersonState> {
  return call('personState', person.id);
}

/** Calls the BFF as a host page's script would, with a token (the tenant's Root Admin's unless given); the JSON answer. */
export async function bffCall<T = unknown>(tenant: BffTenant, method: string, path: string, body?: unknown, token = tenant.token): Promise<{ status: number; body: T }> {
  const res = await fetch(`${tenant.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (res.status === 204 ? null : await res.json()) as T };
}

/** The mail server refused `address` for good: the BFF puts it on the tenant's suppression list as its sender does. */
export function bounce(tenant: BffTenant, address: string, reason: string): Promise<null> {
  return call('bounce', tenant.tenantId, address, reason);
}
