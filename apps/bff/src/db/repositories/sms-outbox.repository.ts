import { sql, type ExpressionBuilder } from 'kysely';
import type { Database } from '../tables.js';
import type { Db } from '../create-db.js';
import { OUTBOX_LEASE_SECONDS, RETRY_DELAYS_MINUTES } from './email-outbox.repository.js';

/** The one writer of `sms_outbox`. Services write through `enqueueSms` (sms/outbox.ts), which seals the body. */
export async function insertSmsMessage(db: Db, m: { tenantId: string; userId: string | null; to: string; purpose: 'sign_in_code'; sealedBody: string }) {
  await db
    .insertInto('sms_outbox')
    .values({ tenant_id: m.tenantId, user_id: m.userId, to_number: m.to, purpose: m.purpose, sealed_body: m.sealedBody, last_error: null, sent_at: null })
    .execute();
}

/** The tenant's text messages, newest first (the demo mailbox). */
export async function listSmsOutbox(db: Db, tenantId: string, limit = 100) {
  return db
    .selectFrom('sms_outbox')
    .select(['id', 'purpose', 'to_number', 'created_at', 'sent_at', 'attempts', 'last_error'])
    .where('tenant_id', '=', tenantId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

export async function findSmsMessage(db: Db, tenantId: string, id: number) {
  return db.selectFrom('sms_outbox').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
}

/**
 * Claims due messages with a lease, as the email outbox does (`claimDueEmails`): one statement, `skip locked`; the
 * attempt count it returns is the claim's token.
 */
export async function claimDueSms(db: Db, limit: number, leaseSeconds = OUTBOX_LEASE_SECONDS) {
  return db
    .updateTable('sms_outbox')
    .set({ next_attempt_at: sql`now() + make_interval(secs => ${leaseSeconds})`, attempts: sql`attempts + 1` })
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('sms_outbox')
        .select('id')
        .where('sent_at', 'is', null)
        .where('sealed_body', 'is not', null)
        .where('next_attempt_at', '<=', sql<string>`now()`)
        .where('attempts', '<', RETRY_DELAYS_MINUTES.length + 1)
        .orderBy('id')
        .limit(limit)
        .forUpdate()
        .skipLocked(),
    )
    .returning(['id', 'tenant_id', 'user_id', 'to_number', 'purpose', 'sealed_body', 'attempts'])
    .execute();
}

/** Only while `claim` is the message's latest claim and it is unsent: a sender whose lease ran out changes nothing. */
const claimed = (claim: { id: number; attempts: number }) => (eb: ExpressionBuilder<Database, 'sms_outbox'>) =>
  eb.and([eb('id', '=', claim.id), eb('attempts', '=', claim.attempts), eb('sent_at', 'is', null)]);

/** Sent: the body (and its code) leaves the row. False: the claim was lost (another sender holds the message now). */
export async function markSmsSent(db: Db, claim: { id: number; attempts: number }): Promise<boolean> {
  const r = await db.updateTable('sms_outbox').set({ sent_at: sql`now()`, last_error: null, sealed_body: null }).where(claimed(claim)).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Claims a stopping sender did not use (a graceful shutdown): due again now, their attempt not counted. */
export async function releaseSmsClaims(db: Db, claims: readonly { id: number; attempts: number }[]) {
  for (const claim of claims) {
    await db.updateTable('sms_outbox').set({ next_attempt_at: sql`now()`, attempts: sql`attempts - 1` }).where(claimed(claim)).execute();
  }
}

/** Failed: retried after the next delay; after the last one given up, its body dropped (a code that old is dead anyway). */
export async function markSmsFailed(db: Db, claim: { id: number; attempts: number }, error: string) {
  const delay = RETRY_DELAYS_MINUTES[claim.attempts - 1];
  await db
    .updateTable('sms_outbox')
    .set({
      last_error: error.slice(0, 1000),
      next_attempt_at: delay === undefined ? sql`'infinity'::timestamptz` : sql`now() + ${sql.lit(`${delay} minutes`)}::interval`,
      ...(delay === undefined ? { sealed_body: null } : {}),
    })
    .where(claimed(claim))
    .execute();
}
