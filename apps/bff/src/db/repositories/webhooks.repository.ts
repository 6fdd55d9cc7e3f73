import { sql } from 'kysely';
import type { Db } from '../create-db.js';
import type { NewWebhookEndpointRow } from '../tables.js';
import { literalOf } from '../array-literal.js';
import type { EventSource } from '../../webhooks/events.js';

/** Webhook endpoints and their deliveries: the only writer of both tables. */

const ENDPOINT = ['id', 'url', 'description', 'events', 'enabled', 'created_at', 'secret_rotated_at', 'previous_secret_expires_at'] as const;

export async function insertWebhookEndpoint(db: Db, row: NewWebhookEndpointRow) {
  return db.insertInto('webhook_endpoints').values(row).returning([...ENDPOINT]).executeTakeFirstOrThrow();
}

export async function listWebhookEndpoints(db: Db, tenantId: string) {
  return db.selectFrom('webhook_endpoints').select([...ENDPOINT]).where('tenant_id', '=', tenantId).orderBy('created_at').orderBy('id').execute();
}

export async function findWebhookEndpoint(db: Db, tenantId: string, id: string) {
  return db.selectFrom('webhook_endpoints').select([...ENDPOINT]).where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
}

export async function updateWebhookEndpoint(db: Db, tenantId: string, id: string, set: { url?: string; description?: string; events?: string[] | null; enabled?: boolean }) {
  return db.updateTable('webhook_endpoints').set(set).where('tenant_id', '=', tenantId).where('id', '=', id).returning([...ENDPOINT]).executeTakeFirst();
}

export async function rotateWebhookSecret(db: Db, tenantId: string, id: string, sealed: string, graceHours: number) {
  return db
    .updateTable('webhook_endpoints')
    .set({
      previous_secret_sealed: graceHours > 0 ? sql<string>`secret_sealed` : null,
      previous_secret_expires_at: graceHours > 0 ? sql<string>`now() + make_interval(hours => ${graceHours})` : null,
      secret_sealed: sealed,
      secret_rotated_at: sql<string>`now()`,
    })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .returning([...ENDPOINT])
    .executeTakeFirst();
}

