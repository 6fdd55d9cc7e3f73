import type { SuspendUserRequest, User } from '@roster/contract';
import { actorOf, type Meta, type Services } from './context.js';
import type { Principal } from './principal.js';
import { assertMaySuspend } from './policy.js';
import { getUser, visibleUser } from './users.service.js';
import { conflict } from '../errors.js';
import { clearLapsedSuspensions, setSuspension, type UserRecord } from '../db/repositories/users.repository.js';
import type { Db } from '../db/create-db.js';
import { startPolling } from '../lib/polling-worker.js';
import { endAllSessions } from '../db/repositories/sessions.repository.js';
import { killUserTokens } from '../db/repositories/one-time-tokens.repository.js';
import { insertAuditEvents } from '../db/repositories/audit-events.repository.js';

/**
 * Timed suspension (issue 17): a user kept from signing in for a while, with a reason and an optional end. Unlike
 * deactivation nothing else changes — the seat stays taken, no ticket is unassigned, roles and settings stay — and it
 * ends by itself at its end (the database compares the end with `now()` wherever it is read). Audited
 * `user.suspended` / `user.unsuspended` (webhook events of the same names).
 */

/** The tickets of a sign-in under way (its second factor, or its enrolment): a suspension ends them with the sessions. */
const SIGN_IN_TICKETS = ['mfa_enrolment', 'webauthn_registration', 'webauthn_authentication', 'sms_code', 'sms_enrolment'] as const;

/** The suspension in force on a row as the audit log records it, else null. */
function suspensionOf(u: Pick<UserRecord, 'suspended_at' | 'suspended_until' | 'suspension_reason'>) {
  if (!u.suspended_at || (u.suspended_until && Date.parse(u.suspended_until) <= Date.now())) return null;
  return { reason: u.suspension_reason, until: u.suspended_until ? new Date(u.suspended_until).toISOString() : null };
}

/**
 * `POST /v1/users/:id/suspend`: replaces a suspension in force (a new reason or end); ends every session, widget token
 * and sign-in under way of the user at once.
 */
export async function suspendUser(s: Services, p: Principal, id: string, body: SuspendUserRequest, meta: Meta): Promise<User> {
  const user = await visibleUser(s.db, p, id);
  await assertMaySuspend(s.db, p, user, 'suspend');
  if (user.status === 'deactivated') throw conflict('A deactivated user cannot be suspended: they cannot sign in already.');
  const suspension = { reason: body.reason.trim(), until: body.until ? new Date(body.until).toISOString() : null };
  await s.db.transaction().execute(async (trx) => {
    await setSuspension(trx, p.tenantId, id, suspension);
    const ended = await endAllSessions(trx, p.tenantId, id);
    await killUserTokens(trx, p.tenantId, id, SIGN_IN_TICKETS);
    await insertAuditEvents(trx, [
      {
        tenantId: p.tenantId, ...actorOf(p), action: 'user.suspended', targetType: 'user', targetId: id,
        before: { suspension: suspensionOf(user) }, after: { suspension, sessionsEnded: ended.length }, requestId: meta.requestId,
      },
    ]);
  });
  return getUser(s, p, id);
}

/** `POST /v1/users/:id/unsuspend`: lifts the suspension in force (409 when there is none, lapsed ones included). */
export async function unsuspendUser(s: Services, p: Principal, id: string, meta: Meta): Promise<User> {
  const user = await visibleUser(s.db, p, id);
  await assertMaySuspend(s.db, p, user, 'unsuspend');
  const before = suspensionOf(user);
  if (!before) throw conflict('The user is not suspended.');
  await s.db.transaction().execute(async (trx) => {
    await setSuspension(trx, p.tenantId, id, null);
    await insertAuditEvents(trx, [
      { tenantId: p.tenantId, ...actorOf(p), action: 'user.unsuspended', targetType: 'user', targetId: id, before: { suspension: before }, after: { suspension: null }, requestId: meta.requestId },
    ]);
  });
  return getUser(s, p, id);
}

/** Suspensions past their end cleared per round of the tidy worker. */
const LAPSED_BATCH = 100;

/**
 * The tidy worker's round: suspensions past their end — already without effect, since every check compares the end
 * with `now()` — are cleared and audited `user.unsuspended` by the system (`after.lapsed: true`), so that the audit
 * log, the webhooks and a syncing integration see the lifting too. On the platform path (every tenant).
 */
export async function liftLapsedSuspensions(platformDb: Db): Promise<{ lifted: number; full: boolean }> {
  const lifted = await platformDb.transaction().execute(async (trx) => {
    const rows = await clearLapsedSuspensions(trx, LAPSED_BATCH);
    await insertAuditEvents(
      trx,
      rows.map((r) => ({
        tenantId: r.tenant_id, actorType: 'system' as const, actorId: null, action: 'user.unsuspended', targetType: 'user', targetId: r.id,
        before: { suspension: { reason: r.reason, until: r.until } }, after: { suspension: null, lapsed: true },
      })),
    );
    return rows.length;
  });
  return { lifted, full: lifted === LAPSED_BATCH };
}

/** Polls for lapsed suspensions (lib/polling-worker.ts), once a minute by default. */
export function startSuspensionWorker(platformDb: Db, intervalMs = 60_000) {
  return startPolling('suspensions', () => liftLapsedSuspensions(platformDb), intervalMs);
}
