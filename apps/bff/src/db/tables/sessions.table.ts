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
  /** A "view as" session: the administrator who started it; null for the person's own. */
  impersonator_id: Generated<string | null>;
  /** When its single-use landing link was opened (the session works from then on); null until then, and for a person's own. */
  landed_at: Generated<string | null>;
  /** A "view as" session: when its end was audited (`user.impersonation_ended`); null while it runs, and for a person's own. */
  impersonation_end_audited_at: Generated<string | null>;
}
