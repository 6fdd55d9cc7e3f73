import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { PolicyProfile } from '@roster/contract';

export interface TenantsTable {
  id: Generated<string>;
  name: string;
  profile: ColumnType<PolicyProfile, string, string>;
  created_at: Generated<string>;
}
export type TenantRow = Selectable<TenantsTable>;
export type NewTenantRow = Insertable<TenantsTable>;
