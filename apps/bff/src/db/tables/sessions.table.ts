import type { Generated } from 'kysely';

export interface SessionsTable {
  id: Generated<string>;
  tenant_id: string;
  user_id: string;
  token_hash: string;
  created_at: Generated<string>;
  expires_at: string;
  revoked_at: string | null;
  /** Touched by the gate at most once a minute; null until the first request after sign-in. */
  last_used_at: Generated<string | null>;
  /** The sign-in request's User-Agent (at most 512 characters) and socket address, where known. */
  user_agent: Generated<string | null>;
  address: Generated<string | null>;
}
