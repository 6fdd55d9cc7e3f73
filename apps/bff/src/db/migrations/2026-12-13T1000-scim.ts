import { sql, type Kysely } from 'kysely';

/**
 * SCIM 2.0 (issue 15): the identity provider's own id of a user it provisions (`externalId`, kept as sent, at most 255
 * characters, looked up per tenant), and whether an app with the `scim` scope sends the invitation email to the users
 * it provisions (default: no). Frozen in time.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table users
      add column external_id text,
      add constraint users_external_id_length check (char_length(external_id) between 1 and 255)`.execute(db);
  await sql`create index users_external_id on users (tenant_id, external_id) where external_id is not null`.execute(db);
  await sql`alter table oauth_clients add column scim_send_invitations boolean not null default false`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table oauth_clients drop column scim_send_invitations`.execute(db);
  await sql`drop index if exists users_external_id`.execute(db);
  await sql`alter table users drop constraint users_external_id_length, drop column external_id`.execute(db);
}
