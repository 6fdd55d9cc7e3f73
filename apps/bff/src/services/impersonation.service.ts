import type * as z from 'zod/mini';
import { IMPERSONATION_MINUTES_DEFAULT, type Impersonation, type ImpersonateRequestSchema } from '@roster/contract';
import { actorOf, type Meta, type Services } from './context.js';
import type { Principal } from './principal.js';
import { ApiError } from '../errors.js';
import { assertMayImpersonate } from './policy.js';
import { visibleUser } from './users.service.js';
import { tenantProfile } from './tenant-profile.js';
import { generateSecret, hashSecret } from '../auth/secrets.js';
import { claimEndedImpersonations, insertImpersonationSession, landImpersonationSession, markImpersonationsEnded, type EndedImpersonation } from '../db/repositories/sessions.repository.js';
import type { Db } from '../db/create-db.js';
import { startPolling } from '../lib/polling-worker.js';
import { findUserById } from '../db/repositories/users.repository.js';
import { insertAuditEvents } from '../db/repositories/audit-events.repository.js';
import { enqueueEmail, tenantMail } from '../email/outbox.js';
import { impersonatedEmail } from '../email/templates.js';
import { withTenant } from '../db/tenant-scope.js';

/** The landing link's path on the BFF (`GET`, single-use): it sets the session's cookie and goes on to the tenant's page. */
export const IMPERSONATION_LANDING_PATH = '/v1/auth/impersonation';

/**
 * `POST /v1/users/:id/impersonate`: a session of the user, marked with the administrator, for `minutes`; its link works
 * once. Audited `user.impersonation_started`; where the profile says so (the default), the user gets an email once the
 * session has ended (queued now, sent no earlier than its end).
 */
export async function startImpersonation(s: Services, p: Principal, userId: string, input: z.output<typeof ImpersonateRequestSchema>, meta: Meta): Promise<Impersonation> {
  const user = await visibleUser(s.db, p, userId);
  await assertMayImpersonate(s.db, p, user);
  const minutes = input.minutes ?? IMPERSONATION_MINUTES_DEFAULT;
  const link = generateSecret();
  const { profile } = await tenantProfile(s.db, p.tenantId);
  return s.db.transaction().execute(async (trx) => {
    const session = await insertImpersonationSession(trx, { tenantId: p.tenantId, userId: user.id, impersonatorId: p.id, linkHash: hashSecret(link), minutes, userAgent: meta.userAgent, address: meta.address });
    const expiresAt = new Date(session.expires_at).toISOString();
    await insertAuditEvents(trx, [
      { tenantId: p.tenantId, ...actorOf(p), action: 'user.impersonation_started', targetType: 'user', targetId: user.id, after: { sessionId: session.id, minutes, expiresAt, impersonatorId: p.id }, requestId: meta.requestId },
    ]);
    if (profile.impersonationNotifiesUser ?? true) {
      const admin = await findUserById(trx, p.tenantId, p.id, 'all');
      const mail = await tenantMail(trx, s.config.publicUrl, p.tenantId);
      const email = impersonatedEmail({ brand: mail.brand, firstName: user.first_name, admin: admin ? `${admin.first_name} ${admin.last_name}` : mail.brand.productName, startedAt: new Date().toISOString(), minutes, language: user.language, timeZone: user.time_zone });
      await enqueueEmail(trx, { tenantId: p.tenantId, userId: user.id, template: 'impersonated', to: user.email, subject: email.subject, text: email.text, html: email.html, fromName: mail.fromName, notBefore: expiresAt });
    }
    return { url: `${s.config.publicUrl.replace(/\/+$/, '')}${IMPERSONATION_LANDING_PATH}?token=${encodeURIComponent(link)}`, sessionId: session.id, expiresAt };
  });
}

/**
 * `GET /v1/auth/impersonation?token=`: opens a "view as" link, once. The session then answers to a new cookie (the
 * link's hash is gone) until it expires; returns the cookie, its lifetime and where the browser lands: the profile's
 * `impersonationLandingUrl`, else the product's own `/account` under the tenant's link base.
 */
