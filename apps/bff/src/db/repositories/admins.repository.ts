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
