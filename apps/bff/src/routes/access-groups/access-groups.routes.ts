import { Hono } from 'hono';
import type { Services } from '../../services/context.js';
import { gate } from '../../middleware/gate/index.js';
import { parseIdParam, parseJsonBody, validatedByService } from '../../middleware/validate/index.js';
import { createAccessGroup, listAccessGroupsOf, patchAccessGroup } from '../../services/access-groups.service.js';

export function accessGroupRoutes(s: Services) {
  return new Hono()
    .get('/', gate(s, 'users.read'), async (c) => c.json(await listAccessGroupsOf(s, c.get('principal')), 200))
    .post('/', gate(s, 'roles.manage'), async (c) => c.json(await createAccessGroup(s, c.get('principal'), await parseJsonBody(c, validatedByService), { requestId: c.get('requestId') }), 201))
    .patch('/:id', gate(s, 'roles.manage'), async (c) => {
      const id = parseIdParam(c, 'id', 'Access group');
      return c.json(await patchAccessGroup(s, c.get('principal'), id, await parseJsonBody(c, validatedByService), { requestId: c.get('requestId') }), 200);
    });
}
