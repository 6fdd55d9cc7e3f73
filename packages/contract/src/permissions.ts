import type { PolicyProfile } from './profile.js';

// The catalogue's keys live in their own module: an element that lists them (a user's page) does not pull in the
// built-in roles' descriptions below.
import { permissions, type Permission } from './permission-keys.js';
export { permissions, type Permission };

// The built-in roles' keys live with the permission keys: the profile names them without the descriptions below.
import { builtInRoleKeys, type BuiltInRoleKey } from './permission-keys.js';
export { builtInRoleKeys, type BuiltInRoleKey };

// Impersonation is never granted by default: not even the Root Admin holds it until it is given on purpose.
const adminPermissions: Permission[] = permissions.filter((p) => p !== 'widgets.mint' && p !== 'end_users.write' && p !== 'users.impersonate');

/**
 * The built-in roles' catalogue (SPEC §2), by key; which of them a tenant has, and so under which name its administrator
 * role goes, is its profile's `builtInRoles` (`builtInRolesOf`). Each tenant gets its own copy at creation.
 */
export const builtInRoles: Record<
  BuiltInRoleKey,
  { name: string; description: string; permissions: readonly Permission[] }
> = {
  root_admin: {
    name: 'Root Admin',
    description:
      'The first user of the tenant. Holds every permission; cannot be deleted, deactivated or given other roles until the platform operator makes another active admin the Root Admin (POST /v1/platform/tenants/:tenantId/root-admin).',
    permissions: adminPermissions,
  },
  system_admin: {
    name: 'System Administrator',
    description: 'Full access: adds and edits all users, assigns roles, manages billing and integrations.',
    permissions: adminPermissions,
  },
  admin: {
    name: 'Admin',
    description: 'Access to all areas: adds and edits all users, assigns roles, manages billing, subscriptions and integrations.',
    permissions: adminPermissions,
  },
  billing: {
    name: 'Billing and Purchasing',
    description: 'Manages billing, subscriptions and licences; edits their own profile; cannot add or edit users.',
    permissions: ['billing.manage', 'self.edit', 'organizations.read'],
  },
  user: {
    name: 'User',
    description: 'Edits their own profile; cannot add or edit users or see billing.',
    permissions: ['self.edit'],
  },
  co_managed_user: {
    name: 'Co-Managed User',
    description: "A client's own administrator: sees only their own organization's users.",
    permissions: ['self.edit', 'users.read', 'organizations.read', 'roles.read'],
  },
  beginner: {
    name: 'Beginner',
    description: 'May do nothing. Given to new technicians where the profile says so; changeable after first login.',
    permissions: [],
  },
};

// The grant rule lives in its own module so that an element importing it (<role-picker>, in <user-table>'s first
// bundle) does not pull in the catalogue's descriptions and built-in roles; it belongs to the permissions.
export { ACCESS_SETTINGS_PERMISSION, grantRefusalWords, permissionsNotHeld, roleGrantRefusal } from './grants.js';
export { groupPermissions, permissionGroups, type PermissionGroup } from './permission-groups.js';

/** The built-in roles a tenant of this profile has, in the profile's order, with their names and permissions. */
export function builtInRolesOf(profile: Pick<PolicyProfile, 'builtInRoles'>) {
  return profile.builtInRoles.map((key) => ({ key, ...builtInRoles[key] }));
}

/** The key of the profile's administrator role (`admin` where the document calls it Admin, else `system_admin`). */
export function administratorRoleOf(profile: Pick<PolicyProfile, 'builtInRoles'>): 'admin' | 'system_admin' {
  return profile.builtInRoles.includes('admin') ? 'admin' : 'system_admin';
}

/** The role a new user gets when none is named: the profile's default for technicians (Beginner in the Atera preset), else none. */
export function defaultRoleOf<R extends { key: string | null }>(
  profile: Pick<PolicyProfile, 'defaultTechnicianRole'>,
  kind: 'technician' | 'end_user',
  roles: readonly R[],
): R | undefined {
  const key = kind === 'technician' ? profile.defaultTechnicianRole : null;
  return key ? roles.find((r) => r.key === key) : undefined;
}

/** OAuth scopes of client applications, and the permissions each one grants to the client. */
export const oauthScopes = ['monitoring:read', 'management:write', 'widgets:mint', 'scim'] as const;
export type OAuthScope = (typeof oauthScopes)[number];

export const permissionsOfScope: Record<OAuthScope, readonly Permission[]> = {
  'monitoring:read': ['users.read', 'organizations.read', 'roles.read', 'org.access.all'],
  // Organizations too: an integration on a fresh tenant creates the organization its end users belong to.
  'management:write': ['end_users.write', 'users.read', 'organizations.read', 'organizations.manage', 'org.access.all'],
  'widgets:mint': ['widgets.mint'],
  // SCIM 2.0 (`/scim/v2`): an identity provider provisions the end users of the one organization the app is bound to
  // (an app with this scope must be bound: `scimNeedsOrganization`). Roles are read and given to those users only
  // within these permissions: nobody gains a role with permissions the app was not given.
  scim: ['users.read', 'end_users.write', 'roles.read', 'organizations.read'],
};

// API keys (api-keys.ts): here, beside the scopes, so the integrations panel reads them without the schemas' zod.
/** What starts every key, so a leaked one is recognisable (secret scanners, logs). */
export const API_KEY_PREFIX = 'rk_';
/** Days a key lives by default, and at most. */
export const API_KEY_DAYS_DEFAULT = 90;
export const API_KEY_DAYS_MAX = 365;
/** Requests a key may make per minute (the gate's rate limit per key). */
export const API_KEY_REQUESTS_PER_MINUTE = 600;

/** The scopes a key may have: an OAuth app's, except SCIM (an identity provider connects as an app). */
// A literal (not a filter of oauthScopes): a call here would stay in every bundle that reads this module.
export const apiKeyScopes = ['monitoring:read', 'management:write', 'widgets:mint'] as const satisfies readonly Exclude<OAuthScope, 'scim'>[];

/** Scopes whose app must be bound to one organization (SCIM manages that organization's end users). */
export const scopesNeedingOrganization: readonly OAuthScope[] = ['scim'];

/** The scopes an app for the whole tenant may have (the tenant's first client gets them all). */
export const tenantWideScopes: readonly OAuthScope[] = oauthScopes.filter((s) => !scopesNeedingOrganization.includes(s));

/** Permissions an app bound to one organization never has: seeing every organization, and creating or deleting them. */
const TENANT_WIDE: readonly Permission[] = ['org.access.all', 'organizations.manage'];

/**
 * What an OAuth app's token may do: the permissions of its scopes, less the tenant-wide ones when the app is bound to
 * one organization (its tokens then see that organization only). The one rule for the gate and for who may create it.
 */
export function clientPermissions(scopes: readonly string[], boundToOrganization: boolean): Permission[] {
  const out = new Set<Permission>();
  for (const s of scopes) for (const perm of permissionsOfScope[s as OAuthScope] ?? []) out.add(perm);
  if (boundToOrganization) for (const perm of TENANT_WIDE) out.delete(perm);
  return [...out];
}

/**
 * Who may give an app a permission: someone who holds it, or a stronger one — `users.write` covers `end_users.write`
 * (admins edit end users through it), and `integrations.manage` covers `widgets.mint` (the integrations group).
 */
export function coversPermission(held: { has(permission: string): boolean }, perm: Permission): boolean {
  if (held.has(perm)) return true;
  if (perm === 'end_users.write') return held.has('users.write');
  if (perm === 'widgets.mint') return held.has('integrations.manage');
  return false;
}
