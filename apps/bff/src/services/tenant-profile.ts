import type { Branding, PolicyProfile } from '@roster/contract';
import type { Db } from '../db/create-db.js';
import { findTenant } from '../db/repositories/tenants.repository.js';
import { notFound } from '../errors.js';
import { brandingOfRow } from './branding.service.js';

/** The tenant's name, policy profile, branding and link base, read per request (a change applies at once). */
export async function tenantProfile(db: Db, tenantId: string): Promise<{ name: string; profile: PolicyProfile; branding: Branding; linkBaseUrl: string | null }> {
  const tenant = await findTenant(db, tenantId);
  if (!tenant) throw notFound('Tenant');
  return { name: tenant.name, profile: tenant.profile, ...brandingOfRow(tenant) };
}
