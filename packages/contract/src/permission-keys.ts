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
