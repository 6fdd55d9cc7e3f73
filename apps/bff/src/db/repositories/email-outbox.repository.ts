import { sql } from 'kysely';
import type { Db } from '../create-db.js';

export interface OutgoingEmail {
  tenantId: string;
  userId: string | null;
  template: string;
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** Writes a message to the outbox; callers pass their transaction so the message commits with the change. */
export async function enqueueEmail(db: Db, msg: OutgoingEmail) {
  await db
    .insertInto('email_outbox')
    .values({ tenant_id: msg.tenantId, user_id: msg.userId, template: msg.template, to_address: msg.to, subject: msg.subject, text_body: msg.text, html_body: msg.html, last_error: null, sent_at: null })
    .execute();
}

export async function listOutbox(db: Db, tenantId: string, limit = 100) {
  return db
    .selectFrom('email_outbox')
    .select(['id', 'template', 'to_address', 'subject', 'created_at', 'sent_at'])
    .where('tenant_id', '=', tenantId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

export async function findOutboxMessage(db: Db, tenantId: string, id: number) {
  return db.selectFrom('email_outbox').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
}

/** Retry delays after each failed attempt; after the last one the message is given up (kept, with its error). */
export const RETRY_DELAYS_MINUTES = [1, 5, 30, 120, 360];
const LEASE_MINUTES = 5;

/**
 * Claims due messages with a lease: one short statement moves their next attempt five minutes ahead and counts
 * the attempt, so no transaction stays open while SMTP talks (PGlite has one connection) and two BFF instances
 * never claim the same row (`skip locked`). A process that dies mid-send leaves the lease to expire: the
 * message is retried (at least once delivery).
 */
export async function claimDueEmails(db: Db, limit: number) {
  return db
    .updateTable('email_outbox')
    .set({ next_attempt_at: sql`now() + ${sql.lit(`${LEASE_MINUTES} minutes`)}::interval`, attempts: sql`attempts + 1` })
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('email_outbox')
        .select('id')
        .where('sent_at', 'is', null)
        .where('next_attempt_at', '<=', sql<string>`now()`)
        .where('attempts', '<', RETRY_DELAYS_MINUTES.length + 1)
        .orderBy('id')
        .limit(limit)
        .forUpdate()
        .skipLocked(),
    )
    .returning(['id', 'template', 'to_address', 'subject', 'text_body', 'html_body', 'payload', 'attempts'])
    .execute();
}

export async function markEmailSent(db: Db, id: number) {
  await db.updateTable('email_outbox').set({ sent_at: sql`now()`, last_error: null }).where('id', '=', id).execute();
}

export async function markEmailFailed(db: Db, id: number, attempts: number, error: string) {
  const delay = RETRY_DELAYS_MINUTES[attempts - 1];
  await db
    .updateTable('email_outbox')
    .set({
      last_error: error.slice(0, 1000),
      // After the last retry the row stays, unsent, with its error: visible, never retried again.
      next_attempt_at: delay === undefined ? sql`'infinity'::timestamptz` : sql`now() + ${sql.lit(`${delay} minutes`)}::interval`,
    })
    .where('id', '=', id)
    .execute();
}
