import type * as z from 'zod/mini';
import { IMPERSONATION_MINUTES_DEFAULT, type Impersonation, type ImpersonateRequestSchema } from '@roster/contract';
import { actorOf, type Meta, type Services } from './context.js';
import type { Principal } from './principal.js';
import { ApiError } from '../errors.js';
import { assertMayImpersonate } from './policy.js';
import { visibleUser } from './users.service.js';
import { tenantProfile } from './tenant-profile.js';
import { generateSecret, hashSecret } from '../auth/secrets.js';
import { insertImpersonationSession, landImpersonationSession } from '../db/repositories/sessions.repository.js';
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
