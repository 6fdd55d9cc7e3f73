import type * as z from 'zod/mini';
import { searchFold, type CreateOrganizationRequestSchema, type Organization, type OrganizationList, type OrganizationListQuery, type PatchOrganizationRequestSchema } from '@roster/contract';
import type { Meta, Services } from './context.js';
import type { Principal } from './principal.js';
import { ApiError, conflict, forbidden, notFound } from '../errors.js';
import { syncPage, syncPlaceOf } from './change-sync.js';
import { listOrganizationChanges } from '../db/repositories/changes.repository.js';
import {
  ORGANIZATION_NAME_INDEX,
  countMembersByOrganization,
  countOrganizationMembers,
  deleteOrganization as deleteOrganizationRow,
  findOrganizationForUpdate,
  insertOrganization,
  listOrganizations,
  renameOrganization,
} from '../db/repositories/organizations.repository.js';
import { removeOrganizationFromRoles } from '../db/repositories/roles.repository.js';
import { countActiveClientsOfOrganization } from '../db/repositories/oauth-clients.repository.js';
import { insertAuditEvents } from '../db/repositories/audit-events.repository.js';

/** Who manages organizations: a principal of the tenant (user or OAuth client), or the operator's platform key. */
export type OrganizationActor = Pick<Principal, 'tenantId' | 'organizationScope'> & { type: 'user' | 'client' | 'platform'; id: string | null };

export const toOrganization = (r: { id: string; name: string; created_at: string }): Organization => ({ id: r.id, name: r.name, createdAt: r.created_at });

const nameTaken = () => conflict('An organization with this name already exists.', [{ path: ['body', 'name'], message: 'Is already taken in this tenant (names are compared without regard to case).' }]);

/** The unique index on (tenant, lower(name)) decides, so two concurrent requests cannot both take a name. */
async function mapNameConflict<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    const err = e as { code?: string; constraint?: string; message?: string };
    if (err?.code === '23505' && (err.constraint === ORGANIZATION_NAME_INDEX || String(err.message).includes(ORGANIZATION_NAME_INDEX))) throw nameTaken();
    throw e;
  }
}

const audit = (a: OrganizationActor, action: string, id: string, change: { before?: Organization; after?: Organization }, meta: Meta) => ({
  tenantId: a.tenantId,
  // The operator (platform) acts here too, which the shared actorOf (users and clients) does not take.
  actorType: a.type,
  actorId: a.id,
  action,
  targetType: 'organization',
  targetId: id,
  ...change,
  requestId: meta.requestId,
});

/**
 * `GET /v1/organizations`: the organizations within the caller's scope, each with its user count; with `q`, those
 * whose name contains it, folded as the users search folds (the contract's `searchFold`: no case, no accents). The
 * list is not paged (a tenant has organizations by the hundred, not the million), so the fold runs here rather than
 * on a stored column. `parameters`: the names the request sent (`limit` and `cursor` go only with a sync).
 */
export async function listOrganizationsOf(s: Pick<Services, 'db'>, p: Pick<Principal, 'tenantId' | 'organizationScope'>, query: OrganizationListQuery, parameters: readonly string[] = []): Promise<OrganizationList> {
  const search = query.q ? searchFold(query.q) : '';
  const unpaged = parameters.find((k) => k === 'limit' || k === 'cursor');
  if (unpaged) throw new ApiError('bad_request', 'The list of organizations is not paged.', [{ path: ['query', unpaged], message: unpaged === 'cursor' ? 'Is not a cursor returned by this API.' : 'Goes only with updatedSince or a sync’s cursor.' }]);
  const rows = (await listOrganizations(s.db, p.tenantId, p.organizationScope)).filter((o) => !search || searchFold(o.name).includes(search));
  const counts = await countMembersByOrganization(s.db, p.tenantId, rows.map((o) => o.id));
  return { items: rows.map((o) => ({ ...toOrganization(o), updatedAt: o.updated_at, userCount: counts.get(o.id) ?? 0 })) };
}

