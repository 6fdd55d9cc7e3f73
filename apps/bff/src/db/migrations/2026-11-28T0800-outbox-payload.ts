import { sql, type Kysely } from 'kysely';

/**
 * An outbox message may keep its template's parameters instead of its rendered text and HTML: a bulk import of
 * 100,000 invitations writes ~200 bytes per message instead of ~2 KB, and the sender renders each one when it
 * sends it. Frozen in time.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table email_outbox add column payload jsonb`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table email_outbox drop column if exists payload`.execute(db);
}
