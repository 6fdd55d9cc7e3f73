/** `<role-editor>`'s words (role names come from the tenant, the built-in ones from ./roles.ts; permissions from ./permissions.ts). */
export interface RoleEditorStrings {
  /** The list's name when the host gives no `aria-label`. */
  label: string;
  newRole: string;
  builtIn: string;
  /** Why a built-in role has no Edit and Delete. */
  builtInReadOnly: string;
  /** Shown to someone who may see the roles but not change them (no `roles.manage`). */
  readOnly: string;
  edit: (role: string) => string;
  delete: (role: string) => string;
  editShort: string;
  deleteShort: string;
  permissionCount: (n: number) => string;
  allOrganizations: string;
  organizationCount: (n: number) => string;
  loading: string;
  empty: string;
  errorTitle: string;
  retry: string;
  errors: { network: string; unauthorized: string; forbidden: string; generic: string };
  createTitle: string;
  editTitle: (role: string) => string;
  name: string;
  description: string;
  permissions: string;
  organizations: string;
  /** Under the organizations: what ticking one does. */
  organizationsHint: string;
  /** Instead of the organizations, when the role has "Access every organization". */
  organizationsAll: string;
  noOrganizations: string;
  cancel: string;
  save: string;
  create: string;
  saving: string;
  confirmDelete: (role: string) => string;
  deleting: string;
  /** Polite notices after the server confirmed. */
  created: (role: string) => string;
  saved: (role: string) => string;
  deleted: (role: string) => string;
  unreachable: string;
}

/** In English, with the element's chunk (loaded when a page uses `<role-editor>`). */
export const roleEditorEn: RoleEditorStrings = {
  label: 'Roles',
  newRole: 'New role',
  builtIn: 'Built-in',
  builtInReadOnly: 'Built-in roles cannot be changed or deleted; create a custom role instead.',
  readOnly: 'You can see the roles, but changing them needs the “Create, edit and assign roles” permission.',
  edit: (role) => `Edit ${role}`,
  delete: (role) => `Delete ${role}`,
  editShort: 'Edit',
  deleteShort: 'Delete',
  permissionCount: (n) => (n === 1 ? '1 permission' : n ? `${n} permissions` : 'No permissions'),
  allOrganizations: 'Every organization',
  organizationCount: (n) => (n === 1 ? '1 organization' : n ? `${n} organizations` : 'No organization'),
  loading: 'Loading roles…',
  empty: 'This tenant has no roles yet.',
  errorTitle: 'The roles could not be loaded.',
  retry: 'Try again',
  errors: {
    network: 'The server could not be reached. Check your connection.',
    unauthorized: 'Your session has expired. Reload the page to sign in again.',
    forbidden: 'You do not have permission to see roles.',
    generic: 'Something went wrong on our side.',
  },
  createTitle: 'New role',
  editTitle: (role) => `Edit ${role}`,
  name: 'Name',
  description: 'Description',
  permissions: 'Permissions',
  organizations: 'Organizations',
  organizationsHint: 'Holders of this role see the users of the organizations ticked here.',
  organizationsAll: 'This role opens every organization (“Access every organization” is ticked).',
  noOrganizations: 'The tenant has no organizations yet.',
  cancel: 'Cancel',
  save: 'Save role',
  create: 'Create role',
  saving: 'Saving…',
  confirmDelete: (role) => `Delete the role ${role}? This cannot be undone.`,
  deleting: 'Deleting…',
  created: (role) => `Role “${role}” created.`,
  saved: (role) => `Role “${role}” saved.`,
  deleted: (role) => `Role “${role}” deleted.`,
  unreachable: 'The server could not be reached. Check your connection and try again; nothing was changed.',
};
