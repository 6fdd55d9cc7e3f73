import { Hono } from 'hono';
import * as z from 'zod/mini';
import {
  CreateWebhookEndpointRequestSchema,
  EventFeedPageSchema,
  EventFeedQuerySchema,
  PatchWebhookEndpointRequestSchema,
  RotateWebhookSecretRequestSchema,
  WebhookDeliveryPageSchema,
  WebhookDeliveryQuerySchema,
  WebhookEndpointSchema,
  WebhookEndpointWithSecretSchema,
} from '@roster/contract';
import type { Services } from '../../services/context.js';
import { gate } from '../../middleware/gate/index.js';
import { idParam, jsonBody, query } from '../../middleware/validate/validator.js';
import { describe, ok } from '../../openapi/describe.js';
import { createEndpoint, deleteEndpoint, eventFeed, getEndpoint, listEndpointDeliveries, listEndpoints, patchEndpoint, replay, rotateEndpointSecret, sendTestEvent } from '../../services/webhooks.service.js';

const tag = 'Webhooks';
const noStore = { 'Cache-Control': 'no-store' };
const meta = (c: { get(key: 'requestId'): string }) => ({ requestId: c.get('requestId') });

/** `/v1/webhook-endpoints` (`integrations.manage`): where a tenant's events are delivered, signed per Standard Webhooks. */
export function webhookEndpointRoutes(s: Services) {
  return new Hono()
    .get('/', describe({ operationId: 'listWebhookEndpoints', tag, summary: 'The tenant’s webhook endpoints', responses: { 200: ok('Endpoints', z.object({ items: z.array(WebhookEndpointSchema) })) }, errors: [] }), gate(s, 'integrations.manage'), async (c) =>
      c.json(await listEndpoints(s, c.get('principal')), 200),
    )
    .post(
      '/',
      describe({
        operationId: 'createWebhookEndpoint', tag,
        summary: 'Register an endpoint: its URL (never a private, loopback or link-local address) and the events it wants (none: every event). The signing secret (whsec_…) is in this answer only.',
        responses: { 201: ok('The endpoint and its signing secret', WebhookEndpointWithSecretSchema) },
      }),
      gate(s, 'integrations.manage'),
      jsonBody(CreateWebhookEndpointRequestSchema),
      async (c) => c.json(await createEndpoint(s, c.get('principal'), c.req.valid('json'), meta(c)), 201, noStore),
    )
    .get('/:id', describe({ operationId: 'getWebhookEndpoint', tag, summary: 'One endpoint (never its secret)', responses: { 200: ok('The endpoint', WebhookEndpointSchema) }, errors: [404] }), gate(s, 'integrations.manage'), idParam('id', 'Webhook endpoint'), async (c) =>
      c.json(await getEndpoint(s, c.get('principal'), c.req.valid('param').id), 200),
    )
    .patch(
      '/:id',
      describe({ operationId: 'patchWebhookEndpoint', tag, summary: 'Change an endpoint’s URL, events, description, or turn it off and on', responses: { 200: ok('The endpoint', WebhookEndpointSchema) }, errors: [404] }),
      gate(s, 'integrations.manage'),
      idParam('id', 'Webhook endpoint'),
      jsonBody(PatchWebhookEndpointRequestSchema),
      async (c) => c.json(await patchEndpoint(s, c.get('principal'), c.req.valid('param').id, c.req.valid('json'), meta(c)), 200),
    )
    .delete('/:id', describe({ operationId: 'deleteWebhookEndpoint', tag, summary: 'Delete an endpoint and its deliveries', responses: { 204: { description: 'Deleted' } }, errors: [404] }), gate(s, 'integrations.manage'), idParam('id', 'Webhook endpoint'), async (c) => {
      await deleteEndpoint(s, c.get('principal'), c.req.valid('param').id, meta(c));
      return c.body(null, 204);
    })
    .post(
      '/:id/rotate-secret',
      describe({ operationId: 'rotateWebhookSecret', tag, summary: 'A new signing secret; deliveries carry both signatures for graceHours (default 24, 0–168)', responses: { 200: ok('The endpoint and its new secret', WebhookEndpointWithSecretSchema) }, errors: [404] }),
      gate(s, 'integrations.manage'),
      idParam('id', 'Webhook endpoint'),
      jsonBody(RotateWebhookSecretRequestSchema, { optionalWhen: 'blank' }),
      async (c) => c.json(await rotateEndpointSecret(s, c.get('principal'), c.req.valid('param').id, c.req.valid('json'), meta(c)), 200, noStore),
    )
    .post(
      '/:id/test',
      describe({ operationId: 'sendWebhookTestEvent', tag, summary: 'Send a webhook.test event to this endpoint (signed and retried like any other)', responses: { 202: ok('Queued', z.object({ deliveryId: z.string() })) }, errors: [404] }),
      gate(s, 'integrations.manage'),
      idParam('id', 'Webhook endpoint'),
      async (c) => c.json(await sendTestEvent(s, c.get('principal'), c.req.valid('param').id, meta(c)), 202),
    )
    .get(
      '/:id/deliveries',
      describe({ operationId: 'listWebhookDeliveries', tag, summary: 'The endpoint’s delivery log, newest first: each event, its attempts, the last answer and when it is tried again', responses: { 200: ok('Deliveries', WebhookDeliveryPageSchema) }, errors: [404] }),
      gate(s, 'integrations.manage'),
      idParam('id', 'Webhook endpoint'),
      query(WebhookDeliveryQuerySchema),
      async (c) => c.json(await listEndpointDeliveries(s, c.get('principal'), c.req.valid('param').id, c.req.valid('query')), 200),
    )
    .post(
      '/:id/deliveries/:deliveryId/replay',
      describe({ operationId: 'replayWebhookDelivery', tag, summary: 'Send a delivery again from its first attempt (the same event id)', responses: { 202: { description: 'Queued' } }, errors: [404] }),
      gate(s, 'integrations.manage'),
      idParam('id', 'Webhook endpoint'),
      async (c) => {
        await replay(s, c.get('principal'), c.req.valid('param').id, c.req.param('deliveryId') ?? '', meta(c));
        return c.body(null, 202);
      },
    );
}

/** `/v1/events`: the webhooks' events as a durable feed (`users.read`; a caller limited to some organizations gets their users' events only). */
export function eventFeedRoutes(s: Services) {
  return new Hono().get(
    '/',
    describe({
      operationId: 'listEvents', tag,
      summary: 'The events the webhooks carry, as a durable feed: pass the answer’s cursor as `after` for the next ones',
      description: 'In the order of the transactions that made them, and never past one still running, so polling with the last cursor never misses an event. Each event’s id is its deliveries’ `webhook-id`. A caller limited to some organizations (an app bound to one) gets the events about the users of those organizations (deleted ones included), and no role, seat or import events.',
      responses: { 200: ok('Events', EventFeedPageSchema) },
    }),
    gate(s, 'users.read'),
    query(EventFeedQuerySchema),
    async (c) => c.json(await eventFeed(s, c.get('principal'), c.req.valid('query')), 200),
  );
}
