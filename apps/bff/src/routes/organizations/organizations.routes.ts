import { Hono } from 'hono';
import { CreateOrganizationRequestSchema, OrganizationListQuerySchema, OrganizationListSchema, OrganizationSchema, PatchOrganizationRequestSchema, type OrganizationList } from '@roster/contract';
import type { Services } from '../../services/context.js';
import { gate } from '../../middleware/gate/index.js';
import { parseIdParam } from '../../middleware/validate/index.js';
import { idParam, jsonBody, query } from '../../middleware/validate/validator.js';
import { describe, ok } from '../../openapi/describe.js';
import { createOrganization, deleteOrganization, listOrganizationsOf, patchOrganization, syncOrganizations } from '../../services/organizations.service.js';

const theOrganization = ok('The organization', OrganizationSchema);

export function organizationRoutes(s: Services) {
  return new Hono()
    .get(
      '/',
      describe({
        operationId: 'listOrganizations', tag: 'Organizations', summary: 'Organizations the caller may see, with their IDs and user counts; or what changed since (incremental sync)',
        description:
          '`q` finds the organizations whose name contains it, ignoring case and accents (`zurich` finds Zürich). The list is not paged. **Incremental sync:** `updatedSince` (with `limit` only) answers the organizations created or renamed since then and, in `deleted`, those deleted (kept 30 days), in the order of their changes, never past a change still being committed; follow `nextCursor` while it is not null, keep `syncCursor` and pass it as `cursor` later for what changed after. `userCount` is counted when read: users joining or leaving are changes of the users (`GET /v1/users?updatedSince=`).',
        responses: { 200: ok('Organizations, or one page of changes', OrganizationListSchema) },
      }),
      gate(s, 'organizations.read'),
      query(OrganizationListQuerySchema),
      async (c) => {
        const query = c.req.valid('query');
        const parameters = Object.keys(c.req.query());
        // A sync's page arrives as JSON text built by the database (see syncOrganizations).
        const changes = await syncOrganizations(s, c.get('principal'), query, parameters);
        if (changes !== null) return c.body(changes, 200, { 'content-type': 'application/json' });
        const body: OrganizationList = await listOrganizationsOf(s, c.get('principal'), query, parameters);
        return c.json(body, 200);
      },
    )
    .post(
      '/',
      describe({ operationId: 'createOrganization', tag: 'Organizations', summary: 'Create an organization (name unique per tenant without regard to case; callers limited to some organizations cannot create one)', responses: { 201: theOrganization }, errors: [403, 409] }),
      gate(s, 'organizations.manage'),
      jsonBody(CreateOrganizationRequestSchema),
      async (c) => c.json(await createOrganization(s, c.get('principal'), c.req.valid('json'), { requestId: c.get('requestId') }), 201),
    )
    .patch(
      '/:id',
      describe({ operationId: 'patchOrganization', tag: 'Organizations', summary: 'Rename an organization the caller may see', responses: { 200: theOrganization }, errors: [404, 409] }),
      gate(s, 'organizations.manage'),
      idParam('id', 'Organization'),
      jsonBody(PatchOrganizationRequestSchema),
      async (c) => c.json(await patchOrganization(s, c.get('principal'), c.req.valid('param').id, c.req.valid('json'), { requestId: c.get('requestId') }), 200),
    )
    .delete('/:id', describe({ operationId: 'deleteOrganization', tag: 'Organizations', summary: 'Delete an organization nobody belongs to (409 while users do)', responses: { 204: { description: 'Deleted' } }, errors: [404, 409] }), gate(s, 'organizations.manage'), async (c) => {
      await deleteOrganization(s, c.get('principal'), parseIdParam(c, 'id', 'Organization'), { requestId: c.get('requestId') });
      return c.body(null, 204);
    });
}
