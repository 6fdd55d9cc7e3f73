import { sql } from 'kysely';
import type * as z from 'zod/mini';
import {
  type CloneUserRequestSchema,
  defaultNotificationPreferences,
  createUserSchema,
  normalizeEmail,
  passwordRules,
  patchUserSchema,
  toIssues,
  type PolicyProfile,
  type User,
} from '@roster/contract';
import { phoneMetadata } from '@roster/contract/phone-metadata';
import type { Db } from '../db/create-db.js';
import type { Services } from './context.js';
import type { Principal } from './principal.js';
import { canSeeOrganization } from './principal.js';
import { tenantProfile } from './tenant-profile.js';
import { getUser, readUser } from './users.service.js';
import { ApiError, conflict, forbidden, notFound, validationFailed } from '../errors.js';
import { claimMfaStep, countSeatedTechnicians, findUserById, insertUser, lockUserRow, rolesOfUsers, updateUserRow, type UserRecord } from '../db/repositories/users.repository.js';
import { findOrganization } from '../db/repositories/organizations.repository.js';
import { assignRoles, listRoles } from '../db/repositories/roles.repository.js';
import { insertAuditEvents } from '../db/repositories/audit-events.repository.js';
import { consumeOneTimeToken, killUserTokens, recentTokens, replaceOneTimeToken } from '../db/repositories/one-time-tokens.repository.js';
import { endAllSessions } from '../db/repositories/sessions.repository.js';
import { activeAdminCount, isAdmin, lockTenant, userStatus } from '../db/repositories/admins.repository.js';
import { enqueueLinkEmail } from '../email/outbox.js';
import { sendInvitation } from './invitations.js';
import { generateSecret, hashSecret } from '../auth/secrets.js';
import { hashPassword } from '../auth/passwords.js';
import { assertFreshProof, CREDENTIAL_LINKS, LINKS_PER_ACCOUNT_HOUR } from './auth.service.js';

type Meta = { requestId?: string | undefined };
const hours = (h: number) => new Date(Date.now() + h * 3600_000).toISOString();

export function actorOf(p: Principal) {
  return { actorType: p.type, actorId: p.id } as const;
}

/** Loads a user the principal may see, or 404 (also for another tenant's or organization's user). */
async function visibleUser(db: Db, p: Principal, id: string): Promise<UserRecord> {
  const self = p.type === 'user' && p.id === id;
  const row = await findUserById(db, p.tenantId, id, self ? 'all' : p.organizationScope);
  if (!row) throw notFound('User');
  return row;
}

/** Integrations holding only `end_users.write` manage end users, never technicians (seed 002). */
export function assertMayManage(p: Principal, kind: 'technician' | 'end_user') {
  if (!p.permissions.has('users.write') && !(kind === 'end_user' && p.permissions.has('end_users.write'))) {
    throw forbidden(kind === 'technician' ? 'Technicians cannot be managed with this access.' : 'This needs the users.write permission.');
  }
}

async function sendPasswordReset(db: Db, s: Services, profile: PolicyProfile, user: { id: string; tenant_id: string; email: string; first_name: string; language: string }) {
  const token = generateSecret();
  const expiresAt = hours(profile.passwordResetTtlHours);
  await replaceOneTimeToken(db, { tenantId: user.tenant_id, userId: user.id, purpose: 'password_reset', tokenHash: hashSecret(token), expiresAt });
  const params = { publicUrl: s.config.publicUrl, firstName: user.first_name, expiresAt, language: user.language };
  await enqueueLinkEmail(db, s.config.signingKey, { tenantId: user.tenant_id, userId: user.id, template: 'password_reset', to: user.email, params, token });
}

function uniqueViolation(e: unknown): string | null {
  const err = e as { code?: string; constraint?: string; message?: string };
  if (err?.code !== '23505') return null;
  return err.constraint ?? err.message ?? 'unique';
}

