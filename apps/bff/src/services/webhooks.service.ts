import type * as z from 'zod/mini';
import {
  SECRET_GRACE_HOURS_DEFAULT,
  WEBHOOK_TEST_EVENT,
  eventTypesOf,
  type CreateWebhookEndpointRequestSchema,
  type EventFeedQuerySchema,
  type PatchWebhookEndpointRequestSchema,
  type RotateWebhookSecretRequestSchema,
  type WebhookDelivery,
  type WebhookDeliveryQuerySchema,
  type WebhookEndpoint,
  type WebhookEventType,
} from '@roster/contract';
import { actorOf, type Meta, type Services } from './context.js';
import type { Principal } from './principal.js';
import { ApiError, forbidden, notFound, validationFailed } from '../errors.js';
import {
  deleteWebhookEndpoint,
  findWebhookEndpoint,
  insertDelivery,
  insertWebhookEndpoint,
  listDeliveries,
  listWebhookEndpoints,
  replayDelivery,
  rotateWebhookSecret,
  updateWebhookEndpoint,
} from '../db/repositories/webhooks.repository.js';
import { insertAuditEvents, listFeedEvents } from '../db/repositories/audit-events.repository.js';
import { newWebhookSecret } from '../webhooks/signing.js';
import { secretContext, webhookSecretBox } from '../webhooks/sender.js';
import { webhookUrlRefusal } from '../webhooks/addresses.js';
import { eventIdOf, eventOf } from '../webhooks/events.js';
import { randomUUID } from 'node:crypto';

type Row = NonNullable<Awaited<ReturnType<typeof findWebhookEndpoint>>>;
const toEndpoint = (r: Row): WebhookEndpoint => ({
  id: r.id,
  url: r.url,
  description: r.description,
  events: r.events as WebhookEventType[] | null,
  enabled: r.enabled,
  createdAt: r.created_at,
  secretRotatedAt: r.secret_rotated_at,
  previousSecretExpiresAt: r.previous_secret_expires_at,
});

/**
 * Webhooks tell the whole tenant's changes: an app or a person who sees only some organizations has the event feed
 * (their organizations' users' events) and the sync instead.
 */
function assertSeesTenant(p: Principal) {
  if (p.organizationScope !== 'all') throw forbidden('Webhooks tell every organization’s changes; you see only some (use GET /v1/events or GET /v1/users?updatedSince=).');
}

async function assertUrlAllowed(s: Services, url: string) {
  const refusal = await webhookUrlRefusal(url, { allowPrivate: s.config.webhooksAllowPrivate === true, allowedNetworks: s.config.webhooksAllowedNetworks });
  if (refusal) throw validationFailed([{ path: ['body', 'url'], message: refusal }]);
}

async function endpointOf(s: Services, p: Principal, id: string): Promise<Row> {
  assertSeesTenant(p);
  const row = await findWebhookEndpoint(s.db, p.tenantId, id);
  if (!row) throw notFound('Webhook endpoint');
  return row;
}

export async function listEndpoints(s: Services, p: Principal) {
  assertSeesTenant(p);
  return { items: (await listWebhookEndpoints(s.db, p.tenantId)).map(toEndpoint) };
}

export async function getEndpoint(s: Services, p: Principal, id: string) {
  return toEndpoint(await endpointOf(s, p, id));
}

/** `POST /v1/webhook-endpoints`: the signing secret is in this answer only (stored sealed, never shown again). */
export async function createEndpoint(s: Services, p: Principal, input: z.output<typeof CreateWebhookEndpointRequestSchema>, meta: Meta) {
  assertSeesTenant(p);
  await assertUrlAllowed(s, input.url);
  const id = randomUUID();
  const secret = newWebhookSecret();
  return s.db.transaction().execute(async (trx) => {
    const row = await insertWebhookEndpoint(trx, {
      id,
      tenant_id: p.tenantId,
      url: input.url,
      description: input.description ?? '',
      events: input.events ?? null,
      secret_sealed: webhookSecretBox(s.config.signingKey).seal(secret, secretContext(p.tenantId, id)),
      created_by: p.id,
    });
    const endpoint = toEndpoint(row);
    await insertAuditEvents(trx, [{ tenantId: p.tenantId, ...actorOf(p), action: 'webhook_endpoint.created', targetType: 'webhook_endpoint', targetId: id, after: endpoint, requestId: meta.requestId }]);
    return { ...endpoint, secret };
  });
}

export async function patchEndpoint(s: Services, p: Principal, id: string, input: z.output<typeof PatchWebhookEndpointRequestSchema>, meta: Meta) {
  const before = await endpointOf(s, p, id);
  if (input.url !== undefined) await assertUrlAllowed(s, input.url);
  return s.db.transaction().execute(async (trx) => {
    const row = await updateWebhookEndpoint(trx, p.tenantId, id, {
      ...(input.url !== undefined ? { url: input.url } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.events !== undefined ? { events: input.events } : {}),
      ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
    });
    if (!row) throw notFound('Webhook endpoint');
    const endpoint = toEndpoint(row);
    await insertAuditEvents(trx, [{ tenantId: p.tenantId, ...actorOf(p), action: 'webhook_endpoint.updated', targetType: 'webhook_endpoint', targetId: id, before: toEndpoint(before), after: endpoint, requestId: meta.requestId }]);
    return endpoint;
  });
}

