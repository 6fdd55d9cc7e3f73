import { Hono } from 'hono';
import type { RoleList } from '@roster/contract';
import type { Services } from '../../services/context.js';
import { gate } from '../../middleware/gate/index.js';
import { parseIdParam, parseJsonBody, validatedByService } from '../../middleware/validate/index.js';
import { createRole, deleteRole, listRolesOf, patchRole } from '../../services/roles.service.js';


export function roleRoutes(s: Services) {
  return new Hono().get('/', gate(s, 'roles.read'), async (c) => {
    const body: RoleList = await listRolesOf(s, c.get('principal'));
    return c.json(body, 200);
  })
    .post('/', gate(s, 'roles.manage'), async (c) => c.json(await createRole(s, c.get('principal'), await parseJsonBody(c, validatedByService), { requestId: c.get('requestId') }), 201))
    .patch('/:id', gate(s, 'roles.manage'), async (c) => {
      const id = parseIdParam(c, 'id', 'Role');
      return c.json(await patchRole(s, c.get('principal'), id, await parseJsonBody(c, validatedByService), { requestId: c.get('requestId') }), 200);
    })
    .delete('/:id', gate(s, 'roles.manage'), async (c) => {
      await deleteRole(s, c.get('principal'), parseIdParam(c, 'id', 'Role'), { requestId: c.get('requestId') });
      return c.body(null, 204);
    });
}
