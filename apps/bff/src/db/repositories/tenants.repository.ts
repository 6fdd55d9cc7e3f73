import type { Db } from '../create-db.js';
import type { NewTenantRow, TenantUpdate } from '../tables.js';

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

/** The tenant row, locked until the transaction ends: concurrent changes of its settings apply one after the other. */
export async function findTenantForUpdate(db: Db, id: string) {
  return db.selectFrom('tenants').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/** Branding and link base (the only tenant columns changed after creation). */
export async function updateTenantBranding(db: Db, id: string, set: Pick<TenantUpdate, 'product_name' | 'logo_url' | 'accent_color' | 'sender_name' | 'link_base_url'>) {
  return db.updateTable('tenants').set(set).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}
