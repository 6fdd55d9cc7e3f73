import { sql } from 'kysely';
import type { UserKind } from '@roster/contract';
import type { Db } from '../create-db.js';
import { scopeCondition, userJson, type OrganizationScope } from './users.repository.js';

/**
 * Incremental sync of users (`GET /v1/users?updatedSince=…`): read only. Users and tombstones in the order of their
 * changes, `(change_xid, id)`, and only below the oldest transaction still running — see the migration
 * 2026-12-12T1100-change-feed for why that never skips a change committed later.
 */
export interface ChangeFilter {
  tenantId: string;
  scope: OrganizationScope;
  kind?: UserKind | undefined;
  organizationId?: string | undefined;
  /** Changes made at or after this time (a first sync); none: every change after `after`. */
  since?: string | undefined;
  /** Where the last page ended: `(change_xid, id)` as text. */
  after?: { xid: string; id: string } | undefined;
  limit: number;
}

export interface ChangeRow {
  id: string;
  xid: string;
  /** The user as the API shows it; null for a deleted user. */
  json: string | null;
  deleted_at: string | null;
}

/**
 * `limit + 1` changes after `after`, and `xmin`: the oldest transaction still running when the page was read (every
 * change below it is final, so a caught-up sync may move its place up to it).
 */
export async function listUserChanges(db: Db, f: ChangeFilter): Promise<{ rows: ChangeRow[]; xmin: string }> {
  const scope = scopeCondition(f.scope);
  const tombScope = f.scope === 'all' ? sql`true` : f.scope.length === 0 ? sql`false` : sql`t.organization_id in (${sql.join(f.scope.map((id) => sql`${id}::uuid`))})`;
  const after = f.after ? sql`(users.change_xid, users.id) > (${f.after.xid}::xid8, ${f.after.id}::uuid)` : sql`true`;
  const tombAfter = f.after ? sql`(t.change_xid, t.id) > (${f.after.xid}::xid8, ${f.after.id}::uuid)` : sql`true`;
  const result = await sql<ChangeRow & { xmin: string }>`
    with bound as materialized (select pg_snapshot_xmin(pg_current_snapshot()) as xmin)
    select c.id, c.xid::text as xid, c.json, c.deleted_at, bound.xmin::text as xmin
      from bound left join lateral (
        select * from (
          (select users.id, users.change_xid as xid, ${userJson} as json, null::text as deleted_at
             from users
            where users.tenant_id = ${f.tenantId}::uuid
              and ${scope ?? sql`true`}
              and ${f.kind !== undefined ? sql`users.kind = ${f.kind}` : sql`true`}
              and ${f.organizationId !== undefined ? sql`users.organization_id = ${f.organizationId}::uuid` : sql`true`}
              and ${f.since !== undefined ? sql`users.updated_at >= ${f.since}::timestamptz` : sql`true`}
              and ${after}
              and users.change_xid < bound.xmin
            order by users.change_xid, users.id
            limit ${f.limit + 1})
          union all
          (select t.id, t.change_xid as xid, null::text as json,
                  to_char(t.deleted_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as deleted_at
             from tombstones t
            where t.tenant_id = ${f.tenantId}::uuid and t.resource = 'user'
              and ${tombScope}
              and ${f.kind !== undefined ? sql`t.kind = ${f.kind}` : sql`true`}
              and ${f.organizationId !== undefined ? sql`t.organization_id = ${f.organizationId}::uuid` : sql`true`}
              and ${f.since !== undefined ? sql`t.deleted_at >= ${f.since}::timestamptz` : sql`true`}
              and ${tombAfter}
              and t.change_xid < bound.xmin
            order by t.change_xid, t.id
            limit ${f.limit + 1})
        ) u
        order by u.xid, u.id
        limit ${f.limit + 1}
      ) c on true
     order by c.xid, c.id`.execute(db);
  const xmin = result.rows[0]!.xmin;
  return { rows: result.rows.filter((r) => r.id !== null).map(({ xmin: _x, ...r }) => r), xmin };
}
