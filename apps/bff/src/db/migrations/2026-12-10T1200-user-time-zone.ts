import { sql, type Kysely } from 'kysely';

/**
 * A user's time zone (issue 14: notification schedules — working hours, custom days and hours — are read in it): an
 * IANA name, checked by the contract (`timeZoneSchema`) before it is written; `UTC` for everyone until they choose.
 * The check only bounds what a row may hold. Stored notification preferences are not rewritten: what a field added
 * since lacks is filled in when they are read (`readNotificationPreferences`, users.repository's
 * `notificationPreferencesJson`). Frozen in time.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table users add column time_zone text not null default 'UTC' check (char_length(time_zone) between 1 and 64)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table users drop column time_zone`.execute(db);
}
