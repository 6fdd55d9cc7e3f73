import type { Db } from '../create-db.js';
import { sql } from 'kysely';
import { literalOf, type ArrayParam } from '../array-literal.js';

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

/**
 * One `user.created` event per imported user, its `after` ({ id, kind, email, firstName, lastName, organizationId,
 * roleIds, source: 'import' }) built in SQL from the columns instead of 100,000 JSON texts sent and parsed.
 */
export async function insertImportedUserAuditEvents(
  trx: Db,
  e: { tenantId: string; actorType: string; actorId: string; requestId: string | null; kind: 'technician' | 'end_user' },
  /** `roleIdLists`: each user's role ids joined by commas. */
  c: { ids: ArrayParam; emails: ArrayParam; firstNames: ArrayParam; lastNames: ArrayParam; organizationIds: ArrayParam; roleIdLists: ArrayParam },
) {
  if (c.ids.length === 0) return;
  await sql`
    insert into audit_events (tenant_id, actor_type, actor_id, action, target_type, target_id, after, request_id)
    select ${e.tenantId}::uuid, ${e.actorType}, ${e.actorId}, 'user.created', 'user', t.id,
           jsonb_build_object('id', t.id, 'kind', ${e.kind}::text, 'email', t.em, 'firstName', t.fn, 'lastName', t.ln,
                              'organizationId', t.org, 'roleIds', to_jsonb(string_to_array(t.roles, ',')), 'source', 'import'),
           ${e.requestId}::text
    from unnest(${literalOf(c.ids)}::text[], ${literalOf(c.emails)}::text[], ${literalOf(c.firstNames)}::text[],
                ${literalOf(c.lastNames)}::text[], ${literalOf(c.organizationIds)}::uuid[],
                ${literalOf(c.roleIdLists)}::text[]) as t(id, em, fn, ln, org, roles)`.execute(trx);
}
