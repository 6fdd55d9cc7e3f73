import type { Generated, Selectable } from 'kysely';

/** A text message to send (a sign-in code): written in the transaction of the change, delivered by sms/sender.ts. */
export interface SmsOutboxTable {
  id: Generated<number>;
  tenant_id: string;
  user_id: string | null;
  /** E.164. */
  to_number: string;
  purpose: 'sign_in_code';
  /** The text, sealed (it carries a live code); null once sent or given up. */
  sealed_body: string | null;
  created_at: Generated<string>;
  attempts: Generated<number>;
  next_attempt_at: Generated<string>;
  last_error: string | null;
  sent_at: string | null;
}
export type SmsOutboxRow = Selectable<SmsOutboxTable>;
