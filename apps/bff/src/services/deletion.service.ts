import { actorOf, type Meta, type Services } from './context.js';
import type { Principal } from './principal.js';
import { tenantProfile } from './tenant-profile.js';
import { readUser, visibleUser } from './users.service.js';
import { conflict, forbidden } from '../errors.js';
import { insertAuditEvents } from '../db/repositories/audit-events.repository.js';
import { activeAdminCount, lockTenant } from '../db/repositories/admins.repository.js';

/** `DELETE /v1/users/:id` where the profile allows it; never the Root Admin, never yourself. */
export async function deleteUser(s: Services, p: Principal, id: string, meta: Meta): Promise<void> {
  const user = await visibleUser(s.db, p, id);
  if (!p.permissions.has('users.delete') && !(user.kind === 'end_user' && p.permissions.has('end_users.write'))) {
    throw forbidden('This needs the users.delete permission.');
  }
  const tenant = await tenantProfile(s.db, p.tenantId);
  if (tenant.profile.deletion === 'never') throw forbidden('Users of this tenant cannot be deleted; deactivate them instead.');
  if (user.is_root_admin) throw forbidden('The Root Admin cannot be deleted.');
  if (p.type === 'user' && p.id === id) throw forbidden('You cannot delete yourself.');
  await s.db.transaction().execute(async (trx) => {
    await lockTenant(trx, p.tenantId);
    if (user.status === 'active' && (await activeAdminCount(trx, p.tenantId, id)) === 0) {
      throw conflict('This is the last active admin of the tenant.');
    }
    const before = await readUser(trx, p.tenantId, id);
    await trx.deleteFrom('users').where('id', '=', id).where('tenant_id', '=', p.tenantId).execute();
    await insertAuditEvents(trx, [{ tenantId: p.tenantId, ...actorOf(p), action: 'user.deleted', targetType: 'user', targetId: id, before, requestId: meta.requestId }]);
  });
}
