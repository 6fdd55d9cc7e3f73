import { sql, type Kysely } from 'kysely';

/**
 * White-label (issue 12): a tenant's branding — product name, logo URL, accent colour, email sender name — and the
 * base of the links in its emails (`link_base_url`, an MSP's own domain; set by the operator only). Null means "not
 * set": the product's own name and ROSTER_PUBLIC_URL. The field rules live in the contract; the checks here only
 * bound what a row may hold. Each outbox message keeps the From display name it is sent with (`from_name`), fixed
 * when it is written, like its link base. The built-in admin roles of existing tenants get the new `tenant.manage`
 * permission (new tenants get it from the catalogue). Frozen in time.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table tenants
      add column product_name text check (char_length(product_name) between 1 and 60),
      add column logo_url text check (char_length(logo_url) <= 2048 and logo_url like 'https://%'),
      add column accent_color text check (accent_color ~ '^#[0-9a-f]{6}$'),
      add column sender_name text check (char_length(sender_name) between 1 and 60 and sender_name !~ '[\\r\\n<>"]'),
      add column link_base_url text check (char_length(link_base_url) <= 512 and link_base_url like 'https://%')`.execute(db);
  await sql`alter table email_outbox add column from_name text`.execute(db);
  await sql`
    update roles set permissions = array_append(permissions, 'tenant.manage')
     where key in ('root_admin', 'system_admin') and not ('tenant.manage' = any(permissions))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`update roles set permissions = array_remove(permissions, 'tenant.manage') where key in ('root_admin', 'system_admin')`.execute(db);
  await sql`alter table email_outbox drop column from_name`.execute(db);
  await sql`
    alter table tenants
      drop column product_name, drop column logo_url, drop column accent_color, drop column sender_name, drop column link_base_url`.execute(db);
}
