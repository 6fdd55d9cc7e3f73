import type { PolicyProfile, User } from '@roster/contract';
import type { Db } from '../db/create-db.js';
import { actorOf, hoursFromNow, type Meta, type Services } from './context.js';
import type { Principal } from './principal.js';
import { tenantProfile } from './tenant-profile.js';
import { getUser, visibleUser } from './users.service.js';
import { CREDENTIAL_LINKS } from './auth.service.js';
import { sendInvitationAgain } from './invitations.service.js';
import { conflict } from '../errors.js';
import { assertMayResetCredentials } from './policy.js';
import { clearSecondFactor } from '../db/repositories/second-factor.repository.js';
import { insertAuditEvents } from '../db/repositories/audit-events.repository.js';
import { killUserTokens, replaceOneTimeToken } from '../db/repositories/one-time-tokens.repository.js';
import { endAllSessions } from '../db/repositories/sessions.repository.js';
import { enqueueLinkEmail } from '../email/outbox.js';
import { assertDeliverable } from './email-suppressions.service.js';
import { generateSecret, hashSecret } from '../auth/secrets.js';

/** An admin resetting another user's credentials: 2FA and password (the person's own changes are in auth.service). */

/** A password-reset link to the user (the previous one dies); pass the transaction of the change that needs it. */
export async function sendPasswordReset(db: Db, s: Services, profile: PolicyProfile, user: { id: string; tenant_id: string; email: string; first_name: string; language: string }) {
  const token = generateSecret();
  const expiresAt = hoursFromNow(profile.passwordResetTtlHours);
  await replaceOneTimeToken(db, { tenantId: user.tenant_id, userId: user.id, purpose: 'password_reset', tokenHash: hashSecret(token), expiresAt });
  const params = { firstName: user.first_name, expiresAt, language: user.language };
  await enqueueLinkEmail(db, s.config, { tenantId: user.tenant_id, userId: user.id, template: 'password_reset', to: user.email, params, token });
}

/** `POST /v1/users/:id/reset-mfa`: an enrolled user's 2FA becomes Not Enrolled; sessions end; reset and email-change links die. */
export async function resetMfa(s: Services, p: Principal, id: string, meta: Meta): Promise<User> {
  const user = await visibleUser(s.db, p, id);
  assertMayResetCredentials(p, user);
  // Seed 004: "After a user signs up for and enrolls with 2FA … their 2FA Reset option will be available" — not before.
  if (user.mfa_state !== 'enrolled') throw conflict('This user has not set up two-factor authentication; there is nothing to reset.');
  await s.db.transaction().execute(async (trx) => {
    await clearSecondFactor(trx, p.tenantId, id);
    await endAllSessions(trx, p.tenantId, id);
    await killUserTokens(trx, p.tenantId, id, CREDENTIAL_LINKS);
    await insertAuditEvents(trx, [{ tenantId: p.tenantId, ...actorOf(p), action: 'user.mfa_reset', targetType: 'user', targetId: id, before: { mfaState: user.mfa_state }, after: { mfaState: 'not_enrolled' }, requestId: meta.requestId }]);
  });
  return getUser(s, p, id);
}

/**
 * `POST /v1/users/:id/reset-password`: the admin sends a link (never chooses the password); sessions end. A user
 * still invited — whose invitation never arrived (seed 003: "If the new technician does not receive the email …
 * you can reset their password to allow them to log in") — gets a fresh invitation link instead: it sets their
 * password (and enrols 2FA where the profile requires it) like the first, and the old link dies.
 */
export async function adminResetPassword(s: Services, p: Principal, id: string, meta: Meta): Promise<User> {
  const user = await visibleUser(s.db, p, id);
  assertMayResetCredentials(p, user);
  if (user.status === 'deactivated') throw conflict('Activate the user first.');
  await assertDeliverable(s.db, p.tenantId, user.email);
  const tenant = await tenantProfile(s.db, p.tenantId);
  if (user.status === 'invited') {
    await s.db.transaction().execute(async (trx) => {
      await sendInvitationAgain(trx, s, tenant, user);
      await insertAuditEvents(trx, [{ tenantId: p.tenantId, ...actorOf(p), action: 'user.password_reset_sent', targetType: 'user', targetId: id, after: { link: 'invitation' }, requestId: meta.requestId }]);
    });
    return getUser(s, p, id);
  }
  await s.db.transaction().execute(async (trx) => {
    await sendPasswordReset(trx, s, tenant.profile, user);
    await endAllSessions(trx, p.tenantId, id);
    await insertAuditEvents(trx, [{ tenantId: p.tenantId, ...actorOf(p), action: 'user.password_reset_sent', targetType: 'user', targetId: id, requestId: meta.requestId }]);
  });
  return getUser(s, p, id);
}
