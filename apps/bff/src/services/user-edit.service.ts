import type * as z from 'zod/mini';
import {
  administratorRoleOf,
  issueOf,
  type CloneUserRequestSchema,
  defaultNotificationPreferences,
  defaultTimeZone,
  createUserRequestSchema,
  readNotificationPreferences,
  defaultRoleOf,
  normalizeEmail,
  patchUserSchema,
  toIssues,
  usernameOf,
  type NotificationPreferences,
  type CreatedUser,
  type User,
} from '@roster/contract';
import { phoneMetadata } from '@roster/contract/phone-metadata';
import type { Db } from '../db/create-db.js';
import { actorOf, hoursFromNow, type Meta, type Services } from './context.js';
import type { Principal } from './principal.js';
import { canSeeOrganization, organizationScopeOf } from './principal.js';
import { assertHolds, givesAsRootAdmin, assertMayChooseSignInMethod, assertMayEdit, assertMayGiveAccessGroups, assertMayGrantRole, assertMayManage, assertNotImpersonating, assertSignInMethodAvailable } from './policy.js';
import { clearSecondFactor } from '../db/repositories/second-factor.repository.js';
import { CREDENTIAL_LINKS } from './auth.service.js';
import { tenantProfile } from './tenant-profile.js';
import { getUser, readUser, visibleUser } from './users.service.js';
import { sendInvitation } from './invitations.service.js';
import { attributesOfUsers, newUserAttributes, writeNewUserAttributes } from './attributes.service.js';
import { assertDeliverable } from './email-suppressions.service.js';
import { assertFreshProof } from './auth.service.js';
import { ApiError, conflict, forbidden, validationFailed } from '../errors.js';
import { countSeatedTechnicians, findActor, findUserByEmail, findUserById, insertUser, notificationPreferencesOf, rolesOfUsers, updateUserRow, type OrganizationScope } from '../db/repositories/users.repository.js';
import { existingOrganizationIds, findOrganization } from '../db/repositories/organizations.repository.js';
import { assignRoles, explicitPermissionsOf, listRoles, setExplicitPermissions } from '../db/repositories/roles.repository.js';
import { accessOfUser, listAccessGroups, setUserAccessGroups } from '../db/repositories/access-groups.repository.js';
import { insertAuditEvents } from '../db/repositories/audit-events.repository.js';
import { killUserTokens, replaceOneTimeToken } from '../db/repositories/one-time-tokens.repository.js';
import { endAllSessions } from '../db/repositories/sessions.repository.js';
import { lockTenant } from '../db/repositories/admins.repository.js';
import { enqueueLinkEmail } from '../email/outbox.js';
import { generateSecret, hashSecret } from '../auth/secrets.js';

/** Creating, cloning and editing users: `POST /v1/users`, `POST /v1/users/:id/clone`, `PATCH /v1/users/:id`. */

function uniqueViolation(e: unknown): string | null {
  const err = e as { code?: string; constraint?: string; message?: string };
  if (err?.code !== '23505') return null;
  return err.constraint ?? err.message ?? 'unique';
}

/**
 * `POST /v1/users`: validated by the tenant's profile; sends the invitation in the same transaction. Roles, explicit
 * permissions, access groups and "All Module Access" may be given at once, within the grant rules of setting them
 * later. An address on the suppression list does not stop the creation: the user is created, the invitation is held
 * back, and the answer says so (`invitation: 'suppressed'`).
 */
export async function createUser(s: Services, p: Principal, body: unknown, meta: Meta): Promise<CreatedUser> {
  return (await provisionUser(s, p, body, meta, { invite: true })) as CreatedUser;
}

/** What a creation does beyond POST /v1/users: SCIM creates without an invitation unless the app asks, and keeps the IdP's id. */
export interface ProvisionOptions {
  /** false: no invitation email (the answer and the audit say `invitation: "not_sent"`). */
  invite: boolean;
  /** SCIM's `externalId`. */
  externalId?: string | null | undefined;
}

