import {
  addEmailSuppressionSchema,
  emailTestRequestSchema,
  issueOf,
  normalizeEmail,
  toIssues,
  type EmailSuppression,
  type EmailSuppressionListQuery,
  type EmailSuppressionPage,
  type EmailTestResult,
  type Issue,
} from '@roster/contract';
import type { Db } from '../db/create-db.js';
import { actorOf, type Meta, type Services } from './context.js';
import type { Principal } from './principal.js';
import { assertMayManage } from './policy.js';
import { tenantProfile } from './tenant-profile.js';
import { visibleUser } from './users.service.js';
import { ApiError, notFound, validationFailed } from '../errors.js';
import { assertStorable } from '../lib/storable-text.js';
import { findSuppression, listSuppressions, removeSuppression, suppressAddress } from '../db/repositories/email-suppressions.repository.js';
import { insertAuditEvents } from '../db/repositories/audit-events.repository.js';
import { findUserByEmail } from '../db/repositories/users.repository.js';
import { enqueueEmail, tenantMail } from '../email/outbox.js';
import { testEmail } from '../email/templates.js';

/**
 * The suppression list (seed 004: "Kaseya automatically adds undeliverable email addresses to an internal
 * suppression list. Once on this list, subsequent emails, including user activation invitations, are blocked"), and
 * the test email an admin sends to check an address first.
 *
 * - The outbox's sender puts an address on the list when the mail server refuses the recipient for good (SMTP 5xx
 *   to RCPT TO): `recordBounce`. A 4xx or a connection failure is retried as before.
 * - Every email to a listed address is written to the outbox as never to be sent (`enqueueEmail`), and one queued
 *   before the address was listed is not sent either (`deliverDue`).
 * - Actions whose whole point is an email (resend an invitation, send a reset link, a test email) answer 409
 *   `email_suppressed` naming the address, before they change anything (`assertDeliverable`). Creating a user still
 *   creates them, and says `invitation: "suppressed"`.
 * - An admin lists the addresses, adds one, and removes one once the person's mailbox works again (audited).
 */

const day = (iso: string) => iso.slice(0, 10);

/** The suppression of an address of the tenant, if it has one. */
export function suppressionOf(db: Db, tenantId: string, email: string) {
  return findSuppression(db, tenantId, normalizeEmail(email));
}

/** The 409 of an action that would only send email to a suppressed address; `path` names the field it came from. */
export function suppressedError(email: string, entry: { reason: string; source: string; created_at: string }, path?: Issue['path']) {
  const params = { email, date: day(entry.created_at), reason: entry.reason };
  return new ApiError('email_suppressed', { id: entry.source === 'bounce' ? 'error.email_suppressed' : 'error.email_suppressed_admin', params }, path ? [issueOf(path, 'email.suppressed')] : undefined);
}

/** Refuses (409 `email_suppressed`) when the address is on the tenant's suppression list. */
export async function assertDeliverable(db: Db, tenantId: string, email: string, path?: Issue['path']) {
  const entry = await suppressionOf(db, tenantId, email);
  if (entry) throw suppressedError(email, entry, path);
}

/**
 * The mail server refused a recipient for good: the address goes on the tenant's list (the first reason stays), and
 * its arrival is audited (`email.suppressed`, by the system). Platform path: the outbox worker spans tenants.
 */
export async function recordBounce(db: Db, m: { tenantId: string; userId: string | null; to: string }, reason: string) {
  await db.transaction().execute(async (trx) => {
    const { created } = await suppressAddress(trx, { tenantId: m.tenantId, address: normalizeEmail(m.to), reason, source: 'bounce' });
    if (!created) return;
    await insertAuditEvents(trx, [
      {
        tenantId: m.tenantId, actorType: 'system', actorId: null, action: 'email.suppressed',
        ...(m.userId ? { targetType: 'user', targetId: m.userId } : await targetOf(trx, m.tenantId, normalizeEmail(m.to))),
        after: { address: normalizeEmail(m.to), reason, source: 'bounce' },
      },
    ]);
  });
}

/** An audit event's target for an address: the tenant's user who has it (their page's history shows it), else the address. */
async function targetOf(db: Db, tenantId: string, address: string) {
  const user = await findUserByEmail(db, tenantId, address);
  return user ? { targetType: 'user', targetId: user.id } : { targetType: 'email' };
}

const toApi = (r: { address: string; reason: string; source: 'bounce' | 'admin'; created_at: string }): EmailSuppression => ({ address: r.address, reason: r.reason, source: r.source, createdAt: r.created_at });

const badCursor = () => new ApiError('bad_request', 'The cursor is not valid.', [{ path: ['query', 'cursor'], message: 'Is not a cursor returned by this API.' }]);

function decodeCursor(cursor: string): { at: string; address: string } {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/.test(v[0]) && typeof v[1] === 'string' && v[1].length <= 1000) {
      return { at: v[0], address: v[1] };
    }
  } catch {
    // below
  }
  throw badCursor();
}

