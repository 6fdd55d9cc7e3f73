import type { Generated, Insertable, Selectable } from 'kysely';

export interface RolesTable {
  id: Generated<string>;
  tenant_id: string;
  /** The built-in role's key (`root_admin`, `beginner`…); null for custom roles. */
  key: string | null;
  name: string;
  description: Generated<string>;
  permissions: string[];
  /** Organizations this role opens to its holders (without org.access.all). */
  organization_ids: Generated<string[]>;
  created_at: Generated<string>;
}
export type RoleRow = Selectable<RolesTable>;
export type NewRoleRow = Insertable<RolesTable>;
