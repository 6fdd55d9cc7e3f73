import type { Db } from '../create-db.js';
import type { OrganizationScope } from './users.repository.js';

export async function listOrganizations(db: Db, tenantId: string, scope: OrganizationScope) {
  if (scope !== 'all' && scope.length === 0) return [];
  let query = db.selectFrom('organizations').select(['id', 'name', 'created_at']).where('tenant_id', '=', tenantId);
  if (scope !== 'all') query = query.where('id', 'in', scope);
  return query.orderBy('name').orderBy('id').execute();
}

export async function findOrganization(db: Db, tenantId: string, id: string) {
  return db
    .selectFrom('organizations')
    .select(['id', 'name', 'created_at'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function insertOrganizations(db: Db, tenantId: string, names: readonly string[]) {
  if (names.length === 0) return [];
  return db
    .insertInto('organizations')
    .values(names.map((name) => ({ tenant_id: tenantId, name })))
    .returning(['id', 'name', 'created_at'])
    .execute();
}