/**
 * `GET /v1/organizations?updatedSince=…` (and a sync's cursor): the organizations created or renamed since, and those
 * deleted, in the order of their changes (change-sync), as JSON text; null when the request is no sync (the list).
 */
export async function syncOrganizations(s: Pick<Services, 'db'>, p: Pick<Principal, 'tenantId' | 'organizationScope'>, query: OrganizationListQuery, parameters: readonly string[]): Promise<string | null> {
  const place = syncPlaceOf(query.cursor, 'organization', p.tenantId);
  if (!place && query.updatedSince === undefined) return null;
  const sync = { resource: 'organization' as const, filters: {}, place, updatedSince: query.updatedSince, limit: query.limit, parameters };
  return syncPage(p, sync, (w) => listOrganizationChanges(s.db, w));
}

/**
 * `POST /v1/organizations`. A new organization is outside every narrowed scope, so only a caller who sees every
 * organization (`org.access.all`, a client, the platform key; not a widget token bound to one organization) creates one.
 */
export async function createOrganization(s: Pick<Services, 'db'>, a: OrganizationActor, input: z.output<typeof CreateOrganizationRequestSchema>, meta: Meta): Promise<Organization> {
  if (a.organizationScope !== 'all') throw forbidden('Creating an organization needs access to every organization of the tenant (org.access.all).');
  return mapNameConflict(() =>
    s.db.transaction().execute(async (trx) => {
      const org = toOrganization(await insertOrganization(trx, a.tenantId, input.name));
      await insertAuditEvents(trx, [audit(a, 'organization.created', org.id, { after: org }, meta)]);
      return org;
    }),
  );
}

/** `PATCH /v1/organizations/:id`: renames an organization in the caller's scope (another tenant's or scope's id: 404). */
export async function patchOrganization(s: Pick<Services, 'db'>, a: OrganizationActor, id: string, input: z.output<typeof PatchOrganizationRequestSchema>, meta: Meta): Promise<Organization> {
  return mapNameConflict(() =>
    s.db.transaction().execute(async (trx) => {
      const row = await findOrganizationForUpdate(trx, a.tenantId, id, a.organizationScope);
      if (!row) throw notFound('Organization');
      const before = toOrganization(row);
      if (input.name === undefined || input.name === before.name) return before;
      const after = toOrganization(await renameOrganization(trx, a.tenantId, id, input.name));
      await insertAuditEvents(trx, [audit(a, 'organization.updated', id, { before, after }, meta)]);
      return after;
    }),
  );
}

/**
 * `DELETE /v1/organizations/:id`: only an organization nobody belongs to (409 otherwise). The row is locked first,
 * so a user being added to it at the same time either is counted here or fails its foreign key.
 */
export async function deleteOrganization(s: Pick<Services, 'db'>, a: OrganizationActor, id: string, meta: Meta): Promise<void> {
  await s.db.transaction().execute(async (trx) => {
    const row = await findOrganizationForUpdate(trx, a.tenantId, id, a.organizationScope);
    if (!row) throw notFound('Organization');
    const members = await countOrganizationMembers(trx, a.tenantId, id);
    if (members > 0) throw conflict(`${members} ${members === 1 ? 'user belongs' : 'users belong'} to this organization; move or delete them first.`);
    const apps = await countActiveClientsOfOrganization(trx, a.tenantId, id);
    if (apps > 0) throw conflict(`${apps} OAuth ${apps === 1 ? 'app is' : 'apps are'} bound to this organization; revoke ${apps === 1 ? 'it' : 'them'} first (DELETE /v1/oauth-clients/:id).`);
    await removeOrganizationFromRoles(trx, a.tenantId, id);
    await deleteOrganizationRow(trx, a.tenantId, id);
    await insertAuditEvents(trx, [audit(a, 'organization.deleted', id, { before: toOrganization(row) }, meta)]);
  });
}
