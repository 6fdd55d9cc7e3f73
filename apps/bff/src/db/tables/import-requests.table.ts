import type { ColumnType, Generated } from 'kysely';

export interface ImportRequestsTable {
  tenant_id: string;
  idempotency_key: string;
  request_hash: string;
  response: ColumnType<unknown, string, never>;
  created_at: Generated<string>;
}
