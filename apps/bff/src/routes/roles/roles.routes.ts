import { Hono } from 'hono';
import { CreateRoleRequestSchema, PatchRoleRequestSchema, RoleListSchema, RoleSchema, type RoleList } from '@roster/contract';
import type { Services } from '../../services/context.js';
import { gate } from '../../middleware/gate/index.js';
import { parseIdParam } from '../../middleware/validate/index.js';
import { idParam, jsonBody } from '../../middleware/validate/validator.js';
import { describe, ok } from '../../openapi/describe.js';
import { createRole, deleteRole, listRolesOf, patchRole } from '../../services/roles.service.js';

const theRole = ok('The role', RoleSchema);

export function roleRoutes(s: Services) {
  return new Hono()
    .get('/', describe({ operationId: 'listRoles', tag: 'Roles', summary: 'Roles of the tenant with their permissions', responses: { 200: ok('Roles', RoleListSchema) } }), gate(s, 'roles.read'), async (c) => {
      const body: RoleList = await listRolesOf(s, c.get('principal'));
      return c.json(body, 200);
    })
    .post(
      '/',
      describe({ operationId: 'createRole', tag: 'Roles', summary: 'Create a custom role (only with permissions the caller holds)', responses: { 201: theRole }, errors: [409] }),
      gate(s, 'roles.manage'),
      jsonBody(CreateRoleRequestSchema),
      async (c) => c.json(await createRole(s, c.get('principal'), c.req.valid('json'), { requestId: c.get('requestId') }), 201),
    )
    .patch(
      '/:id',
      describe({ operationId: 'patchRole', tag: 'Roles', summary: 'Change a custom role (permissions added or removed must be the caller’s own; the tenant keeps an active admin)', responses: { 200: theRole }, errors: [404, 409] }),
      gate(s, 'roles.manage'),
      idParam('id', 'Role'),
      jsonBody(PatchRoleRequestSchema),
      async (c) => c.json(await patchRole(s, c.get('principal'), c.req.valid('param').id, c.req.valid('json'), { requestId: c.get('requestId') }), 200),
    )
    .delete('/:id', describe({ operationId: 'deleteRole', tag: 'Roles', summary: 'Delete a custom role nobody holds', responses: { 204: { description: 'Deleted' } }, errors: [404, 409] }), gate(s, 'roles.manage'), async (c) => {
      await deleteRole(s, c.get('principal'), parseIdParam(c, 'id', 'Role'), { requestId: c.get('requestId') });
      return c.body(null, 204);
    });
}
