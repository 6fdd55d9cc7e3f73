import type { ColumnType, Generated } from 'kysely';

/** A person's security key or passkey: what verifying its signatures needs, never a secret. */
export interface WebauthnCredentialsTable {
  id: Generated<string>;
  tenant_id: string;
  user_id: string;
  /** The credential id, base64url. */
  credential_id: string;
  /** The COSE public key, base64url. */
  public_key: string;
  /** The signature counter last seen (bigint: read as text). */
  counter: ColumnType<string, number, number>;
  transports: ColumnType<string[], string[] | undefined, string[]>;
  name: string;
  created_at: Generated<string>;
  last_used_at: string | null;
}
