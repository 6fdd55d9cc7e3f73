import { sql, type Kysely } from 'kysely';

/**
 * Text-message sign-in (issue 14): the SMS outbox, written in the transaction of the change that sends a code, and
 * two one-time-token purposes. A message keeps its body sealed (`sealed_body`: SecretBox, bound to the row's tenant,
 * user and number — it carries a live code) until it is sent or given up, then the body is dropped. `sms_code` is a
 * sent code (its keyed hash, the number and the wrong tries in `data`), `sms_enrolment` the ticket of setting the
 * method up. A tenant table: row-level security as every other. Frozen in time.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table sms_outbox (
      id bigint generated always as identity primary key,
      tenant_id uuid not null references tenants(id) on delete cascade,
      user_id uuid,
      to_number text not null check (to_number ~ '^\\+[1-9][0-9]{6,14}$'),
      purpose text not null check (purpose in ('sign_in_code')),
      sealed_body text,
      created_at timestamptz not null default now(),
      attempts integer not null default 0,
      next_attempt_at timestamptz not null default now(),
      last_error text,
      sent_at timestamptz
    )`.execute(db);
  await sql`create index sms_outbox_due on sms_outbox (next_attempt_at) where sent_at is null`.execute(db);
  await sql`create index sms_outbox_tenant on sms_outbox (tenant_id, id desc)`.execute(db);
  await sql`alter table sms_outbox enable row level security`.execute(db);
  await sql`alter table sms_outbox force row level security`.execute(db);
  await sql`
    create policy tenant_isolation on sms_outbox to roster_app
      using (tenant_id = nullif(current_setting('roster.tenant_id', true), '')::uuid)
      with check (tenant_id = nullif(current_setting('roster.tenant_id', true), '')::uuid)`.execute(db);
  await sql`create policy platform on sms_outbox to current_user using (true) with check (true)`.execute(db);
  await sql`grant select, insert, update, delete on sms_outbox to roster_app`.execute(db);
  await sql`grant usage, select on all sequences in schema public to roster_app`.execute(db);
  await sql`alter table one_time_tokens drop constraint one_time_tokens_purpose_check`.execute(db);
  await sql`
    alter table one_time_tokens add constraint one_time_tokens_purpose_check
      check (purpose in ('invitation', 'password_reset', 'email_change', 'mfa_enrolment', 'webauthn_registration', 'webauthn_authentication', 'sms_code', 'sms_enrolment'))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table sms_outbox`.execute(db);
  await sql`delete from one_time_tokens where purpose in ('sms_code', 'sms_enrolment')`.execute(db);
  await sql`alter table one_time_tokens drop constraint one_time_tokens_purpose_check`.execute(db);
  await sql`
    alter table one_time_tokens add constraint one_time_tokens_purpose_check
      check (purpose in ('invitation', 'password_reset', 'email_change', 'mfa_enrolment', 'webauthn_registration', 'webauthn_authentication'))`.execute(db);
}
