import type { Catalog } from './index.js';

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
  lacksPermissions: (permissions: string) => string;
  permissionCount: (n: number) => string;
  chooseRole: string;
}

const en: RolePickerStrings = {
  label: 'Roles',
  search: (label) => `Search ${label.toLowerCase()}`,
  searchPlaceholder: 'Search roles',
  noMatch: (filter) => `No role matches “${filter}”.`,
  rootAdminOnly: 'Given only by promoting another user to Root Admin.',
  lacksPermissions: (permissions) => `Has permissions you do not hold: ${permissions}.`,
  permissionCount: (n) => (n === 1 ? '1 permission' : n ? `${n} permissions` : 'No permissions'),
  chooseRole: 'Choose a role.',
};

const de: RolePickerStrings = {
  label: 'Rollen',
  search: (label) => `${label} durchsuchen`,
  searchPlaceholder: 'Rollen suchen',
  noMatch: (filter) => `Keine Rolle passt zu „${filter}“.`,
  rootAdminOnly: 'Wird nur vergeben, indem ein anderer Benutzer zum Root Admin befördert wird.',
  lacksPermissions: (permissions) => `Hat Berechtigungen, die Sie nicht besitzen: ${permissions}.`,
  permissionCount: (n) => (n === 1 ? '1 Berechtigung' : n ? `${n} Berechtigungen` : 'Keine Berechtigungen'),
  chooseRole: 'Wählen Sie eine Rolle.',
};

export const rolePickerStrings: Catalog<RolePickerStrings> = { en, de };
