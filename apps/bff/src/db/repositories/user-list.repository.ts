import { sql, type Compilable, type RawBuilder, type SqlBool } from 'kysely';
import { searchFoldTable, type FilterOp, type UserFilterField, type UserKind, type UserSortKey, type UserStatus } from '@roster/contract';
import type { Db } from '../create-db.js';
import { cachedStatement } from '../statement-cache.js';
import { invitationStatus, isoTime, scopeCondition, suspendedNow, userJson, type OrganizationScope } from './users.repository.js';

/** The users list (`GET /v1/users`, its total and its CSV export): read only (users.repository.ts writes the table). */

/**
 * The columns each sort orders by, most significant first; `users.id` follows as the last tie-break. A person
 * reads ties by name: the same status, 2FA state, creation time or username falls back to last name, then first
 * name (and the same last name to first name). `desc` reverses the whole key, so one index serves both orders:
 * each sort has an index `(tenant_id, …keys, id)` (migration 2026-12-03T1200).
 */
export const sortKeysOf = {
  firstName: ['users.first_name_key', 'users.last_name_key'],
  lastName: ['users.last_name_key', 'users.first_name_key'],
  username: ['users.username_key', 'users.last_name_key', 'users.first_name_key'],
  status: ['users.status', 'users.last_name_key', 'users.first_name_key'],
  mfa: ['users.mfa_state', 'users.last_name_key', 'users.first_name_key'],
  createdAt: ['users.created_at', 'users.last_name_key', 'users.first_name_key'],
} as const satisfies Record<UserSortKey, readonly string[]>;

/** How many key values a cursor of this sort carries (besides the id). */
export const sortKeyCount = (sort: UserSortKey): number => sortKeysOf[sort].length;

/** The filters of the list, its total and its export. */
export interface UserFilter {
  tenantId: string;
  scope: OrganizationScope;
  kind?: UserKind | undefined;
  organizationId?: string | undefined;
  /** Substring of the stored search text, folded by the contract's `searchFold` already. */
  search?: string | undefined;
  status?: UserStatus | undefined;
  roleId?: string | undefined;
  hideDeactivated?: boolean | undefined;
  /** Only the users suspended now (`true`), or only those not (`false`). */
  suspended?: boolean | undefined;
  /** The user's id in the system they came from (exact). */
  externalId?: string | undefined;
  /** Custom attribute filters (`attr.<key>=`), resolved against the definitions: equality or a range, on the value's column. */
  attributes?: readonly AttributeCondition[] | undefined;
  /** The structured filter (`filter=`), resolved by the service: ANDed with the rest and with the scope. */
  tree?: UserFilterNode | undefined;
}

/**
 * A node of the structured filter as the service resolves it: groups, built-in conditions (text values of `text`
 * fields folded by `searchFold`, timestamps as ISO text) and attribute conditions (the attribute's id and column).
 */
export type UserFilterNode =
  | { all: readonly UserFilterNode[] }
  | { any: readonly UserFilterNode[] }
  | { field: UserFilterField; op: FilterOp; value?: FilterScalar | readonly FilterScalar[] | undefined }
  | { attributeId: string; column: 'text' | 'number'; op: FilterOp; value?: FilterScalar | readonly FilterScalar[] | undefined };
type FilterScalar = string | number | boolean;

/** One attribute filter: `eq`, or `min`/`max` (numbers and dates), on `value_text` or `value_number`. */
export interface AttributeCondition {
  attributeId: string;
  column: 'text' | 'number';
  eq?: string | number | undefined;
  min?: string | number | undefined;
  max?: string | number | undefined;
}

/** Where a keyset page starts: after the row with these sort key values (as text) and id. */
export interface UserKeyset {
  values: readonly string[];
  id: string;
}

export interface UserListFilter extends UserFilter {
  sort: UserSortKey;
  order: 'asc' | 'desc';
  after?: UserKeyset | undefined;
  limit: number;
}

