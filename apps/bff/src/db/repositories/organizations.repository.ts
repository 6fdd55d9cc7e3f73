import { sql } from 'kysely';
import type { Db } from '../create-db.js';
import { isoTime, type OrganizationScope } from './users.repository.js';

/**
 * An organizations row as a sync shows it (the contract's `OrganizationListItemSchema`), as JSON text built by
 * PostgreSQL; its user count is counted when read (the index on users (tenant_id, organization_id, …) answers it).
 */
export const organizationJson = sql<string>`json_build_object(
  'id', organizations.id,
  'name', organizations.name,
  'createdAt', ${isoTime('organizations.created_at')},
  'updatedAt', ${isoTime('organizations.updated_at')},
  'userCount', (select count(*) from users u where u.tenant_id = organizations.tenant_id and u.organization_id = organizations.id))::text`;

export async function listOrganizations(db: Db, tenantId: string, scope: OrganizationScope) {
  if (scope !== 'all' && scope.length === 0) return [];
  let query = db.selectFrom('organizations').select(['id', 'name', 'created_at', 'updated_at']).where('tenant_id', '=', tenantId);
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

/** Which of these ids are organizations of the tenant. */
export async function existingOrganizationIds(db: Db, tenantId: string, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom('organizations').select('id').where('tenant_id', '=', tenantId).where('id', 'in', ids).execute();
  return new Set(rows.map((o) => o.id));
}

export async function insertOrganizations(db: Db, tenantId: string, names: readonly string[]) {
  if (names.length === 0) return [];
  return db
    .insertInto('organizations')
    .values(names.map((name) => ({ tenant_id: tenantId, name })))
    .returning(['id', 'name', 'created_at'])
    .execute();
}

/** The unique index behind "one name per tenant, whatever its case" (migration 2026-12-02T0900). */
export const ORGANIZATION_NAME_INDEX = 'organizations_tenant_name_ci';

/** One organization inside the caller's scope, locked for the rest of the transaction; undefined outside it. */
export async function findOrganizationForUpdate(db: Db, tenantId: string, id: string, scope: OrganizationScope) {
  if (scope !== 'all' && !scope.includes(id)) return undefined;
  return db.selectFrom('organizations').select(['id', 'name', 'created_at']).where('tenant_id', '=', tenantId).where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function insertOrganization(db: Db, tenantId: string, name: string) {
  return db.insertInto('organizations').values({ tenant_id: tenantId, name }).returning(['id', 'name', 'created_at']).executeTakeFirstOrThrow();
}

export async function renameOrganization(db: Db, tenantId: string, id: string, name: string) {
  return db.updateTable('organizations').set({ name }).where('tenant_id', '=', tenantId).where('id', '=', id).returning(['id', 'name', 'created_at']).executeTakeFirstOrThrow();
}

export async function deleteOrganization(db: Db, tenantId: string, id: string) {
  await db.deleteFrom('organizations').where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}

/** How many users (of any status) belong to the organization. */
export async function countOrganizationMembers(db: Db, tenantId: string, id: string): Promise<number> {
  const row = await db.selectFrom('users').select(({ fn }) => fn.countAll<number>().as('n')).where('tenant_id', '=', tenantId).where('organization_id', '=', id).executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * How many users (of any status) belong to each of these organizations of the tenant, in one grouped count (the index
 * on users (tenant_id, organization_id, …) answers it); an organization nobody belongs to is absent.
 */
export async function countMembersByOrganization(db: Db, tenantId: string, ids: readonly string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('users')
    .select(({ fn }) => ['organization_id', fn.countAll<number | string>().as('n')])
    .where('tenant_id', '=', tenantId)
    .where('organization_id', 'in', ids)
    .groupBy('organization_id')
    .execute();
  return new Map(rows.map((r) => [r.organization_id!, Number(r.n)]));
}
