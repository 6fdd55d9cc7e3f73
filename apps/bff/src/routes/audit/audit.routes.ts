import { Hono } from 'hono';
import { AuditEventListQuerySchema, AuditEventPageSchema, type AuditEventPage } from '@roster/contract';
import type { Services } from '../../services/context.js';
import { gate } from '../../middleware/gate/index.js';
import { query } from '../../middleware/validate/validator.js';
import { describe, ok } from '../../openapi/describe.js';
import { listAuditEvents } from '../../db/repositories/audit-events.repository.js';

/** `GET /v1/audit-events`: what changed, who did it and why a host's ticket system should act (user.deactivated…). */
export function auditRoutes(s: Services) {
  return new Hono().get(
    '/',
    describe({ operationId: 'listAuditEvents', tag: 'Audit', summary: 'Audit events, newest first (user.deactivated carries unassignOpenTickets for ticket systems)', responses: { 200: ok('One page', AuditEventPageSchema) } }),
    gate(s, 'audit.read'),
    query(AuditEventListQuerySchema),
    async (c) => {
      const q = c.req.valid('query');
      const rows = await listAuditEvents(s.db, c.get('principal').tenantId, {
        action: q.action,
        targetId: q.targetId,
        actorId: q.actorId,
        beforeId: q.cursor ? Number(q.cursor) : undefined,
        limit: q.limit,
      });
      const page = rows.slice(0, q.limit);
      const body: AuditEventPage = {
        items: page.map((r) => ({
          id: String(r.id),
          actorType: r.actor_type,
          actorId: r.actor_id,
          action: r.action,
          targetType: r.target_type,
          targetId: r.target_id,
          before: r.before ?? null,
          after: r.after ?? null,
          requestId: r.request_id,
          createdAt: r.created_at,
        })),
        nextCursor: rows.length > q.limit ? String(page.at(-1)!.id) : null,
      };
      return c.json(body, 200);
    },
  );
}
