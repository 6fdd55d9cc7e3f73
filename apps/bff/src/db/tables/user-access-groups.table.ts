import type {  } from 'kysely';

export interface UserAccessGroupsTable {
  tenant_id: string;
  user_id: string;
  group_id: string;
}
