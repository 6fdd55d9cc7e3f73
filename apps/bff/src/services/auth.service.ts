import { importedHashAlgorithmOf, normalizeEmail, passwordRules, productNameOf, toIssues, type PolicyProfile } from '@roster/contract';
import type { Meta, Services } from './context.js';
import type { Db } from '../db/create-db.js';
import { ApiError, forbidden, validationFailed } from '../errors.js';
import type { Principal } from './principal.js';
import { signStepUpToken, verifyStepUpToken } from '../auth/step-up.js';
import { DUMMY_PASSWORD_HASH, hashPassword, verifyPassword } from '../auth/passwords.js';
import { isImportedHash } from '../auth/imported-passwords.js';
import { generateSecret, hashSecret } from '../auth/secrets.js';
import { insertSession, revokeSession, endAllSessions } from '../db/repositories/sessions.repository.js';
import { consumeOneTimeToken, killUserTokens, recentTokens, replaceOneTimeToken } from '../db/repositories/one-time-tokens.repository.js';
import { insertAuditEvents } from '../db/repositories/audit-events.repository.js';
import { claimMfaStep, findCredentialState, findEnrollingUser, findLoginUser, findUserByEmail, lockUserRow, recordFailedLogin, updateUserRow } from '../db/repositories/users.repository.js';
import { enqueueEmail, enqueueLinkEmail, tenantMail } from '../email/outbox.js';
import { newRecoveryCodes, recoveryCodeHash } from '../auth/recovery-codes.js';
import { countRecoveryCodes, replaceRecoveryCodes, spendRecoveryCode } from '../db/repositories/recovery-codes.repository.js';
import { accountLockedEmail } from '../email/templates.js';
import { tenantProfile } from './tenant-profile.js';
import { authenticationChallenge, provenWithKey, registrationChallenge } from './webauthn.service.js';
import { sendSmsCode, smsEnrolmentAtLogin, spendSmsCode, WRONG_SMS_CODE } from './sms.service.js';
import { auditImpersonationsEndedBy } from './impersonation.service.js';

export const SESSION_TTL_HOURS = 12;
/** Reset links (forgot-password) and invitations (resend) a single account is sent per hour at most. */
export const LINKS_PER_ACCOUNT_HOUR = 3;
/** Links that die with the credential they were for: a password change or reset, a confirmed email change, a 2FA reset. */
export const CREDENTIAL_LINKS = ['password_reset', 'email_change'] as const satisfies readonly ('password_reset' | 'email_change')[];

/** One answer for an unknown login, a wrong password and a wrong code: nothing tells them apart. */
export const invalidCredentials = () => new ApiError('unauthorized', 'The email, username, password or code is not correct.');

/**
 * One atomic statement counts the failure and locks at the threshold; the one failure that locks audits it and
 * tells the owner by email. Nothing is counted for a user locked right now, invited or deactivated.
 */
export async function countFailedSignIn(
  s: Services,
  user: { id: string; tenant_id: string; email: string; first_name: string; language: string; status: string },
  profile: PolicyProfile,
  meta: Meta,
) {
  if (user.status !== 'active' && user.status !== 'locked_out') return;
  await s.db.transaction().execute(async (trx) => {
    const counted = await recordFailedLogin(trx, user.tenant_id, user.id, { threshold: profile.lockoutThreshold, minutes: profile.lockoutMinutes });
    if (!counted?.locked) return;
    await insertAuditEvents(trx, [{ tenantId: user.tenant_id, actorType: 'system', actorId: null, action: 'user.locked_out', targetType: 'user', targetId: user.id, after: { lockedMinutes: profile.lockoutMinutes }, requestId: meta.requestId }]);
    const { publicUrl, brand, fromName } = await tenantMail(trx, s.config.publicUrl, user.tenant_id);
    const mail = accountLockedEmail({ publicUrl, brand, tenantId: user.tenant_id, firstName: user.first_name, failures: counted.failures, lockedMinutes: profile.lockoutMinutes, language: user.language });
    await enqueueEmail(trx, { tenantId: user.tenant_id, userId: user.id, template: 'account_locked', to: user.email, fromName, ...mail });
  });
}

