import { sql, type Kysely } from 'kysely';

/**
 * The default sort's index also carries search_text, so a substring search on the default sort walks the index
 * in order and checks each entry without visiting the table (index-only), stopping after one page of matches.
 * Frozen in time.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index users_sort_last_name_search on users (tenant_id, last_name_key, id) include (search_text)`.execute(db);
  await sql`drop index users_sort_last_name`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`create index users_sort_last_name on users (tenant_id, last_name_key, id)`.execute(db);
  await sql`drop index users_sort_last_name_search`.execute(db);
}
