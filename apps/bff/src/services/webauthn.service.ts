import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type AuthenticatorTransport,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { isoBase64URL } from '@simplewebauthn/server/helpers';
import { productNameOf, type WebauthnChallenge, type WebauthnCredential } from '@roster/contract';
import type { Config } from '../env.js';
import type { Db } from '../db/create-db.js';
import type { Meta, Services } from './context.js';
import type { Principal } from './principal.js';
import { ApiError, conflict, notFound, validationFailed } from '../errors.js';
import { tenantProfile } from './tenant-profile.js';
import { assertFreshProof, countFailedSignIn, invalidCredentials, SESSION_TTL_HOURS, storeRecoveryCodes, type Proof } from './auth.service.js';
import { newRecoveryCodes } from '../auth/recovery-codes.js';
import { generateSecret, hashSecret } from '../auth/secrets.js';
import { consumeOneTimeToken, replaceOneTimeToken } from '../db/repositories/one-time-tokens.repository.js';
import { findEnrollingUser, updateUserRow } from '../db/repositories/users.repository.js';
import { insertSession } from '../db/repositories/sessions.repository.js';
import { insertAuditEvents } from '../db/repositories/audit-events.repository.js';
import {
  deleteWebauthnCredential,
  findWebauthnCredential,
  insertWebauthnCredential,
  listWebauthnCredentials,
  recordWebauthnUse,
} from '../db/repositories/webauthn-credentials.repository.js';

/**
 * Security keys and passkeys (WebAuthn) with @simplewebauthn/server: registration (at invitation accept, at a sign-in
 * that needs the factor, and in self-service after a step-up) and assertion at sign-in. Each ceremony's challenge is
 * kept server-side in a one-time token: single-use (spent by the first answer, right or wrong), short-lived, and bound
 * to the person and the step that asked for it (`via`). The relying party is the BFF's public URL (or the configured
 * RP id and origins); a signature counter that does not move forward is refused.
 */
const CEREMONY_MINUTES = 5;
type Via = 'invitation' | 'login' | 'self' | 'step_up';

export function relyingParty(config: Pick<Config, 'publicUrl' | 'webauthnRpId' | 'webauthnOrigins'>) {
  const url = new URL(config.publicUrl);
  return { rpId: config.webauthnRpId ?? url.hostname, origins: config.webauthnOrigins?.length ? config.webauthnOrigins : [url.origin] };
}

const CEREMONY_EXPIRED = () => new ApiError('bad_request', 'This security-key step has expired. Start again.', [{ path: ['body', 'ticket'], message: 'Is invalid or has expired.' }]);
const KEY_REFUSED = () =>
  validationFailed([{ path: ['body', 'response'], message: 'The security key’s answer could not be verified. Try again with a key made for this site.' }], 'The security key’s answer could not be verified.');

function expiresIn(minutes: number) {
  return new Date(Date.now() + minutes * 60_000).toISOString();
}

type Person = { id: string; tenant_id: string; email: string; first_name: string; last_name: string };

/** Options for `navigator.credentials.create` and the ticket that binds the answer to them. */
export async function registrationChallenge(s: Services, db: Db, user: Person, via: Via): Promise<WebauthnChallenge> {
  const { branding } = await tenantProfile(db, user.tenant_id);
  const existing = await listWebauthnCredentials(db, user.tenant_id, user.id);
  const { rpId } = relyingParty(s.config);
  const options = await generateRegistrationOptions({
    rpName: productNameOf(branding),
    rpID: rpId,
    userName: user.email,
    userDisplayName: `${user.first_name} ${user.last_name}`.trim() || user.email,
    userID: new TextEncoder().encode(user.id),
    attestationType: 'none',
    excludeCredentials: existing.map((c) => ({ id: c.credential_id, transports: c.transports as AuthenticatorTransport[] })),
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
  });
  const ticket = generateSecret();
  await replaceOneTimeToken(db, { tenantId: user.tenant_id, userId: user.id, purpose: 'webauthn_registration', tokenHash: hashSecret(ticket), expiresAt: expiresIn(CEREMONY_MINUTES), data: { challenge: options.challenge, via } });
  return { ticket, options: options as unknown as Record<string, unknown> };
}

