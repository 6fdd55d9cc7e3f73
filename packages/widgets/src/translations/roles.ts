import type { BuiltInRoleKey, Permission } from '@roster/contract';

/** The names of the built-in roles (by their key) and of each permission, shared by the table's filter and `<role-picker>`. */
export interface RoleStrings {
  names: Record<BuiltInRoleKey, string>;
  permissions: Record<Permission, string>;
}

export const rolesEn: RoleStrings = {
  names: { root_admin: 'Root Admin', system_admin: 'System Administrator', billing: 'Billing and Purchasing', user: 'User', co_managed_user: 'Co-Managed User', beginner: 'Beginner' },
  permissions: {
    'users.read': 'See users and their details',
    'users.write': 'Create and edit users',
    'users.invite': 'Send and resend invitations',
    'users.deactivate': 'Deactivate and activate users',
    'users.delete': 'Delete users',
    'users.reset_credentials': 'Reset passwords and 2FA, unlock users',
    'end_users.write': 'Create, edit and delete end users (integrations)',
    'roles.read': 'See roles and their permissions',
    'roles.manage': 'Create, edit and assign roles',
    'organizations.read': 'See organizations',
    'organizations.manage': 'Create, rename and delete organizations',
    'org.access.all': 'Access every organization of the tenant',
    'billing.manage': 'Manage billing, subscriptions and seats',
    'audit.read': 'Read the audit log',
    'integrations.manage': 'Manage OAuth client applications',
    'widgets.mint': 'Mint widget tokens for embedded elements',
    'self.edit': 'Edit their own profile',
  },
};

/** A role as people read it: a built-in role by its key in the element's language, a tenant's own role as typed. */
export const roleName = (t: RoleStrings, role: { key: string | null; name: string }): string => (role.key && t.names[role.key as BuiltInRoleKey]) || role.name;

/** A permission's human label; a key the catalogue does not know yet is shown as is. */
export const permissionName = (t: RoleStrings, p: string): string => t.permissions[p as Permission] ?? p;
