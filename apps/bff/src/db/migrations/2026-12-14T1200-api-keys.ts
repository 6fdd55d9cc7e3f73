import { sql, type Kysely } from 'kysely';

/**
 * API keys (issue 17): a tenant's scripts call the API with a static bearer scoped like an OAuth app. Only the key's
 * SHA-256 is kept (found by it across tenants, as a session is), with its first characters to recognise it by; it
 * expires, may be revoked, and records when it was last used. A key bound to an organization dies with it (the
 * organization's deletion revokes nothing else that would keep a dangling binding). Frozen in time.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table api_keys (
      id uuid primary key default gen_random_uuid(),
      tenant_id uuid not null references tenants(id) on delete cascade,
      name text not null check (char_length(name) between 1 and 100),
      prefix text not null,
      key_hash text not null unique,
      scopes text[] not null,
      organization_id uuid,
      expires_at timestamptz not null,
      created_by text,
      created_at timestamptz not null default now(),
      last_used_at timestamptz,
      revoked_at timestamptz,
      unique (tenant_id, id),
      foreign key (tenant_id, organization_id) references organizations (tenant_id, id) on delete cascade
    )`.execute(db);
  await sql`create index api_keys_tenant on api_keys (tenant_id, created_at, id)`.execute(db);
  await sql`alter table api_keys enable row level security`.execute(db);
  await sql`alter table api_keys force row level security`.execute(db);
  await sql`
    create policy tenant_isolation on api_keys to roster_app
      using (tenant_id = nullif(current_setting('roster.tenant_id', true), '')::uuid)
      with check (tenant_id = nullif(current_setting('roster.tenant_id', true), '')::uuid)`.execute(db);
  await sql`create policy platform on api_keys to current_user using (true) with check (true)`.execute(db);
  await sql`grant select, insert, update, delete on api_keys to roster_app`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists api_keys`.execute(db);
}