/** A new secret; deliveries carry both signatures for the grace period, so the receiver can switch without a gap. */
export async function rotateEndpointSecret(s: Services, p: Principal, id: string, input: z.output<typeof RotateWebhookSecretRequestSchema>, meta: Meta) {
  await endpointOf(s, p, id);
  const secret = newWebhookSecret();
  const graceHours = input.graceHours ?? SECRET_GRACE_HOURS_DEFAULT;
  return s.db.transaction().execute(async (trx) => {
    const row = await rotateWebhookSecret(trx, p.tenantId, id, webhookSecretBox(s.config.signingKey).seal(secret, secretContext(p.tenantId, id)), graceHours);
    if (!row) throw notFound('Webhook endpoint');
    await insertAuditEvents(trx, [{ tenantId: p.tenantId, ...actorOf(p), action: 'webhook_endpoint.secret_rotated', targetType: 'webhook_endpoint', targetId: id, after: { graceHours }, requestId: meta.requestId }]);
    return { ...toEndpoint(row), secret };
  });
}

export async function deleteEndpoint(s: Services, p: Principal, id: string, meta: Meta) {
  const before = await endpointOf(s, p, id);
  await s.db.transaction().execute(async (trx) => {
    if (!(await deleteWebhookEndpoint(trx, p.tenantId, id))) throw notFound('Webhook endpoint');
    await insertAuditEvents(trx, [{ tenantId: p.tenantId, ...actorOf(p), action: 'webhook_endpoint.deleted', targetType: 'webhook_endpoint', targetId: id, before: toEndpoint(before), requestId: meta.requestId }]);
  });
}

/** "Send test event": a `webhook.test` event to this endpoint only, through the same queue, signature and retries. */
export async function sendTestEvent(s: Services, p: Principal, id: string, meta: Meta) {
  await endpointOf(s, p, id);
  return s.db.transaction().execute(async (trx) => {
    const [auditId] = await insertAuditEvents(trx, [{ tenantId: p.tenantId, ...actorOf(p), action: 'webhook_endpoint.tested', targetType: 'webhook_endpoint', targetId: id, requestId: meta.requestId }]);
    const d = await insertDelivery(trx, { tenantId: p.tenantId, endpointId: id, auditId: auditId!, type: WEBHOOK_TEST_EVENT });
    return { deliveryId: String(d.id) };
  });
}

export async function listEndpointDeliveries(s: Services, p: Principal, id: string, q: z.output<typeof WebhookDeliveryQuerySchema>) {
  await endpointOf(s, p, id);
  const rows = await listDeliveries(s.db, p.tenantId, id, { status: q.status, beforeId: q.cursor, limit: q.limit });
  const page = rows.slice(0, q.limit);
  const items: WebhookDelivery[] = page.map((r) => ({
    id: r.id,
    eventId: eventIdOf(r.audit_event_id, r.event_type),
    type: r.event_type,
    status: r.status,
    attempts: r.attempts,
    lastResponseStatus: r.last_response_status,
    lastError: r.last_error,
    createdAt: r.created_at,
    nextAttemptAt: r.next_attempt_at,
    deliveredAt: r.delivered_at,
  }));
  return { items, nextCursor: rows.length > q.limit ? page.at(-1)!.id : null };
}

/** Sends one delivery again from its first attempt, with the same event id. */
export async function replay(s: Services, p: Principal, id: string, deliveryId: string, meta: Meta) {
  await endpointOf(s, p, id);
  if (!/^\d{1,18}$/.test(deliveryId)) throw notFound('Delivery');
  await s.db.transaction().execute(async (trx) => {
    if (!(await replayDelivery(trx, p.tenantId, id, deliveryId))) throw notFound('Delivery');
    await insertAuditEvents(trx, [{ tenantId: p.tenantId, ...actorOf(p), action: 'webhook_delivery.replayed', targetType: 'webhook_endpoint', targetId: id, after: { deliveryId }, requestId: meta.requestId }]);
  });
}

const FEED_CURSOR = /^(\d{1,20})\.(\d{1,19})$/;

/**
 * `GET /v1/events?after=`: the events the webhooks carry, as a durable feed in the order of their transactions, never
 * past one still running; for a caller limited to some organizations, the events about their organizations' users.
 * `cursor` is the place after this page (also when it is empty).
 */
export async function eventFeed(s: Services, p: Principal, q: z.output<typeof EventFeedQuerySchema>) {
  let after: { xid: string; id: string } | undefined;
  if (q.after !== undefined) {
    const m = FEED_CURSOR.exec(q.after);
    if (!m) throw new ApiError('bad_request', 'The cursor is not valid.', [{ path: ['query', 'after'], message: 'Is not a cursor returned by this API.' }]);
    after = { xid: m[1]!, id: m[2]! };
  }
  const { rows, xmin } = await listFeedEvents(s.db, p.tenantId, { scope: p.organizationScope, after, limit: q.limit });
  const hasMore = rows.length > q.limit;
  const page = rows.slice(0, q.limit);
  const items = page.flatMap((r) => eventTypesOf(r.action, r.after).map((type) => eventOf(r, type)));
  const last = page.at(-1);
  // Caught up: every event below xmin has been read, so the place moves to just below it (xmin never goes back, so
  // neither does the place).
  const cursor = hasMore && last ? `${last.xid}.${last.id}` : `${(BigInt(xmin) - 1n).toString()}.9223372036854775807`;
  return { items, cursor, hasMore };
}
