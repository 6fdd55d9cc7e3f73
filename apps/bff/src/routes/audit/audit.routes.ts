import { Hono } from 'hono';
import { AuditEventListQuerySchema, type AuditEventPage } from '@roster/contract';
import type { Services } from '../../services/context.js';
import { gate } from '../../middleware/gate/index.js';
import { parseQuery } from '../../middleware/validate/index.js';
import { listAuditEventPage } from '../../services/audit.service.js';

/** `GET /v1/audit-events`: what changed, who did it and why a host's ticket system should act (user.deactivated…). */
export function auditRoutes(s: Services) {
  return new Hono().get('/', gate(s, 'audit.read'), async (c) => {
    const q = parseQuery(c, AuditEventListQuerySchema);
    const body: AuditEventPage = await listAuditEventPage(s, c.get('principal'), q);
    return c.json(body, 200);
  });
}
