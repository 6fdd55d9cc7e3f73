import { Hono } from 'hono';
import { permissions, type Permission, type RoleList } from '@roster/contract';
import type { Services } from '../../services/context.js';
import { gate } from '../../middleware/gate/index.js';
import { listRoles } from '../../db/repositories/roles.repository.js';

const known = new Set<string>(permissions);

export function roleRoutes(s: Services) {
  return new Hono().get('/', gate(s, 'roles.read'), async (c) => {
    const rows = await listRoles(s.db, c.get('principal').tenantId);
    const body: RoleList = {
      items: rows.map((r) => ({
        id: r.id,
        key: r.key,
        name: r.name,
        description: r.description,
        builtIn: r.key !== null,
        permissions: r.permissions.filter((p): p is Permission => known.has(p)),
      })),
    };
    return c.json(body, 200);
  });
}
