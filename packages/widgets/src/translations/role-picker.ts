import { grantRefusalWords } from '@roster/contract';

/** `<role-picker>`'s words (the role names come from the tenant, the permission keys from the contract). */
export interface RolePickerStrings {
  /** The group's name when the host gives no `label`. */
  label: string;
  /** The search field's name, after the group's. */
  search: (label: string) => string;
  searchPlaceholder: string;
  noMatch: (filter: string) => string;
  /** Why Root Admin is not in the list to grant. */
  rootAdminOnly: string;
  /** Why a role with permissions the chooser lacks cannot be granted. */
  lacksPermissions: (role: string, permissions: readonly string[]) => string;
  permissionCount: (n: number) => string;
  chooseRole: string;
}

export const rolePickerEn: RolePickerStrings = {
  label: 'Roles',
  search: (label) => `Search ${label.toLowerCase()}`,
  searchPlaceholder: 'Search roles',
  noMatch: (filter) => `No role matches “${filter}”.`,
  // The contract's own words: the API and the import say the same.
  rootAdminOnly: grantRefusalWords.rootAdmin,
  lacksPermissions: (role, permissions) => grantRefusalWords.lacks('grant', role, permissions),
  permissionCount: (n) => (n === 1 ? '1 permission' : n ? `${n} permissions` : 'No permissions'),
  chooseRole: 'Choose a role.',
};
