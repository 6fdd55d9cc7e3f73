import { Hono } from 'hono';
import * as z from 'zod/mini';
import { AccessGroupSchema, CreateAccessGroupRequestSchema, PatchAccessGroupRequestSchema } from '@roster/contract';
import type { Services } from '../../services/context.js';
import { gate } from '../../middleware/gate/index.js';
import { idParam, jsonBody } from '../../middleware/validate/validator.js';
import { describe, ok } from '../../openapi/describe.js';
import { createAccessGroup, listAccessGroupsOf, patchAccessGroup } from '../../services/access-groups.service.js';

const theGroup = ok('The access group', AccessGroupSchema);

export function accessGroupRoutes(s: Services) {
  return new Hono()
    .get(
      '/',
      describe({ operationId: 'listAccessGroups', tag: 'Access groups', summary: 'Access groups of the tenant and the modules each opens', responses: { 200: ok('Access groups', z.object({ items: z.array(AccessGroupSchema) })) } }),
      gate(s, 'users.read'),
      async (c) => c.json(await listAccessGroupsOf(s, c.get('principal')), 200),
    )
    .post(
      '/',
      describe({ operationId: 'createAccessGroup', tag: 'Access groups', summary: 'Create an access group (name unique per tenant)', responses: { 201: theGroup }, errors: [409] }),
      gate(s, 'roles.manage'),
      jsonBody(CreateAccessGroupRequestSchema),
      async (c) => c.json(await createAccessGroup(s, c.get('principal'), c.req.valid('json'), { requestId: c.get('requestId') }), 201),
    )
    .patch(
      '/:id',
      describe({ operationId: 'patchAccessGroup', tag: 'Access groups', summary: 'Change an access group (deactivating it takes its modules from its members)', responses: { 200: theGroup }, errors: [404, 409] }),
      gate(s, 'roles.manage'),
      idParam('id', 'Access group'),
      jsonBody(PatchAccessGroupRequestSchema),
      async (c) => c.json(await patchAccessGroup(s, c.get('principal'), c.req.valid('param').id, c.req.valid('json'), { requestId: c.get('requestId') }), 200),
    );
}
