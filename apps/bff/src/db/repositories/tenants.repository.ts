import type { Db } from '../create-db.js';
import type { NewTenantRow } from '../tables.js';

export async function insertTenant(db: Db, row: NewTenantRow) {
  return db.insertInto('tenants').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function findTenant(db: Db, id: string) {
  return db.selectFrom('tenants').selectAll().where('id', '=', id).executeTakeFirst();
}
