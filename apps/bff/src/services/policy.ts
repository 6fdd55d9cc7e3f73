import { ACCESS_SETTINGS_PERMISSION, availableSignInMethods, clientPermissions, coversPermission, type SignInMethod, issueOf, roleCountRefusal, roleGrantRefusal, permissionsNotHeld, type Permission, type PolicyProfile } from '@roster/contract';
import type { Db } from '../db/create-db.js';
import { ApiError, conflict, forbidden, validationFailed } from '../errors.js';
import { canSeeOrganization, loadUserPrincipal, type Principal } from './principal.js';
import { findActor, findUserById, type UserRecord } from '../db/repositories/users.repository.js';
import { findApiKey } from '../db/repositories/api-keys.repository.js';
import { activeAdminCount, findRootAdminId, isAdmin, userStatus } from '../db/repositories/admins.repository.js';

/**
 * The rules that need the target row: whom a request acts on (oneself, the Root Admin, the last active admin, a
 * technician or an end user) and what it grants. The route's own permission is checked by the gate
 * (middleware/gate) before any service runs; everything that depends on the target is decided here, and the
 * services call these checks instead of testing permissions themselves.
 */

const isSelf = (p: Principal, id: string) => p.type === 'user' && p.id === id;

/** Integrations holding only `end_users.write` manage end users, never technicians (seed 002). */
export function assertMayManage(p: Principal, kind: 'technician' | 'end_user') {
  if (!p.permissions.has('users.write') && !(kind === 'end_user' && p.permissions.has('end_users.write'))) {
    throw forbidden(kind === 'technician' ? 'Technicians cannot be managed with this access.' : 'This needs the users.write permission.');
  }
}

/** One's own profile (seed 004) and availability (seed 003) with self.edit; others need users.write. */
export function assertMayEdit(p: Principal, target: Pick<UserRecord, 'id' | 'kind'>) {
  if (!isSelf(p, target.id)) return assertMayManage(p, target.kind);
  if (!p.permissions.has('self.edit')) throw forbidden('Editing your own profile needs the self.edit permission.');
}

/** Not yourself, never the Root Admin. */
export function assertMayDeactivate(p: Principal, target: Pick<UserRecord, 'id' | 'kind' | 'is_root_admin'>) {
  assertMayManage(p, target.kind);
  if (isSelf(p, target.id)) throw forbidden('You cannot deactivate yourself.');
  if (target.is_root_admin) throw forbidden('The Root Admin cannot be deactivated.');
}

/**
 * Suspending a user or lifting it: as deactivation — not yourself, never the Root Admin — and never someone who holds
 * an admin permission the caller does not (an admin gains no power over a higher admin). Lifting one's own suspension
 * is moot: a suspended person cannot sign in.
 */
export async function assertMaySuspend(db: Db, p: Principal, target: Pick<UserRecord, 'id' | 'kind' | 'is_root_admin'>, change: 'suspend' | 'unsuspend') {
  assertMayManage(p, target.kind);
  if (isSelf(p, target.id)) throw forbidden(`You cannot ${change} yourself.`);
  if (target.is_root_admin) throw forbidden(change === 'suspend' ? 'The Root Admin cannot be suspended.' : 'The Root Admin is never suspended.');
  const held = new Set((await findActor(db, p.tenantId, target.id))?.permissions ?? []);
  const beyond = permissionsNotHeld(p.permissions, ADMIN_PERMISSIONS.filter((perm) => held.has(perm)));
  if (beyond.length > 0) throw forbidden(`You cannot ${change} someone who holds admin permissions you do not (${beyond.join(', ')}).`);
}

export function assertMayActivate(p: Principal, target: Pick<UserRecord, 'id' | 'kind'>) {
  assertMayManage(p, target.kind);
  if (isSelf(p, target.id)) throw forbidden('You cannot activate yourself.');
}