/**
 * Options for `navigator.credentials.get` with the person's keys, and the ticket of this attempt: a sign-in whose
 * password was right (`login`), or a step-up of a signed-in person (`step_up`). A ticket answers only its own step.
 */
export async function authenticationChallenge(s: Services, user: { id: string; tenant_id: string }, via: 'login' | 'step_up'): Promise<WebauthnChallenge> {
  const keys = await listWebauthnCredentials(s.db, user.tenant_id, user.id);
  const options = await generateAuthenticationOptions({
    rpID: relyingParty(s.config).rpId,
    allowCredentials: keys.map((c) => ({ id: c.credential_id, transports: c.transports as AuthenticatorTransport[] })),
    userVerification: 'preferred',
  });
  const ticket = generateSecret();
  await replaceOneTimeToken(s.db, { tenantId: user.tenant_id, userId: user.id, purpose: 'webauthn_authentication', tokenHash: hashSecret(ticket), expiresAt: expiresIn(CEREMONY_MINUTES), data: { challenge: options.challenge, via } });
  return { ticket, options: options as unknown as Record<string, unknown> };
}

/** Spends the ticket (whatever the answer) and returns its person and challenge, if it was issued for `via`. */
async function spendTicket(s: Services, ticket: string, purpose: 'webauthn_registration' | 'webauthn_authentication', via: Via) {
  const used = await consumeOneTimeToken(s.db, hashSecret(ticket), purpose);
  const data = used?.data as { challenge?: unknown; via?: unknown } | null | undefined;
  if (!used || typeof data?.challenge !== 'string' || data.via !== via) throw CEREMONY_EXPIRED();
  return { tenantId: used.tenant_id, userId: used.user_id, challenge: data.challenge };
}

/** Verifies a registration answer against its challenge, origin and RP id → the new key's stored form. */
async function verifiedKey(s: Services, response: Record<string, unknown>, challenge: string) {
  const { rpId, origins } = relyingParty(s.config);
  let result;
  try {
    result = await verifyRegistrationResponse({ response: response as unknown as RegistrationResponseJSON, expectedChallenge: challenge, expectedOrigin: origins, expectedRPID: rpId, requireUserVerification: false });
  } catch {
    throw KEY_REFUSED();
  }
  if (!result.verified || !result.registrationInfo) throw KEY_REFUSED();
  const { credential } = result.registrationInfo;
  return { credentialId: credential.id, publicKey: isoBase64URL.fromBuffer(credential.publicKey), counter: credential.counter, transports: credential.transports ?? [] };
}

const DEFAULT_KEY_NAME = 'Security key';

async function addKey(trx: Db, tenantId: string, userId: string, key: Awaited<ReturnType<typeof verifiedKey>>, name: string | undefined) {
  try {
    return await insertWebauthnCredential(trx, { tenantId, userId, ...key, name: name ?? DEFAULT_KEY_NAME });
  } catch (e) {
    if ((e as { code?: string }).code === '23505') throw conflict('This security key is already registered.');
    throw e;
  }
}

/** Sets up the factor of a person whose method is a security key: enrolled, with a first set of recovery codes. */
async function enrolWithKey(trx: Db, tenantId: string, userId: string, extra: Record<string, unknown>, meta: Meta, before: { status: string }) {
  const recoveryCodes = newRecoveryCodes();
  await updateUserRow(trx, tenantId, userId, { mfa_state: 'enrolled', status: 'active', failed_login_count: 0, locked_until: null, invitation_expires_at: null, ...extra });
  await storeRecoveryCodes(trx, tenantId, userId, recoveryCodes);
  await insertAuditEvents(trx, [{ tenantId, actorType: 'user', actorId: userId, action: 'user.mfa_enrolled', targetType: 'user', targetId: userId, before: { status: before.status }, after: { status: 'active', mfaState: 'enrolled', signInMethod: 'webauthn' }, requestId: meta.requestId }]);
  return recoveryCodes;
}