export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** What the statements are built from: the request's filters, with the search as a LIKE pattern. */
interface ListQuery extends Omit<UserListFilter, 'search'> {
  /** `%substring%`, with `%`, `_` and `\\` escaped. */
  pattern?: string | undefined;
}
type FilterQuery = Omit<ListQuery, 'sort' | 'order' | 'after' | 'limit'>;

const patternOf = (search: string | undefined) => (search ? `%${escapeLike(search)}%` : undefined);

const foldTable = searchFoldTable();
const ASCII_UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
/**
 * `searchFold` in SQL, per column (see the contract's `searchFoldTable`): constants of the code, inlined. Text of
 * printable ASCII only (most names and emails) takes the short way, its capitals mapped by a 26-letter `translate`
 * (about 3 µs a value; `lower()` would follow the database's locale); other text goes through the whole table, which
 * costs about 100 µs a value (measured on PostgreSQL 2026-12-04), so the list's conditions on names let the stored
 * search text through first.
 */
function folded(expr: RawBuilder<unknown>): RawBuilder<string> {
  let e = sql<string>`translate(${expr}, ${sql.lit(foldTable.from)}, ${sql.lit(foldTable.to)})`;
  for (const [from, to] of foldTable.replacements) e = sql<string>`replace(${e}, ${sql.lit(from)}, ${sql.lit(to)})`;
  return sql<string>`case when ${expr} ~ '^[ -~]*$' then translate(${expr}, ${sql.lit(ASCII_UPPER)}, ${sql.lit(ASCII_UPPER.toLowerCase())}) else lower(${e}) end`;
}

/** The built-in fields' columns (or expressions) and how a value is cast to compare with them. */
const builtInColumns: Record<Exclude<UserFilterField, 'roleId' | 'suspended'>, { expr: RawBuilder<unknown>; cast?: 'uuid' | 'timestamptz'; fold?: boolean }> = {
  kind: { expr: sql`users.kind` },
  status: { expr: sql`users.status` },
  organizationId: { expr: sql`users.organization_id`, cast: 'uuid' },
  email: { expr: sql`users.email`, fold: true },
  firstName: { expr: sql`users.first_name`, fold: true },
  lastName: { expr: sql`users.last_name`, fold: true },
  username: { expr: sql`users.username`, fold: true },
  phone: { expr: sql`users.phone` },
  externalId: { expr: sql`users.external_id` },
  mfaState: { expr: sql`users.mfa_state` },
  invitationStatus: { expr: invitationStatus },
  createdAt: { expr: sql`users.created_at`, cast: 'timestamptz' },
  lastSignInAt: { expr: sql`users.last_login_at`, cast: 'timestamptz' },
};

const likePattern = (op: FilterOp, v: string) => (op === 'contains' ? `%${escapeLike(v)}%` : `${escapeLike(v)}%`);
const comparison: Partial<Record<FilterOp, string>> = { eq: '=', gt: '>', gte: '>=', lt: '<', lte: '<=' };

/**
 * A comparison of `column` (already folded where the field folds) by `op` with the value(s), each a bind parameter
 * cast by `param`. `ne` is left to the caller (it negates `eq`, so that a user without a value matches too).
 */
function compare(column: RawBuilder<unknown>, op: FilterOp, value: unknown, param: (v: FilterScalar) => RawBuilder<unknown>): RawBuilder<SqlBool> {
  if (op === 'in') return sql<SqlBool>`${column} in (${sql.join((value as FilterScalar[]).map(param))})`;
  if (op === 'contains' || op === 'startsWith') return sql<SqlBool>`${column} like ${likePattern(op, String(value))}`;
  return sql<SqlBool>`${column} ${sql.raw(comparison[op]!)} ${param(value as FilterScalar)}`;
}

