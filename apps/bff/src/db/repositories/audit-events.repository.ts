import type { Db } from '../create-db.js';
import { sql } from 'kysely';
import { eventActions, eventTypesOf } from '@roster/contract';
import { literalOf, type ArrayParam } from '../array-literal.js';
import { fanOutDeliveries, hasEnabledWebhookEndpoint } from './webhooks.repository.js';
import type { OrganizationScope } from './users.repository.js';
import { currentImpersonator } from '../impersonation-scope.js';

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
  /** The administrator behind a "view as" session (default: the request's, `currentImpersonator`). */
  impersonatorId?: string | null;
}

/**
 * The audit log's only writer. An entry that is an integration's event (`eventTypesOf`) also gets a webhook
 * delivery for each endpoint that wants it, in the same transaction (so a change rolled back sends nothing).
 */
export async function insertAuditEvents(db: Db, events: AuditEventInput[]): Promise<string[]> {
  if (events.length === 0) return [];
  const rows = await db
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
        impersonator_id: e.impersonatorId ?? currentImpersonator(),
      })),
    )
    .returning('id')
    .execute();
  const deliveries = events.flatMap((e, i) => eventTypesOf(e.action, e.after).map((type) => ({ auditId: rows[i]!.id, tenantId: e.tenantId, type })));
  await fanOutDeliveries(db, deliveries);
  return rows.map((r) => String(r.id));
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
  // With an endpoint to tell, each imported user's user.created also gets its deliveries, in the same statement.
  const fanOut = await hasEnabledWebhookEndpoint(trx, e.tenantId);
  await sql`
    ${fanOut ? sql`with inserted as (` : sql``}
    insert into audit_events (tenant_id, actor_type, actor_id, action, target_type, target_id, after, request_id)
    select ${e.tenantId}::uuid, ${e.actorType}, ${e.actorId}, 'user.created', 'user', t.id,
           jsonb_build_object('id', t.id, 'kind', ${e.kind}::text, 'email', t.em, 'firstName', t.fn, 'lastName', t.ln,
                              'organizationId', t.org, 'roleIds', to_jsonb(string_to_array(t.roles, ',')), 'source', 'import'),
           ${e.requestId}::text
    from unnest(${literalOf(c.ids)}::text[], ${literalOf(c.emails)}::text[], ${literalOf(c.firstNames)}::text[],
                ${literalOf(c.lastNames)}::text[], ${literalOf(c.organizationIds)}::uuid[],
                ${literalOf(c.roleIdLists)}::text[]) as t(id, em, fn, ln, org, roles)
    ${
      fanOut
        ? sql`returning id, tenant_id)
    insert into webhook_deliveries (tenant_id, endpoint_id, audit_event_id, event_type)
    select i.tenant_id, w.id, i.id, 'user.created' from inserted i
      join webhook_endpoints w on w.tenant_id = i.tenant_id and w.enabled and (w.events is null or 'user.created' = any(w.events))`
        : sql``
    }`.execute(trx);
}

/**
 * The event feed (`GET /v1/events`): the tenant's audit entries that are events, after `(xid, id)`, in the order of
 * their transactions and only below the oldest one still running (see migration 2026-12-12T1200): `limit + 1` rows,
 * and that bound.
 */
/**
 * For a caller limited to some organizations: the events about users who belong to one of them now, or whose
 * tombstone says they belonged to one when deleted (role, seat and import events are the whole tenant's: none).
 */
function feedScope(scope: OrganizationScope) {
  if (scope === 'all') return sql`true`;
  if (scope.length === 0) return sql`false`;
  const orgs = sql`(${sql.join(scope.map((id) => sql`${id}::uuid`))})`;
  return sql`(target_type = 'user' and (
    exists (select 1 from users u where u.tenant_id = audit_events.tenant_id and u.id::text = audit_events.target_id and u.organization_id in ${orgs})
    or exists (select 1 from tombstones t where t.tenant_id = audit_events.tenant_id and t.resource = 'user' and t.id::text = audit_events.target_id and t.organization_id in ${orgs})))`;
}

export async function listFeedEvents(db: Db, tenantId: string, f: { scope: OrganizationScope; after?: { xid: string; id: string } | undefined; limit: number }) {
  const r = await sql<{ id: string | null; xid: string | null; action: string; actor_type: string; actor_id: string | null; target_type: string | null; target_id: string | null; before: unknown; after: unknown; created_at: string; xmin: string }>`
    with bound as materialized (select pg_snapshot_xmin(pg_current_snapshot()) as xmin)
    select a.id::text as id, a.xid::text as xid, a.action, a.actor_type, a.actor_id, a.target_type, a.target_id, a.before, a.after,
           to_char(a.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as created_at, bound.xmin::text as xmin
      from bound left join lateral (
        select * from audit_events
         where tenant_id = ${tenantId}::uuid and action = any(${literalOf(eventActions)}::text[]) and ${feedScope(f.scope)}
           and ${f.after ? sql`(xid, id) > (${f.after.xid}::xid8, ${f.after.id}::bigint)` : sql`true`}
           and xid < bound.xmin
         order by xid, id
         limit ${f.limit + 1}
      ) a on true
     order by a.xid, a.id`.execute(db);
  const xmin = r.rows[0]!.xmin;
  return { rows: r.rows.filter((x) => x.id !== null) as (Omit<(typeof r.rows)[number], 'id' | 'xid'> & { id: string; xid: string })[], xmin };
}
