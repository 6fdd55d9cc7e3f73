import { passwordRules, productNameOf, toIssues, type PolicyProfile, type User } from '@roster/contract';
import type { Db } from '../db/create-db.js';
import { actorOf, hoursFromNow, type Meta, type Services } from './context.js';
import type { Principal } from './principal.js';
import { assertMayManage } from './policy.js';
import { tenantProfile } from './tenant-profile.js';
import { getUser, visibleUser } from './users.service.js';
import { LINKS_PER_ACCOUNT_HOUR, storeRecoveryCodes } from './auth.service.js';
import { newRecoveryCodes } from '../auth/recovery-codes.js';
import { registrationChallenge } from './webauthn.service.js';
import { issueSmsEnrolment, mobileNumber } from './sms.service.js';
import { ApiError, conflict, validationFailed } from '../errors.js';
import { claimMfaStep, findLinkUser, lockUserRow, updateUserRow } from '../db/repositories/users.repository.js';
import { insertAuditEvents } from '../db/repositories/audit-events.repository.js';
import { consumeOneTimeToken, recentTokens, replaceOneTimeToken } from '../db/repositories/one-time-tokens.repository.js';
import { enqueueLinkEmail } from '../email/outbox.js';
import { assertDeliverable } from './email-suppressions.service.js';
import { generateSecret, hashSecret } from '../auth/secrets.js';
import { hashPassword } from '../auth/passwords.js';

/**
 * Invites a user: a new one-time token (the previous invitation link dies) valid for the profile's TTL, the
 * user's `invitation_expires_at`, and the invitation in the outbox. Callers pass their transaction, so the
 * link exists exactly when the change that needs it commits. Used by user creation, re-invitation on an email
 * change, resend, and tenant creation (the Root Admin).
 */
export async function sendInvitation(
  db: Db,
  s: Pick<Services, 'config'>,
  tenant: { name: string; profile: PolicyProfile },
  user: { id: string; tenant_id: string; email: string; first_name: string; language: string },
) {
  const token = generateSecret();
  const expiresAt = hoursFromNow(tenant.profile.invitationTtlHours);
  await replaceOneTimeToken(db, { tenantId: user.tenant_id, userId: user.id, purpose: 'invitation', tokenHash: hashSecret(token), expiresAt });
  await updateUserRow(db, user.tenant_id, user.id, { invitation_expires_at: expiresAt });
  const params = { tenantName: tenant.name, firstName: user.first_name, expiresAt, language: user.language };
  return enqueueLinkEmail(db, s.config, { tenantId: user.tenant_id, userId: user.id, template: 'invitation', to: user.email, params, token });
}

/** `POST /v1/users/:id/resend-invitation`: a new link; the old one dies. */
export async function resendInvitation(s: Services, p: Principal, id: string, meta: Meta): Promise<User> {
  const user = await visibleUser(s.db, p, id);
  assertMayManage(p, user.kind);
  if (user.status !== 'invited') throw conflict('The user has already registered; there is no invitation to resend.');
  await assertDeliverable(s.db, p.tenantId, user.email);
  const tenant = await tenantProfile(s.db, p.tenantId);
  await s.db.transaction().execute(async (trx) => {
    await sendInvitationAgain(trx, s, tenant, user);
    await insertAuditEvents(trx, [{ tenantId: p.tenantId, ...actorOf(p), action: 'user.invitation_resent', targetType: 'user', targetId: id, requestId: meta.requestId }]);
  });
  return getUser(s, p, id);
}

/**
 * A new invitation link to an invited user (the old one dies): resend, and an admin's password reset of someone who
 * never received their invitation. At most LINKS_PER_ACCOUNT_HOUR invitations per hour (creation included), counted
 * under the user's row lock; pass the transaction of the change.
 */
export async function sendInvitationAgain(
  trx: Db,
  s: Pick<Services, 'config'>,
  tenant: { name: string; profile: PolicyProfile },
  user: { id: string; tenant_id: string; email: string; first_name: string; language: string },
) {
  await lockUserRow(trx, user.tenant_id, user.id);
  const recent = await recentTokens(trx, user.tenant_id, user.id, 'invitation', 3600);
  if (recent.count >= LINKS_PER_ACCOUNT_HOUR) {
    const retryAfter = Math.max(1, Math.ceil((Date.parse(recent.oldest ?? new Date().toISOString()) + 3600_000 - Date.now()) / 1000));
    throw new ApiError('rate_limited', `This user was sent ${LINKS_PER_ACCOUNT_HOUR} invitations in the last hour; try again later.`, undefined, { 'Retry-After': String(retryAfter) });
  }
  await sendInvitation(trx, s, tenant, user);
}

const INVALID_LINK = () => new ApiError('bad_request', 'This link is invalid or has expired. Ask your administrator for a new one.', [{ path: ['body', 'token'], message: 'Is invalid or has expired.' }]);

/**
 * `POST /v1/invitations/accept`: uses the invitation up (exactly once, even under concurrent use) and sets the
 * password. Where the profile requires 2FA, the answer carries the TOTP enrolment and the user stays invited
 * until a code confirms it.
 */
