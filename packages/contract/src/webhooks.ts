import * as z from 'zod/mini';
import { webhookEventTypes, type WebhookEventType } from './webhook-events.js';

/**
 * Webhooks (issue 15): endpoints a tenant registers, the events they receive, and the one mapping from what the audit
 * log records to the events integrations see — for the deliveries and for the durable feed (`GET /v1/events`) alike.
 * Deliveries follow the Standard Webhooks specification (`webhook-id`, `webhook-timestamp`, `webhook-signature`:
 * HMAC-SHA256 with the endpoint's `whsec_` secret).
 */

/** The event a "send test event" delivers: to that endpoint only, never in the feed. */
export const WEBHOOK_TEST_EVENT = 'webhook.test';

/** The audit actions an event comes from, and the events each gives (`user.created` of a user sent an invitation also `user.invited`). */
const eventsOfAction: Record<string, readonly WebhookEventType[]> = {
  'user.created': ['user.created'],
  'user.updated': ['user.updated'],
  'user.email_changed': ['user.updated'],
  'user.invitation_resent': ['user.invited'],
  'user.activated': ['user.activated'],
  'user.deactivated': ['user.deactivated'],
  'user.deleted': ['user.deleted'],
  'user.locked_out': ['user.locked'],
  'user.unlocked': ['user.unlocked'],
  'user.suspended': ['user.suspended'],
  'user.unsuspended': ['user.unsuspended'],
  'user.sessions_revoked': ['user.sessions_revoked'],
  'user.roles_changed': ['user.roles_changed'],
  'role.created': ['role.created'],
  'role.updated': ['role.updated'],
  'role.deleted': ['role.deleted'],
  'seat.added': ['seat.added'],
  'users.imported': ['import.completed'],
};

/** Audit actions that give events (the feed's filter). */
export const eventActions: readonly string[] = Object.keys(eventsOfAction);

/** The events an audit entry gives: the one mapping for deliveries and the feed. */
export function eventTypesOf(action: string, after: unknown): WebhookEventType[] {
  const types = eventsOfAction[action];
  if (!types) return [];
  // A user created without an invitation (SCIM, unless the app sends them: `invitation: "not_sent"`) is not invited.
  const created = action === 'user.created' && typeof after === 'object' && after !== null ? (after as { status?: unknown; invitation?: unknown }) : null;
  const invited = created !== null && created.status === 'invited' && created.invitation !== 'not_sent';
  return invited ? [...types, 'user.invited'] : [...types];
}

/** Seconds after the first try each retry waits (before jitter): more than a day in all, then the delivery is dead. */
export const WEBHOOK_RETRY_SECONDS = [5, 60, 300, 1800, 7200, 18000, 36000, 36000] as const;

const Id = z.uuid({ error: 'Must be an ID (a UUID).' });
const Timestamp = z.string();

/** A query's `limit`: digits, 1 to `max`, `def` when absent (described to OpenAPI as an integer). */
const limitOf = (max: number, def: number) =>
  z
    ._default(
      z.pipe(z.string().check(z.regex(/^\d{1,6}$/, { error: 'Must be a whole number.' })), z.transform(Number)).check(
        z.refine((n) => n >= 1 && n <= max, { error: `Must be between 1 and ${max}.` }),
      ),
      def,
    )
    .register(z.globalRegistry, { type: 'integer', minimum: 1, maximum: max, default: def, pattern: undefined });

export const WebhookUrlSchema = z.string({ error: 'URL is required.' }).check(
  z.maxLength(2048, { error: 'URL can have at most 2,048 characters.' }),
  z.refine(
    (v) => {
      try {
        const u = new URL(v);
        return (u.protocol === 'https:' || u.protocol === 'http:') && u.username === '' && u.password === '' && u.hash === '';
      } catch {
        return false;
      }
    },
    { error: 'Must be an http:// or https:// URL without credentials or a #fragment.' },
  ),
);

const EventsSchema = z.nullable(
  z.array(z.enum(webhookEventTypes, { error: `Must be one of: ${webhookEventTypes.join(', ')}.` })).check(
    z.minLength(1, { error: 'Choose at least one event, or null for every event.' }),
    z.refine((v) => new Set(v).size === v.length, { error: 'Each event may be named once.' }),
  ),
);

const DescriptionSchema = z.pipe(z.string(), z.transform((v: string) => v.trim())).check(
  z.maxLength(200, { error: 'Description can have at most 200 characters.' }),
  z.refine((v) => !/[\p{Cc}\p{Cf}]/u.test(v), { error: 'Description contains an invisible control character.' }),
);

