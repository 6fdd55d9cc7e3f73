import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import type { UserKind } from '@roster/contract';
import type { Db } from '../create-db.js';
import { scopeCondition, userJson, type OrganizationScope } from './users.repository.js';
import { organizationJson } from './organizations.repository.js';

/**
 * Incremental sync (`GET /v1/users?updatedSince=…`, `GET /v1/organizations?updatedSince=…`): read only. Rows and
 * their tombstones in the order of their changes, `(change_xid, id)`, and only below the oldest transaction still
 * running — see the migration 2026-12-12T1100-change-feed for why that never skips a change committed later.
 */
export type ChangeResource = 'user' | 'organization';

/** Where a sync stands: the last change read, `(change_xid, id)` as text. */
export interface ChangePlace {
  xid: string;
  id: string;
}

/** What every sync asks, whatever it syncs. */
export interface ChangeWindow {
  tenantId: string;
  scope: OrganizationScope;
  /** Changes made at or after this time (a first sync); none: every change after `after`. */
  since?: string | undefined;
  /** Where the last page ended. */
  after?: ChangePlace | undefined;
  limit: number;
}

export interface ChangeRow {
  id: string;
  xid: string;
  /** The row as the API shows it; null for a deleted one. */
  json: string | null;
  deleted_at: string | null;
}

export interface ChangePage {
  /** Up to `limit + 1` changes after `after` (one more than asked: there are more). */
  rows: ChangeRow[];
  /** The oldest transaction still running when the page was read: every change below it is final. */
  xmin: string;
}

const and = (conditions: readonly Expression<SqlBool>[]) => (conditions.length === 0 ? sql<SqlBool>`true` : sql<SqlBool>`${sql.join(conditions, sql` and `)}`);

/**
 * The one change-page query: `limit + 1` changes of `table` (its rows matching `where`, each as `json`) and of its
 * tombstones (matching `whereTombstone`, on `t`), merged in change order, below the bound; and the bound itself.
 */
async function changePage(
  db: Db,
  w: ChangeWindow,
  of: { resource: ChangeResource; table: 'users' | 'organizations'; json: RawBuilder<string>; where: Expression<SqlBool>[]; whereTombstone: Expression<SqlBool>[] },
): Promise<ChangePage> {
  const col = (c: string) => sql.ref(`${of.table}.${c}`);
  const place = (xid: RawBuilder<unknown>, id: RawBuilder<unknown>) => (w.after ? sql<SqlBool>`(${xid}, ${id}) > (${w.after.xid}::xid8, ${w.after.id}::uuid)` : sql<SqlBool>`true`);
  const live = and([
    ...of.where,
    ...(w.since !== undefined ? [sql<SqlBool>`${col('updated_at')} >= ${w.since}::timestamptz`] : []),
    place(sql`${col('change_xid')}`, sql`${col('id')}`),
  ]);
  const dead = and([
    ...of.whereTombstone,
    ...(w.since !== undefined ? [sql<SqlBool>`t.deleted_at >= ${w.since}::timestamptz`] : []),
    place(sql`t.change_xid`, sql`t.id`),
  ]);
  const result = await sql<ChangeRow & { xmin: string }>`
    with bound as materialized (select pg_snapshot_xmin(pg_current_snapshot()) as xmin)
    select c.id, c.xid::text as xid, c.json, c.deleted_at, bound.xmin::text as xmin
      from bound left join lateral (
        select * from (
          (select ${col('id')} as id, ${col('change_xid')} as xid, ${of.json} as json, null::text as deleted_at
             from ${sql.table(of.table)}
            where ${col('tenant_id')} = ${w.tenantId}::uuid and ${live} and ${col('change_xid')} < bound.xmin
            order by ${col('change_xid')}, ${col('id')}
            limit ${w.limit + 1})
          union all
          (select t.id, t.change_xid as xid, null::text as json,
                  to_char(t.deleted_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as deleted_at
             from tombstones t
            where t.tenant_id = ${w.tenantId}::uuid and t.resource = ${of.resource} and ${dead} and t.change_xid < bound.xmin
            order by t.change_xid, t.id
            limit ${w.limit + 1})
        ) u
        order by u.xid, u.id
        limit ${w.limit + 1}
      ) c on true
     order by c.xid, c.id`.execute(db);
  const xmin = result.rows[0]!.xmin;
  return { rows: result.rows.filter((r) => r.id !== null).map(({ xmin: _x, ...r }) => r), xmin };
}

/** A tombstone's organization within the caller's scope (an organization's own tombstone carries its own id). */
function tombstoneScope(scope: OrganizationScope): Expression<SqlBool>[] {
  if (scope === 'all') return [];
  if (scope.length === 0) return [sql<SqlBool>`false`];
  return [sql<SqlBool>`t.organization_id in (${sql.join(scope.map((id) => sql`${id}::uuid`))})`];
}

/** Users' changes (`GET /v1/users?updatedSince=…`), optionally of one kind or organization. */
export function listUserChanges(db: Db, f: ChangeWindow & { kind?: UserKind | undefined; organizationId?: string | undefined }): Promise<ChangePage> {
  const scope = scopeCondition(f.scope);
  return changePage(db, f, {
    resource: 'user',
    table: 'users',
    json: userJson,
    where: [
      ...(scope ? [scope] : []),
      ...(f.kind !== undefined ? [sql<SqlBool>`users.kind = ${f.kind}`] : []),
      ...(f.organizationId !== undefined ? [sql<SqlBool>`users.organization_id = ${f.organizationId}::uuid`] : []),
    ],
    whereTombstone: [
      ...tombstoneScope(f.scope),
      ...(f.kind !== undefined ? [sql<SqlBool>`t.kind = ${f.kind}`] : []),
      ...(f.organizationId !== undefined ? [sql<SqlBool>`t.organization_id = ${f.organizationId}::uuid`] : []),
    ],
  });
}

/** Organizations' changes (`GET /v1/organizations?updatedSince=…`): renames, new ones, and deletions. */
export function listOrganizationChanges(db: Db, f: ChangeWindow): Promise<ChangePage> {
  return changePage(db, f, {
    resource: 'organization',
    table: 'organizations',
    json: organizationJson,
    where: f.scope === 'all' ? [] : f.scope.length === 0 ? [sql<SqlBool>`false`] : [sql<SqlBool>`organizations.id in (${sql.join(f.scope.map((id) => sql`${id}::uuid`))})`],
    whereTombstone: tombstoneScope(f.scope),
  });
}
