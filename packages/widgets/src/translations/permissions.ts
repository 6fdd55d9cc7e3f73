import type { Permission, PermissionGroup } from '@roster/contract';

/** Each permission's human label ("Create and edit users" for `users.write`): the one list of them, per language. */
export type PermissionStrings = Record<Permission, string>;

/** The names of the permission groups (contract `permissionGroups`); `other` holds keys a newer server sends. */
export type PermissionGroupStrings = Record<PermissionGroup | 'other', string>;

/** In English, a chunk of its own: only a page that shows a `<role-picker>` loads it (other languages carry theirs). */
export const permissionsEn: PermissionStrings = {
  'users.read': 'See users and their details',
  'users.write': 'Create and edit users',
  'users.invite': 'Send and resend invitations',
  'users.deactivate': 'Deactivate and activate users',
  'users.delete': 'Delete users',
  'users.reset_credentials': 'Reset passwords and 2FA, unlock users',
  'users.impersonate': 'View as end user',
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
  'tenant.manage': "Change the tenant's branding (product name, logo, colour, email sender)",
};

export const permissionGroupsEn: PermissionGroupStrings = {
  users: 'Users',
  roles: 'Roles',
  organizations: 'Organizations',
  billing: 'Billing',
  audit: 'Audit',
  integrations: 'Integrations',
  tenant: 'Tenant',
  self: 'Own profile',
  other: 'Other',
};

// The grouping is the contract's; it comes with the words so that `<role-picker>`'s first bundle carries neither.
export { groupPermissions } from '@roster/contract';
