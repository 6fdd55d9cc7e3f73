import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

export interface AuditEventsTable {
  id: Generated<number>;
  tenant_id: string;
  actor_type: 'user' | 'client' | 'platform' | 'system';
  actor_id: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  before: ColumnType<unknown, string | null, never>;
  after: ColumnType<unknown, string | null, never>;
  request_id: string | null;
  /** Written in a "view as" session: the administrator behind the acting user. */
  impersonator_id: Generated<string | null>;
  created_at: Generated<string>;
}
export type AuditEventRow = Selectable<AuditEventsTable>;
export type NewAuditEventRow = Insertable<AuditEventsTable>;
