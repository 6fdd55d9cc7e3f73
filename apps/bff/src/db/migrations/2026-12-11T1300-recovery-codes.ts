import { sql, type Kysely } from 'kysely';

/**
 * Recovery codes (issue 14): ten single-use codes per user, for every sign-in method, accepted at sign-in in place of
 * the second factor. Only their SHA-256 hashes are stored (each code carries 50 random bits and is tried under the
 * sign-in's rate limit and lockout); `used_at` marks a spent one. A new set replaces the old (delete, insert). A tenant
 * table: row-level security as every other (see the row-level-security migration). Frozen in time.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table recovery_codes (
      id uuid primary key default gen_random_uuid(),
      tenant_id uuid not null,
      user_id uuid not null,
      code_hash text not null,
      created_at timestamptz not null default now(),
      used_at timestamptz,
      unique (tenant_id, user_id, code_hash),
      foreign key (tenant_id, user_id) references users (tenant_id, id) on delete cascade
    )`.execute(db);
  await sql`alter table recovery_codes enable row level security`.execute(db);
  await sql`alter table recovery_codes force row level security`.execute(db);
  await sql`
    create policy tenant_isolation on recovery_codes to roster_app
      using (tenant_id = nullif(current_setting('roster.tenant_id', true), '')::uuid)
      with check (tenant_id = nullif(current_setting('roster.tenant_id', true), '')::uuid)`.execute(db);
  await sql`create policy platform on recovery_codes to current_user using (true) with check (true)`.execute(db);
  await sql`grant select, insert, update, delete on recovery_codes to roster_app`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table recovery_codes`.execute(db);
}