export async function deleteWebhookEndpoint(db: Db, tenantId: string, id: string) {
  const r = await db.deleteFrom('webhook_endpoints').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** Whether the tenant has an endpoint that receives anything (a bulk import fans out only then). */
export async function hasEnabledWebhookEndpoint(db: Db, tenantId: string) {
  return (await db.selectFrom('webhook_endpoints').select('id').where('tenant_id', '=', tenantId).where('enabled', '=', true).limit(1).executeTakeFirst()) !== undefined;
}

/**
 * A delivery for each enabled endpoint of the tenant that wants the event, in the transaction of the change:
 * `events` are (audit entry id, tenant, event type) triples.
 */
export async function fanOutDeliveries(db: Db, events: readonly { auditId: string | number; tenantId: string; type: string }[]) {
  if (events.length === 0) return;
  await sql`
    insert into webhook_deliveries (tenant_id, endpoint_id, audit_event_id, event_type)
    select e.tenant_id, e.id, x.audit_id, x.type
      from unnest(${literalOf(events.map((e) => String(e.auditId)))}::bigint[], ${literalOf(events.map((e) => e.tenantId))}::uuid[], ${literalOf(events.map((e) => e.type))}::text[]) as x(audit_id, tenant_id, type)
      join webhook_endpoints e on e.tenant_id = x.tenant_id and e.enabled and (e.events is null or x.type = any(e.events))
    on conflict do nothing`.execute(db);
}

/** One delivery to one endpoint (a test event, a replay of one that is gone): pending now. */
export async function insertDelivery(db: Db, d: { tenantId: string; endpointId: string; auditId: string | number; type: string }) {
  return db
    .insertInto('webhook_deliveries')
    .values({ tenant_id: d.tenantId, endpoint_id: d.endpointId, audit_event_id: String(d.auditId), event_type: d.type })
    .returning('id')
    .executeTakeFirstOrThrow();
}

/** What a sender needs to send one delivery: the event's audit entry (its columns) and the endpoint's sealed secrets. */
export interface DueDelivery extends Omit<EventSource, 'id'> {
  id: string;
  tenant_id: string;
  endpoint_id: string;
  audit_event_id: string;
  event_type: string;
  attempts: number;
  url: string;
  secret_sealed: string;
  previous_secret_sealed: string | null;
  /** The claim's token: the lease's end as the database holds it; only its holder may mark the delivery. */
  claim: string;
}

/**
 * Claims up to `batch` due deliveries for `leaseSeconds` (platform path: every tenant's): `FOR UPDATE SKIP LOCKED`,
 * so several senders never take the same one, and a lease, so one whose sender died is taken again when it ends.
 * Each claim counts as an attempt; its lease's end (`claim`) is its token: `markDelivered` and `markAttemptFailed`
 * change nothing for a sender whose lease ran out and whose delivery another sender has claimed since.
 */
export async function claimDueDeliveries(db: Db, batch: number, leaseSeconds: number): Promise<DueDelivery[]> {
  const r = await sql<DueDelivery>`
    with due as (
      select d.id from webhook_deliveries d
       where d.status = 'pending' and d.next_attempt_at <= now() and (d.locked_until is null or d.locked_until < now())
       order by d.next_attempt_at
       limit ${batch}
       for update skip locked
    ), claimed as (
      update webhook_deliveries d set locked_until = now() + make_interval(secs => ${leaseSeconds}), attempts = d.attempts + 1
        from due where d.id = due.id
      returning d.id, d.tenant_id, d.endpoint_id, d.audit_event_id, d.event_type, d.attempts, d.locked_until::text as claim
    )
    select c.id::text, c.tenant_id, c.endpoint_id, c.audit_event_id::text, c.event_type, c.attempts, c.claim,
           e.url, e.secret_sealed,
           case when e.previous_secret_expires_at > now() then e.previous_secret_sealed end as previous_secret_sealed,
           a.action, a.actor_type, a.actor_id, a.target_type, a.target_id, a.before, a.after,
           to_char(a.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as created_at
      from claimed c
      join webhook_endpoints e on e.id = c.endpoint_id
      join audit_events a on a.id = c.audit_event_id
     order by c.id`.execute(db);
  return r.rows;
}

/** The endpoint answered 2xx: delivered, never sent again (unless replayed). */
export async function markDelivered(db: Db, claim: { id: string; claim: string }, status: number) {
  await db
    .updateTable('webhook_deliveries')
    .set({ status: 'succeeded', delivered_at: sql<string>`now()`, next_attempt_at: null, locked_until: null, last_response_status: status, last_error: null })
    .where('id', '=', claim.id)
    .where('locked_until', '=', sql<string>`${claim.claim}::timestamptz`)
    .execute();
}

/** A failed attempt: tried again after `retryInSeconds`, or dead when there is none. */
export async function markAttemptFailed(db: Db, claim: { id: string; claim: string }, result: { status: number | null; error: string }, retryInSeconds: number | null) {
  await db
    .updateTable('webhook_deliveries')
    .set({
      status: retryInSeconds === null ? 'dead' : 'pending',
      next_attempt_at: retryInSeconds === null ? null : sql<string>`now() + make_interval(secs => ${retryInSeconds})`,
      locked_until: null,
      last_response_status: result.status,
      last_error: result.error.slice(0, 500),
    })
    .where('id', '=', claim.id)
    .where('locked_until', '=', sql<string>`${claim.claim}::timestamptz`)
    .execute();
}

/** Sends a delivery again now, from its first attempt (the same event id: receivers deduplicate by it). */
export async function replayDelivery(db: Db, tenantId: string, endpointId: string, id: string) {
  return db
    .updateTable('webhook_deliveries')
    .set({ status: 'pending', attempts: 0, next_attempt_at: sql<string>`now()`, locked_until: null, delivered_at: null })
    .where('tenant_id', '=', tenantId)
    .where('endpoint_id', '=', endpointId)
    .where('id', '=', id)
    .returning('id')
    .executeTakeFirst();
}

/** An endpoint's deliveries, newest first, keyset on id. */
export async function listDeliveries(db: Db, tenantId: string, endpointId: string, f: { status?: string | undefined; beforeId?: string | undefined; limit: number }) {
  let q = db
    .selectFrom('webhook_deliveries')
    .select([
      sql<string>`id::text`.as('id'),
      sql<string>`audit_event_id::text`.as('audit_event_id'),
      'event_type',
      'status',
      'attempts',
      'last_response_status',
      'last_error',
      sql<string>`to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`.as('created_at'),
      sql<string | null>`to_char(next_attempt_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`.as('next_attempt_at'),
      sql<string | null>`to_char(delivered_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`.as('delivered_at'),
    ])
    .where('tenant_id', '=', tenantId)
    .where('endpoint_id', '=', endpointId);
  if (f.status) q = q.where('status', '=', f.status as 'pending');
  if (f.beforeId) q = q.where('id', '<', f.beforeId);
  return q.orderBy('id', 'desc').limit(f.limit + 1).execute();
}