/**
 * `POST /v1/auth/login`. Users are found by email or username within the tenant. Every failure costs a password
 * hash, found or not. The profile's threshold of failures locks the account for its duration; a locked account gets
 * the answer of a wrong password, and its owner an email.
 */
export async function login(s: Services, input: { tenantId: string; login: string; password: string; code?: string | undefined; recoveryCode?: string | undefined }, meta: Meta) {
  const user = await findLoginUser(s.db, input.tenantId, normalizeEmail(input.login));
  const passwordOk = await verifyPassword(input.password, user?.password_hash ?? DUMMY_PASSWORD_HASH);
  if (!user) throw invalidCredentials();
  const { profile } = await tenantProfile(s.db, input.tenantId);
  const lockedNow = user.status === 'locked_out' && (!user.locked_until || Date.parse(user.locked_until) > Date.now());
  let step: number | null = null;
  if (passwordOk && user.sign_in_method === 'totp' && user.mfa_state === 'enrolled' && user.mfa_secret_encrypted) {
    step = input.code ? s.totp.verify(s.totp.decrypt(user.mfa_secret_encrypted), input.code, user.mfa_last_step) : null;
  }
  // A recovery code in place of the factor: only its hash is looked up, and spent by the statement that checks it.
  const recoveryHash = passwordOk && user.mfa_state === 'enrolled' && step === null && input.recoveryCode ? recoveryCodeHash(input.recoveryCode) : null;
  const countFailure = () => countFailedSignIn(s, user, profile, meta);
  if (lockedNow) {
    await countFailure(); // changes nothing while locked: the same statement a wrong password runs
    throw invalidCredentials();
  }
  // A suspended person who proves their password is told so, and until when: nothing else of the account is revealed.
  if (passwordOk && user.suspended_now && user.status !== 'deactivated') throw accountSuspended(user.suspended_until);
  // The right password, 2FA required and no factor enrolled (after a 2FA reset, a reactivation, a seeded user, or an
  // invitation accepted but never confirmed): enrolment starts instead of a dead end. No session, no failure counted.
  // Text messages count as set up only with a number to send them to (a phone change sets them back: user-edit).
  const enrolled = user.mfa_state === 'enrolled' && (user.sign_in_method !== 'totp' || user.mfa_secret_encrypted !== null) && (user.sign_in_method !== 'sms' || user.phone !== null);
  if (passwordOk && profile.mfaRequired && !enrolled && user.status !== 'deactivated') {
    // The password is proven even though no session follows yet: an imported hash is replaced now, not left behind.
    if (isImportedHash(user.password_hash) && user.status === 'active') await replaceImportedHash(s, user, input.password, meta);
    if (user.sign_in_method === 'webauthn') {
      return { status: 'webauthn_registration_required' as const, webauthn: await registrationChallenge(s, s.db, user, 'login') };
    }
    if (user.sign_in_method === 'sms') return { status: 'sms_enrolment_required' as const, sms: await smsEnrolmentAtLogin(s, user) };
    return { status: 'mfa_enrolment_required' as const, mfa: await issueEnrolmentTicket(s, user, { minutes: LOGIN_ENROLMENT_MINUTES, via: 'login' }) };
  }
  // A security key's sign-in: the right password earns the key's challenge for this attempt (no session yet); a
  // recovery code stands in for the key as for a code.
  const mayFinish = passwordOk && enrolled && recoveryHash === null && user.status !== 'deactivated' && user.status !== 'invited';
  if (mayFinish && user.sign_in_method === 'webauthn') {
    return { status: 'webauthn_required' as const, webauthn: await authenticationChallenge(s, user, 'login') };
  }
  // Text messages: the right password without a code sends one (asking again sends another, within the limits); with
  // a code, the code is checked against the live one of this sign-in and spent — a wrong one counts as a failure.
  let smsOk = false;
  if (mayFinish && user.sign_in_method === 'sms') {
    if (!input.code) return { status: 'sms_code_sent' as const, ...(await sendSmsCode(s, user, user.phone!, 'login')) };
    smsOk = (await spendSmsCode(s, { tenantId: user.tenant_id, userId: user.id }, 'login', input.code)) !== null;
  }
  const mfaOk = user.mfa_state !== 'enrolled' ? !profile.mfaRequired : step !== null || recoveryHash !== null || smsOk;
  if (!passwordOk || user.status === 'deactivated' || user.status === 'invited' || !mfaOk) {
    await countFailure();
    throw invalidCredentials();
  }
  const token = generateSecret('rss_');
  const expiresAt = new Date(Date.now() + SESSION_TTL_HOURS * 3600_000).toISOString();
  // A hash an import carried over (docs/migrating-in.md) is replaced by Roster's own with the session that proved it.
  const rehash = isImportedHash(user.password_hash) ? { hash: await hashPassword(input.password), from: importedAlgorithm(user.password_hash) } : null;
  const signedIn = await s.db.transaction().execute(async (trx) => {
    // The code's time step is claimed by the statement that checks it: one code, one session.
    if (step !== null && !(await claimMfaStep(trx, user.tenant_id, user.id, step))) return false;
    if (recoveryHash !== null) {
      const remaining = await spendRecoveryCode(trx, user.tenant_id, user.id, recoveryHash);
      if (remaining === null) return false;
      await insertAuditEvents(trx, [{ tenantId: user.tenant_id, actorType: 'user', actorId: user.id, action: 'user.recovery_code_used', targetType: 'user', targetId: user.id, after: { remaining }, requestId: meta.requestId }]);
    }
    await updateUserRow(trx, user.tenant_id, user.id, { status: 'active', failed_login_count: 0, locked_until: null, last_login_at: new Date().toISOString(), ...(rehash ? { password_hash: rehash.hash } : {}) });
    if (rehash) {
      await insertAuditEvents(trx, [{ tenantId: user.tenant_id, actorType: 'user', actorId: user.id, action: 'user.password_rehashed', targetType: 'user', targetId: user.id, before: { algorithm: rehash.from }, after: { algorithm: 'roster' }, requestId: meta.requestId }]);
    }
    await insertSession(trx, { tenantId: user.tenant_id, userId: user.id, tokenHash: hashSecret(token), expiresAt, userAgent: meta.userAgent, address: meta.address });
    await insertAuditEvents(trx, [{ tenantId: user.tenant_id, actorType: 'user', actorId: user.id, action: 'user.logged_in', targetType: 'user', targetId: user.id, requestId: meta.requestId }]);
    return true;
  });
  if (!signedIn) {
    await countFailure();
    throw invalidCredentials();
  }
  return { status: 'signed_in' as const, token, expiresAt, userId: user.id };
}

