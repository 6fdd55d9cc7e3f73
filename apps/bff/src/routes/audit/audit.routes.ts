import { Hono } from 'hono';
import { AuditEventListQuerySchema, AuditEventPageSchema, type AuditEventPage } from '@roster/contract';
import type { Services } from '../../services/context.js';
import { gate } from '../../middleware/gate/index.js';
import { query } from '../../middleware/validate/validator.js';
import { describe, ok } from '../../openapi/describe.js';
import { listAuditEventPage } from '../../services/audit.service.js';

/** `GET /v1/audit-events`: what changed, who did it and why a host's ticket system should act (user.deactivated…). */
export function auditRoutes(s: Services) {
  return new Hono().get(
    '/',
    describe({ operationId: 'listAuditEvents', tag: 'Audit', summary: 'Audit events, newest first (user.deactivated carries unassignOpenTickets for ticket systems)', responses: { 200: ok('One page', AuditEventPageSchema) } }),
    gate(s, 'audit.read'),
    query(AuditEventListQuerySchema),
    async (c) => {
      const body: AuditEventPage = await listAuditEventPage(s, c.get('principal'), c.req.valid('query'));
      return c.json(body, 200);
    },
  );
}