export async function landImpersonation(s: Services, link: string, meta: Meta): Promise<{ cookie: string; maxAgeSeconds: number; landingUrl: string }> {
  const cookie = generateSecret('rss_');
  const row = await landImpersonationSession(s.platformDb, hashSecret(link), hashSecret(cookie));
  if (!row) throw new ApiError('not_found', 'This "view as" link is unknown, was already used, or has expired.', [{ path: ['query', 'token'], message: 'Is not a live, unused "view as" link.' }]);
  return withTenant(row.tenant_id, async () => {
    const { profile, linkBaseUrl } = await tenantProfile(s.db, row.tenant_id);
    await insertAuditEvents(s.db, [
      { tenantId: row.tenant_id, actorType: 'user', actorId: row.user_id, impersonatorId: row.impersonator_id, action: 'user.impersonation_landed', targetType: 'user', targetId: row.user_id, after: { sessionId: row.id }, requestId: meta.requestId },
    ]);
    // The product's own page: under the tenant's link base, else beside the link itself (relative, the BFF's origin).
    const landingUrl = profile.impersonationLandingUrl ?? (linkBaseUrl ? `${linkBaseUrl.replace(/\/+$/, '')}/account` : '/account');
    return { cookie, maxAgeSeconds: Math.max(1, Math.floor((Date.parse(row.expires_at) - Date.now()) / 1000)), landingUrl };
  });
}

/**
 * Why a "view as" session ended, in its `user.impersonation_ended` entry: signed out from inside it, ended by the
 * user from their own sessions list, ended by an administrator on the user's page, run out of its time box, or
 * revoked some other way (the user deactivated, a password reset) and found by the tidy worker.
 */
export type ImpersonationEndReason = 'signed_out' | 'ended_by_user' | 'ended_by_admin' | 'expired' | 'revoked';

function auditEnded(db: Db, rows: readonly EndedImpersonation[], reasonOf: (r: EndedImpersonation) => ImpersonationEndReason, actor: (r: EndedImpersonation) => { actorType: 'user' | 'client' | 'system'; actorId: string | null }, requestId?: string) {
  if (rows.length === 0) return Promise.resolve();
  return insertAuditEvents(
    db,
    rows.map((r) => ({
      tenantId: r.tenant_id, ...actor(r), impersonatorId: r.impersonator_id, action: 'user.impersonation_ended', targetType: 'user', targetId: r.user_id,
      after: { sessionId: r.id, reason: reasonOf(r), userId: r.user_id, impersonatorId: r.impersonator_id, landed: r.landed }, requestId,
    })),
  );
}

/**
 * After a request revoked `sessionIds`: the "view as" sessions among them are audited `user.impersonation_ended`
 * once, with both identities, the reason and who ended them (`by`; the user themself when signing out).
 */
export async function auditImpersonationsEndedBy(db: Db, sessionIds: readonly string[], by: { actorType: 'user' | 'client'; actorId: string } | 'user', reasonOf: (sessionId: string) => ImpersonationEndReason, meta: Meta): Promise<void> {
  const rows = await markImpersonationsEnded(db, sessionIds);
  await auditEnded(db, rows, (r) => reasonOf(r.id), (r) => (by === 'user' ? { actorType: 'user', actorId: r.user_id } : by), meta.requestId);
}

/** "View as" sessions whose end the tidy worker audits per round. */
const ENDED_BATCH = 100;

/**
 * The tidy worker's round: "view as" sessions that ran out of time (or were revoked by something that does not audit
 * their end itself) are audited `user.impersonation_ended` by the system, once each, in every tenant. An expired
 * session is already refused by the gate whether or not this has run; this only writes its end into the audit log.
 */
export async function auditEndedImpersonations(platformDb: Db): Promise<{ ended: number; full: boolean }> {
  const ended = await platformDb.transaction().execute(async (trx) => {
    const rows = await claimEndedImpersonations(trx, ENDED_BATCH);
    await auditEnded(trx, rows, (r) => (r.revoked ? 'revoked' : 'expired'), () => ({ actorType: 'system', actorId: null }));
    return rows.length;
  });
  return { ended, full: ended === ENDED_BATCH };
}

/** Polls for ended "view as" sessions (lib/polling-worker.ts), every 30 seconds by default. */
export function startImpersonationEndWorker(platformDb: Db, intervalMs = 30_000) {
  return startPolling('impersonation-end', () => auditEndedImpersonations(platformDb), intervalMs);
}
