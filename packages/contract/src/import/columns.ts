/** The fields an import row may fill, in the order of the template, and their labels (header cells, messages). */

export const importFields = ['firstName', 'lastName', 'email', 'phone', 'username', 'roles', 'groups', 'organization', 'permissions', 'allModules', 'signInMethod'] as const;
export type ImportField = (typeof importFields)[number];

export const importFieldLabels: Record<ImportField, string> = {
  firstName: 'First name',
  lastName: 'Last name',
  email: 'Email',
  phone: 'Phone',
  username: 'Username',
  roles: 'Roles',
  groups: 'Groups',
  organization: 'Organization',
  permissions: 'Permissions',
  allModules: 'All Module Access',
  signInMethod: 'Sign-in method',
};
