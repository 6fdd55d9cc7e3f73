import { ruleMessage, type RuleMessage } from './messages/index.js';
import type { PolicyProfile } from './profile.js';

/**
 * Where the profile gives every user exactly one role (`rolesPerUser: 'one'`, KaseyaOne: "Each user must be assigned
 * to one role"): why a choice of `count` roles is refused, or null. `defaultApplies`: a creation without roles gets the
 * profile's default role (`defaultRoleOf`), so none is one. The one rule for `POST /v1/users`, the form, the bulk
 * import's rows and `PUT /v1/users/:id/roles`.
 */
export function roleCountRefusal(profile: Pick<PolicyProfile, 'rolesPerUser'>, count: number, defaultApplies = false): RuleMessage | null {
  if (profile.rolesPerUser !== 'one') return null;
  if (count > 1) return ruleMessage('role.only_one');
  if (count === 0 && !defaultApplies) return ruleMessage('role.one_required');
  return null;
}

/** Whether a new user of `kind` created without roles gets the profile's default role (see `defaultRoleOf`). */
export function defaultRoleApplies(profile: Pick<PolicyProfile, 'defaultTechnicianRole'>, kind: string): boolean {
  return kind === 'technician' && profile.defaultTechnicianRole !== null;
}
