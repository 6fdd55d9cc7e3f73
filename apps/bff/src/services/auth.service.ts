import { sql } from 'kysely';
import { normalizeEmail, passwordRules, toIssues } from '@roster/contract';
import type { Services } from './context.js';
import { ApiError, validationFailed } from '../errors.js';
import { DUMMY_PASSWORD_HASH, hashPassword, verifyPassword } from '../auth/passwords.js';
import { generateSecret, hashSecret } from '../auth/secrets.js';
import { insertSession, revokeSession, endAllSessions } from '../db/repositories/sessions.repository.js';
import { consumeOneTimeToken, replaceOneTimeToken } from '../db/repositories/one-time-tokens.repository.js';
import { insertAuditEvents } from '../db/repositories/audit-events.repository.js';
import { updateUserRow } from '../db/repositories/users.repository.js';
import { enqueueEmail } from '../db/repositories/email-outbox.repository.js';
import { passwordResetEmail } from '../email/templates.js';
import { tenantProfile } from './tenant-profile.js';

export const SESSION_TTL_HOURS = 12;
type Meta = { requestId?: string | undefined };

/** One answer for an unknown login, a wrong password and a wrong code: nothing tells them apart. */
const invalidCredentials = () => new ApiError('unauthorized', 'The email, username, password or code is not correct.');

/**
 * `POST /v1/auth/login`. Users are found by email or username within the tenant. Every failure costs a password
 * hash, found or not. The profile's threshold of failures locks the account for its duration.
 */
export async function login(s: Services, input: { tenantId: string; login: string; password: string; code?: string | undefined }, meta: Meta) {
  const key = normalizeEmail(input.login);
  const user = await s.db
    .selectFrom('users')
    .select(['id', 'tenant_id', 'status', 'password_hash', 'mfa_state', 'mfa_secret_encrypted', 'mfa_last_step', 'failed_login_count', 'locked_until'])
    .where('tenant_id', '=', input.tenantId)
    .where((eb) => eb.or([eb('email_normalized', '=', key), eb('username_normalized', '=', key)]))
    .executeTakeFirst();
  const passwordOk = await verifyPassword(input.password, user?.password_hash ?? DUMMY_PASSWORD_HASH);
  if (!user) throw invalidCredentials();
  const { profile } = await tenantProfile(s.db, input.tenantId);
  const lockedNow = user.status === 'locked_out' && (!user.locked_until || Date.parse(user.locked_until) > Date.now());
  if (lockedNow) throw new ApiError('forbidden', 'This account is locked after too many failed sign-ins. Try again later or ask an administrator to unlock it.');
  let step: number | null = null;
  if (passwordOk && user.mfa_state === 'enrolled' && user.mfa_secret_encrypted) {
    step = input.code ? s.totp.verify(s.totp.decrypt(user.mfa_secret_encrypted), input.code, user.mfa_last_step) : null;
  }
  const mfaOk = user.mfa_state !== 'enrolled' ? !profile.mfaRequired : step !== null;
  if (!passwordOk || user.status === 'deactivated' || user.status === 'invited' || !mfaOk) {
    if (user.status === 'active' || user.status === 'locked_out') {
      const failures = user.failed_login_count + 1;
      const lock = profile.lockoutThreshold !== null && failures >= profile.lockoutThreshold;
      await updateUserRow(s.db, user.tenant_id, user.id, {
        failed_login_count: lock ? 0 : failures,
        ...(lock ? { status: 'locked_out' as const, locked_until: new Date(Date.now() + profile.lockoutMinutes * 60_000).toISOString() } : {}),
      });
      if (lock) await insertAuditEvents(s.db, [{ tenantId: user.tenant_id, actorType: 'system', actorId: null, action: 'user.locked_out', targetType: 'user', targetId: user.id, after: { lockedMinutes: profile.lockoutMinutes }, requestId: meta.requestId }]);
    }
    throw invalidCredentials();
  }
  const token = generateSecret('rss_');
  const expiresAt = new Date(Date.now() + SESSION_TTL_HOURS * 3600_000).toISOString();
  await s.db.transaction().execute(async (trx) => {
    await updateUserRow(trx, user.tenant_id, user.id, { status: 'active', failed_login_count: 0, locked_until: null, last_login_at: new Date().toISOString(), ...(step !== null ? { mfa_last_step: step } : {}) });
    await insertSession(trx, { tenantId: user.tenant_id, userId: user.id, tokenHash: hashSecret(token), expiresAt });
    await insertAuditEvents(trx, [{ tenantId: user.tenant_id, actorType: 'user', actorId: user.id, action: 'user.logged_in', targetType: 'user', targetId: user.id, requestId: meta.requestId }]);
  });
  return { token, expiresAt, userId: user.id };
}

export async function logout(s: Services, sessionToken: string) {
  await revokeSession(s.platformDb, hashSecret(sessionToken)); // by its hash, across tenants (platform path)
}