/** `POST /v1/users`: validated by the tenant's profile; sends the invitation in the same transaction. */
export async function createUser(s: Services, p: Principal, body: unknown, meta: Meta): Promise<User> {
  const tenant = await tenantProfile(s.db, p.tenantId);
  const parsed = createUserSchema(tenant.profile, phoneMetadata).safeParse(body);
  if (!parsed.success) throw validationFailed(toIssues(parsed.error.issues, ['body']));
  const input = parsed.data;
  assertMayManage(p, input.kind);
  const organizationId = input.kind === 'end_user' ? input.organizationId ?? null : null;
  if (organizationId) {
    const org = await findOrganization(s.db, p.tenantId, organizationId);
    if (!org || !canSeeOrganization(p, org.id)) {
      throw validationFailed([{ path: ['body', 'organizationId'], message: 'No such organization.' }]);
    }
  } else if (p.organizationScope !== 'all') {
    throw forbidden('You can create users of your own organization only.');
  }
  const roles = await listRoles(s.db, p.tenantId);
  let roleIds = input.roleIds ?? [];
  for (const [i, id] of roleIds.entries()) {
    const role = roles.find((r) => r.id === id);
    if (!role) throw validationFailed([{ path: ['body', 'roleIds', i], message: 'No such role.' }]);
    if (role.key === 'root_admin') throw validationFailed([{ path: ['body', 'roleIds', i], message: 'The Root Admin role is given only by promotion.' }]);
    const missing = role.permissions.filter((perm) => !p.permissions.has(perm as never));
    if (missing.length > 0) {
      throw validationFailed([{ path: ['body', 'roleIds', i], message: `You cannot grant ${role.name}: it has permissions you do not hold (${missing.join(', ')}).` }]);
    }
  }
  if (input.kind === 'technician' && roleIds.length === 0 && tenant.profile.defaultTechnicianRole) {
    const fallback = roles.find((r) => r.key === tenant.profile.defaultTechnicianRole);
    if (fallback) roleIds = [fallback.id];
  }
  const username =
    tenant.profile.usernameMode === 'none' ? null : tenant.profile.usernameMode === 'email' ? input.email : input.username ?? input.email;

  try {
    const created = await s.db.transaction().execute(async (trx) => {
      const seatAdded = input.kind === 'technician' ? await claimSeat(trx, p, tenant.profile.technicianSeatCap, input.confirmAddSeat) : false;
      const row = await insertUser(trx, {
        tenant_id: p.tenantId,
        kind: input.kind,
        organization_id: organizationId,
        first_name: input.firstName,
        last_name: input.lastName,
        email: input.email,
        email_normalized: normalizeEmail(input.email),
        username,
        username_normalized: username ? normalizeEmail(username) : null,
        phone: input.phone ?? null,
        language: input.language ?? 'en',
        idle_warning_minutes: input.idleWarningMinutes ?? 60,
        show_getting_started: input.showGettingStarted ?? true,
        ticket_page_accessibility: input.ticketPageAccessibility ?? false,
        notification_preferences: JSON.stringify(input.notificationPreferences ?? defaultNotificationPreferences),
        availability: input.kind === 'technician' ? input.availability ?? 'available' : null,
        status: 'invited',
        password_hash: null,
        invitation_expires_at: null,
        last_login_at: null,
        locked_until: null,
      });
      await assignRoles(trx, p.tenantId, roleIds.map((roleId) => ({ userId: row.id, roleId })));
      await sendInvitation(trx, s, tenant, row);
      const user = await readUser(trx, p.tenantId, row.id);
      await insertAuditEvents(trx, [
        { tenantId: p.tenantId, ...actorOf(p), action: 'user.created', targetType: 'user', targetId: row.id, after: user, requestId: meta.requestId },
        ...(seatAdded ? [{ tenantId: p.tenantId, ...actorOf(p), action: 'seat.added', targetType: 'user', targetId: row.id, after: { seats: 'one added for this technician' }, requestId: meta.requestId }] : []),
      ]);
      return user;
    });
    return created;
  } catch (e) {
    // The organization was deleted between the check above and the insert (DELETE /v1/organizations/:id).
    if ((e as { code?: string }).code === '23503' && String((e as { constraint?: string }).constraint).includes('organization')) {
      throw validationFailed([{ path: ['body', 'organizationId'], message: 'No such organization.' }]);
    }
    const constraint = uniqueViolation(e);
    if (constraint?.includes('username')) throw conflict('A user with this username already exists.', [{ path: ['body', 'username'], message: 'Is already taken in this tenant.' }]);
    if (constraint) throw conflict('A user with this email already exists.', [{ path: ['body', 'email'], message: 'Is already used by a technician or an end user of this tenant.' }]);
    throw e;
  }
}

