import type { PolicyProfile } from '../profile.js';
import type { UserKind } from '../domain.js';

/** The fields an import row may fill, in the order of the template, and their labels (header cells, messages). */

export const importFields = ['firstName', 'lastName', 'email', 'phone', 'username', 'roles', 'groups', 'organization', 'permissions', 'allModules', 'signInMethod', 'externalId', 'passwordHash', 'totpSecret'] as const;
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
  externalId: 'External ID',
  passwordHash: 'Password hash',
  totpSecret: 'TOTP secret',
};

/**
 * The columns every imported row of `kind` must fill under `profile`: `endUserImportRequiredColumns` for end users
 * where the profile has it (NinjaOne: a role), else `importRequiredColumns`, else first name, last name and email.
 * The one reading of the rule, for the validator (the modal's and the server's) and the template.
 */
export function importRequiredColumnsOf(
  profile: Pick<PolicyProfile, 'importRequiredColumns' | 'endUserImportRequiredColumns'>,
  kind: UserKind,
): PolicyProfile['importColumns'] {
  return (kind === 'end_user' ? profile.endUserImportRequiredColumns : undefined) ?? profile.importRequiredColumns ?? ['firstName', 'lastName', 'email'];
}