/** Where the profile allows deletion; end users also with `end_users.write`; never the Root Admin, never yourself. */
export function assertMayDelete(p: Principal, target: Pick<UserRecord, 'id' | 'kind' | 'is_root_admin'>, profile: PolicyProfile) {
  if (!p.permissions.has('users.delete') && !(target.kind === 'end_user' && p.permissions.has('end_users.write'))) {
    throw forbidden('This needs the users.delete permission.');
  }
  if (profile.deletion === 'never') throw forbidden('Users of this tenant cannot be deleted; deactivate them instead.');
  if (target.is_root_admin) throw forbidden('The Root Admin cannot be deleted.');
  if (isSelf(p, target.id)) throw forbidden('You cannot delete yourself.');
}

/** The Root Admin's password and 2FA are reset by the Root Admin only. */
export function assertMayResetCredentials(p: Principal, target: Pick<UserRecord, 'id' | 'is_root_admin'>) {
  if (target.is_root_admin && !isSelf(p, target.id)) throw forbidden("Only the Root Admin resets the Root Admin's password or 2FA.");
}

/** Signing someone out (one session or everywhere): the Root Admin's sessions are ended by the Root Admin only. */
export function assertMayEndSessions(p: Principal, target: Pick<UserRecord, 'id' | 'is_root_admin'>) {
  if (target.is_root_admin && !isSelf(p, target.id)) throw forbidden("Only the Root Admin signs the Root Admin out.");
}

/** `GET /v1/users/:id/modules`: anyone about themself; others with users.read. Returns whether it is oneself. */
export function assertMayReadModules(p: Principal, userId: string): boolean {
  const self = isSelf(p, userId);
  if (!self && !p.permissions.has('users.read')) throw forbidden('This needs the users.read permission.');
  return self;
}

/**
 * A new user's access settings other than the default — every module, no groups — are the Access tab's, and need
 * what setting them later needs, `roles.manage` (the permission of `PUT /v1/users/:id/access-groups`): given at
 * creation or copied by a clone without it, a 403 naming each field. The default asks for nothing.
 */
export function assertMayGiveAccessGroups(p: Principal, input: { accessGroupIds?: readonly string[] | undefined; allModules?: boolean | undefined }) {
  if (p.permissions.has(ACCESS_SETTINGS_PERMISSION)) return;
  const asked = [...(input.accessGroupIds?.length ? ['accessGroupIds'] : []), ...(input.allModules === false ? ['allModules'] : [])];
  if (asked.length === 0) return;
  const message = 'Setting access groups or turning off All Module Access needs the roles.manage permission.';
  throw new ApiError('forbidden', message, asked.map((field) => ({ path: ['body', field], message })));
}

/**
 * What a caller may give: what they hold — and "view as" (`users.impersonate`) for the Root Admin (`rootAdmin`, from
 * `givesAsRootAdmin`): no built-in role holds it, so without this nobody could give it, and nobody else gives it to
 * themself or another. (The elements' role editor still shows it as not held: the exception is the server's, kept
 * out of a user's page, whose bundle has no bytes to spare.)
 */
function grantable(p: Principal, rootAdmin: boolean): { has(permission: string): boolean } {
  return { has: (perm) => p.permissions.has(perm as Permission) || (perm === 'users.impersonate' && rootAdmin) };
}

/**
 * Whether the caller gives `permissions` as the tenant's Root Admin: asked only when `users.impersonate` is among
 * them (one lookup), false for anyone else and for apps.
 */
export async function givesAsRootAdmin(db: Db, p: Principal, permissions: readonly string[]): Promise<boolean> {
  if (p.type !== 'user' || !permissions.includes('users.impersonate')) return false;
  return (await findRootAdminId(db, p.tenantId)) === p.id;
}

/** The Root Admin role only by promotion (the operator's route); nobody grants (or takes away) a role with permissions they do not hold. */
export function assertMayGrantRole(p: Principal, role: { key: string | null; name: string; permissions: readonly string[] }, path: (string | number)[], change: 'grant' | 'take away' = 'grant', rootAdmin = false) {
  const refusal = roleGrantRefusal(role, grantable(p, rootAdmin), change);
  if (refusal) throw validationFailed([{ path, message: refusal }]);
}