const settingColumns = {
  firstName: 'first_name',
  lastName: 'last_name',
  language: 'language',
  idleWarningMinutes: 'idle_warning_minutes',
  showGettingStarted: 'show_getting_started',
  ticketPageAccessibility: 'ticket_page_accessibility',
  availability: 'availability',
  phone: 'phone',
  notificationPreferences: 'notification_preferences',
} as const;

/**
 * `PATCH /v1/users/:id`. An email change of an invited user re-invites the new address (the old link dies);
 * of an active user it sends a confirmation link to the new address and applies only when confirmed. Phone
 * and email changes end the user's sessions.
 */
export async function patchUser(s: Services, p: Principal, id: string, body: unknown, meta: Meta, proof: { stepUpToken?: string | undefined } = {}): Promise<User> {
  const tenant = await tenantProfile(s.db, p.tenantId);
  const parsed = patchUserSchema(tenant.profile, phoneMetadata).safeParse(body);
  if (!parsed.success) throw validationFailed(toIssues(parsed.error.issues, ['body']));
  const input = parsed.data;
  const self = p.type === 'user' && p.id === id;
  const before = await visibleUser(s.db, p, id);
  // One's own profile (seed 004) and availability (seed 003) with self.edit; others need users.write.
  if (self && !p.permissions.has('self.edit')) throw forbidden('Editing your own profile needs the self.edit permission.');
  if (!self) assertMayManage(p, before.kind);
  // One's own email is a credential (sign-in, reset links): it changes only with fresh proof, a step-up.
  if (self && input.email !== undefined && normalizeEmail(input.email) !== normalizeEmail(before.email)) {
    await assertFreshProof(s, p, { stepUpToken: proof.stepUpToken }, undefined, meta);
  }
  const orgIds = input.notificationPreferences?.organizationIds ?? [];
  if (orgIds.length > 0) {
    const known = new Set((await s.db.selectFrom('organizations').select('id').where('tenant_id', '=', p.tenantId).where('id', 'in', orgIds).execute()).map((o) => o.id));
    const unknown = orgIds.findIndex((o) => !known.has(o));
    if (unknown >= 0) throw validationFailed([{ path: ['body', 'notificationPreferences', 'organizationIds', unknown], message: 'No such organization.' }]);
  }
  if (input.availability !== undefined && before.kind !== 'technician') {
    throw validationFailed([{ path: ['body', 'availability'], message: 'Availability applies to technicians only.' }]);
  }
  try {
    await s.db.transaction().execute(async (trx) => {
      const beforeView = await readUser(trx, p.tenantId, id);
      const set: Record<string, unknown> = {};
      for (const [field, column] of Object.entries(settingColumns)) {
        const value = (input as Record<string, unknown>)[field];
        if (value !== undefined) set[column] = column === 'notification_preferences' ? JSON.stringify(value) : value;
      }
      const phoneChanged = input.phone !== undefined && input.phone !== before.phone;
      let emailAction: 'reinvited' | 'confirmation_sent' | null = null;
      if (input.email !== undefined && normalizeEmail(input.email) !== normalizeEmail(before.email)) {
        const taken = await trx.selectFrom('users').select('id').where('tenant_id', '=', p.tenantId).where('email_normalized', '=', normalizeEmail(input.email)).executeTakeFirst();
        if (taken) throw conflict('A user with this email already exists.', [{ path: ['body', 'email'], message: 'Is already used by a technician or an end user of this tenant.' }]);
        if (before.status === 'invited') {
          set.email = input.email;
          set.email_normalized = normalizeEmail(input.email);
          if (tenant.profile.usernameMode === 'email') {
            set.username = input.email;
            set.username_normalized = normalizeEmail(input.email);
          }
          emailAction = 'reinvited';
        } else {
          set.pending_email = input.email;
          emailAction = 'confirmation_sent';
        }
      } else if (input.email !== undefined && input.email !== before.email) {
        set.email = input.email; // only the letter case changed
      }
      if (Object.keys(set).length > 0) {
        await updateUserRow(trx, p.tenantId, id, set);
      }
      const after = (await findUserById(trx, p.tenantId, id, 'all'))!;
      if (emailAction === 'reinvited') await sendInvitation(trx, s, tenant, after);
      if (emailAction === 'confirmation_sent') {
        const token = generateSecret();
        const expiresAt = hours(tenant.profile.passwordResetTtlHours);
        await replaceOneTimeToken(trx, { tenantId: p.tenantId, userId: id, purpose: 'email_change', tokenHash: hashSecret(token), expiresAt, data: { email: input.email } });
        const params = { publicUrl: s.config.publicUrl, firstName: after.first_name, expiresAt, newEmail: input.email!, language: after.language };
        await enqueueLinkEmail(trx, s.config.signingKey, { tenantId: p.tenantId, userId: id, template: 'email_change', to: input.email!, params, token });
      }
      if (phoneChanged) await endAllSessions(trx, p.tenantId, id);
      await insertAuditEvents(trx, [
        { tenantId: p.tenantId, ...actorOf(p), action: 'user.updated', targetType: 'user', targetId: id, before: beforeView, after: { ...(await readUser(trx, p.tenantId, id)), ...(emailAction ? { emailChange: emailAction } : {}) }, requestId: meta.requestId },
      ]);
    });
  } catch (e) {
    if (uniqueViolation(e)) throw conflict('A user with this email already exists.', [{ path: ['body', 'email'], message: 'Is already used by a technician or an end user of this tenant.' }]);
    throw e;
  }
  return getUser(s, { ...p, organizationScope: 'all' }, id);
}

