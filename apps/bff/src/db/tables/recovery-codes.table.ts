import type { Generated } from 'kysely';

/** A user's single-use recovery codes: the SHA-256 hash of each, never the code. */
export interface RecoveryCodesTable {
  id: Generated<string>;
  tenant_id: string;
  user_id: string;
  code_hash: string;
  created_at: Generated<string>;
  used_at: string | null;
}