/** The structured filter as one SQL condition: every value a bind parameter, attributes as `exists` like `attr.<key>=`. */
export function filterCondition(node: UserFilterNode): RawBuilder<SqlBool> {
  if ('all' in node || 'any' in node) {
    const children = ('all' in node ? node.all : node.any).map(filterCondition);
    return sql<SqlBool>`(${sql.join(children, sql.raw('all' in node ? ' and ' : ' or '))})`;
  }
  const { op, value } = node;
  if ('attributeId' in node) {
    const column = sql.ref(node.column === 'number' ? 'av.value_number' : 'av.value_text');
    const has = (condition?: RawBuilder<SqlBool>) =>
      sql<SqlBool>`exists (select 1 from user_attribute_values av where av.tenant_id = users.tenant_id and av.user_id = users.id and av.attribute_id = ${node.attributeId}::uuid${condition ? sql` and ${condition}` : sql``})`;
    if (op === 'isSet') return has();
    if (op === 'isNotSet') return sql<SqlBool>`not ${has()}`;
    const param = (v: FilterScalar) => (node.column === 'number' ? sql`${String(v)}::float8` : sql`${String(v)}`);
    if (op === 'ne') return sql<SqlBool>`not ${has(compare(column, 'eq', value, param))}`;
    return has(compare(op === 'contains' || op === 'startsWith' ? folded(column) : column, op, value, param));
  }
  if (node.field === 'roleId') {
    const has = (condition: RawBuilder<SqlBool>) => sql<SqlBool>`exists (select 1 from role_assignments ra where ra.tenant_id = users.tenant_id and ra.user_id = users.id and ${condition})`;
    const param = (v: FilterScalar) => sql`${String(v)}::uuid`;
    return op === 'ne' ? sql<SqlBool>`not ${has(compare(sql`ra.role_id`, 'eq', value, param))}` : has(compare(sql`ra.role_id`, op, value, param));
  }
  if (node.field === 'suspended') return (value === true) === (op === 'eq') ? sql<SqlBool>`${suspendedNow}` : sql<SqlBool>`not ${suspendedNow}`;
  const c = builtInColumns[node.field];
  if (op === 'isSet') return sql<SqlBool>`${c.expr} is not null`;
  if (op === 'isNotSet') return sql<SqlBool>`${c.expr} is null`;
  const column = c.fold ? folded(c.expr) : c.expr;
  const param = (v: FilterScalar) => (c.cast ? sql`${String(v)}::${sql.raw(c.cast)}` : sql`${String(v)}`);
  // A missing value (null) is "not equal" too.
  if (op === 'ne') return sql<SqlBool>`not coalesce(${compare(column, 'eq', value, param)}, false)`;
  // A name, email or username that has the text has it in the stored search text too: that cheap LIKE comes first
  // (PostgreSQL orders a row's conditions by cost), so the per-column folding runs only on the rows it lets through.
  if (c.fold && (op === 'eq' || op === 'contains' || op === 'startsWith')) {
    return sql<SqlBool>`(users.search_text like ${likePattern('contains', String(value))} and ${compare(column, op, value, param)})`;
  }
  return compare(column, op, value, param);
}

/** The users matching the filters (no order, no limit). A filter's presence is tested with `!== undefined` (statement cache). */
function filteredUsers(db: Db, f: FilterQuery) {
  let query = db.selectFrom('users').where('users.tenant_id', '=', f.tenantId);
  const scope = scopeCondition(f.scope);
  if (scope) query = query.where(scope);
  if (f.kind !== undefined) query = query.where('users.kind', '=', f.kind);
  if (f.organizationId !== undefined) query = query.where('users.organization_id', '=', f.organizationId);
  if (f.status !== undefined) query = query.where('users.status', '=', f.status);
  if (f.hideDeactivated) query = query.where('users.status', '<>', 'deactivated');
  if (f.suspended !== undefined) query = query.where(f.suspended ? suspendedNow : sql<SqlBool>`not ${suspendedNow}`);
  if (f.pattern !== undefined) query = query.where('users.search_text', 'like', f.pattern);
  if (f.externalId !== undefined) query = query.where('users.external_id', '=', f.externalId);
  for (const a of f.attributes ?? []) {
    const column = sql.ref(a.column === 'number' ? 'av.value_number' : 'av.value_text');
    const value = (v: string | number) => (a.column === 'number' ? sql`${String(v)}::float8` : sql`${String(v)}`);
    const conditions = [
      ...(a.eq !== undefined ? [sql`${column} = ${value(a.eq)}`] : []),
      ...(a.min !== undefined ? [sql`${column} >= ${value(a.min)}`] : []),
      ...(a.max !== undefined ? [sql`${column} <= ${value(a.max)}`] : []),
    ];
    // An index probe per user, or (the planner's choice for a rare value) a scan of (tenant_id, attribute_id, value, user_id).
    query = query.where(
      sql<SqlBool>`exists (select 1 from user_attribute_values av where av.tenant_id = users.tenant_id and av.user_id = users.id and av.attribute_id = ${a.attributeId}::uuid and ${sql.join(conditions, sql` and `)})`,
    );
  }
  if (f.tree !== undefined) query = query.where(filterCondition(f.tree));
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
  return query;
}