/** Nobody grants a permission they do not hold: each one missing is named at its place in the request. */
export function assertHolds(p: Principal, permissions: readonly string[], path: (string | number)[], what: string, rootAdmin = false) {
  const missing = new Set(permissionsNotHeld(grantable(p, rootAdmin), permissions));
  const issues = permissions.flatMap((perm, i) => (missing.has(perm) ? [{ path: [...path, i], message: `You cannot grant ${perm}: you do not hold it yourself.` }] : []));
  if (issues.length) throw validationFailed(issues, `You cannot grant ${what} with permissions you do not hold.`);
}

/** Why nobody changes the Root Admin's roles, and where the change that does it is made. */
export const ROOT_ADMIN_ROLES_FIXED =
  "The Root Admin's role changes only when the platform operator promotes another active admin to Root Admin (POST /v1/platform/tenants/:tenantId/root-admin).";

/**
 * `PUT /v1/users/:id/roles`: the Root Admin's roles change only by promoting another user; where the profile says
 * so, exactly one role; the Root Admin role is never assigned; Beginner stays until the user's first login where the profile gives it; roles added or taken
 * away must hold only the caller's permissions.
 */
export function assertMayChangeRoles<R extends { id: string; key: string | null; name: string; permissions: readonly string[] }>(
  p: Principal,
  c: { target: Pick<UserRecord, 'is_root_admin' | 'last_login_at'>; current: readonly R[]; next: readonly R[]; roleIds: readonly string[]; profile: PolicyProfile; rootAdmin?: boolean },
) {
  if (c.target.is_root_admin) throw forbidden(ROOT_ADMIN_ROLES_FIXED);
  const count = roleCountRefusal(c.profile, c.next.length);
  if (count) throw validationFailed([issueOf(['body', 'roleIds'], count.id, count.params)]);
  const rootIndex = c.next.findIndex((r) => r.key === 'root_admin');
  if (rootIndex >= 0) assertMayGrantRole(p, c.next[rootIndex]!, ['body', 'roleIds', rootIndex]);
  const holdsBeginner = c.current.some((r) => r.key === 'beginner');
  const keepsOnlyBeginner = c.next.length === c.current.length && c.next.every((r) => c.current.includes(r));
  if (c.profile.defaultTechnicianRole === 'beginner' && holdsBeginner && c.target.last_login_at === null && !keepsOnlyBeginner) {
    throw conflict('Beginner can be changed only after the user’s first login.');
  }
  const added = c.next.filter((r) => !c.current.includes(r));
  const removed = c.current.filter((r) => !c.next.includes(r));
  for (const r of [...added, ...removed]) {
    const i = c.roleIds.indexOf(r.id);
    assertMayGrantRole(p, r, i >= 0 ? ['body', 'roleIds', i] : ['body', 'roleIds'], added.includes(r) ? 'grant' : 'take away', c.rootAdmin);
  }
}

/** Permissions that make someone an administrator; nobody takes these away from themself (as with self-deactivation). */
const ADMIN_PERMISSIONS: readonly Permission[] = [
  'users.write', 'users.invite', 'users.deactivate', 'users.delete', 'users.reset_credentials',
  'roles.manage', 'organizations.manage', 'org.access.all', 'billing.manage', 'audit.read', 'integrations.manage', 'tenant.manage',
];

/** Run after the change, inside its transaction: refuses (and so rolls back) a change that drops the caller's admin permissions. */
export async function assertKeepsOwnAdminPermissions(trx: Db, p: Principal) {
  if (p.type !== 'user') return;
  const after = new Set((await findActor(trx, p.tenantId, p.id))?.permissions ?? []);
  const lost = ADMIN_PERMISSIONS.filter((perm) => p.permissions.has(perm) && !after.has(perm));
  if (lost.length > 0) throw forbidden(`You cannot remove your own admin permissions (${lost.join(', ')}); ask another admin.`);
}

/** Run after a role change under the tenant lock: the tenant keeps at least one active admin. */
export async function assertTenantKeepsAnAdmin(trx: Db, tenantId: string) {
  if ((await activeAdminCount(trx, tenantId)) === 0) throw conflict('This change would leave the tenant without an active admin.');
}

