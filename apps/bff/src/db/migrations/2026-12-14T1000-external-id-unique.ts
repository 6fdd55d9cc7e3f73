import { sql, type Kysely } from 'kysely';

/**
 * Migrating in (issue H17a): a user's `external_id` — the id in the system the users come from, given by SCIM or a
 * bulk import — is unique per tenant, so `GET /v1/users?externalId=` finds one user and an import can refuse a
 * second. The SCIM migration's plain index becomes a unique one (partial: most users have none). Frozen in time.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create unique index users_external_id_unique on users (tenant_id, external_id) where external_id is not null`.execute(db);
  await sql`drop index if exists users_external_id`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`create index users_external_id on users (tenant_id, external_id) where external_id is not null`.execute(db);
  await sql`drop index if exists users_external_id_unique`.execute(db);
}
