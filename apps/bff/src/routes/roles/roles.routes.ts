import { Hono } from 'hono';
import { permissions, type Permission, type RoleList } from '@roster/contract';
import type { Services } from '../../services/context.js';
import { gate } from '../../middleware/gate/index.js';
import { listRoles } from '../../db/repositories/roles.repository.js';
import { parseIdParam, parseJsonBody } from '../../middleware/validate/index.js';
import { createRole, deleteRole, patchRole } from '../../services/roles.service.js';

const anyJson = { safeParse: (v: unknown) => ({ success: true as const, data: v }) };

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
  })
    .post('/', gate(s, 'roles.manage'), async (c) => c.json(await createRole(s, c.get('principal'), await parseJsonBody(c, anyJson), { requestId: c.get('requestId') }), 201))
    .patch('/:id', gate(s, 'roles.manage'), async (c) => {
      const id = parseIdParam(c, 'id', 'Role');
      return c.json(await patchRole(s, c.get('principal'), id, await parseJsonBody(c, anyJson), { requestId: c.get('requestId') }), 200);
    })
    .delete('/:id', gate(s, 'roles.manage'), async (c) => {
      await deleteRole(s, c.get('principal'), parseIdParam(c, 'id', 'Role'), { requestId: c.get('requestId') });
      return c.body(null, 204);
    });
}