/**
 * Under the tenant lock, before a deactivation or deletion: an admin deactivated by a concurrent request no longer
 * acts, and the last active admin is never removed.
 */
export async function assertNotLastActiveAdmin(trx: Db, p: Principal, target: Pick<UserRecord, 'id' | 'status'>, change: 'deactivate' | 'delete') {
  if (change === 'deactivate') {
    if (p.type === 'user' && (await userStatus(trx, p.tenantId, p.id)) !== 'active') throw forbidden('Your account is no longer active.');
    if ((await isAdmin(trx, p.tenantId, target.id)) && (await activeAdminCount(trx, p.tenantId, target.id)) === 0) {
      throw conflict('This is the last active admin of the tenant; make someone else an admin first.');
    }
  } else if (target.status === 'active' && (await activeAdminCount(trx, p.tenantId, target.id)) === 0) {
    throw conflict('This is the last active admin of the tenant.');
  }
}

/**
 * A sign-in method may be chosen when it is one of `availableSignInMethods` (the contract's one list) and the tenant
 * can deliver it: text messages need a mobile number, which a tenant that collects no phone numbers cannot keep.
 * Otherwise a 422 naming the field rather than an account nobody can sign in to.
 */
export function assertSignInMethodAvailable(method: SignInMethod | undefined, path: (string | number)[], profile: Pick<PolicyProfile, 'phoneMode'>) {
  if (method === undefined) return;
  if (!(availableSignInMethods as readonly string[]).includes(method)) {
    throw validationFailed([{ path, message: `This sign-in method cannot be chosen; choose one of ${availableSignInMethods.join(', ')}.` }]);
  }
  if (method === 'sms' && profile.phoneMode === 'hidden') {
    throw validationFailed([{ path, message: 'This tenant does not collect phone numbers, so text-message sign-in cannot be chosen.' }]);
  }
}

/** Choosing someone's sign-in method is an admin's (`users.write`), never self-service alone; the Root Admin's only by the Root Admin. */
export function assertMayChooseSignInMethod(p: Principal, target: Pick<UserRecord, 'id' | 'kind' | 'is_root_admin'>) {
  if (!p.permissions.has('users.write') && !(target.kind === 'end_user' && p.permissions.has('end_users.write'))) {
    throw forbidden('Choosing how someone signs in needs the users.write permission.');
  }
  assertMayResetCredentials(p, target);
}

/**
 * Who may create an OAuth app with these scopes (`POST /v1/oauth-clients`): a person (the gate asked for
 * integrations.manage), who can see the organization it is bound to, and who holds every permission its tokens will
 * have (or a stronger one: `coversPermission`). An app for the whole tenant needs someone who sees the whole tenant.
 */
export function assertMayCreateClient(p: Principal, scopes: readonly string[], organizationId: string | null, what: 'app' | 'key' = 'app') {
  const plural = what === 'app' ? 'OAuth apps' : 'API keys';
  if (p.type !== 'user') throw forbidden(`${plural} are created by people, not by other apps.`);
  if (organizationId === null && p.organizationScope !== 'all') {
    throw validationFailed([{ path: ['body', 'organizationId'], message: `You see only some organizations: bind the ${what} to one of them.` }]);
  }
  if (organizationId !== null && !canSeeOrganization(p, organizationId)) {
    throw validationFailed([{ path: ['body', 'organizationId'], message: 'No such organization.' }]);
  }
  const issues = scopes.flatMap((scope, i) => {
    const missing = clientPermissions([scope], organizationId !== null).filter((perm) => !coversPermission(p.permissions, perm));
    return missing.length ? [{ path: ['body', 'scopes', i], message: `You cannot give ${scope}: it grants permissions you do not hold (${missing.join(', ')}).` }] : [];
  });
  if (issues.length) throw validationFailed(issues, `You cannot give ${what === 'app' ? 'an app' : 'a key'} permissions you do not hold.`);
}

/** Whether a person acts through a widget token that an API key minted (not the tenant's OAuth app). */
async function actsForApiKey(db: Db, p: Principal): Promise<boolean> {
  return p.type === 'user' && p.minterId !== undefined && (await findApiKey(db, p.tenantId, p.minterId)) !== undefined;
}