/** `POST /v1/users/:id/resend-invitation`: a new link; the old one dies. */
export async function resendInvitation(s: Services, p: Principal, id: string, meta: Meta): Promise<User> {
  const user = await visibleUser(s.db, p, id);
  assertMayManage(p, user.kind);
  if (user.status !== 'invited') throw conflict('The user has already registered; there is no invitation to resend.');
  const tenant = await tenantProfile(s.db, p.tenantId);
  await s.db.transaction().execute(async (trx) => {
    // At most LINKS_PER_ACCOUNT_HOUR invitations per hour (creation included), counted under the user's row lock.
    await lockUserRow(trx, p.tenantId, id);
    const recent = await recentTokens(trx, p.tenantId, id, 'invitation', 3600);
    if (recent.count >= LINKS_PER_ACCOUNT_HOUR) {
      const retryAfter = Math.max(1, Math.ceil((Date.parse(recent.oldest ?? new Date().toISOString()) + 3600_000 - Date.now()) / 1000));
      throw new ApiError('rate_limited', `This user was sent ${LINKS_PER_ACCOUNT_HOUR} invitations in the last hour; try again later.`, undefined, { 'Retry-After': String(retryAfter) });
    }
    await sendInvitation(trx, s, tenant, user);
    await insertAuditEvents(trx, [{ tenantId: p.tenantId, ...actorOf(p), action: 'user.invitation_resent', targetType: 'user', targetId: id, requestId: meta.requestId }]);
  });
  return getUser(s, p, id);
}

/**
 * Seats (seat cap of the profile): a technician past the cap needs the request to confirm adding a seat, which
 * the caller records as `seat.added` for the host's billing. Runs under the tenant lock so two creations cannot
 * both take the last seat. Returns whether a seat was added.
 */
async function claimSeat(trx: Db, p: Principal, cap: number | null, confirmAddSeat: boolean | undefined): Promise<boolean> {
  if (cap === null) return false;
  await lockTenant(trx, p.tenantId);
  if ((await countSeatedTechnicians(trx, p.tenantId)) < cap) return false;
  if (!confirmAddSeat) {
    throw new ApiError('seat_limit_reached', `All ${cap} technician seats are taken. Confirm adding a seat (confirmAddSeat: true) to go on.`, [
      { path: ['body', 'confirmAddSeat'], message: 'Confirm adding a seat to your subscription.' },
    ]);
  }
  return true;
}

