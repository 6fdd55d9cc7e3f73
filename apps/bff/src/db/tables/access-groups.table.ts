import type { Generated } from 'kysely';

export interface AccessGroupsTable {
  id: Generated<string>;
  tenant_id: string;
  name: string;
  active: Generated<boolean>;
  modules: string[];
  created_at: Generated<string>;
}
