import type { Db } from '../create-db.js';
import { sql } from 'kysely';
import { literalOf, type ArrayParam } from '../array-literal.js';
import { setAllModules } from './users.repository.js';

export async function listAccessGroups(db: Db, tenantId: string) {
  return db.selectFrom('access_groups').select(['id', 'name', 'active', 'modules']).where('tenant_id', '=', tenantId).orderBy('name').execute();
}

export async function insertAccessGroup(db: Db, tenantId: string, g: { name: string; active: boolean; modules: string[] }) {
  return db.insertInto('access_groups').values({ tenant_id: tenantId, ...g }).returning(['id', 'name', 'active', 'modules']).executeTakeFirstOrThrow();
}

export async function updateAccessGroup(db: Db, tenantId: string, id: string, set: { name?: string; active?: boolean; modules?: string[] }) {
  return db.updateTable('access_groups').set(set).where('tenant_id', '=', tenantId).where('id', '=', id).returning(['id', 'name', 'active', 'modules']).executeTakeFirst();
}

export async function setUserAccessGroups(db: Db, tenantId: string, userId: string, groupIds: readonly string[], allModules: boolean) {
  await db.deleteFrom('user_access_groups').where('tenant_id', '=', tenantId).where('user_id', '=', userId).execute();
  if (groupIds.length) await db.insertInto('user_access_groups').values(groupIds.map((group_id) => ({ tenant_id: tenantId, user_id: userId, group_id }))).execute();
  await setAllModules(db, tenantId, userId, allModules);
}

/** A user's groups (active or not) and "all modules" flag. */
export async function accessOfUser(db: Db, tenantId: string, userId: string) {
  const groups = await db
    .selectFrom('user_access_groups as ug')
    .innerJoin('access_groups as g', 'g.id', 'ug.group_id')
    .select(['g.id', 'g.name', 'g.active', 'g.modules'])
    .where('ug.tenant_id', '=', tenantId)
    .where('ug.user_id', '=', userId)
    .orderBy('g.name')
    .execute();
  const user = await db.selectFrom('users').select('all_modules').where('tenant_id', '=', tenantId).where('id', '=', userId).executeTakeFirst();
  return { groups, allModules: user?.all_modules ?? false };
}

/** Bulk import (set-based: whole columns as arrays, `unnest`ed; literals built by `arrayLiteral`, faster than the driver). */
/** "All Module Access" off for these users (an import's rows that said so). */
export async function turnOffAllModules(trx: Db, tenantId: string, userIds: ArrayParam) {
  if (userIds.length === 0) return;
  await sql`update users set all_modules = false where tenant_id = ${tenantId}::uuid and id = any(${literalOf(userIds)}::uuid[])`.execute(trx);
}

export async function insertImportedAccessGroups(trx: Db, tenantId: string, userIds: ArrayParam, groupIds: ArrayParam) {
  if (userIds.length === 0) return;
  await sql`
    insert into user_access_groups (tenant_id, user_id, group_id)
    select ${tenantId}::uuid, t.u, t.g from unnest(${literalOf(userIds)}::uuid[], ${literalOf(groupIds)}::uuid[]) as t(u, g)`.execute(trx);
}
