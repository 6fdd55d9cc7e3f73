import type { Permission, TenantContext, User } from '@roster/contract';
import type { UserAction } from '../internal/endpoints.js';

/** What a person can do to a user from `<user-table>`. */
export type Action = 'edit' | 'clone' | 'roles' | UserAction | 'delete';
/** The actions run on every selected user from the bulk bar. */
export type BulkAction = 'deactivate' | 'resend-invitation' | 'delete' | 'roles';

/** Actions that are confirmed first. */
export const DESTRUCTIVE: ReadonlySet<Action> = new Set<Action>(['deactivate', 'delete', 'reset-password', 'reset-mfa']);

/**
 * Which actions the element offers, from the caller's permissions (`GET /v1/tenant`) and the user's state. It only
 * decides what is shown: the gate and the services check every request again.
 */
export function can(tenant: TenantContext | null, permission: Permission): boolean {
  return tenant?.permissions.includes(permission) ?? false;
}

const deletable = (tenant: TenantContext | null) => can(tenant, 'users.delete') && tenant?.profile.deletion !== 'never';

/** The actions this caller may take on this user. */
export function actionsFor(tenant: TenantContext | null, u: User): Action[] {
  const out: Action[] = [];
  if (can(tenant, 'users.write')) out.push('edit', 'clone');
  if (can(tenant, 'roles.manage') && !u.isRootAdmin) out.push('roles');
  if (can(tenant, 'users.invite') && u.status === 'invited') out.push('resend-invitation');
  if (can(tenant, 'users.deactivate') && !u.isRootAdmin) out.push(u.status === 'deactivated' ? 'activate' : 'deactivate');
  if (can(tenant, 'users.reset_credentials')) {
    if (u.status === 'locked_out') out.push('unlock');
    if (u.status === 'active' || u.status === 'locked_out') out.push('reset-password');
    if (u.mfaState === 'enrolled') out.push('reset-mfa');
  }
  if (deletable(tenant) && !u.isRootAdmin) out.push('delete');
  return out;
}

/** The bulk actions this caller may take on the selected users, in the bar's order. */
export function bulkActionsFor(tenant: TenantContext | null): BulkAction[] {
  const out: BulkAction[] = [];
  if (can(tenant, 'users.invite')) out.push('resend-invitation');
  if (can(tenant, 'roles.manage')) out.push('roles');
  if (can(tenant, 'users.deactivate')) out.push('deactivate');
  if (deletable(tenant)) out.push('delete');
  return out;
}
