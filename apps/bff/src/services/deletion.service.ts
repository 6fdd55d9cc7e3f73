import { actorOf, type Meta, type Services } from './context.js';
import type { Principal } from './principal.js';
import { tenantProfile } from './tenant-profile.js';
import { readUser, visibleUser } from './users.service.js';
import { assertMayDelete, assertNotLastActiveAdmin } from './policy.js';
import { deleteUserRow } from '../db/repositories/users.repository.js';
import { insertAuditEvents } from '../db/repositories/audit-events.repository.js';
import { lockTenant } from '../db/repositories/admins.repository.js';

/** `DELETE /v1/users/:id` where the profile allows it; never the Root Admin, never yourself. */
export async function deleteUser(s: Services, p: Principal, id: string, meta: Meta): Promise<void> {
  const user = await visibleUser(s.db, p, id);
  const tenant = await tenantProfile(s.db, p.tenantId);
  assertMayDelete(p, user, tenant.profile);
  await s.db.transaction().execute(async (trx) => {
    await lockTenant(trx, p.tenantId);
    await assertNotLastActiveAdmin(trx, p, user, 'delete');
    const before = await readUser(trx, p.tenantId, id);
    await deleteUserRow(trx, p.tenantId, id);
    await insertAuditEvents(trx, [{ tenantId: p.tenantId, ...actorOf(p), action: 'user.deleted', targetType: 'user', targetId: id, before, requestId: meta.requestId }]);
  });
}
