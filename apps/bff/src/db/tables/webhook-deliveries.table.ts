import type { Generated, Selectable } from 'kysely';

export interface WebhookDeliveriesTable {
  id: Generated<string>;
  tenant_id: string;
  endpoint_id: string;
  /** The audit entry the event comes from: its id is the event's id (`webhook-id`). */
  audit_event_id: string;
  event_type: string;
  status: Generated<'pending' | 'succeeded' | 'dead'>;
  attempts: Generated<number>;
  next_attempt_at: Generated<string | null>;
  /** A sender's lease: until then nobody else sends it. */
  locked_until: Generated<string | null>;
  last_response_status: Generated<number | null>;
  last_error: Generated<string | null>;
  created_at: Generated<string>;
  delivered_at: Generated<string | null>;
}
export type WebhookDeliveryRow = Selectable<WebhookDeliveriesTable>;
