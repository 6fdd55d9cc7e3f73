import { sql, type Kysely } from 'kysely';

/**
 * Deleting a user cascades into one_time_tokens and sessions by user_id; the partial indexes (unused tokens, live
 * sessions) cannot serve that delete, so every deleted user scanned both tables. Full indexes serve the cascade
 * and the queries the partial ones served, without adding an index to maintain. Frozen in time.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists one_time_tokens_user`.execute(db);
  await sql`create index one_time_tokens_user on one_time_tokens (user_id, purpose)`.execute(db);
  await sql`drop index if exists sessions_user`.execute(db);
  await sql`create index sessions_user on sessions (user_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists one_time_tokens_user`.execute(db);
  await sql`create index one_time_tokens_user on one_time_tokens (user_id, purpose) where used_at is null`.execute(db);
  await sql`drop index if exists sessions_user`.execute(db);
  await sql`create index sessions_user on sessions (user_id) where revoked_at is null`.execute(db);
}
