import { Hono } from 'hono';
import type { OrganizationList } from '@roster/contract';
import type { Services } from '../../services/context.js';
import { gate } from '../../middleware/gate/index.js';
import { listOrganizations } from '../../db/repositories/organizations.repository.js';
import { parseIdParam, parseJsonBody, validatedByService } from '../../middleware/validate/index.js';
import { createOrganization, deleteOrganization, patchOrganization, toOrganization } from '../../services/organizations.service.js';

export function organizationRoutes(s: Services) {
  return new Hono()
    .get('/', gate(s, 'organizations.read'), async (c) => {
      const p = c.get('principal');
      const rows = await listOrganizations(s.db, p.tenantId, p.organizationScope);
      const body: OrganizationList = { items: rows.map(toOrganization) };
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
