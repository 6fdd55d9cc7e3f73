import { Hono } from 'hono';
import type { Services } from '../../services/context.js';
import { gate } from '../../middleware/gate/index.js';
import { tenantProfile } from '../../services/tenant-profile.js';

/** `GET /v1/tenant`: the caller's tenant and policy profile, so elements validate with the same rules as the server. */
export function tenantRoutes(s: Services) {
  return new Hono().get('/', gate(s, []), async (c) => {
    const p = c.get('principal');
    const t = await tenantProfile(s.db, p.tenantId);
    return c.json({ id: p.tenantId, name: t.name, profile: t.profile, permissions: [...p.permissions].sort() }, 200);
  });
}