/** `POST /v1/users/:id/deactivate`: not yourself, never the Root Admin, never the last active admin. */
export async function deactivateUser(s: Services, p: Principal, id: string, meta: Meta): Promise<User> {
  const user = await visibleUser(s.db, p, id);
  assertMayManage(p, user.kind);
  if (p.type === 'user' && p.id === id) throw forbidden('You cannot deactivate yourself.');
  if (user.is_root_admin) throw forbidden('The Root Admin cannot be deactivated.');
  if (user.status === 'deactivated') return getUser(s, p, id);
  const tenant = await tenantProfile(s.db, p.tenantId);
  await s.db.transaction().execute(async (trx) => {
    await lockTenant(trx, p.tenantId);
    // Re-checked under the lock: an admin deactivated by a concurrent request no longer acts.
    if (p.type === 'user' && (await userStatus(trx, p.tenantId, p.id)) !== 'active') throw forbidden('Your account is no longer active.');
    if ((await isAdmin(trx, p.tenantId, id)) && (await activeAdminCount(trx, p.tenantId, id)) === 0) {
      throw conflict('This is the last active admin of the tenant; make someone else an admin first.');
    }
    await updateUserRow(trx, p.tenantId, id, { status: 'deactivated' });
    await endAllSessions(trx, p.tenantId, id);
    await killUserTokens(trx, p.tenantId, id, ['invitation', 'password_reset', 'email_change']);
    await insertAuditEvents(trx, [
      {
        tenantId: p.tenantId, ...actorOf(p), action: 'user.deactivated', targetType: 'user', targetId: id,
        before: { status: user.status },
        after: { status: 'deactivated', kind: user.kind, unassignOpenTickets: tenant.profile.deactivationUnassignsTickets && user.kind === 'technician' },
        requestId: meta.requestId,
      },
    ]);
  });
  return getUser(s, p, id);
}

/** `POST /v1/users/:id/activate`: seat rules; where the profile says so, a new password and 2FA are required. */
export async function activateUser(s: Services, p: Principal, id: string, body: { confirmAddSeat?: boolean | undefined }, meta: Meta): Promise<User> {
  const user = await visibleUser(s.db, p, id);
  assertMayManage(p, user.kind);
  if (p.type === 'user' && p.id === id) throw forbidden('You cannot activate yourself.');
  if (user.status !== 'deactivated') throw conflict('Only a deactivated user can be activated.');
  const tenant = await tenantProfile(s.db, p.tenantId);
  await s.db.transaction().execute(async (trx) => {
    await lockTenant(trx, p.tenantId);
    const seatAdded = user.kind === 'technician' ? await claimSeat(trx, p, tenant.profile.technicianSeatCap, body.confirmAddSeat) : false;
    const reset = tenant.profile.reactivationRequiresCredentialReset;
    await updateUserRow(trx, p.tenantId, id, {
      status: 'active',
      failed_login_count: 0,
      locked_until: null,
      ...(reset ? { password_hash: null, mfa_state: 'not_enrolled' as const, mfa_secret_encrypted: null, mfa_last_step: null, credential_reset_required: true } : {}),
    });
    if (reset) await sendPasswordReset(trx, s, tenant.profile, user);
    const events = [{ tenantId: p.tenantId, ...actorOf(p), action: 'user.activated', targetType: 'user', targetId: id, before: { status: 'deactivated' }, after: { status: 'active', credentialResetRequired: reset }, requestId: meta.requestId }];
    if (seatAdded) events.push({ tenantId: p.tenantId, ...actorOf(p), action: 'seat.added', targetType: 'user', targetId: id, before: { status: 'deactivated' }, after: { status: 'active', credentialResetRequired: reset }, requestId: meta.requestId });
    await insertAuditEvents(trx, events);
  });
  return getUser(s, p, id);
}

/** `DELETE /v1/users/:id` where the profile allows it; never the Root Admin, never yourself. */
export async function deleteUser(s: Services, p: Principal, id: string, meta: Meta): Promise<void> {
  const user = await visibleUser(s.db, p, id);
  if (!p.permissions.has('users.delete') && !(user.kind === 'end_user' && p.permissions.has('end_users.write'))) {
    throw forbidden('This needs the users.delete permission.');
  }
  const tenant = await tenantProfile(s.db, p.tenantId);
  if (tenant.profile.deletion === 'never') throw forbidden('Users of this tenant cannot be deleted; deactivate them instead.');
  if (user.is_root_admin) throw forbidden('The Root Admin cannot be deleted.');
  if (p.type === 'user' && p.id === id) throw forbidden('You cannot delete yourself.');
  await s.db.transaction().execute(async (trx) => {
    await lockTenant(trx, p.tenantId);
    if (user.status === 'active' && (await activeAdminCount(trx, p.tenantId, id)) === 0) {
      throw conflict('This is the last active admin of the tenant.');
    }
    const before = await readUser(trx, p.tenantId, id);
    await trx.deleteFrom('users').where('id', '=', id).where('tenant_id', '=', p.tenantId).execute();
    await insertAuditEvents(trx, [{ tenantId: p.tenantId, ...actorOf(p), action: 'user.deleted', targetType: 'user', targetId: id, before, requestId: meta.requestId }]);
  });
}