export const WebhookEndpointSchema = z.object({
  id: Id,
  url: z.string(),
  description: z.string(),
  /** The events it receives; null: every event. */
  events: z.nullable(z.array(z.enum(webhookEventTypes))),
  enabled: z.boolean(),
  createdAt: Timestamp,
  secretRotatedAt: z.nullable(Timestamp),
  /** Until when deliveries are also signed with the secret before the last rotation. */
  previousSecretExpiresAt: z.nullable(Timestamp),
});
export type WebhookEndpoint = z.infer<typeof WebhookEndpointSchema>;

/** An endpoint with its signing secret (`whsec_…`): answered by creation and rotation only. */
export const WebhookEndpointWithSecretSchema = z.extend(WebhookEndpointSchema, { secret: z.string() });

export const CreateWebhookEndpointRequestSchema = z.strictObject({
  url: WebhookUrlSchema,
  events: z.optional(EventsSchema),
  description: z.optional(DescriptionSchema),
});
export const PatchWebhookEndpointRequestSchema = z.strictObject({
  url: z.optional(WebhookUrlSchema),
  events: z.optional(EventsSchema),
  description: z.optional(DescriptionSchema),
  enabled: z.optional(z.boolean({ error: 'Must be true or false.' })),
});
export const RotateWebhookSecretRequestSchema = z.strictObject({
  /** Hours deliveries are also signed with the current secret (0–168, default 24). */
  graceHours: z.optional(z.int({ error: 'Must be a whole number of hours.' }).check(z.minimum(0, { error: 'Must be 0 to 168 hours.' }), z.maximum(168, { error: 'Must be 0 to 168 hours.' }))),
});

export const webhookDeliveryStatuses = ['pending', 'succeeded', 'dead'] as const;
export const WebhookDeliverySchema = z.object({
  id: z.string(),
  /** The event's id: the `webhook-id` header, the same on every retry and replay (receivers deduplicate by it). */
  eventId: z.string(),
  type: z.string(),
  status: z.enum(webhookDeliveryStatuses),
  attempts: z.int(),
  /** The endpoint's last answer (HTTP status), null when it gave none (timeout, refused, not tried yet). */
  lastResponseStatus: z.nullable(z.int()),
  lastError: z.nullable(z.string()),
  createdAt: Timestamp,
  nextAttemptAt: z.nullable(Timestamp),
  deliveredAt: z.nullable(Timestamp),
});
export type WebhookDelivery = z.infer<typeof WebhookDeliverySchema>;
export const WebhookDeliveryPageSchema = z.object({ items: z.array(WebhookDeliverySchema), nextCursor: z.nullable(z.string()) });
export const WebhookDeliveryQuerySchema = z.strictObject({
  status: z.optional(z.enum(webhookDeliveryStatuses)),
  limit: limitOf(100, 50),
  cursor: z.optional(z.string().check(z.regex(/^\d{1,18}$/, { error: 'Is not a cursor returned by this API.' }))),
});

/** One event as the feed and the deliveries carry it (the delivery's body). */
export const WebhookEventSchema = z.object({
  /** The deliveries' `webhook-id`: the same event always has the same id (deduplicate on it). */
  id: z.string(),
  /** `user.created`, `user.updated`, `user.deleted`, `role.created`… (webhookEventTypes). */
  type: z.string(),
  timestamp: Timestamp,
  data: z.object({
    /** What changed: `user`, `role`, `import`… and its id. */
    objectType: z.nullable(z.string()),
    objectId: z.nullable(z.string()),
    /** Who changed it: a user, an OAuth app (`client`), the operator (`platform`)… */
    actor: z.object({ type: z.string(), id: z.nullable(z.string()) }),
    /** `user.deactivated`: whether the tenant's profile says to unassign the user's open tickets. */
    unassignOpenTickets: z.optional(z.boolean()),
    /** The object after and before the change as the API showed it (a user as in GET /v1/users/:id); null: none. */
    after: z.unknown(),
    before: z.unknown(),
  }),
});
export type WebhookEvent = z.infer<typeof WebhookEventSchema>;
export const EventFeedQuerySchema = z.strictObject({
  after: z.optional(z.string().check(z.maxLength(200))),
  limit: limitOf(500, 100),
});
export const EventFeedPageSchema = z.object({
  items: z.array(WebhookEventSchema),
  /** Pass as `after` for the events after these (also when `items` is empty: the feed's place). */
  cursor: z.string(),
  hasMore: z.boolean(),
});
