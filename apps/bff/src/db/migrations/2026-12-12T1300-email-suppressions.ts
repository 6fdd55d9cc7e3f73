import { sql, type Kysely } from 'kysely';

/**
 * The suppression list (seed 004): per tenant, the addresses no email goes to — refused for good by the mail server
 * (SMTP 5xx on the recipient: `bounce`) or put there by an admin (`admin`). Addresses are stored as users' emails
 * are compared (`normalizeEmail`: NFC, trimmed, lower case, domain in ASCII), one row per tenant and address. A tenant
 * table: row-level security as every other (see the row-level-security migration).
 *
 * The outbox says why a message was never sent: `failure` is `rejected` (the server refused the recipient for good),
 * `suppressed` (the address was on the list, nothing was sent) or `gave_up` (retries ran out); null while it is
 * queued or once sent. Messages given up before this migration are marked `gave_up`. Frozen in time.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table email_suppressions (
      tenant_id uuid not null references tenants(id) on delete cascade,
      address text not null,
      reason text not null,
      source text not null check (source in ('bounce', 'admin')),
      created_at timestamptz not null default now(),
      primary key (tenant_id, address)
    )`.execute(db);
  await sql`create index email_suppressions_newest on email_suppressions (tenant_id, created_at desc, address)`.execute(db);
  await sql`alter table email_suppressions enable row level security`.execute(db);
  await sql`alter table email_suppressions force row level security`.execute(db);
  await sql`
    create policy tenant_isolation on email_suppressions to roster_app
      using (tenant_id = nullif(current_setting('roster.tenant_id', true), '')::uuid)
      with check (tenant_id = nullif(current_setting('roster.tenant_id', true), '')::uuid)`.execute(db);
  await sql`create policy platform on email_suppressions to current_user using (true) with check (true)`.execute(db);
  await sql`grant select, insert, update, delete on email_suppressions to roster_app`.execute(db);

  await sql`alter table email_outbox add column failure text check (failure in ('rejected', 'suppressed', 'gave_up'))`.execute(db);
  await sql`update email_outbox set failure = 'gave_up' where sent_at is null and next_attempt_at = 'infinity'::timestamptz`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table email_outbox drop column failure`.execute(db);
  await sql`drop table email_suppressions`.execute(db);
}
