import { Hono } from 'hono';
import { AuditEventListQuerySchema, type AuditEventPage } from '@roster/contract';
import type { Services } from '../../services/context.js';
import { gate } from '../../middleware/gate/index.js';
import { parseQuery } from '../../middleware/validate/index.js';
import { listAuditEvents } from '../../db/repositories/audit-events.repository.js';

/** `GET /v1/audit-events`: what changed, who did it and why a host's ticket system should act (user.deactivated…). */
export function auditRoutes(s: Services) {
  return new Hono().get('/', gate(s, 'audit.read'), async (c) => {
    const q = parseQuery(c, AuditEventListQuerySchema);
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
  });
}
