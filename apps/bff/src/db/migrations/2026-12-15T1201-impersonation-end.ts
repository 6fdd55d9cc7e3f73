import { sql, type Kysely } from 'kysely';

/**
 * The end of a "view as" session is audited once (`user.impersonation_ended`), whichever way it ends: signed out or
 * ended by an administrator (audited by that request), or run out of time or revoked some other way (audited by the
 * tidy worker). `impersonation_end_audited_at` says it was; the partial index holds only the "view as" sessions whose
 * end is still to be audited, so the worker's round reads a handful of rows whatever the sessions table holds.
 * Frozen in time.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table sessions add column impersonation_end_audited_at timestamptz`.execute(db);
  await sql`create index sessions_impersonation_end_due on sessions (expires_at) where impersonator_id is not null and impersonation_end_audited_at is null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists sessions_impersonation_end_due`.execute(db);
  await sql`alter table sessions drop column impersonation_end_audited_at`.execute(db);
}
