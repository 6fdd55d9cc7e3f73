import { sql, type Kysely } from 'kysely';

/**
 * Sessions a person can recognise (issue 13: the sessions list of `<account-panel>` and the admin's user page): when
 * a session was last used (touched at most once a minute, so a busy session costs one write a minute, not one per
 * request), and the browser and address it was started from. Sessions started before this migration have none of
 * them (null). The checks only bound what a row may hold. Frozen in time.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table sessions
      add column last_used_at timestamptz,
      add column user_agent text check (char_length(user_agent) <= 512),
      add column address text check (char_length(address) <= 64)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table sessions drop column last_used_at, drop column user_agent, drop column address`.execute(db);
}