/** `POST /v1/users/:id/unlock`. */
export async function unlockUser(s: Services, p: Principal, id: string, meta: Meta): Promise<User> {
  const user = await visibleUser(s.db, p, id);
  if (user.status !== 'locked_out') throw conflict('The user is not locked out.');
  await s.db.transaction().execute(async (trx) => {
    await updateUserRow(trx, p.tenantId, id, { status: 'active', failed_login_count: 0, locked_until: null });
    await insertAuditEvents(trx, [{ tenantId: p.tenantId, ...actorOf(p), action: 'user.unlocked', targetType: 'user', targetId: id, before: { status: 'locked_out' }, after: { status: 'active' }, requestId: meta.requestId }]);
  });
  return getUser(s, p, id);
}

/** The Root Admin's password and 2FA are reset by the Root Admin only. */
function assertMayResetCredentials(p: Principal, user: UserRecord) {
  if (user.is_root_admin && !(p.type === 'user' && p.id === user.id)) throw forbidden("Only the Root Admin resets the Root Admin's password or 2FA.");
}

/** `POST /v1/users/:id/reset-mfa`: 2FA becomes Not Enrolled; sessions end; reset and email-change links die. */
export async function resetMfa(s: Services, p: Principal, id: string, meta: Meta): Promise<User> {
  const user = await visibleUser(s.db, p, id);
  assertMayResetCredentials(p, user);
  await s.db.transaction().execute(async (trx) => {
    await updateUserRow(trx, p.tenantId, id, { mfa_state: 'not_enrolled', mfa_secret_encrypted: null, mfa_last_step: null });
    await endAllSessions(trx, p.tenantId, id);
    await killUserTokens(trx, p.tenantId, id, CREDENTIAL_LINKS);
    await insertAuditEvents(trx, [{ tenantId: p.tenantId, ...actorOf(p), action: 'user.mfa_reset', targetType: 'user', targetId: id, before: { mfaState: user.mfa_state }, after: { mfaState: 'not_enrolled' }, requestId: meta.requestId }]);
  });
  return getUser(s, p, id);
}

/** `POST /v1/users/:id/reset-password`: the admin sends a link (never chooses the password); sessions end. */
export async function adminResetPassword(s: Services, p: Principal, id: string, meta: Meta): Promise<User> {
  const user = await visibleUser(s.db, p, id);
  assertMayResetCredentials(p, user);
  if (user.status === 'deactivated') throw conflict('Activate the user first.');
  if (user.status === 'invited') throw conflict('The user has not registered yet; resend the invitation instead.');
  const tenant = await tenantProfile(s.db, p.tenantId);
  await s.db.transaction().execute(async (trx) => {
    await sendPasswordReset(trx, s, tenant.profile, user);
    await endAllSessions(trx, p.tenantId, id);
    await insertAuditEvents(trx, [{ tenantId: p.tenantId, ...actorOf(p), action: 'user.password_reset_sent', targetType: 'user', targetId: id, requestId: meta.requestId }]);
  });
  return getUser(s, p, id);
}

const INVALID_LINK = () => new ApiError('bad_request', 'This link is invalid or has expired. Ask your administrator for a new one.', [{ path: ['body', 'token'], message: 'Is invalid or has expired.' }]);

/**
 * `POST /v1/invitations/accept`: uses the invitation up (exactly once, even under concurrent use) and sets the
 * password. Where the profile requires 2FA, the answer carries the TOTP enrolment and the user stays invited
 * until a code confirms it.
 */