/**
 * Creating a credential (an API key, an OAuth app) through a widget token that an API key minted: refused. The key's
 * tokens act as people for minutes; a credential they made would outlive the key (a day's key leaving a year's behind,
 * an app that never expires) and survive its revocation.
 */
export async function assertMayCreateCredential(db: Db, p: Principal, what: 'app' | 'key') {
  if (await actsForApiKey(db, p)) throw forbidden(`${what === 'app' ? 'OAuth apps' : 'API keys'} are not created through a widget token an API key minted: it would outlive the key.`);
}

/**
 * Listing, syncing or exporting the users of an organization the caller cannot see (`?organizationId=` outside their
 * scope): 404 naming the parameter, as for that organization's ids — rather than an empty answer that reads as
 * "nobody there".
 */
export function assertMayListOrganization(p: Principal, organizationId: string | undefined) {
  if (organizationId !== undefined && !canSeeOrganization(p, organizationId)) {
    throw new ApiError('not_found', 'Organization not found.', [{ path: ['query', 'organizationId'], message: 'Is not an organization you can see.' }]);
  }
}

/**
 * Who may be viewed as (`POST /v1/users/:id/impersonate`; the gate asked for users.impersonate): a person in their own
 * session (not an app, not from inside another "view as"), onto an active end user they see (the service found the
 * user within their organizations) — never a technician, an administrator or the Root Admin, never themself.
 */
export async function assertMayImpersonate(db: Db, p: Principal, target: ImpersonationTarget) {
  if (p.type !== 'user' || p.impersonatorId) throw forbidden('"View as" is started by a person, in their own session.');
  if (await actsForApiKey(db, p)) throw forbidden('"View as" is not started through a widget token an API key minted.');
  const refusal = await impersonationRefusal(db, p, target);
  if (refusal) throw refusal;
}

type ImpersonationTarget = Pick<UserRecord, 'id' | 'kind' | 'status' | 'is_root_admin' | 'suspended_at' | 'suspended_until'>;

async function impersonationRefusal(db: Db, p: Principal, target: ImpersonationTarget): Promise<ApiError | null> {
  if (target.id === p.id) return forbidden('You cannot view as yourself.');
  if (target.kind !== 'end_user' || target.is_root_admin || (await isAdmin(db, p.tenantId, target.id))) {
    return forbidden('Only an end user can be viewed as: never a technician, an administrator or the Root Admin.');
  }
  if (target.status !== 'active') return conflict(`The user is ${target.status.replace('_', ' ')}: only an active user can be viewed as.`);
  // A suspended user is kept from signing in: nobody acts as them either until the suspension ends.
  if (target.suspended_at && (!target.suspended_until || Date.parse(target.suspended_until) > Date.now())) return conflict('The user is suspended: only an active user can be viewed as.');
  return null;
}

/**
 * A "view as" session, on every one of its requests (the gate asks): what its start checked must still hold, else the
 * session no longer acts. The administrator behind it is still active, still holds users.impersonate and still sees
 * the user (and has not ended their own sessions since: a password reset or "sign out everywhere" ends it too); the
 * user is still an active end user who is no administrator. Otherwise a support person would keep what was taken from
 * them, or gain what they were never given (a user made an administrator while being viewed as).
 */
export async function impersonationHolds(db: Db, session: Principal, impersonatorId: string, startedMs: number): Promise<boolean> {
  const impersonator = await loadUserPrincipal(db, session.tenantId, impersonatorId, { exactMs: startedMs });
  if (!impersonator?.permissions.has('users.impersonate')) return false;
  const target = await findUserById(db, session.tenantId, session.id, impersonator.organizationScope);
  return target !== undefined && (await impersonationRefusal(db, impersonator, target)) === null;
}

/** A credential change (password, two-factor methods, passkeys, email) inside a "view as" session: refused. */
export function assertNotImpersonating(p: Principal) {
  if (p.impersonatorId) throw forbidden({ id: 'error.impersonation_credentials' });
}