/** `createUser` with the options SCIM needs: the very same rules (profile, grants, seats), audit and webhooks. */
export async function provisionUser(s: Services, p: Principal, body: unknown, meta: Meta, options: ProvisionOptions): Promise<Omit<CreatedUser, 'invitation'> & { invitation: CreatedUser['invitation'] | 'not_sent' }> {
  const tenant = await tenantProfile(s.db, p.tenantId);
  const parsed = createUserRequestSchema(tenant.profile, phoneMetadata).safeParse(body);
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
    assertMayGrantRole(p, role, ['body', 'roleIds', i], 'grant', await givesAsRootAdmin(s.db, p, role.permissions));
  }
  if (roleIds.length === 0) {
    const fallback = defaultRoleOf(tenant.profile, input.kind, roles);
    if (fallback) roleIds = [fallback.id];
  }
  assertHolds(p, input.explicitPermissions ?? [], ['body', 'explicitPermissions'], 'explicit permissions', await givesAsRootAdmin(s.db, p, input.explicitPermissions ?? []));
  const explicitPermissions = [...new Set(input.explicitPermissions ?? [])];
  assertMayGiveAccessGroups(p, input);
  const accessGroupIds = [...new Set(input.accessGroupIds ?? [])];
  if (accessGroupIds.length) {
    const known = new Set((await listAccessGroups(s.db, p.tenantId)).map((g) => g.id));
    const unknown = input.accessGroupIds!.findIndex((g) => !known.has(g));
    if (unknown >= 0) throw validationFailed([{ path: ['body', 'accessGroupIds', unknown], message: 'No such access group.' }]);
  }
  // "All Module Access" is on unless turned off (the column's default), as for every user before access groups.
  const allModules = input.allModules ?? true;
  if (input.notificationPreferences) {
    // The new user's access: what their roles and explicit permissions will give them.
    const chosen = roles.filter((r) => roleIds.includes(r.id));
    const held = new Set<string>([...chosen.flatMap((r) => r.permissions), ...explicitPermissions]);
    const access = organizationScopeOf(held, chosen.flatMap((r) => r.organization_ids), organizationId);
    await assertNotificationOrganizations(s.db, p, input.notificationPreferences, access);
  }
  const username = usernameOf(tenant.profile, input.email, input.username);
  assertSignInMethodAvailable(input.signInMethod, ['body', 'signInMethod'], tenant.profile);
  const signInMethod = input.signInMethod ?? tenant.profile.defaultSignInMethod ?? 'totp';
  const attributes = await newUserAttributes(s.db, p.tenantId, input.attributes);

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
        time_zone: input.timeZone ?? defaultTimeZone,
        availability: input.kind === 'technician' ? input.availability ?? 'available' : null,
        status: 'invited',
        sign_in_method: signInMethod,
        password_hash: null,
        invitation_expires_at: null,
        last_login_at: null,
        locked_until: null,
        ...(options.externalId ? { external_id: options.externalId } : {}),
      });
      await assignRoles(trx, p.tenantId, roleIds.map((roleId) => ({ userId: row.id, roleId })));
      if (explicitPermissions.length) await setExplicitPermissions(trx, p.tenantId, row.id, explicitPermissions);
      if (accessGroupIds.length || !allModules) await setUserAccessGroups(trx, p.tenantId, row.id, accessGroupIds, allModules);
      await writeNewUserAttributes(trx, p.tenantId, row.id, attributes);
      const invitation = !options.invite ? ('not_sent' as const) : (await sendInvitation(trx, s, tenant, row)).suppressed ? ('suppressed' as const) : ('queued' as const);
      const user = await readUser(trx, p.tenantId, row.id);
      const after = { ...user, explicitPermissions, accessGroupIds, allModules, invitation, ...(attributes.stored.length > 0 ? { attributes: attributes.values } : {}) };
      await insertAuditEvents(trx, [
        { tenantId: p.tenantId, ...actorOf(p), action: 'user.created', targetType: 'user', targetId: row.id, after, requestId: meta.requestId },
        ...(seatAdded ? [{ tenantId: p.tenantId, ...actorOf(p), action: 'seat.added', targetType: 'user', targetId: row.id, after: { seats: 'one added for this technician' }, requestId: meta.requestId }] : []),
      ]);
      return { ...user, invitation };
    });
    return created;
  } catch (e) {
    // The organization was deleted between the check above and the insert (DELETE /v1/organizations/:id).
    if ((e as { code?: string }).code === '23503' && String((e as { constraint?: string }).constraint).includes('organization')) {
      throw validationFailed([{ path: ['body', 'organizationId'], message: 'No such organization.' }]);
    }
    const constraint = uniqueViolation(e);
    if (constraint?.includes('username')) throw conflict({ id: 'error.username_exists' }, [issueOf(['body', 'username'], 'value.taken')]);
    if (constraint?.includes('external_id')) throw conflict('Another user of this tenant has this externalId.', [issueOf(['body', 'externalId'], 'value.taken')]);
    if (constraint) throw conflict({ id: 'error.email_exists' }, [issueOf(['body', 'email'], 'email.in_use')]);
    throw e;
  }
}