export async function acceptInvitation(s: Services, body: { token: string; password: string }, meta: Meta) {
  const claimed = await s.db.transaction().execute(async (trx) => {
    const used = await consumeOneTimeToken(trx, hashSecret(body.token), 'invitation');
    if (!used) throw INVALID_LINK();
    const { profile } = await tenantProfile(trx, used.tenant_id);
    const pw = passwordRules(profile).safeParse(body.password);
    if (!pw.success) throw validationFailed(toIssues(pw.error.issues, ['body', 'password']));
    const user = await trx.selectFrom('users').select(['id', 'tenant_id', 'email', 'status']).where('id', '=', used.user_id).executeTakeFirstOrThrow();
    const passwordHash = await hashPassword(body.password);
    const secret = profile.mfaRequired ? s.totp.newSecret() : null;
    await updateUserRow(trx, user.tenant_id, user.id, {
      password_hash: passwordHash,
      status: profile.mfaRequired ? 'invited' : 'active',
      mfa_secret_encrypted: secret ? s.totp.encrypt(secret) : null,
      invitation_expires_at: null,
    });
    await insertAuditEvents(trx, [{ tenantId: user.tenant_id, actorType: 'user', actorId: user.id, action: 'user.invitation_accepted', targetType: 'user', targetId: user.id, requestId: meta.requestId }]);
    return { user, secret, tenantId: user.tenant_id };
  });
  if (!claimed.secret) return { status: 'active' as const, mfa: null };
  // A short-lived enrolment ticket proves the password step when the code comes back.
  const ticket = generateSecret();
  await replaceOneTimeToken(s.db, { tenantId: claimed.tenantId, userId: claimed.user.id, purpose: 'mfa_enrolment', tokenHash: hashSecret(ticket), expiresAt: hours(1) });
  const enrolment = await s.totp.enrolment(claimed.secret, claimed.user.email, 'Roster');
  return { status: 'mfa_enrolment_required' as const, mfa: { ticket, otpauthUri: enrolment.otpauthUri, qrCodeSvg: enrolment.qrCodeSvg, secret: claimed.secret } };
}

/** `POST /v1/invitations/confirm-mfa`: a valid TOTP code completes registration → active. */
export async function confirmMfaEnrolment(s: Services, body: { ticket: string; code: string }, meta: Meta) {
  return s.db.transaction().execute(async (trx) => {
    const used = await consumeOneTimeToken(trx, hashSecret(body.ticket), 'mfa_enrolment');
    if (!used) throw INVALID_LINK();
    const user = await trx.selectFrom('users').select(['id', 'tenant_id', 'mfa_secret_encrypted', 'mfa_last_step']).where('id', '=', used.user_id).executeTakeFirstOrThrow();
    const step = user.mfa_secret_encrypted ? s.totp.verify(s.totp.decrypt(user.mfa_secret_encrypted), body.code, user.mfa_last_step) : null;
    // The step is claimed by the statement that checks it (the ticket is single-use too).
    if (step === null || !(await claimMfaStep(trx, user.tenant_id, user.id, step))) {
      throw validationFailed([{ path: ['body', 'code'], message: 'The code is not valid. Check the time on your device and try the newest code.' }]);
    }
    await updateUserRow(trx, user.tenant_id, user.id, { status: 'active', mfa_state: 'enrolled' });
    await insertAuditEvents(trx, [{ tenantId: user.tenant_id, actorType: 'user', actorId: user.id, action: 'user.mfa_enrolled', targetType: 'user', targetId: user.id, after: { status: 'active', mfaState: 'enrolled' }, requestId: meta.requestId }]);
    return { status: 'active' as const };
  });
}

/**
 * `POST /v1/users/:id/clone`: a new person (name, email, phone) with the source user's settings: kind,
 * organization, roles, display and notification preferences. It goes through createUser, so every rule of
 * a creation applies (profile fields, duplicate email, roles the caller may grant, invitation).
 */
export async function cloneUser(s: Services, p: Principal, id: string, person: z.output<typeof CloneUserRequestSchema>, meta: Meta): Promise<User> {
  const source = await visibleUser(s.db, p, id);
  const roles = (await rolesOfUsers(s.db, p.tenantId, [source.id])).get(source.id) ?? [];
  const prefs = await s.db.selectFrom('users').select('notification_preferences').where('id', '=', source.id).executeTakeFirstOrThrow();
  const clone = await createUser(
    s,
    p,
    {
      kind: source.kind,
      ...(source.organization_id ? { organizationId: source.organization_id } : {}),
      ...person,
      roleIds: roles.filter((r) => r.name !== 'Root Admin').map((r) => r.id),
      language: source.language,
      idleWarningMinutes: source.idle_warning_minutes,
      showGettingStarted: source.show_getting_started,
      ticketPageAccessibility: source.ticket_page_accessibility,
      ...(source.kind === 'technician' && source.availability ? { availability: source.availability } : {}),
    },
    meta,
  );
  await updateUserRow(s.db, p.tenantId, clone.id, { notification_preferences: JSON.stringify(prefs.notification_preferences ?? {}) });
  return clone;
}
