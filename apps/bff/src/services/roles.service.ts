import type * as z from 'zod/mini';
import {
  permissions as permissionCatalogue,
  type CreateRoleRequestSchema,
  type PatchRoleRequestSchema,
  type SetUserRolesRequestSchema,
  type Permission,
  type Role,
  type RoleList,
  type UserDetail,
} from '@roster/contract';
import { actorOf, type Meta, type Services } from './context.js';
import type { Principal } from './principal.js';
import { tenantProfile } from './tenant-profile.js';
import { getUserDetail } from './users.service.js';
import { conflict, forbidden, notFound, validationFailed } from '../errors.js';
import {
  countRoleHolders,
  deleteRole as deleteRoleRow,
  explicitPermissionsOf,
  findRole,
  insertRoles,
  listRoles,
  replaceUserAccess,
  updateRole,
} from '../db/repositories/roles.repository.js';
import { lockTenant } from '../db/repositories/admins.repository.js';
import { assertHolds, givesAsRootAdmin, assertKeepsOwnAdminPermissions, assertMayChangeRoles, assertTenantKeepsAnAdmin } from './policy.js';
import { findUserById, rolesOfUsers } from '../db/repositories/users.repository.js';
import { insertAuditEvents } from '../db/repositories/audit-events.repository.js';
import { listOrganizations } from '../db/repositories/organizations.repository.js';

export function toRole(r: { id: string; key: string | null; name: string; description: string; permissions: string[]; organization_ids: string[] }): Role {
  const known = r.permissions.filter((p): p is Permission => (permissionCatalogue as readonly string[]).includes(p));
  return { id: r.id, key: r.key, name: r.name, description: r.description, builtIn: r.key !== null, permissions: known, organizationIds: r.organization_ids };
}

/** A role may open only organizations that exist in the tenant and that the caller sees themself. */
async function assertOrganizations(s: Services, p: Principal, ids: readonly string[] | undefined) {
  if (!ids?.length) return;
  const visible = new Set((await listOrganizations(s.db, p.tenantId, p.organizationScope)).map((o) => o.id));
  const issues = ids.flatMap((id, i) => (visible.has(id) ? [] : [{ path: ['body', 'organizationIds', i], message: 'No such organization, or not one you can see.' }]));
  if (issues.length) throw validationFailed(issues);
}

function uniqueName(e: unknown): boolean {
  return (e as { code?: string }).code === '23505';
}

/** `GET /v1/roles`: the tenant's roles, built-in and custom. */
export async function listRolesOf(s: Services, p: Principal): Promise<RoleList> {
  return { items: (await listRoles(s.db, p.tenantId)).map(toRole) };
}

export async function createRole(s: Services, p: Principal, input: z.output<typeof CreateRoleRequestSchema>, meta: Meta): Promise<Role> {
  assertHolds(p, input.permissions, ['body', 'permissions'], 'a role', await givesAsRootAdmin(s.db, p, input.permissions));
  await assertOrganizations(s, p, input.organizationIds);
  try {
    return await s.db.transaction().execute(async (trx) => {
      const [row] = await insertRoles(trx, [{ tenant_id: p.tenantId, key: null, name: input.name, description: input.description ?? '', permissions: [...new Set(input.permissions)], organization_ids: [...new Set(input.organizationIds ?? [])] }]);
      const role = toRole((await findRole(trx, p.tenantId, row!.id))!);
      await insertAuditEvents(trx, [{ tenantId: p.tenantId, ...actorOf(p), action: 'role.created', targetType: 'role', targetId: role.id, after: role, requestId: meta.requestId }]);
      return role;
    });
  } catch (e) {
    if (uniqueName(e)) throw conflict('A role with this name already exists.', [{ path: ['body', 'name'], message: 'Is already taken in this tenant.' }]);
    throw e;
  }
}

/**
 * `PATCH /v1/roles/:id`: custom roles only. Permissions added or removed must be the caller's own (a change
 * reaches every holder at once), and the tenant keeps at least one active admin.
 */
