import type * as z from 'zod/mini';
import type { AccessGroup, CreateAccessGroupRequestSchema, EffectiveModules, PatchAccessGroupRequestSchema, SetUserAccessGroupsRequestSchema } from '@roster/contract';
import { actorOf, type Meta, type Services } from './context.js';
import type { Principal } from './principal.js';
import { conflict, notFound, validationFailed } from '../errors.js';
import { assertMayReadModules } from './policy.js';
import { accessOfUser, insertAccessGroup, listAccessGroups, setUserAccessGroups, updateAccessGroup } from '../db/repositories/access-groups.repository.js';
import { findUserById } from '../db/repositories/users.repository.js';
import { insertAuditEvents } from '../db/repositories/audit-events.repository.js';

const isUnique = (e: unknown) => (e as { code?: string }).code === '23505';
const taken = () => conflict('A group with this name already exists.', [{ path: ['body', 'name'], message: 'Is already taken in this tenant.' }]);

/** `GET /v1/access-groups`: the tenant's access groups. */
export async function listAccessGroupsOf(s: Services, p: Principal): Promise<{ items: AccessGroup[] }> {
  return { items: await listAccessGroups(s.db, p.tenantId) };
}

export async function createAccessGroup(s: Services, p: Principal, input: z.output<typeof CreateAccessGroupRequestSchema>, meta: Meta): Promise<AccessGroup> {
  try {
    return await s.db.transaction().execute(async (trx) => {
      const g = await insertAccessGroup(trx, p.tenantId, { name: input.name, active: input.active ?? true, modules: [...new Set(input.modules)] });
      await insertAuditEvents(trx, [{ tenantId: p.tenantId, ...actorOf(p), action: 'access_group.created', targetType: 'access_group', targetId: g.id, after: g, requestId: meta.requestId }]);
      return g;
    });
  } catch (e) {
    if (isUnique(e)) throw taken();
    throw e;
  }
}

/** Deactivating a group takes its modules from its members; reactivating gives them back (membership is kept). */
export async function patchAccessGroup(s: Services, p: Principal, id: string, d: z.output<typeof PatchAccessGroupRequestSchema>, meta: Meta): Promise<AccessGroup> {
  try {
    return await s.db.transaction().execute(async (trx) => {
      const g = await updateAccessGroup(trx, p.tenantId, id, {
        ...(d.name !== undefined ? { name: d.name } : {}),
        ...(d.active !== undefined ? { active: d.active } : {}),
        ...(d.modules !== undefined ? { modules: [...new Set(d.modules)] } : {}),
      });
      if (!g) throw notFound('Access group');
      await insertAuditEvents(trx, [{ tenantId: p.tenantId, ...actorOf(p), action: 'access_group.updated', targetType: 'access_group', targetId: id, after: g, requestId: meta.requestId }]);
      return g;
    });
  } catch (e) {
    if (isUnique(e)) throw taken();
    throw e;
  }
}

export async function assignAccessGroups(s: Services, p: Principal, userId: string, input: z.output<typeof SetUserAccessGroupsRequestSchema>, meta: Meta): Promise<EffectiveModules> {
  const user = await findUserById(s.db, p.tenantId, userId, p.organizationScope);
  if (!user) throw notFound('User');
  const groups = new Set((await listAccessGroups(s.db, p.tenantId)).map((g) => g.id));
  const unknown = input.groupIds.findIndex((g) => !groups.has(g));
  if (unknown >= 0) throw validationFailed([{ path: ['body', 'groupIds', unknown], message: 'No such access group.' }]);
  await s.db.transaction().execute(async (trx) => {
    await setUserAccessGroups(trx, p.tenantId, userId, [...new Set(input.groupIds)], input.allModules);
    await insertAuditEvents(trx, [{ tenantId: p.tenantId, ...actorOf(p), action: 'user.access_groups_changed', targetType: 'user', targetId: userId, after: input, requestId: meta.requestId }]);
  });
  return effectiveModules(s, { ...p, organizationScope: 'all' }, userId);
}

/** `GET /v1/users/:id/modules`: what the host should let this user open. Anyone may ask about themself. */
export async function effectiveModules(s: Services, p: Principal, userId: string): Promise<EffectiveModules> {
  const self = assertMayReadModules(p, userId);
  const user = await findUserById(s.db, p.tenantId, userId, self ? 'all' : p.organizationScope);
  if (!user) throw notFound('User');
  const access = await accessOfUser(s.db, p.tenantId, userId);
  const modules = [...new Set(access.groups.filter((g) => g.active).flatMap((g) => g.modules))].sort();
  return { allModules: access.allModules, modules, groups: access.groups };
}
