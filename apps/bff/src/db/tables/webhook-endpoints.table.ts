import type { Generated, Insertable, Selectable } from 'kysely';

export interface WebhookEndpointsTable {
  id: Generated<string>;
  tenant_id: string;
  url: string;
  description: Generated<string>;
  /** The events it receives; null: every event. */
  events: string[] | null;
  enabled: Generated<boolean>;
  /** The `whsec_` secret sealed with the signing key (it signs, so it cannot be a hash). */
  secret_sealed: string;
  previous_secret_sealed: Generated<string | null>;
  previous_secret_expires_at: Generated<string | null>;
  secret_rotated_at: Generated<string | null>;
  created_by: string | null;
  created_at: Generated<string>;
}
export type WebhookEndpointRow = Selectable<WebhookEndpointsTable>;
export type NewWebhookEndpointRow = Insertable<WebhookEndpointsTable>;
