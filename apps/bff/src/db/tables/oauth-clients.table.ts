import type { Generated, Insertable, Selectable } from 'kysely';

export interface OAuthClientsTable {
  id: Generated<string>;
  tenant_id: string;
  /** Public identifier sent by the client. */
  client_id: string;
  /** SHA-256 of the high-entropy secret; the secret itself is shown once and never stored. */
  secret_hash: string;
  name: string;
  scopes: string[];
  created_at: Generated<string>;
  revoked_at: string | null;
  /** The one organization the app's tokens see; null: the whole tenant. */
  organization_id: Generated<string | null>;
  /** When the app last got an access token. */
  last_used_at: Generated<string | null>;
  /** The secret before the last rotation (its hash), valid until `previous_secret_expires_at`. */
  previous_secret_hash: Generated<string | null>;
  previous_secret_expires_at: Generated<string | null>;
  secret_rotated_at: Generated<string | null>;
  /** Who created it: a user's id, or null for the operator (the tenant's first client). */
  created_by: Generated<string | null>;
  /** SCIM: users the app provisions get the invitation email. */
  scim_send_invitations: Generated<boolean>;
}
export type OAuthClientRow = Selectable<OAuthClientsTable>;
export type NewOAuthClientRow = Insertable<OAuthClientsTable>;
