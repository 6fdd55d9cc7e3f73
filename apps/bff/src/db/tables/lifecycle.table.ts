import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

export interface OneTimeTokensTable {
  id: Generated<string>;
  tenant_id: string;
  user_id: string;
  purpose: 'invitation' | 'password_reset' | 'email_change' | 'mfa_enrolment';
  token_hash: string;
  data: ColumnType<unknown, string | null, never>;
  expires_at: string;
  used_at: string | null;
  created_at: Generated<string>;
}
export type OneTimeTokenRow = Selectable<OneTimeTokensTable>;

export interface SessionsTable {
  id: Generated<string>;
  tenant_id: string;
  user_id: string;
  token_hash: string;
  created_at: Generated<string>;
  expires_at: string;
  revoked_at: string | null;
}

export interface EmailOutboxTable {
  id: Generated<number>;
  tenant_id: string;
  user_id: string | null;
  template: string;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string;
  /**
   * The template's parameters when the bodies are rendered at sending (every link email: its token sealed as
   * `sealedToken`, removed once sent); null when the bodies are stored.
   */
  payload: ColumnType<unknown, string | null | undefined, string | null>;
  created_at: Generated<string>;
  attempts: Generated<number>;
  next_attempt_at: Generated<string>;
  last_error: string | null;
  sent_at: string | null;
}
export type EmailOutboxRow = Selectable<EmailOutboxTable>;
export type NewEmailOutboxRow = Insertable<EmailOutboxTable>;

export interface ImportRequestsTable {
  tenant_id: string;
  idempotency_key: string;
  request_hash: string;
  response: ColumnType<unknown, string, never>;
  created_at: Generated<string>;
}
