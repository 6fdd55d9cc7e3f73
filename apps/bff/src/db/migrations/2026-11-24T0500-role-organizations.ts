import { sql, type Kysely } from 'kysely';

/** A role may open a listed set of organizations to its holders (without org.access.all). Frozen in time. */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table roles add column organization_ids uuid[] not null default '{}'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table roles drop column if exists organization_ids`.execute(db);
}
