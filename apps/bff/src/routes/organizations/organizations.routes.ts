import { Hono } from 'hono';
import type { OrganizationList } from '@roster/contract';
import type { Services } from '../../services/context.js';
import { gate } from '../../middleware/gate/index.js';
import { listOrganizations } from '../../db/repositories/organizations.repository.js';

export function organizationRoutes(s: Services) {
  return new Hono().get('/', gate(s, 'organizations.read'), async (c) => {
    const p = c.get('principal');
    const rows = await listOrganizations(s.db, p.tenantId, p.organizationScope);
    const body: OrganizationList = { items: rows.map((r) => ({ id: r.id, name: r.name, createdAt: r.created_at })) };
    return c.json(body, 200);
  });
}