/** The sign-in page's answer to a suspended person: 403, with the end (in UTC, to the minute) when there is one. */
function accountSuspended(until: string | null) {
  if (!until) return forbidden({ id: 'error.account_suspended' });
  const d = new Date(until).toISOString();
  return forbidden({ id: 'error.account_suspended_until', params: { until: `${d.slice(0, 10)} ${d.slice(11, 16)} UTC` } });
}

/** An imported hash replaced by Roster's own once the password is proven, audited as in the sign-in. */
async function replaceImportedHash(s: Services, user: { id: string; tenant_id: string; password_hash: string | null }, password: string, meta: Meta) {
  const hash = await hashPassword(password);
  await s.db.transaction().execute(async (trx) => {
    await updateUserRow(trx, user.tenant_id, user.id, { password_hash: hash });
    await insertAuditEvents(trx, [{ tenantId: user.tenant_id, actorType: 'user', actorId: user.id, action: 'user.password_rehashed', targetType: 'user', targetId: user.id, before: { algorithm: importedAlgorithm(user.password_hash!) }, after: { algorithm: 'roster' }, requestId: meta.requestId }]);
  });
}

/** The algorithm of an imported hash (stored form), for the audit of its replacement. */
function importedAlgorithm(stored: string): string {
  const kind = importedHashAlgorithmOf(stored.slice('imported$'.length));
  return 'algorithm' in kind ? kind.algorithm : 'unknown';
}

/** Minutes a sign-in's enrolment ticket (password proven, factor not yet) stays valid. */
const LOGIN_ENROLMENT_MINUTES = 15;

