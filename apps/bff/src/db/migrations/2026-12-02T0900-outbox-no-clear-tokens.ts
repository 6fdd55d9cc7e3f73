import { sql, type Kysely } from 'kysely';

/**
 * Outbox messages written before link tokens were sealed kept them in clear: in their text and HTML bodies, or (bulk
 * imports) as `payload.token`. A migration has no key to seal them, and a token that has been in the database in
 * clear may be in a backup, a replica or a dump too. So every such message loses its link (bodies emptied, the
 * token removed from its payload; a queued one is not sent any more, with a note in `last_error`), and every
 * outstanding invitation, reset and email-change token — all of them were written to the outbox in clear — is
 * expired. Invited users show as "invitation expired" and are invited again from the user list; a reset or an email
 * change is asked for again. Frozen in time.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    update email_outbox
       set text_body = '', html_body = '', payload = payload - 'token',
           next_attempt_at = case when sent_at is null then 'infinity'::timestamptz else next_attempt_at end,
           last_error = case when sent_at is null then 'Not sent: written before link tokens were sealed, its link was removed and its token expired (2026-12-02). Send it again.' else last_error end
     where payload ->> 'token' is not null or text_body like '%token=%' or html_body like '%token=%'`.execute(db);
  await sql`
    update users set invitation_expires_at = now()
     where status = 'invited' and invitation_expires_at > now()
       and (tenant_id, id) in (select tenant_id, user_id from one_time_tokens where purpose = 'invitation' and used_at is null and expires_at > now())`.execute(db);
  await sql`
    update one_time_tokens set expires_at = now()
     where used_at is null and expires_at > now() and purpose in ('invitation', 'password_reset', 'email_change')`.execute(db);
}

export async function down(): Promise<void> {
  // Nothing to restore: the removed tokens are gone by design.
}
