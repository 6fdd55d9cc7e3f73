import { sql, type Kysely } from 'kysely';

/** Access groups (seed 004): named, active or inactive sets of modules; users belong to groups. Frozen in time. */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table access_groups (
      id uuid primary key default gen_random_uuid(),
      tenant_id uuid not null references tenants(id) on delete cascade,
      name text not null,
      active boolean not null default true,
      modules text[] not null default '{}',
      created_at timestamptz not null default now(),
      unique (tenant_id, id)
    )`.execute(db);
  await sql`create unique index access_groups_tenant_name on access_groups (tenant_id, name)`.execute(db);
  await sql`
    create table user_access_groups (
      tenant_id uuid not null,
      user_id uuid not null,
      group_id uuid not null,
      primary key (user_id, group_id),
      foreign key (tenant_id, user_id) references users (tenant_id, id) on delete cascade,
      foreign key (tenant_id, group_id) references access_groups (tenant_id, id) on delete cascade
    )`.execute(db);
  await sql`alter table users add column all_modules boolean not null default true`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table users drop column if exists all_modules`.execute(db);
  await sql`drop table if exists user_access_groups`.execute(db);
  await sql`drop table if exists access_groups`.execute(db);
}
