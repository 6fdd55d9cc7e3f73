/** Who may grant what: one rule and one wording for the BFF, the bulk import and `<role-picker>`. */

/**
 * Access groups and turning off "All Module Access" are the Access tab's settings: whoever gives them needs this
 * permission (the one of `PUT /v1/users/:id/access-groups`) — at creation, in a clone and in the import alike.
 */
export const ACCESS_SETTINGS_PERMISSION = 'roles.manage';

/** The permissions of `permissions` that `held` lacks: nobody grants (or takes away) what they do not hold. */
export function permissionsNotHeld(held: { has(permission: string): boolean }, permissions: readonly string[]): string[] {
  return permissions.filter((p) => !held.has(p));
}

/** The rule's English words (`<role-picker>`'s English catalog uses them too; other languages translate them). */
export const grantRefusalWords = {
  rootAdmin: 'The Root Admin role is given only by promoting another user to Root Admin, which the platform operator does (POST /v1/platform/tenants/:tenantId/root-admin).',
  lacks: (change: 'grant' | 'take away', roleName: string, missing: readonly string[]) =>
    `You cannot ${change} ${roleName}: it has permissions you do not hold (${missing.join(', ')}).`,
};

/**
 * Why someone holding `held` may not give (or take away) `role`, or null when they may: the Root Admin role is given
 * only by promoting another user, and nobody grants a role with permissions they do not hold. The one rule and the one
 * wording for the BFF's user creation and role changes, the bulk import and `<role-picker>`.
 */
export function roleGrantRefusal(
  role: { key: string | null; name: string; permissions: readonly string[] },
  held: { has(permission: string): boolean },
  change: 'grant' | 'take away' = 'grant',
): string | null {
  if (change === 'grant' && role.key === 'root_admin') return grantRefusalWords.rootAdmin;
  const missing = permissionsNotHeld(held, role.permissions);
  return missing.length > 0 ? grantRefusalWords.lacks(change, role.name, missing) : null;
}

