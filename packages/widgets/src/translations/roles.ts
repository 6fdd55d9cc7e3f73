import type { BuiltInRoleKey, Permission } from '@roster/contract';
import type { PermissionStrings } from './permissions.js';

/** The names of the built-in roles (by their key), shared by the table's filter and `<role-picker>`. */
export interface RoleStrings {
  names: Record<BuiltInRoleKey, string>;
}

export const rolesEn: RoleStrings = {
  names: { root_admin: 'Root Admin', system_admin: 'System Administrator', admin: 'Admin', billing: 'Billing and Purchasing', user: 'User', co_managed_user: 'Co-Managed User', beginner: 'Beginner' },
};

/** A role as people read it: a built-in role by its key in the element's language, a tenant's own role as typed. */
export const roleName = (t: RoleStrings, role: { key: string | null; name: string }): string => (role.key && t.names[role.key as BuiltInRoleKey]) || role.name;

/** A permission's human label; a key the catalogue does not know yet is shown as is. */
export const permissionName = (t: Partial<PermissionStrings>, p: string): string => t[p as Permission] ?? p;