async function openSession(trx: Db, tenantId: string, userId: string, meta: Meta & { userAgent?: string | undefined; address?: string | undefined }) {
  const token = generateSecret('rss_');
  const expiresAt = new Date(Date.now() + SESSION_TTL_HOURS * 3600_000).toISOString();
  await insertSession(trx, { tenantId, userId, tokenHash: hashSecret(token), expiresAt, userAgent: meta.userAgent, address: meta.address });
  await insertAuditEvents(trx, [{ tenantId, actorType: 'user', actorId: userId, action: 'user.logged_in', targetType: 'user', targetId: userId, after: { with: 'webauthn' }, requestId: meta.requestId }]);
  return { token, expiresAt };
}

/** `POST /v1/invitations/confirm-webauthn`: the first key of an accepted invitation → active, with recovery codes. */
export async function confirmInvitationKey(s: Services, body: { ticket: string; response: Record<string, unknown>; name?: string | undefined }, meta: Meta) {
  const spent = await spendTicket(s, body.ticket, 'webauthn_registration', 'invitation');
  const key = await verifiedKey(s, body.response, spent.challenge);
  return s.db.transaction().execute(async (trx) => {
    const user = await findEnrollingUser(trx, spent.tenantId, spent.userId);
    if (!user || user.status !== 'invited' || !user.password_hash || user.sign_in_method !== 'webauthn') throw CEREMONY_EXPIRED();
    await addKey(trx, spent.tenantId, spent.userId, key, body.name);
    const recoveryCodes = await enrolWithKey(trx, spent.tenantId, spent.userId, {}, meta, user);
    return { status: 'active' as const, recoveryCodes };
  });
}

/** `POST /v1/auth/webauthn/enrol`: the first key a sign-in asked for → enrolled, active and signed in. */
export async function enrolKeyAtLogin(s: Services, body: { ticket: string; response: Record<string, unknown>; name?: string | undefined }, meta: Meta & { userAgent?: string | undefined; address?: string | undefined }) {
  const spent = await spendTicket(s, body.ticket, 'webauthn_registration', 'login');
  const key = await verifiedKey(s, body.response, spent.challenge);
  return s.db.transaction().execute(async (trx) => {
    const user = await findEnrollingUser(trx, spent.tenantId, spent.userId);
    if (!user || user.status === 'deactivated' || user.mfa_state === 'enrolled' || !user.password_hash || user.sign_in_method !== 'webauthn') throw CEREMONY_EXPIRED();
    await addKey(trx, spent.tenantId, spent.userId, key, body.name);
    const recoveryCodes = await enrolWithKey(trx, spent.tenantId, spent.userId, { last_login_at: new Date().toISOString() }, meta, user);
    const session = await openSession(trx, spent.tenantId, spent.userId, meta);
    return { ...session, userId: spent.userId, recoveryCodes };
  });
}

/**
 * `POST /v1/auth/webauthn/login`: the key's assertion for the sign-in whose password was right (its ticket) → a
 * session. The key must be one of this person's; its signature, origin, RP id and counter must check out. Anything
 * else counts as a failed sign-in and answers like a wrong password.
 */
