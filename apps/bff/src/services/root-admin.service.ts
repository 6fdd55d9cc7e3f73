import { administratorRoleOf, type PromoteRootAdminResponse } from '@roster/contract';
import type { Services } from './context.js';
import { tenantProfile } from './tenant-profile.js';
import { readUser } from './users.service.js';
import { conflict, notFound, validationFailed } from '../errors.js';
import { findUserById } from '../db/repositories/users.repository.js';
import { findRootAdminId, isAdmin, lockTenant, transferRootAdmin } from '../db/repositories/admins.repository.js';
import { listRoles } from '../db/repositories/roles.repository.js';
import { insertAuditEvents } from '../db/repositories/audit-events.repository.js';

const statusWords = { invited: 'invited', deactivated: 'deactivated', locked_out: 'locked out' } as const;

/**
 * `POST /v1/platform/tenants/:tenantId/root-admin` (seed 004: "Only Kaseya support can promote a user to Root Admin"):
 * under the tenant lock, in one transaction, another active admin of the tenant becomes its Root Admin — the Root
 * Admin role is their one role — and the previous Root Admin holds the profile's administrator role (Admin or System
 * Administrator) in place of Root Admin. Audited as `user.root_admin_promoted`, the operator as actor. Refused: a
 * user the tenant does not have (404), the Root Admin already or not active (409), holding no admin role (422).
 */
export async function promoteRootAdmin(s: Services, tenantId: string, userId: string, meta: { requestId?: string | undefined }): Promise<PromoteRootAdminResponse> {
  const { profile } = await tenantProfile(s.db, tenantId);
  return s.db.transaction().execute(async (trx) => {
    await lockTenant(trx, tenantId);
    const target = await findUserById(trx, tenantId, userId, 'all');
    if (!target) throw notFound('User');
    if (target.is_root_admin) throw conflict('This user is already the Root Admin.');
    if (target.status !== 'active') {
      throw conflict(`This user is ${statusWords[target.status]}: only an active admin can become the Root Admin.`);
    }
    if (!(await isAdmin(trx, tenantId, userId))) {
      const message = 'Is not an admin: only a user holding an admin role (who manages users and roles) can become the Root Admin.';
      throw validationFailed([{ path: ['body', 'userId'], message }], 'Only an admin can become the Root Admin.');
    }
    const roles = await listRoles(trx, tenantId);
    const rootRole = roles.find((r) => r.key === 'root_admin');
    const adminKey = administratorRoleOf(profile);
    const adminRole = roles.find((r) => r.key === adminKey);
    if (!rootRole || !adminRole) throw conflict(`The tenant has no built-in ${!rootRole ? 'Root Admin' : adminKey === 'admin' ? 'Admin' : 'System Administrator'} role.`);
    const previous = await findRootAdminId(trx, tenantId);
    const before = { rootAdmin: previous ? await readUser(trx, tenantId, previous) : null, promoted: await readUser(trx, tenantId, userId) };
    await transferRootAdmin(trx, tenantId, { from: previous, to: userId, rootRoleId: rootRole.id, adminRoleId: adminRole.id });

    const rootAdmin = await readUser(trx, tenantId, userId);
    const previousRootAdmin = previous ? await readUser(trx, tenantId, previous) : null;
    await insertAuditEvents(trx, [
      {
        tenantId, actorType: 'platform', actorId: null, action: 'user.root_admin_promoted', targetType: 'user', targetId: userId,
        before: { rootAdminId: previous, roles: before.promoted.roles.map((r) => r.name), previousRootAdminRoles: before.rootAdmin?.roles.map((r) => r.name) ?? [] },
        after: { rootAdminId: userId, roles: rootAdmin.roles.map((r) => r.name), previousRootAdminRoles: previousRootAdmin?.roles.map((r) => r.name) ?? [] },
        requestId: meta.requestId,
      },
    ]);
    return { rootAdmin, previousRootAdmin };
  });
}