export async function patchRole(s: Services, p: Principal, id: string, input: z.output<typeof PatchRoleRequestSchema>, meta: Meta): Promise<Role> {
  const before = await findRole(s.db, p.tenantId, id);
  if (!before) throw notFound('Role');
  if (before.key !== null) throw forbidden('Built-in roles cannot be changed; create a custom role instead.');
  if (input.permissions) {
    const next = new Set(input.permissions);
    const changed = [...input.permissions.filter((x) => !before.permissions.includes(x)), ...before.permissions.filter((x) => !next.has(x as Permission))];
    assertHolds(p, changed, ['body', 'permissions'], 'or remove permissions', await givesAsRootAdmin(s.db, p, changed));
  }
  await assertOrganizations(s, p, input.organizationIds);
  try {
    return await s.db.transaction().execute(async (trx) => {
      await lockTenant(trx, p.tenantId);
      await updateRole(trx, p.tenantId, id, {
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.description !== undefined ? { description: input.description } : {}),
        ...(input.permissions !== undefined ? { permissions: [...new Set(input.permissions)] } : {}),
        ...(input.organizationIds !== undefined ? { organization_ids: [...new Set(input.organizationIds)] } : {}),
      });
      await assertKeepsOwnAdminPermissions(trx, p);
      await assertTenantKeepsAnAdmin(trx, p.tenantId);
      const after = toRole((await findRole(trx, p.tenantId, id))!);
      await insertAuditEvents(trx, [{ tenantId: p.tenantId, ...actorOf(p), action: 'role.updated', targetType: 'role', targetId: id, before: toRole(before), after, requestId: meta.requestId }]);
      return after;
    });
  } catch (e) {
    if (uniqueName(e)) throw conflict('A role with this name already exists.', [{ path: ['body', 'name'], message: 'Is already taken in this tenant.' }]);
    throw e;
  }
}

/** `DELETE /v1/roles/:id`: custom roles nobody holds any more. */
export async function deleteRole(s: Services, p: Principal, id: string, meta: Meta): Promise<void> {
  const role = await findRole(s.db, p.tenantId, id);
  if (!role) throw notFound('Role');
  if (role.key !== null) throw forbidden('Built-in roles cannot be deleted.');
  await s.db.transaction().execute(async (trx) => {
    await lockTenant(trx, p.tenantId);
    const holders = await countRoleHolders(trx, p.tenantId, id);
    if (holders > 0) throw conflict(`${holders} ${holders === 1 ? 'user holds' : 'users hold'} this role; give them another role first.`);
    await deleteRoleRow(trx, p.tenantId, id);
    await insertAuditEvents(trx, [{ tenantId: p.tenantId, ...actorOf(p), action: 'role.deleted', targetType: 'role', targetId: id, before: toRole(role), requestId: meta.requestId }]);
  });
}

/**
 * `PUT /v1/users/:id/roles`: roles and explicit permissions, replaced as a whole. Roles and permissions added or
 * taken away must be the caller's own; the Root Admin's roles change only by promoting another user; Beginner
 * stays until the user's first login where the profile uses it; the tenant keeps an active admin.
 */
export async function setUserRoles(s: Services, p: Principal, id: string, input: z.output<typeof SetUserRolesRequestSchema>, meta: Meta): Promise<UserDetail> {
  const user = await findUserById(s.db, p.tenantId, id, p.organizationScope);
  if (!user) throw notFound('User');
  const roles = await listRoles(s.db, p.tenantId);
  const byId = new Map(roles.map((r) => [r.id, r]));
  const current = ((await rolesOfUsers(s.db, p.tenantId, [id])).get(id) ?? []).map((r) => byId.get(r.id)!);
  const wanted = [...new Set(input.roleIds)];
  const missing = wanted.findIndex((rid) => !byId.has(rid));
  if (missing >= 0) throw validationFailed([{ path: ['body', 'roleIds', input.roleIds.indexOf(wanted[missing]!)], message: 'No such role.' }]);
  const next = wanted.map((rid) => byId.get(rid)!);
  const { profile } = await tenantProfile(s.db, p.tenantId);
  const rootAdmin = await givesAsRootAdmin(s.db, p, [...current, ...next].flatMap((r) => r.permissions));
  assertMayChangeRoles(p, { target: user, current, next, roleIds: input.roleIds, profile, rootAdmin });
  const explicitBefore = await explicitPermissionsOf(s.db, p.tenantId, id);
  const explicit = input.permissions === undefined ? explicitBefore : [...new Set(input.permissions)];
  const explicitChanged = [...explicit.filter((x) => !explicitBefore.includes(x)), ...explicitBefore.filter((x) => !explicit.includes(x))];
  assertHolds(p, explicitChanged, ['body', 'permissions'], 'explicit permissions', await givesAsRootAdmin(s.db, p, explicitChanged));
  await s.db.transaction().execute(async (trx) => {
    await lockTenant(trx, p.tenantId);
    await replaceUserAccess(trx, p.tenantId, id, wanted, explicit);
    if (p.type === 'user' && p.id === id) await assertKeepsOwnAdminPermissions(trx, p);
    await assertTenantKeepsAnAdmin(trx, p.tenantId);
    await insertAuditEvents(trx, [
      {
        tenantId: p.tenantId, ...actorOf(p), action: 'user.roles_changed', targetType: 'user', targetId: id,
        before: { roles: current.map((r) => r.name), permissions: explicitBefore },
        after: { roles: next.map((r) => r.name), permissions: explicit },
        requestId: meta.requestId,
      },
    ]);
  });
  return getUserDetail(s, { ...p, organizationScope: 'all' }, id);
}

