import { sql, type Kysely } from 'kysely';

/**
 * OAuth apps a tenant manages (issue 15): an app may be bound to one organization (its tokens then see that
 * organization only); it records when it last got a token; a rotated secret keeps working until its grace period
 * ends (only its hash is kept, like the current one's). Deleting an organization leaves a revoked app unbound; an
 * active app bound to it keeps the organization from being deleted (the service says so first). Frozen in time.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table oauth_clients
      add column organization_id uuid,
      add column last_used_at timestamptz,
      add column previous_secret_hash text,
      add column previous_secret_expires_at timestamptz,
      add column secret_rotated_at timestamptz,
      add column created_by text,
      add constraint oauth_clients_organization foreign key (tenant_id, organization_id)
        references organizations (tenant_id, id) on delete set null (organization_id),
      add constraint oauth_clients_name_length check (char_length(name) between 1 and 100),
      add constraint oauth_clients_previous_secret check ((previous_secret_hash is null) = (previous_secret_expires_at is null))`.execute(db);
  await sql`create index oauth_clients_tenant on oauth_clients (tenant_id, created_at, id)`.execute(db);
  await sql`create index oauth_clients_organization on oauth_clients (tenant_id, organization_id) where organization_id is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists oauth_clients_organization`.execute(db);
  await sql`drop index if exists oauth_clients_tenant`.execute(db);
  await sql`
    alter table oauth_clients
      drop constraint oauth_clients_previous_secret,
      drop constraint oauth_clients_name_length,
      drop constraint oauth_clients_organization,
      drop column created_by,
      drop column secret_rotated_at,
      drop column previous_secret_expires_at,
      drop column previous_secret_hash,
      drop column last_used_at,
      drop column organization_id`.execute(db);
}