export async function acceptInvitation(s: Services, body: { token: string; password: string; phone?: string | undefined }, meta: Meta) {
  const claimed = await s.db.transaction().execute(async (trx) => {
    const used = await consumeOneTimeToken(trx, hashSecret(body.token), 'invitation');
    if (!used) throw INVALID_LINK();
    const { profile, branding } = await tenantProfile(trx, used.tenant_id);
    const pw = passwordRules(profile).safeParse(body.password);
    if (!pw.success) throw validationFailed(toIssues(pw.error.issues, ['body', 'password']));
    const user = await findLinkUser(trx, used.tenant_id, used.user_id);
    // Text messages need a mobile number: the one given, or the one on file when it is one (422 naming body.phone).
    const smsTo = profile.mfaRequired && user.sign_in_method === 'sms' ? smsNumberAtAccept(body.phone, user.phone) : null;
    const passwordHash = await hashPassword(body.password);
    // A security key is registered next (its own ceremony); an authenticator app gets its secret now.
    const secret = profile.mfaRequired && user.sign_in_method === 'totp' ? s.totp.newSecret() : null;
    await updateUserRow(trx, user.tenant_id, user.id, {
      password_hash: passwordHash,
      status: profile.mfaRequired ? 'invited' : 'active',
      mfa_secret_encrypted: secret ? s.totp.encrypt(secret) : null,
      invitation_expires_at: null,
    });
    await insertAuditEvents(trx, [{ tenantId: user.tenant_id, actorType: 'user', actorId: user.id, action: 'user.invitation_accepted', targetType: 'user', targetId: user.id, requestId: meta.requestId }]);
    // The first code goes out with the change that asked for it (the outbox row commits with it, or not at all).
    const sms = smsTo ? await issueSmsEnrolment(trx, s, user, 'invitation', smsTo) : null;
    return { user, secret, sms, keyNeeded: profile.mfaRequired && user.sign_in_method === 'webauthn', tenantId: user.tenant_id, issuer: productNameOf(branding) };
  });
  if (claimed.sms) return { status: 'sms_enrolment_required' as const, mfa: null, sms: claimed.sms };
  if (claimed.keyNeeded) {
    return { status: 'webauthn_registration_required' as const, mfa: null, webauthn: await registrationChallenge(s, s.db, claimed.user, 'invitation') };
  }
  if (!claimed.secret) return { status: 'active' as const, mfa: null };
  // A short-lived enrolment ticket proves the password step when the code comes back.
  const ticket = generateSecret();
  await replaceOneTimeToken(s.db, { tenantId: claimed.tenantId, userId: claimed.user.id, purpose: 'mfa_enrolment', tokenHash: hashSecret(ticket), expiresAt: hoursFromNow(1) });
  const enrolment = await s.totp.enrolment(claimed.secret, claimed.user.email, claimed.issuer);
  return { status: 'mfa_enrolment_required' as const, mfa: { ticket, otpauthUri: enrolment.otpauthUri, qrCodeSvg: enrolment.qrCodeSvg, secret: claimed.secret } };
}

/** The number an invitation's text messages go to: the one given (a mobile number), else the one on file if mobile. */
function smsNumberAtAccept(given: string | undefined, onFile: string | null): string {
  if (given !== undefined && given.trim() !== '') return mobileNumber(given, ['body', 'phone']);
  try {
    return mobileNumber(onFile, ['body', 'phone']);
  } catch {
    return mobileNumber(null, ['body', 'phone']); // the number on file cannot receive texts: ask for one
  }
}

/** `POST /v1/invitations/confirm-mfa`: a valid TOTP code completes registration → active, with the recovery codes shown once. */
export async function confirmMfaEnrolment(s: Services, body: { ticket: string; code: string }, meta: Meta) {
  return s.db.transaction().execute(async (trx) => {
    const used = await consumeOneTimeToken(trx, hashSecret(body.ticket), 'mfa_enrolment');
    if (!used) throw INVALID_LINK();
    const user = await findLinkUser(trx, used.tenant_id, used.user_id);
    const step = user.mfa_secret_encrypted ? s.totp.verify(s.totp.decrypt(user.mfa_secret_encrypted), body.code, user.mfa_last_step) : null;
    // The step is claimed by the statement that checks it (the ticket is single-use too).
    if (step === null || !(await claimMfaStep(trx, user.tenant_id, user.id, step))) {
      throw validationFailed([{ path: ['body', 'code'], message: 'The code is not valid. Check the time on your device and try the newest code.' }]);
    }
    await updateUserRow(trx, user.tenant_id, user.id, { status: 'active', mfa_state: 'enrolled' });
    const recoveryCodes = newRecoveryCodes();
    await storeRecoveryCodes(trx, user.tenant_id, user.id, recoveryCodes);
    await insertAuditEvents(trx, [{ tenantId: user.tenant_id, actorType: 'user', actorId: user.id, action: 'user.mfa_enrolled', targetType: 'user', targetId: user.id, after: { status: 'active', mfaState: 'enrolled' }, requestId: meta.requestId }]);
    return { status: 'active' as const, recoveryCodes };
  });
}
