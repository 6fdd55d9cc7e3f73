/**
 * The permission catalogue. Every BFF route names one of these, and the gate middleware checks it against
 * the caller's permissions, which are loaded from the database on every request.
 */
export const permissions = [
  'users.read',
  'users.write',
  'users.invite',
  'users.deactivate',
  'users.delete',
  'users.reset_credentials',
  /** "View as" an end user (support): never in a built-in role, given on purpose (issue 17). */
  'users.impersonate',
  'end_users.write',
  'roles.read',
  'roles.manage',
  'organizations.read',
  'organizations.manage',
  'org.access.all',
  'billing.manage',
  'audit.read',
  'integrations.manage',
  'tenant.manage',
  'widgets.mint',
  'self.edit',
] as const;
export type Permission = (typeof permissions)[number];

/**
 * The keys of the built-in roles (SPEC §2): `key` identifies a built-in role in code and in the elements' translations.
 * `system_admin` ("System Administrator", NinjaOne) and `admin` ("Admin", KaseyaOne) are the same administrator under
 * each document's name; a profile's `builtInRoles` says which of these a tenant has.
 */
export const builtInRoleKeys = [
  'root_admin',
  'system_admin',
  'admin',
  'billing',
  'user',
  'co_managed_user',
  'beginner',
] as const;
export type BuiltInRoleKey = (typeof builtInRoleKeys)[number];
