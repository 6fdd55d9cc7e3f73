import { sql, type Kysely } from 'kysely';

/**
 * Built-in roles named as each seed document names them (issue 14). Profiles get three fields: `builtInRoles` (the
 * built-in roles a tenant has, by key), `rolesPerUser` and `groupNameMatch`. A KaseyaOne tenant — one whose stored
 * profile has the kaseyaone preset's field limits (names ≤ 48, usernames ≤ 50, emails ≤ 100; stored profiles carry
 * no preset name) — has no "System Administrator" and no Beginner (seed 004): its System Administrator becomes
 * Admin (key `admin`; a custom role already named Admin is renamed "Admin (custom role)" first, role names being
 * unique in a tenant), and its Beginner is deleted where nobody holds it; where someone does, Beginner stays (it is
 * never taken from a person by a migration) and stays in the tenant's `builtInRoles`, so that an admin can move
 * its holders to another role. A KaseyaOne tenant gets one role per user and exact group names; every other tenant
 * many roles and group names in any case, as before. Every tenant's `builtInRoles` is the built-in roles it has
 * after this. The Root Admin role's description names the operator's promotion route. Frozen in time.
 */
const KASEYAONE = sql`(t.profile->>'nameMaxLength' = '48' and t.profile->>'usernameMaxLength' = '50' and t.profile->>'emailMaxLength' = '100')`;
const ORDER = sql`array['root_admin', 'system_admin', 'admin', 'billing', 'user', 'co_managed_user', 'beginner']`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    update roles r set name = r.name || ' (custom role)'
      from tenants t
     where r.tenant_id = t.id and ${KASEYAONE} and r.key is null and lower(r.name) = 'admin'`.execute(db);
  await sql`
    update roles r set key = 'admin', name = 'Admin',
           description = 'Access to all areas: adds and edits all users, assigns roles, manages billing, subscriptions and integrations.'
      from tenants t
     where r.tenant_id = t.id and ${KASEYAONE} and r.key = 'system_admin'`.execute(db);
  await sql`
    delete from roles r using tenants t
     where r.tenant_id = t.id and ${KASEYAONE} and r.key = 'beginner'
       and not exists (select 1 from role_assignments ra where ra.tenant_id = r.tenant_id and ra.role_id = r.id)`.execute(db);
  // The Root Admin's description names the operator's route, the only way its holder changes.
  await sql`
    update roles set description = ${'The first user of the tenant. Holds every permission; cannot be deleted, deactivated or given other roles until the platform operator makes another active admin the Root Admin (POST /v1/platform/tenants/:tenantId/root-admin).'}
     where key = 'root_admin'`.execute(db);
  await sql`
    update tenants t set profile = t.profile || jsonb_build_object(
      'builtInRoles', coalesce((select jsonb_agg(r.key order by array_position(${ORDER}, r.key)) from roles r where r.tenant_id = t.id and r.key is not null), '[]'::jsonb),
      'rolesPerUser', case when ${KASEYAONE} then 'one' else 'many' end,
      'groupNameMatch', case when ${KASEYAONE} then 'exact' else 'any_case' end)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    update roles set key = 'system_admin', name = 'System Administrator',
           description = 'Full access: adds and edits all users, assigns roles, manages billing and integrations.'
     where key = 'admin'`.execute(db);
  await sql`
    insert into roles (tenant_id, key, name, description, permissions)
    select t.id, 'beginner', 'Beginner', 'May do nothing. Given to new technicians where the profile says so; changeable after first login.', '{}'
      from tenants t where not exists (select 1 from roles r where r.tenant_id = t.id and r.key = 'beginner')`.execute(db);
  await sql`
    update roles set description = 'The first user of the tenant. Holds every permission; cannot be deleted, deactivated or re-roled except by promoting another user.'
     where key = 'root_admin'`.execute(db);
  await sql`update tenants set profile = profile - 'builtInRoles' - 'rolesPerUser' - 'groupNameMatch'`.execute(db);
}