/**
 * A new TOTP secret, kept encrypted in a single-use `mfa_enrolment` ticket until a code confirms it: `via: 'login'`
 * for the ticket `POST /v1/auth/mfa/enrol` spends, none for the one `/mfa/confirm` spends.
 */
async function issueEnrolmentTicket(s: Services, user: { id: string; tenant_id: string; email: string }, o: { minutes: number; via?: 'login' }) {
  const secret = s.totp.newSecret();
  const ticket = generateSecret();
  await replaceOneTimeToken(s.db, {
    tenantId: user.tenant_id,
    userId: user.id,
    purpose: 'mfa_enrolment',
    tokenHash: hashSecret(ticket),
    expiresAt: new Date(Date.now() + o.minutes * 60_000).toISOString(),
    data: { secret: s.totp.encrypt(secret), ...(o.via ? { via: o.via } : {}) },
  });
  // The authenticator app lists the entry under the tenant's product name (white-label), never Roster's.
  const { branding } = await tenantProfile(s.db, user.tenant_id);
  const enrolment = await s.totp.enrolment(secret, user.email, productNameOf(branding));
  return { ticket, secret, otpauthUri: enrolment.otpauthUri, qrCodeSvg: enrolment.qrCodeSvg };
}

const EXPIRED_ENROLMENT = () => new ApiError('bad_request', 'This enrolment has expired. Sign in again.', [{ path: ['body', 'ticket'], message: 'Is invalid or has expired.' }]);

/**
 * `POST /v1/auth/mfa/enrol`: the ticket of a sign-in that needed enrolment, and the first code of the new factor.
 * The factor is enrolled, the user becomes active and signed in. The ticket is single-use (a wrong code keeps it).
 */
export async function enrolAtLogin(s: Services, input: { ticket: string; code: string }, meta: Meta) {
  const token = generateSecret('rss_');
  const expiresAt = new Date(Date.now() + SESSION_TTL_HOURS * 3600_000).toISOString();
  const recoveryCodes = newRecoveryCodes();
  const userId = await s.db.transaction().execute(async (trx) => {
    const used = await consumeOneTimeToken(trx, hashSecret(input.ticket), 'mfa_enrolment');
    const data = used?.data as { secret?: unknown; via?: unknown } | null | undefined;
    if (!used || typeof data?.secret !== 'string' || data.via !== 'login') throw EXPIRED_ENROLMENT();
    const user = await findEnrollingUser(trx, used.tenant_id, used.user_id);
    if (!user || user.status === 'deactivated' || user.mfa_state === 'enrolled' || !user.password_hash) throw EXPIRED_ENROLMENT();
    const step = s.totp.verify(s.totp.decrypt(data.secret), input.code, null);
    if (step === null) throw validationFailed([{ path: ['body', 'code'], message: 'The code is not valid. Check the time on your device and try the newest code.' }]);
    await updateUserRow(trx, used.tenant_id, used.user_id, {
      mfa_secret_encrypted: data.secret,
      mfa_state: 'enrolled',
      mfa_last_step: step,
      status: 'active',
      failed_login_count: 0,
      locked_until: null,
      invitation_expires_at: null,
      last_login_at: new Date().toISOString(),
    });
    await storeRecoveryCodes(trx, used.tenant_id, used.user_id, recoveryCodes);
    await insertSession(trx, { tenantId: used.tenant_id, userId: used.user_id, tokenHash: hashSecret(token), expiresAt, userAgent: meta.userAgent, address: meta.address });
    await insertAuditEvents(trx, [
      { tenantId: used.tenant_id, actorType: 'user', actorId: used.user_id, action: 'user.mfa_enrolled', targetType: 'user', targetId: used.user_id, before: { status: user.status }, after: { status: 'active', mfaState: 'enrolled' }, requestId: meta.requestId },
      { tenantId: used.tenant_id, actorType: 'user', actorId: used.user_id, action: 'user.logged_in', targetType: 'user', targetId: used.user_id, requestId: meta.requestId },
    ]);
    return used.user_id;
  });
  return { token, expiresAt, userId, recoveryCodes };
}

