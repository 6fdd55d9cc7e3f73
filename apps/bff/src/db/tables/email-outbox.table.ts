import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

export interface EmailOutboxTable {
  id: Generated<number>;
  tenant_id: string;
  user_id: string | null;
  template: string;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string;
  /** The From display name (the tenant's sender or product name), null: the configured ROSTER_MAIL_FROM as it is. */
  from_name: ColumnType<string | null, string | null | undefined, string | null>;
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
  /**
   * Why a message was never sent: `rejected` (the mail server refused the recipient for good), `suppressed` (the
   * address is on the suppression list) or `gave_up` (retries ran out); null while queued and once sent.
   */
  failure: ColumnType<EmailFailure | null, EmailFailure | null | undefined, EmailFailure | null>;
}
export type EmailFailure = 'rejected' | 'suppressed' | 'gave_up';
export type EmailOutboxRow = Selectable<EmailOutboxTable>;
export type NewEmailOutboxRow = Insertable<EmailOutboxTable>;
