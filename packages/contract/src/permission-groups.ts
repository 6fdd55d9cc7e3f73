import type { Permission } from './permissions.js';

/**
 * The permission catalogue as people read it: each permission in one group, the groups in the order an editor lists
 * them. The words (group names, labels, descriptions) are the elements' translations; this is the one grouping, kept
 * apart from permissions.ts so that `<role-picker>` (up front) does not pull in the built-in roles' descriptions.
 */
export const permissionGroups = {
  users: ['users.read', 'users.write', 'users.invite', 'users.deactivate', 'users.delete', 'users.reset_credentials', 'users.impersonate', 'end_users.write'],
  roles: ['roles.read', 'roles.manage'],
  organizations: ['organizations.read', 'organizations.manage', 'org.access.all'],
  billing: ['billing.manage'],
  audit: ['audit.read'],
  integrations: ['integrations.manage', 'widgets.mint'],
  tenant: ['tenant.manage'],
  self: ['self.edit'],
} as const satisfies Record<string, readonly Permission[]>;
export type PermissionGroup = keyof typeof permissionGroups;

/**
 * `keys` by group, in the catalogue's order, leaving out empty groups; a key the catalogue does not know (a newer
 * server's) comes last under `other`.
 */
export function groupPermissions(keys: readonly string[]): [PermissionGroup | 'other', string[]][] {
  const wanted = new Set(keys);
  const out: [PermissionGroup | 'other', string[]][] = [];
  const known = new Set<string>();
  for (const [group, members] of Object.entries(permissionGroups) as [PermissionGroup, readonly string[]][]) {
    members.forEach((p) => known.add(p));
    const shown = members.filter((p) => wanted.has(p));
    if (shown.length) out.push([group, shown]);
  }
  const other = keys.filter((p) => !known.has(p));
  if (other.length) out.push(['other', other]);
  return out;
}