/** A new set of recovery codes replaces the user's old one: only their hashes are stored. */
export async function storeRecoveryCodes(trx: Db, tenantId: string, userId: string, codes: readonly string[]) {
  await replaceRecoveryCodes(trx, tenantId, userId, codes.map((c) => recoveryCodeHash(c)!));
}

/** `GET /v1/auth/recovery-codes`: how many unused recovery codes the person has. */
export async function recoveryCodeCount(s: Services, p: Principal) {
  return { remaining: await countRecoveryCodes(s.db, p.tenantId, p.id) };
}

/**
 * `POST /v1/auth/recovery-codes`: with fresh proof, a new set of recovery codes, shown this once; the old set dies.
 * Only for a person whose factor is set up (a code stands in for it).
 */
export async function regenerateRecoveryCodes(s: Services, p: Principal, proof: Proof, meta: Meta) {
  const user = await assertFreshProof(s, p, proof, { password: ['body', 'password'], code: ['body', 'code'] }, meta);
  if (user.mfa_state !== 'enrolled') throw new ApiError('conflict', 'Set up your second factor first; recovery codes stand in for it.');
  const recoveryCodes = newRecoveryCodes();
  await s.db.transaction().execute(async (trx) => {
    await storeRecoveryCodes(trx, p.tenantId, p.id, recoveryCodes);
    await insertAuditEvents(trx, [{ tenantId: p.tenantId, actorType: 'user', actorId: p.id, action: 'user.recovery_codes_generated', targetType: 'user', targetId: p.id, requestId: meta.requestId }]);
  });
  return { recoveryCodes };
}

/**
 * Fresh proof a credential change carries: a step-up token (header), or the current password and the factor — a
 * current code, or a security key's answer to a step-up challenge — or a recovery code in place of the factor.
 */
export interface Proof {
  stepUpToken?: string | undefined;
  password?: string | undefined;
  code?: string | undefined;
  webauthn?: { ticket: string; response: Record<string, unknown> } | undefined;
  recoveryCode?: string | undefined;
}
type ProofPaths = { password: (string | number)[]; code: (string | number)[]; webauthn?: (string | number)[]; recoveryCode?: (string | number)[] };

const STEP_UP_NEEDED = 'Confirm it is you: send your current password (and your current two-factor code or security key), or a step-up token in the Roster-Step-Up header.';

/**
 * Credential changes (password, second factor, email, keys, recovery codes) need fresh proof from the person, never a
 * session cookie or a widget token alone: a step-up token of this user made after the user's sessions last ended, or
 * the current password and — when a factor is enrolled — the factor as at sign-in: a current code (its time step
 * claimed like a sign-in's), or for a person who signs in with keys a key's answer to a step-up challenge (its
 * counter checked and recorded like a sign-in's); a recovery code stands in for either, once. A password alone never
 * proves a person whose factor is set up. Wrong proof counts as a failed sign-in. Returns the user as it was checked.
 */