/**
 * `POST /v1/users/:id/clone`: a new person (name, email, phone) with the source user's settings: kind,
 * organization, roles, explicit permissions, access groups and "All Module Access", display and notification
 * preferences. It goes through createUser, so every rule of a creation applies (profile fields, duplicate email,
 * roles and permissions the caller may grant, access groups only with roles.manage, invitation).
 */
export async function cloneUser(s: Services, p: Principal, id: string, person: z.output<typeof CloneUserRequestSchema>, meta: Meta): Promise<CreatedUser> {
  const source = await visibleUser(s.db, p, id);
  const { profile } = await tenantProfile(s.db, p.tenantId);
  const tenantRoles = await listRoles(s.db, p.tenantId);
  const rootRoleId = tenantRoles.find((r) => r.key === 'root_admin')?.id;
  // The Root Admin role is never given; where every user holds exactly one role, the Root Admin's clone gets the
  // profile's administrator role (Admin or System Administrator) in its place, within the grant rules of any creation.
  let roleIds = ((await rolesOfUsers(s.db, p.tenantId, [source.id])).get(source.id) ?? []).filter((r) => r.id !== rootRoleId).map((r) => r.id);
  if (source.is_root_admin && roleIds.length === 0 && profile.rolesPerUser === 'one') {
    const admin = tenantRoles.find((r) => r.key === administratorRoleOf(profile));
    if (admin) roleIds = [admin.id];
  }
  const prefs = await notificationPreferencesOf(s.db, p.tenantId, source.id);
  const access = await accessOfUser(s.db, p.tenantId, source.id);
  const explicitPermissions = await explicitPermissionsOf(s.db, p.tenantId, source.id);
  // Stored preferences as they read today; organizations deleted since they were chosen are gone from them.
  const notificationPreferences = readNotificationPreferences(prefs);
  const stillThere = await existingOrganizationIds(s.db, p.tenantId, notificationPreferences.organizationIds);
  // The clone takes the source's custom attribute values (a department, a cost centre), so the required ones are there.
  const attributes = (await attributesOfUsers(s.db, p.tenantId, [source.id])).get(source.id);
  notificationPreferences.organizationIds = notificationPreferences.organizationIds.filter((id) => stillThere.has(id));
  return createUser(
    s,
    p,
    {
      kind: source.kind,
      ...(source.organization_id ? { organizationId: source.organization_id } : {}),
      ...person,
      roleIds,
      explicitPermissions,
      accessGroupIds: access.groups.map((g) => g.id),
      allModules: access.allModules,
      language: source.language,
      idleWarningMinutes: source.idle_warning_minutes,
      showGettingStarted: source.show_getting_started,
      ticketPageAccessibility: source.ticket_page_accessibility,
      timeZone: source.time_zone,
      notificationPreferences,
      // The clone signs in as the source does.
      signInMethod: source.sign_in_method,
      ...(attributes ? { attributes } : {}),
      ...(source.kind === 'technician' && source.availability ? { availability: source.availability } : {}),
    },
    meta,
  );
}

