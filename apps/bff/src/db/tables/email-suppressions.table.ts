import type { Generated, Selectable } from 'kysely';
import type { EmailSuppressionSource } from '@roster/contract';

/** The tenant's suppression list: addresses (normalised as users' emails are) that no email goes to. */
export interface EmailSuppressionsTable {
  tenant_id: string;
  address: string;
  reason: string;
  source: EmailSuppressionSource;
  created_at: Generated<string>;
}
export type EmailSuppressionRow = Selectable<EmailSuppressionsTable>;