export async function assertFreshProof(
  s: Services,
  p: Principal,
  proof: Proof,
  paths: ProofPaths = { password: ['body', 'currentPassword'], code: ['body', 'code'] },
  meta: Meta = {},
) {
  if (p.type !== 'user') throw forbidden('This is for people signed in, not for API clients.');
  const user = await findCredentialState(s.db, p.tenantId, p.id);
  if (!user) throw forbidden(STEP_UP_NEEDED);
  if (proof.stepUpToken !== undefined) {
    const claims = await verifyStepUpToken(s.config.signingKey, proof.stepUpToken);
    const validAfter = Math.floor(Date.parse(user.sessions_valid_after) / 1000);
    if (claims && claims.tid === p.tenantId && claims.sub === p.id && claims.iat >= validAfter) return user;
    throw forbidden('The step-up has expired or belongs to someone else. Confirm it is you again.');
  }
  if (proof.password === undefined) throw forbidden(STEP_UP_NEEDED);
  const { profile } = await tenantProfile(s.db, p.tenantId);
  if (!(await verifyPassword(proof.password, user.password_hash))) {
    await countFailedSignIn(s, user, profile, meta);
    throw validationFailed([{ path: paths.password, message: 'The current password is not correct.' }]);
  }
  if (user.mfa_state === 'enrolled' && proof.recoveryCode) {
    const hash = recoveryCodeHash(proof.recoveryCode);
    const remaining = hash === null ? null : await spendRecoveryCode(s.db, p.tenantId, p.id, hash);
    if (remaining === null) {
      await countFailedSignIn(s, user, profile, meta);
      throw validationFailed([{ path: paths.recoveryCode ?? ['body', 'recoveryCode'], message: 'This recovery code is not valid or has been used.' }]);
    }
    await insertAuditEvents(s.db, [{ tenantId: p.tenantId, actorType: 'user', actorId: p.id, action: 'user.recovery_code_used', targetType: 'user', targetId: p.id, after: { remaining }, requestId: meta.requestId }]);
    return user;
  }
  if (user.mfa_state === 'enrolled' && user.sign_in_method === 'webauthn') {
    const path = paths.webauthn ?? ['body', 'webauthn'];
    if (!proof.webauthn) throw validationFailed([{ path, message: 'Your security key is required: confirm with it (POST /v1/auth/step-up/webauthn gives its challenge).' }], 'Your security key is required.');
    if (!(await provenWithKey(s, p, proof.webauthn))) {
      await countFailedSignIn(s, user, profile, meta);
      throw validationFailed([{ path, message: 'The security key’s answer could not be verified. Ask for a new challenge and try again with your own key.' }], 'The security key’s answer could not be verified.');
    }
    return user;
  }
  if (user.mfa_state === 'enrolled' && user.sign_in_method === 'sms') {
    const proven = proof.code ? await spendSmsCode(s, { tenantId: p.tenantId, userId: p.id }, 'step_up', proof.code) : null;
    if (!proven) {
      if (proof.code) await countFailedSignIn(s, user, profile, meta);
      throw validationFailed([{ path: paths.code, message: proof.code ? WRONG_SMS_CODE : 'The code sent to your mobile is required: POST /v1/auth/step-up/sms sends one.' }]);
    }
    return user;
  }
  if (user.mfa_state === 'enrolled' && user.mfa_secret_encrypted) {
    const step = proof.code ? s.totp.verify(s.totp.decrypt(user.mfa_secret_encrypted), proof.code, user.mfa_last_step) : null;
    if (step === null || !(await claimMfaStep(s.db, p.tenantId, p.id, step))) {
      if (proof.code) await countFailedSignIn(s, user, profile, meta);
      throw validationFailed([{ path: paths.code, message: proof.code ? 'The code is not valid. Check the time on your device and try the newest code.' : 'Your current two-factor code is required.' }]);
    }
  }
  return user;
}

/**
 * `POST /v1/auth/step-up`: the current password and, when enrolled, the factor (a code, or a key's answer to a step-up
 * challenge; or a recovery code in its place) → a token proving the person for 5 minutes.
 */
export async function stepUp(s: Services, p: Principal, input: Omit<Proof, 'stepUpToken'> & { password: string }, meta: Meta) {
  await assertFreshProof(s, p, { password: input.password, code: input.code, webauthn: input.webauthn, recoveryCode: input.recoveryCode }, { password: ['body', 'password'], code: ['body', 'code'] }, meta);
  await insertAuditEvents(s.db, [{ tenantId: p.tenantId, actorType: 'user', actorId: p.id, action: 'user.stepped_up', targetType: 'user', targetId: p.id, requestId: meta.requestId }]);
  return signStepUpToken(s.config.signingKey, { tenantId: p.tenantId, userId: p.id });
}

/** Sign-out: ends the cookie's session; a "view as" session's end is audited with both identities. */
export async function logout(s: Services, sessionToken: string, meta: Meta = {}) {
  const row = await revokeSession(s.platformDb, hashSecret(sessionToken)); // by its hash, across tenants (platform path)
  if (row?.impersonator_id) await auditImpersonationsEndedBy(s.platformDb, [row.id], 'user', () => 'signed_out', meta);
}

/**
 * `POST /v1/auth/forgot-password`: always the same 202, whether the address exists or not, and whether or not the
 * account has had its `LINKS_PER_ACCOUNT_HOUR` links this hour.
 */