/** The sort's key columns and the id, as `order by` terms. */
function ordered<Q extends { orderBy(expr: never, dir: 'asc' | 'desc'): Q }>(query: Q, f: Pick<ListQuery, 'sort' | 'order'>): Q {
  let q = query;
  for (const column of sortKeysOf[f.sort]) q = q.orderBy(sql.ref(column) as never, f.order);
  return q.orderBy(sql.ref('users.id') as never, f.order);
}

/** The sort's key values of each row as text (`key0`, `key1`, `key2`), for the next page's cursor. */
function keyColumns(sort: UserSortKey) {
  return sortKeysOf[sort].map((column, i) => sql<string>`${sql.ref(column)}::text`.as(`key${i}`));
}

/** The ids of one keyset page in order: `limit + 1` rows, to tell whether another page follows. */
function pageIdsQuery(db: Db, f: ListQuery) {
  let query = filteredUsers(db, f).select('users.id');
  if (f.after) {
    const keys = sortKeysOf[f.sort];
    const values = keys.map((column, i) => (column === 'users.created_at' ? sql`${f.after!.values[i]}::timestamptz` : sql`${f.after!.values[i]}`));
    query = query.where(
      sql<SqlBool>`(${sql.join(keys.map((k) => sql.ref(k)))}, users.id) ${sql.raw(f.order === 'asc' ? '>' : '<')} (${sql.join(values)}, ${f.after.id}::uuid)`,
    );
  }
  return ordered(query, f).limit(f.limit + 1);
}

/**
 * One keyset page of users (`limit` rows, plus one to tell whether another page follows) as API JSON, roles
 * included, in one statement. With a search, the page's ids are found first (on the lastName sort an index-only scan of
 * `(tenant_id, last_name_key, first_name_key, id) include (search_text)` stops after `limit + 1` matches), then joined for the columns.
 */
function listUsersQuery(db: Db, f: ListQuery) {
  // With a search or an attribute filter the matches may be found in another order than the sort's (a nested loop from
  // the values' index, then a top-N sort): the page's ids first, so the JSON is built for the page's rows only.
  if (f.pattern !== undefined || (f.attributes !== undefined && f.attributes.length > 0) || f.tree !== undefined) {
    const page = pageIdsQuery(db, f).as('page');
    return ordered(
      db.selectFrom(page).innerJoin('users', 'users.id', 'page.id').select(['users.id', ...keyColumns(f.sort), userJson.as('json')]),
      f,
    );
  }
  return pageIdsQuery(db, f).clearSelect().select(['users.id', ...keyColumns(f.sort), userJson.as('json')]);
}

interface PageRow {
  id: string;
  key0: string;
  key1?: string;
  key2?: string;
  json: string;
}

