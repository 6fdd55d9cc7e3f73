import type { PolicyProfile } from '@roster/contract';
import type { Db } from '../db/create-db.js';
import { findTenant } from '../db/repositories/tenants.repository.js';
import { notFound } from '../errors.js';

/** The tenant's name and policy profile, read per request (a profile change applies at once). */
export async function tenantProfile(db: Db, tenantId: string): Promise<{ name: string; profile: PolicyProfile }> {
  const tenant = await findTenant(db, tenantId);
  if (!tenant) throw notFound('Tenant');
  return { name: tenant.name, profile: tenant.profile };
}
