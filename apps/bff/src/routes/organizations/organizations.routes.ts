import { Hono } from 'hono';
import type { OrganizationList } from '@roster/contract';
import type { Services } from '../../services/context.js';
import { gate } from '../../middleware/gate/index.js';
import { parseIdParam, parseJsonBody, validatedByService } from '../../middleware/validate/index.js';
import { createOrganization, deleteOrganization, listOrganizationsOf, patchOrganization } from '../../services/organizations.service.js';

export function organizationRoutes(s: Services) {
  return new Hono()
    .get('/', gate(s, 'organizations.read'), async (c) => {
      const body: OrganizationList = await listOrganizationsOf(s, c.get('principal'));
      return c.json(body, 200);
    })
    .post('/', gate(s, 'organizations.manage'), async (c) =>
      c.json(await createOrganization(s, c.get('principal'), await parseJsonBody(c, validatedByService), { requestId: c.get('requestId') }), 201),
    )
    .patch('/:id', gate(s, 'organizations.manage'), async (c) => {
      const id = parseIdParam(c, 'id', 'Organization');
      return c.json(await patchOrganization(s, c.get('principal'), id, await parseJsonBody(c, validatedByService), { requestId: c.get('requestId') }), 200);
    })
    .delete('/:id', gate(s, 'organizations.manage'), async (c) => {
      await deleteOrganization(s, c.get('principal'), parseIdParam(c, 'id', 'Organization'), { requestId: c.get('requestId') });
      return c.body(null, 204);
    });
}