/** `GET /v1/email-suppressions`: newest first, a page at a time; `q` finds addresses containing it. */
export async function listEmailSuppressions(s: Services, p: Principal, q: EmailSuppressionListQuery): Promise<EmailSuppressionPage> {
  const rows = await listSuppressions(s.db, p.tenantId, { q: q.q, limit: q.limit, after: q.cursor ? decodeCursor(q.cursor) : undefined });
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  const nextCursor = rows.length > q.limit && last ? Buffer.from(JSON.stringify([last.keyset_at, last.address]), 'utf8').toString('base64url') : null;
  return { items: page.map(toApi), nextCursor };
}

/** `POST /v1/email-suppressions`: an admin blocks an address (idempotent: one already listed is answered as it is). */
export async function addEmailSuppression(s: Services, p: Principal, body: unknown, meta: Meta): Promise<{ created: boolean; suppression: EmailSuppression }> {
  const { profile } = await tenantProfile(s.db, p.tenantId);
  const parsed = addEmailSuppressionSchema(profile).safeParse(body);
  if (!parsed.success) throw validationFailed(toIssues(parsed.error.issues, ['body']));
  const address = normalizeEmail(parsed.data.email);
  const reason = parsed.data.reason || 'Added by an administrator.';
  return s.db.transaction().execute(async (trx) => {
    const { row, created } = await suppressAddress(trx, { tenantId: p.tenantId, address, reason, source: 'admin' });
    if (created) {
      await insertAuditEvents(trx, [{ tenantId: p.tenantId, ...actorOf(p), action: 'email.suppressed', ...(await targetOf(trx, p.tenantId, address)), after: { address, reason, source: 'admin' }, requestId: meta.requestId }]);
    }
    return { created, suppression: toApi(row) };
  });
}

/**
 * `DELETE /v1/email-suppressions/:address`: the person fixed their mailbox; email goes to the address again (the
 * next invitation, reset link or test email). Audited `email.suppression_removed` with what was removed.
 */
export async function removeEmailSuppression(s: Services, p: Principal, rawAddress: string, meta: Meta): Promise<void> {
  assertStorable(rawAddress, ['path', 'address']);
  const address = normalizeEmail(rawAddress);
  await s.db.transaction().execute(async (trx) => {
    const removed = await removeSuppression(trx, p.tenantId, address);
    if (!removed) throw notFound('Suppressed address');
    await insertAuditEvents(trx, [{ tenantId: p.tenantId, ...actorOf(p), action: 'email.suppression_removed', ...(await targetOf(trx, p.tenantId, address)), before: toApi(removed), requestId: meta.requestId }]);
  });
}

/** A test email through the outbox (refused with 409 when the address is suppressed), audited `email.test_sent`. */
async function queueTestEmail(s: Services, p: Principal, to: { email: string; userId: string | null; firstName: string | null; language: string }, path: Issue['path'] | undefined, meta: Meta): Promise<EmailTestResult> {
  await assertDeliverable(s.db, p.tenantId, to.email, path);
  return s.db.transaction().execute(async (trx) => {
    const { brand, fromName } = await tenantMail(trx, s.config.publicUrl, p.tenantId);
    const mail = testEmail({ brand, firstName: to.firstName, language: to.language });
    await enqueueEmail(trx, { tenantId: p.tenantId, userId: to.userId, template: 'test_email', to: to.email, fromName, ...mail });
    await insertAuditEvents(trx, [{ tenantId: p.tenantId, ...actorOf(p), action: 'email.test_sent', ...(to.userId ? { targetType: 'user', targetId: to.userId } : { targetType: 'email' }), after: { to: to.email }, requestId: meta.requestId }]);
    return { to: to.email, queuedAt: new Date().toISOString() };
  });
}

/** `POST /v1/users/:id/test-email`: to a user the caller may manage, in the user's language. */
export async function sendUserTestEmail(s: Services, p: Principal, id: string, meta: Meta): Promise<EmailTestResult> {
  const user = await visibleUser(s.db, p, id);
  assertMayManage(p, user.kind);
  return queueTestEmail(s, p, { email: user.email, userId: user.id, firstName: user.first_name, language: user.language }, undefined, meta);
}

/**
 * `POST /v1/email-tests`: to an address before a user is created with it (the tenant's profile decides what an address
 * is), in the request's language.
 */
export async function sendAddressTestEmail(s: Services, p: Principal, body: unknown, meta: Meta, language: string): Promise<EmailTestResult> {
  const { profile } = await tenantProfile(s.db, p.tenantId);
  const parsed = emailTestRequestSchema(profile).safeParse(body);
  if (!parsed.success) throw validationFailed(toIssues(parsed.error.issues, ['body']));
  return queueTestEmail(s, p, { email: parsed.data.email, userId: null, firstName: null, language }, ['body', 'email'], meta);
}
