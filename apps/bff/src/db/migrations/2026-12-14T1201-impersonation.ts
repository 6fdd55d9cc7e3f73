import { sql, type Kysely } from 'kysely';

/**
 * Impersonation ("view as", issue 17). A session may be started by an administrator for an end user: it names them
 * (`impersonator_id`) and works only once its single-use landing link was opened (`landed_at`; until then its hash is
 * the link's, which the gate refuses as a cookie). Every audit entry written in such a session names the administrator
 * beside the user it acts as. Frozen in time.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table sessions add column impersonator_id uuid, add column landed_at timestamptz`.execute(db);
  await sql`alter table audit_events add column impersonator_id uuid`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table audit_events drop column impersonator_id`.execute(db);
  await sql`alter table sessions drop column landed_at, drop column impersonator_id`.execute(db);
}
