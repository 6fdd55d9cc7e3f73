import { sql, type SqlBool } from 'kysely';
import type { UserKind, UserSortKey, UserStatus } from '@roster/contract';
import type { Db } from '../create-db.js';
import { cachedStatement } from '../statement-cache.js';
import { scopeCondition, userJson, type OrganizationScope } from './users.repository.js';

/** The users list (`GET /v1/users`): keyset pages of API JSON, read only (users.repository.ts writes the table). */

/** The column each sort key orders by; each has an index `(tenant_id, column, id)`. */
export const sortColumnOf = {
  firstName: 'users.first_name_key',
  lastName: 'users.last_name_key',
  username: 'users.username_key',
  status: 'users.status',
  mfa: 'users.mfa_state',
  createdAt: 'users.created_at',
} as const satisfies Record<UserSortKey, string>;

export interface UserListFilter {
  tenantId: string;
  scope: OrganizationScope;
  kind?: UserKind | undefined;
  organizationId?: string | undefined;
  /** Lower-cased substring of name, email or username. */
  search?: string | undefined;
  status?: UserStatus | undefined;
  roleId?: string | undefined;
  hideDeactivated?: boolean | undefined;
  sort: UserSortKey;
  order: 'asc' | 'desc';
  after?: { value: string; id: string } | undefined;
  limit: number;
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** What the list statement is built from: the request's filters, with the search as a LIKE pattern. */
interface ListQuery extends Omit<UserListFilter, 'search'> {
  /** `%substring%`, with `%`, `_` and `\\` escaped. */
  pattern?: string | undefined;
}

/**
 * One keyset page of users (`limit` rows, plus one to tell whether another page follows) as API JSON, roles
 * included, in one statement. With a search, the page's ids are found first (on the lastName sort an index-only scan of
 * `(tenant_id, last_name_key, id) include (search_text)` stops after `limit + 1` matches), then joined for the columns.
 */
function listUsersQuery(db: Db, f: ListQuery) {
  const column = sortColumnOf[f.sort];
  if (f.pattern !== undefined) {
    const page = pageIdsQuery(db, f).as('page');
    return db
      .selectFrom(page)
      .innerJoin('users', 'users.id', 'page.id')
      .select(['users.id', sql<string>`${sql.ref(column)}::text`.as('sort_value'), userJson.as('json')])
      .orderBy(sql.ref(column), f.order)
      .orderBy('users.id', f.order);
  }
  return pageIdsQuery(db, f).clearSelect().select(['users.id', sql<string>`${sql.ref(column)}::text`.as('sort_value'), userJson.as('json')]);
}

/** Built with placeholders for the statement cache: a filter's presence is tested with `!== undefined`, never truthiness. */
function pageIdsQuery(db: Db, f: ListQuery) {
  const column = sortColumnOf[f.sort];
  let query = db
    .selectFrom('users')
    .select('users.id')
    .where('users.tenant_id', '=', f.tenantId);
  const scope = scopeCondition(f.scope);
  if (scope) query = query.where(scope);
  if (f.kind !== undefined) query = query.where('users.kind', '=', f.kind);
  if (f.organizationId !== undefined) query = query.where('users.organization_id', '=', f.organizationId);
  if (f.status !== undefined) query = query.where('users.status', '=', f.status);
  if (f.hideDeactivated) query = query.where('users.status', '<>', 'deactivated');
  if (f.pattern !== undefined) query = query.where('users.search_text', 'like', f.pattern);
  if (f.roleId !== undefined) {
    const roleId = f.roleId;
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('role_assignments as ra')
          .select(sql`1`.as('one'))
          .whereRef('ra.user_id', '=', 'users.id')
          .where('ra.tenant_id', '=', f.tenantId)
          .where('ra.role_id', '=', roleId),
      ),
    );
  }
  if (f.after) {
    const { value, id } = f.after;
    const typed = f.sort === 'createdAt' ? sql`${value}::timestamptz` : sql`${value}`;
    query = query.where(
      sql<SqlBool>`(${sql.ref(column)}, users.id) ${sql.raw(f.order === 'asc' ? '>' : '<')} (${typed}, ${id}::uuid)`,
    );
  }
  return query
    .orderBy(sql.ref(column), f.order)
    .orderBy('users.id', f.order)
    .limit(f.limit + 1);
}

const listStatement = cachedStatement(
  (
    db,
    shape: Pick<ListQuery, 'sort' | 'order' | 'limit' | 'hideDeactivated'>,
    v: { tenantId: string; scope?: readonly string[] | undefined; kind?: string | undefined; organizationId?: string | undefined; status?: string | undefined; roleId?: string | undefined; pattern?: string | undefined; afterValue?: string | undefined; afterId?: string | undefined },
  ) =>
    listUsersQuery(db, {
      ...shape,
      tenantId: v.tenantId,
      scope: v.scope ?? 'all',
      kind: v.kind as UserKind | undefined,
      organizationId: v.organizationId,
      status: v.status as UserStatus | undefined,
      roleId: v.roleId,
      pattern: v.pattern,
      after: v.afterValue !== undefined && v.afterId !== undefined ? { value: v.afterValue, id: v.afterId } : undefined,
    }),
);

export async function listUsers(db: Db, f: UserListFilter) {
  return listStatement(
    db,
    { sort: f.sort, order: f.order, limit: f.limit, hideDeactivated: f.hideDeactivated === true },
    {
      tenantId: f.tenantId,
      scope: f.scope === 'all' ? undefined : f.scope,
      kind: f.kind,
      organizationId: f.organizationId,
      status: f.status,
      roleId: f.roleId,
      pattern: f.search ? `%${escapeLike(f.search)}%` : undefined,
      afterValue: f.after?.value,
      afterId: f.after?.id,
    },
  );
}