export async function loginWithKey(s: Services, body: { ticket: string; response: Record<string, unknown> }, meta: Meta & { userAgent?: string | undefined; address?: string | undefined }) {
  const spent = await spendTicket(s, body.ticket, 'webauthn_authentication', 'login');
  const user = await findEnrollingUser(s.db, spent.tenantId, spent.userId);
  if (!user) throw invalidCredentials();
  const { profile } = await tenantProfile(s.db, spent.tenantId);
  const fail = async () => {
    await countFailedSignIn(s, { ...user, tenant_id: spent.tenantId }, profile, meta);
    return invalidCredentials();
  };
  const lockedNow = user.status === 'locked_out' && (!user.locked_until || Date.parse(user.locked_until) > Date.now());
  if (lockedNow || user.status === 'deactivated' || user.status === 'invited' || user.mfa_state !== 'enrolled' || user.sign_in_method !== 'webauthn') throw await fail();
  const assertion = await verifiedAssertion(s, spent, body.response);
  if (!assertion) throw await fail();
  const session = await s.db.transaction().execute(async (trx) => {
    // The counter the signature was checked against must still be the stored one: one assertion, one session.
    if (!(await recordWebauthnUse(trx, spent.tenantId, assertion.keyId, assertion.storedCounter, assertion.newCounter))) return null;
    await updateUserRow(trx, spent.tenantId, spent.userId, { status: 'active', failed_login_count: 0, locked_until: null, last_login_at: new Date().toISOString() });
    return openSession(trx, spent.tenantId, spent.userId, meta);
  });
  if (!session) throw await fail();
  return { ...session, userId: spent.userId };
}

/**
 * An assertion checked against a spent challenge: the key must be one of this person's, and its signature, origin,
 * RP id and counter must check out (a counter that does not move forward is refused). Null when anything does not.
 * The caller records the new counter against the one checked here (`recordWebauthnUse`), so one assertion counts once.
 */
async function verifiedAssertion(s: Services, spent: { tenantId: string; userId: string; challenge: string }, response: Record<string, unknown>) {
  const credentialId = typeof response.id === 'string' ? response.id : '';
  const key = credentialId ? await findWebauthnCredential(s.db, spent.tenantId, spent.userId, credentialId) : undefined;
  if (!key) return null;
  const { rpId, origins } = relyingParty(s.config);
  const storedCounter = Number(key.counter);
  try {
    const result = await verifyAuthenticationResponse({
      response: response as unknown as AuthenticationResponseJSON,
      expectedChallenge: spent.challenge,
      expectedOrigin: origins,
      expectedRPID: rpId,
      credential: { id: key.credential_id, publicKey: isoBase64URL.toBuffer(key.public_key), counter: storedCounter, transports: key.transports as AuthenticatorTransport[] },
      requireUserVerification: false,
    });
    return result.verified ? { keyId: key.id, storedCounter, newCounter: result.authenticationInfo.newCounter } : null;
  } catch {
    return null;
  }
}

/** `POST /v1/auth/step-up/webauthn`: the key challenge of a step-up (5 minutes, single-use, this person's, this step's). */
export async function stepUpChallenge(s: Services, p: Principal) {
  if (p.type !== 'user') throw new ApiError('forbidden', 'This is for people signed in, not for API clients.');
  const user = await findEnrollingUser(s.db, p.tenantId, p.id);
  if (!user || user.sign_in_method !== 'webauthn' || user.mfa_state !== 'enrolled') throw conflict('You do not sign in with a security key: confirm with your password and code instead.');
  return authenticationChallenge(s, { id: p.id, tenant_id: p.tenantId }, 'step_up');
}

/**
 * A key's answer to one's own step-up challenge: true when the ticket was issued for this person's step-up and the
 * assertion checks out (its counter recorded). The ticket is spent whatever the answer.
 */
export async function provenWithKey(s: Services, p: { tenantId: string; id: string }, answer: { ticket: string; response: Record<string, unknown> }) {
  let spent;
  try {
    spent = await spendTicket(s, answer.ticket, 'webauthn_authentication', 'step_up');
  } catch {
    return false;
  }
  if (spent.tenantId !== p.tenantId || spent.userId !== p.id) return false;
  const assertion = await verifiedAssertion(s, spent, answer.response);
  return !!assertion && (await recordWebauthnUse(s.db, spent.tenantId, assertion.keyId, assertion.storedCounter, assertion.newCounter));
}

