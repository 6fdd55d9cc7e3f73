import { sql } from 'kysely';
import type { Db } from '../create-db.js';
import type { NewRoleRow } from '../tables.js';
import { literalOf, type ArrayParam } from '../array-literal.js';

export async function listRoles(db: Db, tenantId: string) {
  return db
    .selectFrom('roles')
    .select(['id', 'key', 'name', 'description', 'permissions', 'organization_ids'])
    .where('tenant_id', '=', tenantId)
    .orderBy('name')
    .execute();
}

export async function insertRoles(db: Db, rows: NewRoleRow[]) {
  return db.insertInto('roles').values(rows).returning(['id', 'key', 'name']).execute();
}

export async function assignRoles(db: Db, tenantId: string, pairs: { userId: string; roleId: string }[]) {
  if (pairs.length === 0) return;
  await db
    .insertInto('role_assignments')
    .values(pairs.map((p) => ({ tenant_id: tenantId, user_id: p.userId, role_id: p.roleId })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function findRole(db: Db, tenantId: string, id: string) {
  return db.selectFrom('roles').select(['id', 'key', 'name', 'description', 'permissions', 'organization_ids']).where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
}

export async function updateRole(db: Db, tenantId: string, id: string, set: { name?: string; description?: string; permissions?: string[]; organization_ids?: string[] }) {
  await db.updateTable('roles').set(set).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}

export async function deleteRole(db: Db, tenantId: string, id: string) {
  await db.deleteFrom('roles').where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}

export async function countRoleHolders(db: Db, tenantId: string, roleId: string): Promise<number> {
  const row = await db.selectFrom('role_assignments').select(({ fn }) => fn.countAll<number>().as('n')).where('tenant_id', '=', tenantId).where('role_id', '=', roleId).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Replaces a user's roles and explicit permissions. */
export async function replaceUserAccess(db: Db, tenantId: string, userId: string, roleIds: readonly string[], permissions: readonly string[]) {
  await db.deleteFrom('role_assignments').where('tenant_id', '=', tenantId).where('user_id', '=', userId).execute();
  await assignRoles(db, tenantId, roleIds.map((roleId) => ({ userId, roleId })));
  await setExplicitPermissions(db, tenantId, userId, permissions);
}

/** Replaces a user's explicit permissions (beyond their roles'). */
export async function setExplicitPermissions(db: Db, tenantId: string, userId: string, permissions: readonly string[]) {
  await db.deleteFrom('user_permissions').where('tenant_id', '=', tenantId).where('user_id', '=', userId).execute();
  if (permissions.length) {
    await db.insertInto('user_permissions').values(permissions.map((permission) => ({ tenant_id: tenantId, user_id: userId, permission }))).execute();
  }
}

export async function explicitPermissionsOf(db: Db, tenantId: string, userId: string): Promise<string[]> {
  const rows = await db.selectFrom('user_permissions').select('permission').where('tenant_id', '=', tenantId).where('user_id', '=', userId).orderBy('permission').execute();
  return rows.map((r) => r.permission);
}

/** A deleted organization leaves no dangling id in the roles that opened it. */
export async function removeOrganizationFromRoles(db: Db, tenantId: string, organizationId: string) {
  await db
    .updateTable('roles')
    .set({ organization_ids: sql<string[]>`array_remove(organization_ids, ${organizationId}::uuid)` })
    .where('tenant_id', '=', tenantId)
    .where(sql<boolean>`${organizationId}::uuid = any(organization_ids)`)
    .execute();
}

/** Bulk import (set-based: whole columns as arrays, `unnest`ed; literals built by `arrayLiteral`, faster than the driver). */
/** An import's explicit permissions: one (user, permission) pair per element of the two arrays. */
export async function insertImportedPermissions(trx: Db, tenantId: string, userIds: ArrayParam, permissions: ArrayParam) {
  if (userIds.length === 0) return;
  await sql`
    insert into user_permissions (tenant_id, user_id, permission)
    select ${tenantId}::uuid, t.u, t.p from unnest(${literalOf(userIds)}::uuid[], ${literalOf(permissions)}::text[]) as t(u, p)`.execute(trx);
}

export async function insertImportedRoleAssignments(trx: Db, tenantId: string, userIds: ArrayParam, roleIds: ArrayParam) {
  if (userIds.length === 0) return;
  await sql`
    insert into role_assignments (tenant_id, user_id, role_id)
    select ${tenantId}::uuid, t.u, t.r from unnest(${literalOf(userIds)}::uuid[], ${literalOf(roleIds)}::uuid[]) as t(u, r)`.execute(trx);
}
