import { Hono } from 'hono';
import { PutBrandingRequestSchema, TenantBrandingSchema, TenantContextSchema } from '@roster/contract';
import type { Services } from '../../services/context.js';
import { actorOf } from '../../services/context.js';
import { gate } from '../../middleware/gate/index.js';
import { jsonBody } from '../../middleware/validate/validator.js';
import { describe, ok } from '../../openapi/describe.js';
import { tenantProfile } from '../../services/tenant-profile.js';
import { changeTenantBranding, getTenantBranding } from '../../services/branding.service.js';

const theBranding = ok("The tenant's branding and link base", TenantBrandingSchema);

/**
 * `GET /v1/tenant`: the caller's tenant and policy profile, so elements validate with the same rules as the server.
 * `GET`/`PUT /v1/tenant/branding`: the tenant's white-label branding; its link base is the operator's to set.
 */
export function tenantRoutes(s: Services) {
  return new Hono()
    .get('/', describe({ operationId: 'getTenant', tag: 'Meta', summary: "The caller's tenant, policy profile and permissions", responses: { 200: ok('Tenant context', TenantContextSchema) } }), gate(s, []), async (c) => {
      const p = c.get('principal');
      const t = await tenantProfile(s.db, p.tenantId);
      return c.json({ id: p.tenantId, name: t.name, profile: t.profile, permissions: [...p.permissions].sort() }, 200);
    })
    .get('/branding', describe({ operationId: 'getTenantBranding', tag: 'Branding', summary: "The tenant's branding (product name, logo, accent colour, email sender) and link base", responses: { 200: theBranding } }), gate(s, []), async (c) => {
      return c.json(await getTenantBranding(s.db, c.get('principal').tenantId), 200);
    })
    .put(
      '/branding',
      describe({
        operationId: 'putTenantBranding',
        tag: 'Branding',
        summary: "Set the tenant's branding: the whole of it, a field left out is cleared like null (audited as tenant.branding_changed)",
        responses: { 200: theBranding },
      }),
      gate(s, 'tenant.manage'),
      jsonBody(PutBrandingRequestSchema),
      async (c) => {
        const p = c.get('principal');
        return c.json(await changeTenantBranding(s, p.tenantId, actorOf(p), { branding: c.req.valid('json'), replace: true }, { requestId: c.get('requestId') }), 200);
      },
    );
}
