import { sql } from 'kysely';
import type { Db } from '../create-db.js';

/**
 * An admin is an active user holding, through any role, both `users.deactivate` and `roles.manage`: who can
 * manage people and their access. These queries guard "never remove the last active admin".
 */

/** Serializes admin-changing operations of one tenant (a row lock on the tenant, held until commit). */
export async function lockTenant(trx: Db, tenantId: string): Promise<void> {
  await sql`select id from tenants where id = ${tenantId} for update`.execute(trx);
}

export async function activeAdminCount(db: Db, tenantId: string, excludingUserId: string | null = null): Promise<number> {
  const row = await sql<{ n: number }>`
    select count(distinct u.id)::int as n
    from users u join role_assignments ra on ra.user_id = u.id join roles r on r.id = ra.role_id
    where u.tenant_id = ${tenantId} and u.status = 'active' and u.id is distinct from ${excludingUserId}::uuid
      and r.tenant_id = ${tenantId} and 'users.deactivate' = any(r.permissions) and 'roles.manage' = any(r.permissions)`.execute(db);
  return row.rows[0]?.n ?? 0;
}

export async function isAdmin(db: Db, tenantId: string, userId: string): Promise<boolean> {
  const row = await sql<{ n: number }>`
    select count(*)::int as n from role_assignments ra join roles r on r.id = ra.role_id
    where ra.user_id = ${userId} and ra.tenant_id = ${tenantId}
      and 'users.deactivate' = any(r.permissions) and 'roles.manage' = any(r.permissions)`.execute(db);
  return (row.rows[0]?.n ?? 0) > 0;
}

export async function userStatus(db: Db, tenantId: string, userId: string) {
  return (await db.selectFrom('users').select('status').where('tenant_id', '=', tenantId).where('id', '=', userId).executeTakeFirst())?.status;
}

/** The id of the tenant's Root Admin (null only for a tenant created without one). */
export async function findRootAdminId(db: Db, tenantId: string): Promise<string | null> {
  return (await db.selectFrom('users').select('id').where('tenant_id', '=', tenantId).where('is_root_admin', '=', true).executeTakeFirst())?.id ?? null;
}

/**
 * Makes `to` the Root Admin, the Root Admin role their one role; `from`, the previous one, gives up the flag and the
 * role and holds the administrator role instead. Run in the caller's transaction, under the tenant lock.
 */
export async function transferRootAdmin(trx: Db, tenantId: string, c: { from: string | null; to: string; rootRoleId: string; adminRoleId: string }) {
  // One Root Admin per tenant (a unique index): the previous one gives the flag up first.
  if (c.from) {
    await trx.updateTable('users').set({ is_root_admin: false }).where('tenant_id', '=', tenantId).where('id', '=', c.from).execute();
    await trx.deleteFrom('role_assignments').where('tenant_id', '=', tenantId).where('user_id', '=', c.from).where('role_id', '=', c.rootRoleId).execute();
    await trx.insertInto('role_assignments').values({ tenant_id: tenantId, user_id: c.from, role_id: c.adminRoleId }).onConflict((oc) => oc.doNothing()).execute();
  }
  await trx.updateTable('users').set({ is_root_admin: true }).where('tenant_id', '=', tenantId).where('id', '=', c.to).execute();
  await trx.deleteFrom('role_assignments').where('tenant_id', '=', tenantId).where('user_id', '=', c.to).execute();
  await trx.insertInto('role_assignments').values({ tenant_id: tenantId, user_id: c.to, role_id: c.rootRoleId }).execute();
}
