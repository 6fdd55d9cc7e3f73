import type { Generated, Insertable, Selectable } from 'kysely';

export interface ApiKeysTable {
  id: Generated<string>;
  tenant_id: string;
  name: string;
  /** The key's first characters, shown to recognise it. */
  prefix: string;
  /** SHA-256 of the key; the key itself is shown once and never stored. */
  key_hash: string;
  scopes: string[];
  /** The one organization the key sees; null: the whole tenant. */
  organization_id: string | null;
  expires_at: string;
  /** Who created it (a user's id). */
  created_by: string | null;
  created_at: Generated<string>;
  last_used_at: Generated<string | null>;
  revoked_at: Generated<string | null>;
}
export type ApiKeyRow = Selectable<ApiKeysTable>;
export type NewApiKeyRow = Insertable<ApiKeysTable>;
