import { Hono } from 'hono';
import { TenantContextSchema } from '@roster/contract';
import type { Services } from '../../services/context.js';
import { gate } from '../../middleware/gate/index.js';
import { describe, ok } from '../../openapi/describe.js';
import { tenantProfile } from '../../services/tenant-profile.js';

/** `GET /v1/tenant`: the caller's tenant and policy profile, so elements validate with the same rules as the server. */
export function tenantRoutes(s: Services) {
  return new Hono().get('/', describe({ operationId: 'getTenant', tag: 'Meta', summary: "The caller's tenant, policy profile and permissions", responses: { 200: ok('Tenant context', TenantContextSchema) } }), gate(s, []), async (c) => {
    const p = c.get('principal');
    const t = await tenantProfile(s.db, p.tenantId);
    return c.json({ id: p.tenantId, name: t.name, profile: t.profile, permissions: [...p.permissions].sort() }, 200);
  });
}
