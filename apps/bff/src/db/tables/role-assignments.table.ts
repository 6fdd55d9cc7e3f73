import type { Generated } from 'kysely';

export interface RoleAssignmentsTable {
  tenant_id: string;
  user_id: string;
  role_id: string;
  created_at: Generated<string>;
}
