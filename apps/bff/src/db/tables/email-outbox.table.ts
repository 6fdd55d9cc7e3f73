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
}
export type EmailOutboxRow = Selectable<EmailOutboxTable>;
export type NewEmailOutboxRow = Insertable<EmailOutboxTable>;
