import { sql, type Kysely } from 'kysely';

/** Frozen in time: never import application code here. */
export async function up(db: Kysely<any>): Promise<void> {
  // pg_trgm makes substring search use an index; where it is not available the search still works, by scanning.
  const trgm = await sql<{ n: number }>`select count(*)::int as n from pg_available_extensions where name = 'pg_trgm'`.execute(db);
  const hasTrgm = (trgm.rows[0]?.n ?? 0) > 0;
  if (hasTrgm) await sql`create extension if not exists pg_trgm`.execute(db);

  await sql`
    create table tenants (
      id uuid primary key default gen_random_uuid(),
      name text not null,
      profile jsonb not null,
      created_at timestamptz not null default now()
    )`.execute(db);

  await sql`
    create table organizations (
      id uuid primary key default gen_random_uuid(),
      tenant_id uuid not null references tenants(id) on delete cascade,
      name text not null,
      created_at timestamptz not null default now(),
      unique (tenant_id, id)
    )`.execute(db);
  await sql`create unique index organizations_tenant_name on organizations (tenant_id, lower(name))`.execute(db);

  await sql`
    create table users (
      id uuid primary key default gen_random_uuid(),
      tenant_id uuid not null references tenants(id) on delete cascade,
      kind text not null check (kind in ('technician', 'end_user')),
      organization_id uuid,
      first_name text not null,
      last_name text not null,
      email text not null,
      email_normalized text not null,
      username text,
      username_normalized text,
      phone text,
      language text not null default 'en',
      idle_warning_minutes integer not null default 60 check (idle_warning_minutes between 1 and 1440),
      show_getting_started boolean not null default true,
      ticket_page_accessibility boolean not null default false,
      availability text check (availability in ('available', 'out_of_office')),
      notification_preferences jsonb not null default '{}',
      status text not null check (status in ('invited', 'active', 'deactivated', 'locked_out')),
      mfa_state text not null default 'not_enrolled' check (mfa_state in ('not_enrolled', 'enrolled')),
      is_root_admin boolean not null default false,
      password_hash text,
      sessions_valid_after timestamptz not null default now(),
      failed_login_count integer not null default 0,
      locked_until timestamptz,
      invitation_expires_at timestamptz,
      last_login_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      first_name_key text generated always as (lower(first_name)) stored,
      last_name_key text generated always as (lower(last_name)) stored,
      username_key text generated always as (coalesce(username_normalized, email_normalized)) stored,
      search_text text generated always as (
        lower(first_name || ' ' || last_name || ' ' || email || ' ' || coalesce(username, ''))
      ) stored,
      unique (tenant_id, id),
      foreign key (tenant_id, organization_id) references organizations (tenant_id, id),
      check (kind = 'technician' or organization_id is not null)
    )`.execute(db);
  await sql`create unique index users_tenant_email on users (tenant_id, email_normalized)`.execute(db);
  await sql`create unique index users_tenant_username on users (tenant_id, username_normalized) where username_normalized is not null`.execute(db);
  await sql`create unique index users_one_root_admin on users (tenant_id) where is_root_admin`.execute(db);
  // Keyset paging: one index per sortable column, with id as the tie-breaker.
  await sql`create index users_sort_first_name on users (tenant_id, first_name_key, id)`.execute(db);
  await sql`create index users_sort_last_name on users (tenant_id, last_name_key, id)`.execute(db);
  await sql`create index users_sort_username on users (tenant_id, username_key, id)`.execute(db);
  await sql`create index users_sort_status on users (tenant_id, status, id)`.execute(db);
  await sql`create index users_sort_mfa on users (tenant_id, mfa_state, id)`.execute(db);
  await sql`create index users_sort_created on users (tenant_id, created_at, id)`.execute(db);
  await sql`create index users_org_last_name on users (tenant_id, organization_id, last_name_key, id)`.execute(db);
  if (hasTrgm) {
    await sql`create index users_search_trgm on users using gin (search_text gin_trgm_ops)`.execute(db);
  }

  await sql`
    create table roles (
      id uuid primary key default gen_random_uuid(),
      tenant_id uuid not null references tenants(id) on delete cascade,
      key text,
      name text not null,
      description text not null default '',
      permissions text[] not null default '{}',
      created_at timestamptz not null default now(),
      unique (tenant_id, id)
    )`.execute(db);
  await sql`create unique index roles_tenant_name on roles (tenant_id, lower(name))`.execute(db);
  await sql`create unique index roles_tenant_key on roles (tenant_id, key) where key is not null`.execute(db);

  await sql`
    create table role_assignments (
      tenant_id uuid not null,
      user_id uuid not null,
      role_id uuid not null,
      created_at timestamptz not null default now(),
      primary key (user_id, role_id),
      foreign key (tenant_id, user_id) references users (tenant_id, id) on delete cascade,
      foreign key (tenant_id, role_id) references roles (tenant_id, id) on delete restrict
    )`.execute(db);
  await sql`create index role_assignments_role on role_assignments (role_id, user_id)`.execute(db);

  await sql`
    create table user_permissions (
      tenant_id uuid not null,
      user_id uuid not null,
      permission text not null,
      primary key (user_id, permission),
      foreign key (tenant_id, user_id) references users (tenant_id, id) on delete cascade
    )`.execute(db);

  await sql`
    create table oauth_clients (
      id uuid primary key default gen_random_uuid(),
      tenant_id uuid not null references tenants(id) on delete cascade,
      client_id text not null unique,
      secret_hash text not null,
      name text not null,
      scopes text[] not null,
      created_at timestamptz not null default now(),
      revoked_at timestamptz
    )`.execute(db);

  await sql`
    create table audit_events (
      id bigint generated always as identity primary key,
      tenant_id uuid not null references tenants(id) on delete cascade,
      actor_type text not null,
      actor_id text,
      action text not null,
      target_type text,
      target_id text,
      before jsonb,
      after jsonb,
      request_id text,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index audit_events_tenant_time on audit_events (tenant_id, id desc)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['audit_events', 'oauth_clients', 'user_permissions', 'role_assignments', 'roles', 'users', 'organizations', 'tenants']) {
    await sql`drop table if exists ${sql.table(table)}`.execute(db);
  }
}