const listStatement = cachedStatement(
  (
    db,
    shape: Pick<ListQuery, 'sort' | 'order' | 'limit' | 'hideDeactivated' | 'suspended'>,
    v: { tenantId: string; scope?: readonly string[] | undefined; kind?: string | undefined; organizationId?: string | undefined; status?: string | undefined; roleId?: string | undefined; externalId?: string | undefined; pattern?: string | undefined; afterValues?: readonly string[] | undefined; afterId?: string | undefined },
  ): Compilable<PageRow> =>
    listUsersQuery(db, {
      ...shape,
      tenantId: v.tenantId,
      scope: v.scope ?? 'all',
      kind: v.kind as UserKind | undefined,
      organizationId: v.organizationId,
      status: v.status as UserStatus | undefined,
      roleId: v.roleId,
      externalId: v.externalId,
      pattern: v.pattern,
      after: v.afterValues !== undefined && v.afterId !== undefined ? { values: v.afterValues, id: v.afterId } : undefined,
    }) as Compilable<unknown> as Compilable<PageRow>,
);

/** The row's sort key values, in the order of `sortKeysOf[sort]` (what the next page's cursor carries). */
export function keysOfRow(row: { key0: string; key1?: string | undefined; key2?: string | undefined }, sort: UserSortKey): string[] {
  return [row.key0, row.key1, row.key2].slice(0, sortKeyCount(sort)) as string[];
}

export async function listUsers(db: Db, f: UserListFilter): Promise<PageRow[]> {
  // Attribute filters and the structured filter vary in shape: built per request (the statement cache keys on shape only).
  if ((f.attributes !== undefined && f.attributes.length > 0) || f.tree !== undefined) return (await listUsersQuery(db, { ...f, pattern: patternOf(f.search) }).execute()) as unknown as PageRow[];
  return listStatement(
    db,
    { sort: f.sort, order: f.order, limit: f.limit, hideDeactivated: f.hideDeactivated === true, suspended: f.suspended },
    {
      tenantId: f.tenantId,
      scope: f.scope === 'all' ? undefined : f.scope,
      kind: f.kind,
      organizationId: f.organizationId,
      status: f.status,
      roleId: f.roleId,
      externalId: f.externalId,
      pattern: patternOf(f.search),
      afterValues: f.after?.values,
      afterId: f.after?.id,
    },
  );
}

const filterQueryOf = (f: UserFilter): FilterQuery => ({ ...f, pattern: patternOf(f.search) });

/**
 * How many users match, counted up to `cap + 1` at most: the count stops there, so it costs at most `cap + 1`
 * index entries whatever the tenant's size (an answer above `cap` means "more than `cap`").
 */
