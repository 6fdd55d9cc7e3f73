import { sql, type Kysely } from 'kysely';

/**
 * Timed suspension (issue 17): an admin suspends a user with a reason and, optionally, an end time. Unlike
 * deactivation it keeps the seat and the tickets; the user cannot sign in while it lasts. It ends at
 * `suspended_until` by itself: every check compares it with `now()`, so no job is needed for it to be lifted. A
 * suspension is whole — its start and reason together — and its end comes after its start. The list's `suspended=true`
 * filter reads a partial index of the few suspended rows (in the list's default order) instead of the whole tenant;
 * the tidy worker finds the suspensions past their end by another (across tenants, by end).
 * Frozen in time.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table users
      add column suspended_at timestamptz,
      add column suspended_until timestamptz,
      add column suspension_reason text check (char_length(suspension_reason) between 1 and 500),
      add constraint users_suspension_whole check (
        (suspended_at is null) = (suspension_reason is null)
        and (suspended_until is null or (suspended_at is not null and suspended_until > suspended_at)))`.execute(db);
  await sql`create index users_suspension_ends on users (suspended_until) where suspended_until is not null`.execute(db);
  await sql`create index users_suspended on users (tenant_id, last_name_key, first_name_key, id) where suspended_at is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists users_suspended`.execute(db);
  await sql`drop index if exists users_suspension_ends`.execute(db);
  await sql`alter table users drop constraint users_suspension_whole, drop column suspended_at, drop column suspended_until, drop column suspension_reason`.execute(db);
}