export async function forgotPassword(s: Services, input: { tenantId: string; email: string }) {
  const user = await findUserByEmail(s.db, input.tenantId, normalizeEmail(input.email));
  if (!user || (user.status !== 'active' && user.status !== 'locked_out')) return;
  const { profile } = await tenantProfile(s.db, input.tenantId);
  const token = generateSecret();
  const expiresAt = new Date(Date.now() + profile.passwordResetTtlHours * 3600_000).toISOString();
  await s.db.transaction().execute(async (trx) => {
    // Per account, whatever the source address: counted under the user's row lock, so parallel requests queue.
    await lockUserRow(trx, user.tenant_id, user.id);
    if ((await recentTokens(trx, user.tenant_id, user.id, 'password_reset', 3600)).count >= LINKS_PER_ACCOUNT_HOUR) return;
    await replaceOneTimeToken(trx, { tenantId: user.tenant_id, userId: user.id, purpose: 'password_reset', tokenHash: hashSecret(token), expiresAt });
    const params = { firstName: user.first_name, expiresAt, language: user.language };
    await enqueueLinkEmail(trx, s.config, { tenantId: user.tenant_id, userId: user.id, template: 'password_reset', to: user.email, params, token });
  });
}

/** `POST /v1/auth/reset-password`: token + new password; clears a lockout and ends all sessions; 2FA stays required. */
export async function resetPassword(s: Services, input: { token: string; password: string }, meta: Meta) {
  await s.db.transaction().execute(async (trx) => {
    const used = await consumeOneTimeToken(trx, hashSecret(input.token), 'password_reset');
    if (!used) throw new ApiError('bad_request', 'This link is invalid or has expired. Ask for a new one.', [{ path: ['body', 'token'], message: 'Is invalid or has expired.' }]);
    const { profile } = await tenantProfile(trx, used.tenant_id);
    const pw = passwordRules(profile).safeParse(input.password);
    if (!pw.success) throw validationFailed(toIssues(pw.error.issues, ['body', 'password']));
    await updateUserRow(
      trx,
      used.tenant_id,
      used.user_id,
      { password_hash: await hashPassword(input.password), status: 'active', failed_login_count: 0, locked_until: null, credential_reset_required: false },
      { unlessStatus: 'deactivated' },
    );
    await endAllSessions(trx, used.tenant_id, used.user_id);
    await killUserTokens(trx, used.tenant_id, used.user_id, CREDENTIAL_LINKS);
    await insertAuditEvents(trx, [{ tenantId: used.tenant_id, actorType: 'user', actorId: used.user_id, action: 'user.password_reset', targetType: 'user', targetId: used.user_id, requestId: meta.requestId }]);
  });
}

/** `POST /v1/auth/confirm-email`: applies an active user's pending email change; sessions end. */
export async function confirmEmailChange(s: Services, input: { token: string }, meta: Meta) {
  try {
    return await s.db.transaction().execute(async (trx) => {
      const used = await consumeOneTimeToken(trx, hashSecret(input.token), 'email_change');
      const email = (used?.data as { email?: unknown } | null)?.email;
      if (!used || typeof email !== 'string') {
        throw new ApiError('bad_request', 'This link is invalid or has expired.', [{ path: ['body', 'token'], message: 'Is invalid or has expired.' }]);
      }
      const { profile } = await tenantProfile(trx, used.tenant_id);
      await updateUserRow(trx, used.tenant_id, used.user_id, {
        email,
        email_normalized: normalizeEmail(email),
        pending_email: null,
        ...(profile.usernameMode === 'email' ? { username: email, username_normalized: normalizeEmail(email) } : {}),
      });
      await endAllSessions(trx, used.tenant_id, used.user_id);
      await killUserTokens(trx, used.tenant_id, used.user_id, CREDENTIAL_LINKS);
      await insertAuditEvents(trx, [{ tenantId: used.tenant_id, actorType: 'user', actorId: used.user_id, action: 'user.email_changed', targetType: 'user', targetId: used.user_id, after: { email }, requestId: meta.requestId }]);
      return { email };
    });
  } catch (e) {
    if ((e as { code?: string }).code === '23505') throw new ApiError('conflict', 'Another account already uses this address.');
    throw e;
  }
}