/**
 * Notifications come only from organizations the user may see (seed 000: "based on the user's organization access")
 * — `access`, the user's, not the caller's — and that the caller may see: any other id is a 422 naming its place.
 */
async function assertNotificationOrganizations(db: Db, p: Principal, prefs: Pick<NotificationPreferences, 'organizationIds'>, access: OrganizationScope) {
  const ids = prefs.organizationIds;
  if (ids.length === 0) return;
  const known = await existingOrganizationIds(db, p.tenantId, ids);
  const issues = ids.flatMap((id, i) => {
    const path = ['body', 'notificationPreferences', 'organizationIds', i];
    if (!known.has(id) || !canSeeOrganization(p, id)) return [{ path, message: 'No such organization.' }];
    if (access !== 'all' && !access.includes(id)) return [{ path, message: 'This user has no access to this organization, so cannot be notified of its alerts.' }];
    return [];
  });
  if (issues.length > 0) throw validationFailed(issues, 'Notifications can come only from organizations the user has access to.');
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
  timeZone: 'time_zone',
  notificationPreferences: 'notification_preferences',
} as const;

/**
 * `PATCH /v1/users/:id`. An email change of an invited user re-invites the new address (the old link dies);
 * of an active user it sends a confirmation link to the new address and applies only when confirmed. Phone
 * and email changes end the user's sessions.
 */
