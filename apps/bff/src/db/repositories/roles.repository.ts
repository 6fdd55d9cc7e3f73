import type { Db } from '../create-db.js';
import type { NewRoleRow } from '../tables.js';

export async function listRoles(db: Db, tenantId: string) {
  return db
    .selectFrom('roles')
    .select(['id', 'key', 'name', 'description', 'permissions'])
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
