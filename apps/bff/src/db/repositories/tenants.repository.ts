import type { Db } from '../create-db.js';
import type { NewTenantRow } from '../tables.js';

export async function insertTenant(db: Db, row: NewTenantRow) {
  return db.insertInto('tenants').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function findTenant(db: Db, id: string) {
  return db.selectFrom('tenants').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Whether the database has any tenant yet (the demo seed runs on an empty one). */
export async function hasTenants(db: Db): Promise<boolean> {
  return (await db.selectFrom('tenants').select('id').limit(1).executeTakeFirst()) !== undefined;
}
