import type { User } from '@roster/contract';
import { actorOf, type Meta, type Services } from './context.js';
import type { Principal } from './principal.js';
import { assertMayActivate, assertMayDeactivate, assertNotLastActiveAdmin } from './policy.js';
import { tenantProfile } from './tenant-profile.js';
import { getUser, visibleUser } from './users.service.js';
import { claimSeat } from './user-edit.service.js';
import { sendPasswordReset } from './credentials.service.js';
import { conflict } from '../errors.js';
import { updateUserRow } from '../db/repositories/users.repository.js';
import { insertAuditEvents } from '../db/repositories/audit-events.repository.js';
import { killUserTokens } from '../db/repositories/one-time-tokens.repository.js';
import { endAllSessions } from '../db/repositories/sessions.repository.js';
import { lockTenant } from '../db/repositories/admins.repository.js';

/** Deactivating, activating and unlocking users. */

/** `POST /v1/users/:id/deactivate`: not yourself, never the Root Admin, never the last active admin. */
export async function deactivateUser(s: Services, p: Principal, id: string, meta: Meta): Promise<User> {
  const user = await visibleUser(s.db, p, id);
  assertMayDeactivate(p, user);
  if (user.status === 'deactivated') return getUser(s, p, id);
  const tenant = await tenantProfile(s.db, p.tenantId);
  await s.db.transaction().execute(async (trx) => {
    await lockTenant(trx, p.tenantId);
    await assertNotLastActiveAdmin(trx, p, user, 'deactivate');
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
  assertMayActivate(p, user);
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
