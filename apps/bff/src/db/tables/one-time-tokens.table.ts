import type { ColumnType, Generated, Selectable } from 'kysely';

export interface OneTimeTokensTable {
  id: Generated<string>;
  tenant_id: string;
  user_id: string;
  purpose: 'invitation' | 'password_reset' | 'email_change' | 'mfa_enrolment' | 'webauthn_registration' | 'webauthn_authentication' | 'sms_code' | 'sms_enrolment';
  token_hash: string;
  data: ColumnType<unknown, string | null, never>;
  expires_at: string;
  used_at: string | null;
  created_at: Generated<string>;
}
export type OneTimeTokenRow = Selectable<OneTimeTokensTable>;
