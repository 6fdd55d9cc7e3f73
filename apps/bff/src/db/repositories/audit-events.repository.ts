import type { Db } from '../create-db.js';

export interface AuditEventInput {
  tenantId: string;
  actorType: 'user' | 'client' | 'platform' | 'system';
  actorId: string | null;
  action: string;
  targetType?: string;
  targetId?: string;
  before?: unknown;
  after?: unknown;
  requestId?: string | undefined;
}

export async function insertAuditEvents(db: Db, events: AuditEventInput[]) {
  if (events.length === 0) return;
  await db
    .insertInto('audit_events')
    .values(
      events.map((e) => ({
        tenant_id: e.tenantId,
        actor_type: e.actorType,
        actor_id: e.actorId,
        action: e.action,
        target_type: e.targetType ?? null,
        target_id: e.targetId ?? null,
        before: e.before === undefined ? null : JSON.stringify(e.before),
        after: e.after === undefined ? null : JSON.stringify(e.after),
        request_id: e.requestId ?? null,
      })),
    )
    .execute();
}

/** Newest first, keyset on id; `limit + 1` rows tell whether another page follows. */
export async function listAuditEvents(
  db: Db,
  tenantId: string,
  f: { action?: string | undefined; targetId?: string | undefined; actorId?: string | undefined; beforeId?: number | undefined; limit: number },
) {
  let query = db.selectFrom('audit_events').selectAll().where('tenant_id', '=', tenantId);
  if (f.action) query = query.where('action', '=', f.action);
  if (f.targetId) query = query.where('target_id', '=', f.targetId);
  if (f.actorId) query = query.where('actor_id', '=', f.actorId);
  if (f.beforeId !== undefined) query = query.where('id', '<', f.beforeId);
  return query.orderBy('id', 'desc').limit(f.limit + 1).execute();
}
