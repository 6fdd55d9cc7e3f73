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
}
export type OAuthClientRow = Selectable<OAuthClientsTable>;
export type NewOAuthClientRow = Insertable<OAuthClientsTable>;