/**
 * `POST /v1/auth/change-password`: fresh proof (the current password and code, or a step-up token) shows it is the
 * person; every session ends and outstanding links die.
 */
export async function changePassword(s: Services, p: Principal, input: { currentPassword?: string | undefined; newPassword: string; code?: string | undefined }, stepUpToken: string | undefined, meta: Meta) {
  const { profile } = await tenantProfile(s.db, p.tenantId);
  const pw = passwordRules(profile).safeParse(input.newPassword);
  if (!pw.success) throw validationFailed(toIssues(pw.error.issues, ['body', 'newPassword']));
  await assertFreshProof(s, p, { stepUpToken, password: input.currentPassword, code: input.code }, undefined, meta);
  await s.db.transaction().execute(async (trx) => {
    await updateUserRow(trx, p.tenantId, p.id, { password_hash: await hashPassword(input.newPassword) });
    await endAllSessions(trx, p.tenantId, p.id);
    await killUserTokens(trx, p.tenantId, p.id, CREDENTIAL_LINKS);
    await insertAuditEvents(trx, [{ tenantId: p.tenantId, actorType: 'user', actorId: p.id, action: 'user.password_changed', targetType: 'user', targetId: p.id, requestId: meta.requestId }]);
  });
}

/**
 * `POST /v1/auth/mfa/enrolment`: with fresh proof (password and current code, or a step-up token), a new TOTP secret
 * for oneself, kept (encrypted) in a one-hour ticket until a code confirms it; the current one stays valid until
 * then. Only this proven start issues the ticket that `/mfa/confirm` spends.
 */
export async function startMfaReEnrolment(s: Services, p: Principal, proof: Proof, meta: Meta) {
  const user = await assertFreshProof(s, p, proof, { password: ['body', 'password'], code: ['body', 'code'] }, meta);
  // An authenticator app only for a person who signs in with one: a key holder adds keys instead.
  if (user.sign_in_method === 'sms') throw new ApiError('conflict', 'You sign in with text messages, not an authenticator app: a new mobile number is set up at your next sign-in.');
  if (user.sign_in_method !== 'totp') throw new ApiError('conflict', 'You sign in with a security key, not an authenticator app: add or remove keys instead.');
  return issueEnrolmentTicket(s, { id: user.id, tenant_id: p.tenantId, email: user.email }, { minutes: 60 });
}

/** `POST /v1/auth/mfa/confirm`: the new secret replaces the old one; every session ends (seed 000). */
export async function confirmMfaReEnrolment(s: Services, p: { tenantId: string; id: string }, input: { ticket: string; code: string }, meta: Meta) {
  await s.db.transaction().execute(async (trx) => {
    const used = await consumeOneTimeToken(trx, hashSecret(input.ticket), 'mfa_enrolment');
    const data = used?.data as { secret?: unknown; via?: unknown } | null | undefined;
    const encrypted = data?.secret;
    // A sign-in's enrolment ticket (no factor yet, password only) never replaces a factor here.
    if (!used || used.user_id !== p.id || typeof encrypted !== 'string' || data?.via === 'login') {
      throw new ApiError('bad_request', 'This enrolment has expired. Start again.', [{ path: ['body', 'ticket'], message: 'Is invalid or has expired.' }]);
    }
    const step = s.totp.verify(s.totp.decrypt(encrypted), input.code, null);
    if (step === null) throw validationFailed([{ path: ['body', 'code'], message: 'The code is not valid. Check the time on your device and try the newest code.' }]);
    await updateUserRow(trx, p.tenantId, p.id, { mfa_secret_encrypted: encrypted, mfa_state: 'enrolled', mfa_last_step: step });
    await endAllSessions(trx, p.tenantId, p.id);
    await killUserTokens(trx, p.tenantId, p.id, CREDENTIAL_LINKS);
    await insertAuditEvents(trx, [{ tenantId: p.tenantId, actorType: 'user', actorId: p.id, action: 'user.mfa_enrolled', targetType: 'user', targetId: p.id, after: { mfaState: 'enrolled' }, requestId: meta.requestId }]);
  });
}