export async function countUsersUpTo(db: Db, f: UserFilter, cap: number): Promise<number> {
  const matching = filteredUsers(db, filterQueryOf(f)).select(sql`1`.as('one')).limit(cap + 1).as('matching');
  const row = await db.selectFrom(matching).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The planner's estimate of how many users match (EXPLAIN, nothing counted): its statistics, scaled to the filters. */
export async function estimateUsers(db: Db, f: UserFilter): Promise<number> {
  const rows = await filteredUsers(db, filterQueryOf(f)).select('users.id').explain('json');
  const plan = rows[0]?.['QUERY PLAN'] as unknown;
  const parsed = (typeof plan === 'string' ? JSON.parse(plan) : plan) as [{ Plan: { 'Plan Rows': number } }] | undefined;
  return Math.max(0, Math.round(parsed?.[0]?.Plan?.['Plan Rows'] ?? 0));
}

/** One batch of the CSV export: plain columns in the list's order, organization name and roles included. */
export interface ExportRow {
  id: string;
  first_name: string;
  last_name: string;
  email: string;
  username: string | null;
  phone: string | null;
  kind: string;
  organization_name: string | null;
  status: string;
  mfa_state: string;
  invitation_status: string;
  availability: string | null;
  roles: string;
  language: string;
  created_at: string;
  last_login_at: string | null;
  updated_at: string;
  key0: string;
  key1?: string;
  key2?: string;
}

/**
 * `limit` users after `after` in the list's order, as the export's columns: the page's ids by the same keyset
 * scan as the list, then joined for the columns (roles joined by "; ", in name order).
 */
export async function exportUserBatch(db: Db, f: Omit<UserListFilter, 'limit'> & { batch: number }): Promise<ExportRow[]> {
  const page = pageIdsQuery(db, { ...f, pattern: patternOf(f.search), limit: f.batch - 1 }).as('page');
  const query = db
    .selectFrom(page)
    .innerJoin('users', 'users.id', 'page.id')
    .leftJoin('organizations as o', (join) => join.onRef('o.tenant_id', '=', 'users.tenant_id').onRef('o.id', '=', 'users.organization_id'))
    .select([
      'users.id',
      'users.first_name',
      'users.last_name',
      'users.email',
      'users.username',
      'users.phone',
      'users.kind',
      'o.name as organization_name',
      'users.status',
      'users.mfa_state',
      invitationStatus.as('invitation_status'),
      'users.availability',
      sql<string>`coalesce((
        select string_agg(r.name, '; ' order by r.name)
        from role_assignments ra join roles r on r.id = ra.role_id
        where ra.user_id = users.id and ra.tenant_id = users.tenant_id), '')`.as('roles'),
      'users.language',
      isoTime('users.created_at').as('created_at'),
      isoTime('users.last_login_at').as('last_login_at'),
      isoTime('users.updated_at').as('updated_at'),
      ...keyColumns(f.sort),
    ]);
  return (await ordered(query, f).execute()) as unknown as ExportRow[];
}

/** A sort by a custom attribute: its column, and where a keyset page starts. */
export interface AttributeSort {
  attributeId: string;
  column: 'text' | 'number';
  order: 'asc' | 'desc';
  /**
   * After this row: `value` set — a user with a value (those come first, by value then id); `value` null — a user
   * without one (those come last, by id).
   */
  after?: { value: string | null; id: string } | undefined;
}

/**
 * One keyset page sorted by a custom attribute, as API JSON: first the users with a value, by (value, id) — an
 * index scan of (tenant_id, attribute_id, value_…, user_id) that stops after the page — then, once those run out,
 * the users without a value, by id (in the same direction). `key0` is the value as text (null for the second part).
 */
export async function listUsersByAttribute(db: Db, f: UserFilter & { limit: number; sort: AttributeSort }): Promise<{ id: string; key0: string | null; json: string }[]> {
  const { attributeId, column, order, after } = f.sort;
  const valueRef = sql.ref(column === 'number' ? 'sv.value_number' : 'sv.value_text');
  const cmp = sql.raw(order === 'asc' ? '>' : '<');
  const base = filteredUsers(db, filterQueryOf(f));
  const out: { id: string; key0: string | null; json: string }[] = [];
  if (!after || after.value !== null) {
    let q = base
      .innerJoin('user_attribute_values as sv', (join) => join.onRef('sv.tenant_id', '=', 'users.tenant_id').onRef('sv.user_id', '=', 'users.id'))
      .where('sv.tenant_id', '=', f.tenantId)
      .where('sv.attribute_id', '=', attributeId)
      .where(sql<SqlBool>`${valueRef} is not null`);
    if (after && after.value !== null) {
      const v = column === 'number' ? sql`${after.value}::float8` : sql`${after.value}`;
      q = q.where(sql<SqlBool>`(${valueRef}, sv.user_id) ${cmp} (${v}, ${after.id}::uuid)`);
    }
    const rows = await q
      .select(['users.id', sql<string>`${valueRef}::text`.as('key0'), userJson.as('json')])
      .orderBy(valueRef, order)
      .orderBy('sv.user_id', order)
      .limit(f.limit + 1)
      .execute();
    out.push(...(rows as { id: string; key0: string; json: string }[]));
  }
  if (out.length <= f.limit) {
    let q = base.where(
      sql<SqlBool>`not exists (select 1 from user_attribute_values nv where nv.tenant_id = users.tenant_id and nv.user_id = users.id and nv.attribute_id = ${attributeId}::uuid)`,
    );
    if (after && after.value === null) q = q.where(sql<SqlBool>`users.id ${cmp} ${after.id}::uuid`);
    const rows = await q
      .select(['users.id', sql<null>`null`.as('key0'), userJson.as('json')])
      .orderBy('users.id', order)
      .limit(f.limit + 1 - out.length)
      .execute();
    out.push(...(rows as { id: string; key0: null; json: string }[]));
  }
  return out;
}
