import { sql, type Kysely } from 'kysely';

/** Account lifecycle: one-time tokens, sessions, the email outbox, TOTP state. Frozen in time. */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table users
      add column mfa_secret_encrypted text,
      add column mfa_last_step bigint,
      add column pending_email text,
      add column credential_reset_required boolean not null default false
  `.execute(db);

  // Invitation, password-reset and email-change links: single use, stored as SHA-256 of a 256-bit token.
  await sql`
    create table one_time_tokens (
      id uuid primary key default gen_random_uuid(),
      tenant_id uuid not null,
      user_id uuid not null,
      purpose text not null check (purpose in ('invitation', 'password_reset', 'email_change', 'mfa_enrolment')),
      token_hash text not null unique,
      data jsonb,
      expires_at timestamptz not null,
      used_at timestamptz,
      created_at timestamptz not null default now(),
      foreign key (tenant_id, user_id) references users (tenant_id, id) on delete cascade
    )`.execute(db);
  await sql`create index one_time_tokens_user on one_time_tokens (user_id, purpose) where used_at is null`.execute(db);

  await sql`
    create table sessions (
      id uuid primary key default gen_random_uuid(),
      tenant_id uuid not null,
      user_id uuid not null,
      token_hash text not null unique,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      revoked_at timestamptz,
      foreign key (tenant_id, user_id) references users (tenant_id, id) on delete cascade
    )`.execute(db);
  await sql`create index sessions_user on sessions (user_id) where revoked_at is null`.execute(db);

  // Transactional outbox: written in the same transaction as the change; a sender delivers it with retries.
  await sql`
    create table email_outbox (
      id bigint generated always as identity primary key,
      tenant_id uuid not null references tenants(id) on delete cascade,
      user_id uuid,
      template text not null,
      to_address text not null,
      subject text not null,
      text_body text not null,
      html_body text not null,
      created_at timestamptz not null default now(),
      attempts integer not null default 0,
      next_attempt_at timestamptz not null default now(),
      last_error text,
      sent_at timestamptz
    )`.execute(db);
  await sql`create index email_outbox_due on email_outbox (next_attempt_at) where sent_at is null`.execute(db);
  await sql`create index email_outbox_tenant on email_outbox (tenant_id, id desc)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists email_outbox`.execute(db);
  await sql`drop table if exists sessions`.execute(db);
  await sql`drop table if exists one_time_tokens`.execute(db);
  await sql`alter table users drop column if exists mfa_secret_encrypted, drop column if exists mfa_last_step, drop column if exists pending_email, drop column if exists credential_reset_required`.execute(db);
}