/** `POST /v1/auth/forgot-password`: always the same 202, whether the address exists or not. */
export async function forgotPassword(s: Services, input: { tenantId: string; email: string }) {
  const user = await s.db
    .selectFrom('users')
    .select(['id', 'tenant_id', 'email', 'first_name', 'language', 'status'])
    .where('tenant_id', '=', input.tenantId)
    .where('email_normalized', '=', normalizeEmail(input.email))
    .executeTakeFirst();
  if (!user || (user.status !== 'active' && user.status !== 'locked_out')) return;
  const { profile } = await tenantProfile(s.db, input.tenantId);
  const token = generateSecret();
  const expiresAt = new Date(Date.now() + profile.passwordResetTtlHours * 3600_000).toISOString();
  await s.db.transaction().execute(async (trx) => {
    await replaceOneTimeToken(trx, { tenantId: user.tenant_id, userId: user.id, purpose: 'password_reset', tokenHash: hashSecret(token), expiresAt });
    const mail = passwordResetEmail({ publicUrl: s.config.publicUrl, firstName: user.first_name, token, expiresAt, language: user.language });
    await enqueueEmail(trx, { tenantId: user.tenant_id, userId: user.id, template: 'password_reset', to: user.email, ...mail });
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
      await insertAuditEvents(trx, [{ tenantId: used.tenant_id, actorType: 'user', actorId: used.user_id, action: 'user.email_changed', targetType: 'user', targetId: used.user_id, after: { email }, requestId: meta.requestId }]);
      return { email };
    });
  } catch (e) {
    if ((e as { code?: string }).code === '23505') throw new ApiError('conflict', 'Another account already uses this address.');
    throw e;
  }
}

/** `POST /v1/auth/change-password`: the current password proves it is the person; every other session ends. */
export async function changePassword(s: Services, p: { tenantId: string; id: string }, input: { currentPassword: string; newPassword: string }, meta: Meta) {
  const user = await s.db.selectFrom('users').select(['id', 'password_hash']).where('tenant_id', '=', p.tenantId).where('id', '=', p.id).executeTakeFirst();
  if (!user || !(await verifyPassword(input.currentPassword, user.password_hash))) {
    throw validationFailed([{ path: ['body', 'currentPassword'], message: 'The current password is not correct.' }]);
  }
  const { profile } = await tenantProfile(s.db, p.tenantId);
  const pw = passwordRules(profile).safeParse(input.newPassword);
  if (!pw.success) throw validationFailed(toIssues(pw.error.issues, ['body', 'newPassword']));
  await s.db.transaction().execute(async (trx) => {
    await updateUserRow(trx, p.tenantId, user.id, { password_hash: await hashPassword(input.newPassword) });
    await endAllSessions(trx, p.tenantId, user.id);
    await insertAuditEvents(trx, [{ tenantId: p.tenantId, actorType: 'user', actorId: user.id, action: 'user.password_changed', targetType: 'user', targetId: user.id, requestId: meta.requestId }]);
  });
}

/**
 * `POST /v1/auth/mfa/enrolment`: a new TOTP secret for oneself, kept (encrypted) in a one-hour ticket until a code
 * confirms it; the current one stays valid until then.
 */
export async function startMfaReEnrolment(s: Services, p: { tenantId: string; id: string }) {
  const user = await s.db.selectFrom('users').select(['id', 'email']).where('tenant_id', '=', p.tenantId).where('id', '=', p.id).executeTakeFirstOrThrow();
  const secret = s.totp.newSecret();
  const ticket = generateSecret();
  await replaceOneTimeToken(s.db, {
    tenantId: p.tenantId,
    userId: user.id,
    purpose: 'mfa_enrolment',
    tokenHash: hashSecret(ticket),
    expiresAt: new Date(Date.now() + 3600_000).toISOString(),
    data: { secret: s.totp.encrypt(secret) },
  });
  const enrolment = await s.totp.enrolment(secret, user.email, 'Roster');
  return { ticket, otpauthUri: enrolment.otpauthUri, qrCodeSvg: enrolment.qrCodeSvg, secret };
}

/** `POST /v1/auth/mfa/confirm`: the new secret replaces the old one; every session ends (seed 000). */
export async function confirmMfaReEnrolment(s: Services, p: { tenantId: string; id: string }, input: { ticket: string; code: string }, meta: Meta) {
  await s.db.transaction().execute(async (trx) => {
    const used = await consumeOneTimeToken(trx, hashSecret(input.ticket), 'mfa_enrolment');
    const encrypted = (used?.data as { secret?: unknown } | null)?.secret;
    if (!used || used.user_id !== p.id || typeof encrypted !== 'string') {
      throw new ApiError('bad_request', 'This enrolment has expired. Start again.', [{ path: ['body', 'ticket'], message: 'Is invalid or has expired.' }]);
    }
    const step = s.totp.verify(s.totp.decrypt(encrypted), input.code, null);
    if (step === null) throw validationFailed([{ path: ['body', 'code'], message: 'The code is not valid. Check the time on your device and try the newest code.' }]);
    await updateUserRow(trx, p.tenantId, p.id, { mfa_secret_encrypted: encrypted, mfa_state: 'enrolled', mfa_last_step: step });
    await endAllSessions(trx, p.tenantId, p.id);
    await insertAuditEvents(trx, [{ tenantId: p.tenantId, actorType: 'user', actorId: p.id, action: 'user.mfa_enrolled', targetType: 'user', targetId: p.id, after: { mfaState: 'enrolled' }, requestId: meta.requestId }]);
  });
}
