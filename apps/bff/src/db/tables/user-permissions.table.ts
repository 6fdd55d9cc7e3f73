import type {  } from 'kysely';

export interface UserPermissionsTable {
  tenant_id: string;
  user_id: string;
  permission: string;
}