const viewOf = (c: Awaited<ReturnType<typeof listWebauthnCredentials>>[number]): WebauthnCredential => ({
  id: c.id,
  name: c.name,
  transports: c.transports,
  createdAt: new Date(c.created_at).toISOString(),
  lastUsedAt: c.last_used_at ? new Date(c.last_used_at).toISOString() : null,
});

/** `GET /v1/auth/webauthn/credentials`: one's own keys. */
export async function listOwnKeys(s: Services, p: Principal) {
  return { items: (await listWebauthnCredentials(s.db, p.tenantId, p.id)).map(viewOf) };
}

/** `POST /v1/auth/webauthn/registration`: with fresh proof, the options to register another key. */
export async function startKeyRegistration(s: Services, p: Principal, proof: Proof, meta: Meta) {
  const user = await assertFreshProof(s, p, proof, { password: ['body', 'password'], code: ['body', 'code'] }, meta);
  return registrationChallenge(s, s.db, { id: user.id, tenant_id: p.tenantId, email: user.email, first_name: user.first_name, last_name: user.last_name }, 'self');
}

/**
 * `POST /v1/auth/webauthn/credentials`: the new key's answer to one's own registration ticket → the key. The first key
 * of a person whose method is a security key sets the factor up (and answers the recovery codes, once).
 */
export async function addOwnKey(s: Services, p: Principal, body: { ticket: string; response: Record<string, unknown>; name?: string | undefined }, meta: Meta) {
  const spent = await spendTicket(s, body.ticket, 'webauthn_registration', 'self');
  if (spent.userId !== p.id || spent.tenantId !== p.tenantId) throw CEREMONY_EXPIRED();
  const key = await verifiedKey(s, body.response, spent.challenge);
  return s.db.transaction().execute(async (trx) => {
    const user = await findEnrollingUser(trx, p.tenantId, p.id);
    if (!user) throw notFound('User');
    const row = await addKey(trx, p.tenantId, p.id, key, body.name);
    await insertAuditEvents(trx, [{ tenantId: p.tenantId, actorType: 'user', actorId: p.id, action: 'user.webauthn_key_added', targetType: 'user', targetId: p.id, after: { key: row.name }, requestId: meta.requestId }]);
    const recoveryCodes = user.sign_in_method === 'webauthn' && user.mfa_state !== 'enrolled' ? await enrolWithKey(trx, p.tenantId, p.id, {}, meta, user) : undefined;
    return { key: viewOf(row), ...(recoveryCodes ? { recoveryCodes } : {}) };
  });
}

/**
 * `DELETE /v1/auth/webauthn/credentials/:id`, with a step-up: removes one of one's own keys — never the last one while
 * security keys are how one signs in (an administrator choosing another method removes them all).
 */
export async function removeOwnKey(s: Services, p: Principal, id: string, proof: Proof, meta: Meta) {
  const user = await assertFreshProof(s, p, proof, undefined, meta);
  await s.db.transaction().execute(async (trx) => {
    const keys = await listWebauthnCredentials(trx, p.tenantId, p.id);
    const key = keys.find((k) => k.id === id);
    if (!key) throw notFound('Security key');
    if (keys.length === 1 && user.sign_in_method === 'webauthn') {
      throw conflict('This is your only security key, and you sign in with it: add another key first, or ask an administrator to choose another sign-in method.');
    }
    await deleteWebauthnCredential(trx, p.tenantId, p.id, id);
    await insertAuditEvents(trx, [{ tenantId: p.tenantId, actorType: 'user', actorId: p.id, action: 'user.webauthn_key_removed', targetType: 'user', targetId: p.id, before: { key: key.name }, requestId: meta.requestId }]);
  });
}
