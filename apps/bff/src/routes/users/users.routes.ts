import { Hono } from 'hono';
import { UserListQuerySchema } from '@roster/contract';
import type { Services } from '../../services/context.js';
import { gate } from '../../middleware/gate/index.js';
import { parseIdParam, parseQuery } from '../../middleware/validate/index.js';
import { getUser, listUsers } from '../../services/users.service.js';

export function userRoutes(s: Services) {
  return new Hono()
    .get('/', gate(s, 'users.read'), async (c) => {
      const query = parseQuery(c, UserListQuerySchema);
      return c.json(await listUsers(s, c.get('principal'), query), 200);
    })
    .get('/:id', gate(s, 'users.read'), async (c) => {
      const id = parseIdParam(c, 'id', 'User');
      return c.json(await getUser(s, c.get('principal'), id), 200);
    });
}
