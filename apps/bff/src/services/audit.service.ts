import type { AuditEventListQuery, AuditEventPage } from '@roster/contract';
import type { Services } from './context.js';
import type { Principal } from './principal.js';
import { listAuditEvents } from '../db/repositories/audit-events.repository.js';

/** `GET /v1/audit-events`: newest first, the cursor is the last id of the page. */
export async function listAuditEventPage(s: Services, p: Principal, q: AuditEventListQuery): Promise<AuditEventPage> {
  const rows = await listAuditEvents(s.db, p.tenantId, {
    action: q.action,
    targetId: q.targetId,
    actorId: q.actorId,
    beforeId: q.cursor ? Number(q.cursor) : undefined,
    limit: q.limit,
  });
  const page = rows.slice(0, q.limit);
  return {
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
      impersonatedBy: r.impersonator_id,
    })),
    nextCursor: rows.length > q.limit ? String(page.at(-1)!.id) : null,
  };
}
