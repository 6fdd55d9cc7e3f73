import { Hono, type MiddlewareHandler } from 'hono';
import { CreateOrganizationRequestSchema, CreateTenantRequestSchema, CreateTenantResponseSchema, OrganizationSchema, PatchOrganizationRequestSchema, PatchTenantRequestSchema, PromoteRootAdminRequestSchema, PromoteRootAdminResponseSchema, TenantBrandingSchema } from '@roster/contract';
import type { Services } from '../../services/context.js';
import { createTenant, tenantExists } from '../../services/tenants.service.js';
import { changeTenantBranding } from '../../services/branding.service.js';
import { parseIdParam } from '../../middleware/validate/index.js';
import { idParam, jsonBody } from '../../middleware/validate/validator.js';
import { createOrganization, deleteOrganization, patchOrganization, type OrganizationActor } from '../../services/organizations.service.js';
import { inTenant } from '../../services/tenant-scopes.js';
import { promoteRootAdmin } from '../../services/root-admin.service.js';
import { rateLimit } from '../../middleware/rate-limit/index.js';
import { describe, documented, errors, ok } from '../../openapi/describe.js';
import { operatorKey } from '../../middleware/gate/operator-key.js';
import { ApiError, notFound } from '../../errors.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const theOrganization = ok('The organization', OrganizationSchema);

/** Operator API: `Authorization: Bearer $ROSTER_PLATFORM_KEY`. Closed when no key is configured. */
export function platformRoutes(s: Services) {
  const routes = new Hono()
    .use(rateLimit(s, { max: 60 }))
    .use(
      operatorKey({
        scheme: 'platformKey',
        what: 'platform key',
        key: () => s.config.platformKey,
        closed: () => new ApiError('forbidden', 'The platform API is disabled: set ROSTER_PLATFORM_KEY to enable it.'),
        closedStatus: 403,
      }),
    )
    .post(
      '/tenants',
      describe({ operationId: 'createTenant', tag: 'Platform', summary: 'Create a tenant with its Root Admin and a first OAuth client', responses: { 201: ok('Created. The client secret is shown this once.', CreateTenantResponseSchema) } }),
      jsonBody(CreateTenantRequestSchema),
      async (c) => {
        const body = c.req.valid('json');
        const created = await createTenant({ ...s, db: s.platformDb }, body, { requestId: c.get('requestId') });
        return c.json(created, 201);
      },
    )
    // The operator acts on one existing tenant (found on the platform path), in that tenant's scope.
    .use(
      '/tenants/:tenantId/*',
      documented<MiddlewareHandler<any, '/tenants/:tenantId/*'>>(
        async function inExistingTenant(c, next) {
          const tenantId = c.req.param('tenantId');
          if (!UUID.test(tenantId) || !(await tenantExists(s.platformDb, tenantId.toLowerCase()))) throw notFound('Tenant');
          await inTenant(tenantId.toLowerCase(), next);
        },
        { responses: errors(404) },
      ),
    )
    // Branding as a JSON merge patch, and the link base, which only the operator sets (never from a request's Host).
    .patch(
      '/tenants/:tenantId',
      describe({
        operationId: 'patchTenant',
        tag: 'Platform',
        summary: "Change a tenant's branding (merge patch: a field left out stays, null clears) and the base of its emails' links (operator)",
        responses: { 200: ok("The tenant's branding and link base", TenantBrandingSchema) },
      }),
      jsonBody(PatchTenantRequestSchema),
      async (c) => {
        const tenantId = c.req.param('tenantId').toLowerCase();
        const body = c.req.valid('json');
        const changed = await changeTenantBranding(s, tenantId, { actorType: 'platform', actorId: null }, { branding: body.branding, linkBaseUrl: body.linkBaseUrl }, { requestId: c.get('requestId') });
        return c.json(changed, 200);
      },
    )
    // Seed 004: "Only Kaseya support can promote a user to Root Admin" — here, the operator.
    .post(
      '/tenants/:tenantId/root-admin',
      describe({
        operationId: 'promoteRootAdmin',
        tag: 'Platform',
        summary:
          "Make another active admin of a tenant its Root Admin, in one transaction: the previous Root Admin holds the profile's administrator role (Admin or System Administrator) instead; audited as user.root_admin_promoted (operator)",
        responses: { 200: ok('The new Root Admin and the previous one', PromoteRootAdminResponseSchema) },
        errors: [404, 409],
      }),
      jsonBody(PromoteRootAdminRequestSchema),
      async (c) => {
        const tenantId = c.req.param('tenantId').toLowerCase();
        return c.json(await promoteRootAdmin(s, tenantId, c.req.valid('json').userId.toLowerCase(), { requestId: c.get('requestId') }), 200);
      },
    )
    // The operator manages a tenant's organizations through the same service as the tenant's own admins.
    .post(
      '/tenants/:tenantId/organizations',
      describe({ operationId: 'createTenantOrganization', tag: 'Platform', summary: 'Create an organization in a tenant (operator)', responses: { 201: theOrganization }, errors: [409] }),
      jsonBody(CreateOrganizationRequestSchema),
      async (c) => {
        const actor = platformActor(c.req.param('tenantId'));
        return c.json(await createOrganization(s, actor, c.req.valid('json'), { requestId: c.get('requestId') }), 201);
      },
    )
    .patch(
      '/tenants/:tenantId/organizations/:id',
      describe({ operationId: 'patchTenantOrganization', tag: 'Platform', summary: "Rename a tenant's organization (operator)", responses: { 200: theOrganization }, errors: [404, 409] }),
      idParam('id', 'Organization'),
      jsonBody(PatchOrganizationRequestSchema),
      async (c) => {
        const actor = platformActor(c.req.param('tenantId'));
        const id = c.req.valid('param').id;
        return c.json(await patchOrganization(s, actor, id, c.req.valid('json'), { requestId: c.get('requestId') }), 200);
      },
    )
    .delete(
      '/tenants/:tenantId/organizations/:id',
      describe({ operationId: 'deleteTenantOrganization', tag: 'Platform', summary: "Delete a tenant's organization nobody belongs to (operator)", responses: { 204: { description: 'Deleted' } }, errors: [404, 409] }),
      async (c) => {
        const actor = platformActor(c.req.param('tenantId'));
        await deleteOrganization(s, actor, parseIdParam(c, 'id', 'Organization'), { requestId: c.get('requestId') });
        return c.body(null, 204);
      },
    );

  /** The platform key acts on the tenant (checked above), seeing all of its organizations. */
  function platformActor(tenantId: string): OrganizationActor {
    return { tenantId: tenantId.toLowerCase(), organizationScope: 'all', type: 'platform', id: null };
  }
  return routes;
}
