import type { Permission, TenantContext, User } from '@roster/contract';
import type { UserAction } from '../internal/endpoints.js';

/** What a person can do to a user from `<user-table>`. */
export type Action = 'edit' | 'clone' | 'roles' | UserAction | 'delete';
/** The actions run on every selected user from the bulk bar. */
export type BulkAction = 'deactivate' | 'activate' | 'resend-invitation' | 'delete' | 'roles';

/** Actions that are confirmed first. */
export const DESTRUCTIVE: ReadonlySet<Action | BulkAction> = new Set<Action | BulkAction>(['deactivate', 'delete', 'reset-password', 'reset-mfa']);

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

/** Why a bulk action leaves a user alone, or null when it applies (the server would refuse it, or it would change nothing). */
export type SkipReason = 'notInvited' | 'alreadyDeactivated' | 'notDeactivated' | 'rootAdmin';
export function skipReason(action: BulkAction, u: Pick<User, 'status' | 'isRootAdmin'>): SkipReason | null {
  if (action === 'resend-invitation') return u.status === 'invited' ? null : 'notInvited';
  if (u.isRootAdmin) return 'rootAdmin';
  if (action === 'deactivate') return u.status === 'deactivated' ? 'alreadyDeactivated' : null;
  if (action === 'activate') return u.status === 'deactivated' ? null : 'notDeactivated';
  return null;
}

/**
 * The bulk actions this caller may take on the selection, in the bar's order: only those that apply to at least one
 * selected user (no "resend" to active users). With every matching user selected, the status filter tells (`status`),
 * else each action is offered and the users it does not apply to are skipped one by one.
 */
export function bulkActionsFor(tenant: TenantContext | null, selected: readonly Pick<User, 'status' | 'isRootAdmin'>[] | { status: string }): BulkAction[] {
  const all: BulkAction[] = [];
  if (can(tenant, 'users.invite')) all.push('resend-invitation');
  if (can(tenant, 'roles.manage')) all.push('roles');
  if (can(tenant, 'users.deactivate')) all.push('deactivate', 'activate');
  if (deletable(tenant)) all.push('delete');
  if (!Array.isArray(selected)) {
    const status = (selected as { status: string }).status;
    return status ? all.filter((a) => !skipReason(a, { status: status as User['status'], isRootAdmin: false })) : all;
  }
  return all.filter((a) => selected.some((u) => !skipReason(a, u)));
}
