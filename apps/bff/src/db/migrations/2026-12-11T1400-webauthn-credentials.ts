import { sql, type Kysely } from 'kysely';

/**
 * Security keys and passkeys (issue 14, WebAuthn): several per user, each with the credential id and COSE public key
 * the authenticator gave (base64url), the signature counter last seen (a counter that goes back is refused), the
 * transports it said it has, a name the person chose, and when it was registered and last used. The ceremonies'
 * challenges live server-side in one_time_tokens (single-use, short-lived, by the hash of a ticket), under two new
 * purposes. A tenant table: row-level security as every other. Frozen in time.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table webauthn_credentials (
      id uuid primary key default gen_random_uuid(),
      tenant_id uuid not null,
      user_id uuid not null,
      credential_id text not null check (char_length(credential_id) between 1 and 1400),
      public_key text not null,
      counter bigint not null default 0 check (counter >= 0),
      transports text[] not null default '{}',
      name text not null check (char_length(name) between 1 and 100),
      created_at timestamptz not null default now(),
      last_used_at timestamptz,
      unique (tenant_id, credential_id),
      foreign key (tenant_id, user_id) references users (tenant_id, id) on delete cascade
    )`.execute(db);
  await sql`create index webauthn_credentials_user on webauthn_credentials (tenant_id, user_id)`.execute(db);
  await sql`alter table webauthn_credentials enable row level security`.execute(db);
  await sql`alter table webauthn_credentials force row level security`.execute(db);
  await sql`
    create policy tenant_isolation on webauthn_credentials to roster_app
      using (tenant_id = nullif(current_setting('roster.tenant_id', true), '')::uuid)
      with check (tenant_id = nullif(current_setting('roster.tenant_id', true), '')::uuid)`.execute(db);
  await sql`create policy platform on webauthn_credentials to current_user using (true) with check (true)`.execute(db);
  await sql`grant select, insert, update, delete on webauthn_credentials to roster_app`.execute(db);
  await sql`alter table one_time_tokens drop constraint one_time_tokens_purpose_check`.execute(db);
  await sql`
    alter table one_time_tokens add constraint one_time_tokens_purpose_check
      check (purpose in ('invitation', 'password_reset', 'email_change', 'mfa_enrolment', 'webauthn_registration', 'webauthn_authentication'))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table webauthn_credentials`.execute(db);
  await sql`delete from one_time_tokens where purpose in ('webauthn_registration', 'webauthn_authentication')`.execute(db);
  await sql`alter table one_time_tokens drop constraint one_time_tokens_purpose_check`.execute(db);
  await sql`alter table one_time_tokens add constraint one_time_tokens_purpose_check check (purpose in ('invitation', 'password_reset', 'email_change', 'mfa_enrolment'))`.execute(db);
}
