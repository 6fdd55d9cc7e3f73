import { sql, type Kysely } from 'kysely';

/**
 * A user's `updatedAt` (and change sequence, 2026-12-12T1100-change-feed) also moves when what `GET /v1/users/:id`
 * shows besides the row changes: the explicit permissions and the access groups (`PUT /v1/users/:id/roles`,
 * `PUT /v1/users/:id/access-groups`). The same statement-level function as for role assignments marks the holders,
 * once per statement and only those the transaction has not marked already.
 */
const TABLES = ['user_permissions', 'user_access_groups'] as const;

export async function up(db: Kysely<any>): Promise<void> {
  for (const table of TABLES) {
    await sql`
      create trigger ${sql.raw(`${table}_added`)} after insert on ${sql.table(table)} referencing new table as changed
        for each statement execute function roster_mark_role_holders_changed()`.execute(db);
    await sql`
      create trigger ${sql.raw(`${table}_removed`)} after delete on ${sql.table(table)} referencing old table as changed
        for each statement execute function roster_mark_role_holders_changed()`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of TABLES) {
    await sql`drop trigger if exists ${sql.raw(`${table}_added`)} on ${sql.table(table)}`.execute(db);
    await sql`drop trigger if exists ${sql.raw(`${table}_removed`)} on ${sql.table(table)}`.execute(db);
  }
}
