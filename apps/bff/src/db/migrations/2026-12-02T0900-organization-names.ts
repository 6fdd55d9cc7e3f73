import { sql, type Kysely } from 'kysely';

/**
 * Organization names are unique per tenant without regard to case, now that the API creates and renames them.
 * Names written before the API existed are brought to the form the contract gives every new name (NFC, trimmed,
 * inner whitespace as one space); a name that then collides with another of its tenant keeps a short suffix of
 * its id, so the migration never fails on existing data. The index has a name of its own, which the
 * organizations service maps to 409 on `["body", "name"]`. Frozen in time.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists organizations_tenant_name`.execute(db);
  await sql`
    update organizations
       set name = normalize(btrim(regexp_replace(name, '\\s+', ' ', 'g')), NFC)
     where name <> normalize(btrim(regexp_replace(name, '\\s+', ' ', 'g')), NFC)`.execute(db);
  await sql`
    update organizations o
       set name = o.name || ' (' || left(o.id::text, 8) || ')'
      from (select id, row_number() over (partition by tenant_id, lower(name) order by created_at, id) as n from organizations) d
     where d.id = o.id and d.n > 1`.execute(db);
  await sql`create unique index organizations_tenant_name_ci on organizations (tenant_id, lower(name))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists organizations_tenant_name_ci`.execute(db);
  await sql`create unique index organizations_tenant_name on organizations (tenant_id, lower(name))`.execute(db);
}
