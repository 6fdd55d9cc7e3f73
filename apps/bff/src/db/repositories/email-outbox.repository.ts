import { sql, type ExpressionBuilder } from 'kysely';
import type { Database } from '../tables.js';
import type { Db } from '../create-db.js';
import { literalOf, type ArrayParam } from '../array-literal.js';

export interface OutgoingEmail {
  tenantId: string;
  userId: string | null;
  template: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** The From display name (the tenant's sender or product name); null or absent: ROSTER_MAIL_FROM as it is. */
  fromName?: string | null;
  /**
   * The template's parameters when the message is rendered at sending: a link email's (`enqueueLinkEmail` in
   * email/outbox.ts) with its token sealed as `sealedToken`.
   */
  payload?: Record<string, unknown> | null;
  /**
   * Written as never to be sent: the address is on the suppression list (`suppressed`, with why in `lastError`). Such
   * a message keeps no sealed token (the caller leaves it out) and is never claimed.
   */
  suppressed?: { lastError: string } | null;
  /** Sent no earlier than this time (a "view as" notice goes once the session has ended); absent: at once. */
  notBefore?: string;
}

/**
 * Writes a message to the outbox as given. Services write through `enqueueEmail` / `enqueueLinkEmail`
 * (email/outbox.ts), which refuse a token in clear; callers pass their transaction so the message commits with the
 * change.
 */
export async function insertOutboxMessage(db: Db, msg: OutgoingEmail) {
  await db
    .insertInto('email_outbox')
    .values({
      tenant_id: msg.tenantId,
      user_id: msg.userId,
      template: msg.template,
      to_address: msg.to,
      subject: msg.subject,
      text_body: msg.text,
      html_body: msg.html,
      from_name: msg.fromName ?? null,
      payload: msg.payload ? JSON.stringify(msg.payload) : null,
      last_error: msg.suppressed ? msg.suppressed.lastError.slice(0, 1000) : null,
      sent_at: null,
      ...(msg.notBefore ? { next_attempt_at: msg.notBefore } : {}),
      ...(msg.suppressed ? { failure: 'suppressed' as const, next_attempt_at: sql<string>`'infinity'::timestamptz` } : {}),
    })
    .execute();
}

/**
 * A bulk import's invitations, rendered when sent: the parameters all messages share as one JSON object, merged in
 * SQL with each row's own (first name, sealed token), so 100,000 messages send and parse their shared part once.
 */
export async function enqueueInvitationBatch(
  trx: Db,
  tenantId: string,
  m: { subject: string; fromName: string | null; shared: Record<string, unknown>; userIds: ArrayParam; to: ArrayParam; firstNames: ArrayParam; sealedTokens: ArrayParam; suppressed?: { rows: ArrayParam; lastError: string } },
) {
  if (m.userIds.length === 0) return;
  // A row whose address is on the suppression list (`suppressed.rows`: 't'; none given: none) is written as never to be
  // sent, without its token.
  await sql`
    insert into email_outbox (tenant_id, user_id, template, to_address, subject, text_body, html_body, from_name, payload, failure, last_error, next_attempt_at)
    select ${tenantId}::uuid, t.u, 'invitation', t.a, ${m.subject}, '', '', ${m.fromName},
           ${JSON.stringify(m.shared)}::jsonb || case when t.s then jsonb_build_object('firstName', t.fn) else jsonb_build_object('firstName', t.fn, 'sealedToken', t.tok) end,
           case when t.s then 'suppressed' end, case when t.s then ${m.suppressed?.lastError ?? null}::text end, case when t.s then 'infinity'::timestamptz else now() end
    from unnest(${literalOf(m.userIds)}::uuid[], ${literalOf(m.to)}::text[], ${literalOf(m.firstNames)}::text[], ${literalOf(m.sealedTokens)}::text[], ${literalOf(m.suppressed?.rows ?? [])}::boolean[]) as t(u, a, fn, tok, s)`.execute(trx);
}

export async function listOutbox(db: Db, tenantId: string, limit = 100) {
  return db
    .selectFrom('email_outbox')
    .select(['id', 'template', 'to_address', 'subject', 'created_at', 'sent_at', 'failure', 'last_error'])
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
/** How long a claimed message is its sender's before another sender may take it (a sender that died mid-send). */
export const OUTBOX_LEASE_SECONDS = 300;

/**
 * Claims due messages with a lease: one short statement moves their next attempt `leaseSeconds` ahead and counts
 * the attempt, so no transaction stays open while SMTP talks (PGlite has one connection) and two senders, in one
 * BFF instance or many, never claim the same row at once (`for update skip locked`). A sender that dies mid-send
 * leaves the lease to expire: the message is claimed again (at least once delivery). The attempt count a claim
 * returns is its token: only the sender holding the latest claim can mark the message (`markEmail…`).
 */
export async function claimDueEmails(db: Db, limit: number, leaseSeconds = OUTBOX_LEASE_SECONDS) {
  return db
    .updateTable('email_outbox')
    .set({ next_attempt_at: sql`now() + make_interval(secs => ${leaseSeconds})`, attempts: sql`attempts + 1` })
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('email_outbox')
        .select('id')
        .where('sent_at', 'is', null)
        .where('failure', 'is', null)
        .where('next_attempt_at', '<=', sql<string>`now()`)
        .where('attempts', '<', RETRY_DELAYS_MINUTES.length + 1)
        .orderBy('id')
        .limit(limit)
        .forUpdate()
        .skipLocked(),
    )
    .returning(['id', 'tenant_id', 'user_id', 'template', 'to_address', 'subject', 'text_body', 'html_body', 'from_name', 'payload', 'attempts'])
    .execute();
}

/** The message as its claimer holds it: its id and the attempt count its claim returned. */
export interface EmailClaim {
  id: number;
  attempts: number;
}

/** Claims a stopping sender did not use (a graceful shutdown): due again now, their attempt not counted. */
export async function releaseEmailClaims(db: Db, claims: readonly EmailClaim[]) {
  for (const claim of claims) {
    await db.updateTable('email_outbox').set({ next_attempt_at: sql`now()`, attempts: sql`attempts - 1` }).where(claimed(claim)).execute();
  }
}

/**
 * Only while `claim` is the message's latest claim and nothing has finished it: a sender whose lease ran out
 * (another sender has claimed, and maybe sent, the message since) changes nothing.
 */
const claimed = (claim: EmailClaim) => (eb: ExpressionBuilder<Database, 'email_outbox'>) =>
  eb.and([eb('id', '=', claim.id), eb('attempts', '=', claim.attempts), eb('sent_at', 'is', null), eb('failure', 'is', null)]);

/** Sent: the sealed token leaves the row (the person has the link now; the database keeps no way to it). False: the claim was lost. */
export async function markEmailSent(db: Db, claim: EmailClaim): Promise<boolean> {
  const r = await db
    .updateTable('email_outbox')
    .set({ sent_at: sql`now()`, last_error: null, payload: sql<string>`payload - 'sealedToken'` })
    .where(claimed(claim))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function markEmailFailed(db: Db, claim: EmailClaim, error: string) {
  const delay = RETRY_DELAYS_MINUTES[claim.attempts - 1];
  await db
    .updateTable('email_outbox')
    .set({
      last_error: error.slice(0, 1000),
      // After the last retry the row stays, unsent, with its error: visible, never retried again — and its sealed
      // token is dropped, since nothing will send it.
      next_attempt_at: delay === undefined ? sql`'infinity'::timestamptz` : sql`now() + ${sql.lit(`${delay} minutes`)}::interval`,
      ...(delay === undefined ? { payload: sql<string>`payload - 'sealedToken'`, failure: 'gave_up' as const } : {}),
    })
    .where(claimed(claim))
    .execute();
}

/**
 * Never to be sent, whatever the retries left: the mail server refused the recipient for good (`rejected`), or the
 * address is on the suppression list (`suppressed`). Kept with why; its sealed token is dropped.
 */
export async function markEmailUndeliverable(db: Db, claim: EmailClaim, failure: 'rejected' | 'suppressed', error: string) {
  await db
    .updateTable('email_outbox')
    .set({ last_error: error.slice(0, 1000), failure, next_attempt_at: sql`'infinity'::timestamptz`, payload: sql<string>`payload - 'sealedToken'` })
    .where(claimed(claim))
    .execute();
}