export async function patchUser(s: Services, p: Principal, id: string, body: unknown, meta: Meta, proof: { stepUpToken?: string | undefined } = {}, options: { invite?: boolean } = {}): Promise<User> {
  const tenant = await tenantProfile(s.db, p.tenantId);
  const parsed = patchUserSchema(tenant.profile, phoneMetadata).safeParse(body);
  if (!parsed.success) throw validationFailed(toIssues(parsed.error.issues, ['body']));
  const input = parsed.data;
  const self = p.type === 'user' && p.id === id;
  const before = await visibleUser(s.db, p, id);
  assertMayEdit(p, before);
  // One's own email is a credential (sign-in, reset links): it changes only with fresh proof, a step-up.
  if (self && input.email !== undefined && normalizeEmail(input.email) !== normalizeEmail(before.email)) {
    await assertFreshProof(s, p, { stepUpToken: proof.stepUpToken }, undefined, meta);
  }
  if (input.notificationPreferences && input.notificationPreferences.organizationIds.length > 0) {
    const target = (await findActor(s.db, p.tenantId, id))!;
    const access = organizationScopeOf(new Set(target.permissions), target.organization_ids, target.organization_id);
    await assertNotificationOrganizations(s.db, p, input.notificationPreferences, access);
  }
  // A new address is written to (a new invitation, or the confirmation link): not one on the suppression list.
  if (input.email !== undefined && normalizeEmail(input.email) !== normalizeEmail(before.email)) await assertDeliverable(s.db, p.tenantId, input.email, ['body', 'email']);
  if (input.availability !== undefined && before.kind !== 'technician') {
    throw validationFailed([{ path: ['body', 'availability'], message: 'Availability applies to technicians only.' }]);
  }
  // Another sign-in method: an admin's choice (the Root Admin's own only by them); one's own needs a step-up too, as
  // it wipes one's second factor. The new method is set up at the next sign-in, like after a 2FA reset.
  const methodChanged = input.signInMethod !== undefined && input.signInMethod !== before.sign_in_method;
  if (methodChanged) {
    assertMayChooseSignInMethod(p, before);
    assertSignInMethodAvailable(input.signInMethod, ['body', 'signInMethod'], tenant.profile);
    if (self) await assertFreshProof(s, p, { stepUpToken: proof.stepUpToken }, undefined, meta);
  }
  // A person who signs in with text messages gets their codes at their phone: changing it is a credential change. The
  // new number is proven at the next sign-in (the factor goes back to not enrolled); one's own needs a step-up first.
  const smsNumberChanged = input.phone !== undefined && input.phone !== before.phone && before.sign_in_method === 'sms' && !methodChanged;
  if (smsNumberChanged && self && before.mfa_state === 'enrolled') await assertFreshProof(s, p, { stepUpToken: proof.stepUpToken }, undefined, meta);
  try {
    await s.db.transaction().execute(async (trx) => {
      const beforeView = await readUser(trx, p.tenantId, id);
      const set: Record<string, unknown> = {};
      for (const [field, column] of Object.entries(settingColumns)) {
        const value = (input as Record<string, unknown>)[field];
        if (value !== undefined) set[column] = column === 'notification_preferences' ? JSON.stringify(value) : value;
      }
      const phoneChanged = input.phone !== undefined && input.phone !== before.phone;
      if (methodChanged) {
        await clearSecondFactor(trx, p.tenantId, id, input.signInMethod);
        await killUserTokens(trx, p.tenantId, id, [...CREDENTIAL_LINKS, 'mfa_enrolment']);
      }
      if (smsNumberChanged) {
        set.mfa_state = 'not_enrolled';
        await killUserTokens(trx, p.tenantId, id, ['sms_code', 'sms_enrolment']);
      }
      let emailAction: 'reinvited' | 'confirmation_sent' | null = null;
      if (input.email !== undefined && normalizeEmail(input.email) !== normalizeEmail(before.email)) {
        assertNotImpersonating(p);
        const taken = await findUserByEmail(trx, p.tenantId, normalizeEmail(input.email));
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
      // SCIM's apps invite only when the tenant asked them to (the new address is written either way).
      if (emailAction === 'reinvited' && options.invite !== false) await sendInvitation(trx, s, tenant, after);
      if (emailAction === 'confirmation_sent') {
        const token = generateSecret();
        const expiresAt = hoursFromNow(tenant.profile.passwordResetTtlHours);
        await replaceOneTimeToken(trx, { tenantId: p.tenantId, userId: id, purpose: 'email_change', tokenHash: hashSecret(token), expiresAt, data: { email: input.email } });
        const params = { firstName: after.first_name, expiresAt, newEmail: input.email!, language: after.language };
        await enqueueLinkEmail(trx, s.config, { tenantId: p.tenantId, userId: id, template: 'email_change', to: input.email!, params, token });
      }
      if (phoneChanged || methodChanged) await endAllSessions(trx, p.tenantId, id);
      await insertAuditEvents(trx, [
        ...(methodChanged
          ? [{ tenantId: p.tenantId, ...actorOf(p), action: 'user.sign_in_method_changed', targetType: 'user', targetId: id, before: { signInMethod: before.sign_in_method, mfaState: before.mfa_state }, after: { signInMethod: input.signInMethod, mfaState: 'not_enrolled' }, requestId: meta.requestId }]
          : []),
        { tenantId: p.tenantId, ...actorOf(p), action: 'user.updated', targetType: 'user', targetId: id, before: beforeView, after: { ...(await readUser(trx, p.tenantId, id)), ...(emailAction ? { emailChange: emailAction } : {}) }, requestId: meta.requestId },
      ]);
    });
  } catch (e) {
    if (uniqueViolation(e)) throw conflict('A user with this email already exists.', [{ path: ['body', 'email'], message: 'Is already used by a technician or an end user of this tenant.' }]);
    throw e;
  }
  return getUser(s, { ...p, organizationScope: 'all' }, id);
}

/**
 * Seats (seat cap of the profile): a technician past the cap needs the request to confirm adding a seat, which
 * the caller records as `seat.added` for the host's billing. Runs under the tenant lock so two creations cannot
 * both take the last seat. Returns whether a seat was added.
 */
export async function claimSeat(trx: Db, p: Principal, cap: number | null, confirmAddSeat: boolean | undefined): Promise<boolean> {
  if (cap === null) return false;
  await lockTenant(trx, p.tenantId);
  if ((await countSeatedTechnicians(trx, p.tenantId)) < cap) return false;
  if (!confirmAddSeat) {
    throw new ApiError('seat_limit_reached', { id: 'error.seat_limit_reached', params: { cap } }, [
      { path: ['body', 'confirmAddSeat'], message: 'Confirm adding a seat to your subscription.' },
    ]);
  }
  return true;
}
