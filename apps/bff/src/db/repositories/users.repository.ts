import { sql, type Expression, type SqlBool } from 'kysely';
import type { UserKind, UserSortKey, UserStatus } from '@roster/contract';
import type { Db } from '../create-db.js';
import type { NewUserRow, UserUpdate } from '../tables.js';
import { cachedStatement } from '../statement-cache.js';

/** Every column the API shows; never the password hash or the generated helper columns. */
export const userColumns = [
  'users.id',
  'users.tenant_id',
  'users.kind',
  'users.organization_id',
  'users.first_name',
  'users.last_name',
  'users.email',
  'users.username',
  'users.phone',
  'users.language',
  'users.idle_warning_minutes',
  'users.show_getting_started',
  'users.ticket_page_accessibility',
  'users.notification_preferences',
  'users.availability',
  'users.status',
  'users.mfa_state',
  'users.is_root_admin',
  'users.invitation_expires_at',
  'users.last_login_at',
  'users.created_at',
  'users.updated_at',
] as const;

/** The column each sort key orders by; each has an index `(tenant_id, column, id)`. */
export const sortColumnOf = {
  firstName: 'users.first_name_key',
  lastName: 'users.last_name_key',
  username: 'users.username_key',
  status: 'users.status',
  mfa: 'users.mfa_state',
  createdAt: 'users.created_at',
} as const satisfies Record<UserSortKey, string>;

/** Which organizations a caller may see: all of them, or a list (empty: none). */
export type OrganizationScope = 'all' | readonly string[];

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

function scopeCondition(scope: OrganizationScope): Expression<SqlBool> | null {
  if (scope === 'all') return null;
  if (scope.length === 0) return sql<SqlBool>`false`;
  return sql<SqlBool>`users.organization_id in (${sql.join(scope.map((id) => sql`${id}::uuid`))})`;
}

/** The user's roles as a JSON array, computed per returned row (PostgreSQL evaluates it after the LIMIT). */
const rolesColumn = sql<{ id: string; name: string }[]>`coalesce((
  select json_agg(json_build_object('id', r.id, 'name', r.name) order by r.name)
  from role_assignments ra join roles r on r.id = ra.role_id
  where ra.user_id = users.id and ra.tenant_id = users.tenant_id), '[]'::json)`;

/** A timestamptz as the API writes it: ISO 8601 in UTC with milliseconds (`2026-04-01T16:25:28.619Z`). */
const isoTime = (column: string) => sql`to_char(${sql.ref(column)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * A users row as the API shows it (the contract's `UserSchema`), roles included, as JSON text built by PostgreSQL:
 * the one mapping from a row to an API user. A list page passes it through to the response without parsing 50
 * rows into objects and serialising them again (that was most of the BFF's CPU per page).
 */
export const userJson = sql<string>`json_build_object(
  'id', users.id,
  'kind', users.kind,
  'organizationId', users.organization_id,
  'firstName', users.first_name,
  'lastName', users.last_name,
  'email', users.email,
  'username', users.username,
  'phone', users.phone,
  'language', users.language,
  'status', users.status,
  'mfaState', users.mfa_state,
  'availability', users.availability,
  'invitationStatus', case
    when users.status <> 'invited' then 'registered'
    when users.invitation_expires_at < now() then 'expired'
    else 'pending' end,
  'isRootAdmin', users.is_root_admin,
  'roles', ${rolesColumn},
  'idleWarningMinutes', users.idle_warning_minutes,
  'showGettingStarted', users.show_getting_started,
  'ticketPageAccessibility', users.ticket_page_accessibility,
  'notificationPreferences', coalesce(users.notification_preferences, '{}'::jsonb),
  'createdAt', ${isoTime('users.created_at')},
  'updatedAt', ${isoTime('users.updated_at')},
  'lastLoginAt', ${isoTime('users.last_login_at')})::text`;

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

export async function findUserById(db: Db, tenantId: string, id: string, scope: OrganizationScope) {
  let query = db.selectFrom('users').select(userColumns).where('users.tenant_id', '=', tenantId).where('users.id', '=', id);
  const condition = scopeCondition(scope);
  if (condition) query = query.where(condition);
  return query.executeTakeFirst();
}

export type UserRecord = NonNullable<Awaited<ReturnType<typeof findUserById>>>;

/** One user of the tenant as API JSON text (see `userJson`), if within `scope`. */
export async function findUserJson(db: Db, tenantId: string, id: string, scope: OrganizationScope): Promise<string | undefined> {
  let query = db.selectFrom('users').select(userJson.as('json')).where('users.tenant_id', '=', tenantId).where('users.id', '=', id);
  const condition = scopeCondition(scope);
  if (condition) query = query.where(condition);
  return (await query.executeTakeFirst())?.json;
}

/** Roles of many users in one query (never one per row). */
export async function rolesOfUsers(db: Db, tenantId: string, userIds: readonly string[]) {
  if (userIds.length === 0) return new Map<string, { id: string; name: string }[]>();
  const rows = await db
    .selectFrom('role_assignments as ra')
    .innerJoin('roles as r', 'r.id', 'ra.role_id')
    .select(['ra.user_id', 'r.id', 'r.name'])
    .where('ra.tenant_id', '=', tenantId)
    .where('ra.user_id', 'in', userIds)
    .orderBy('r.name')
    .execute();
  const byUser = new Map<string, { id: string; name: string }[]>();
  for (const row of rows) {
    const list = byUser.get(row.user_id) ?? [];
    list.push({ id: row.id, name: row.name });
    byUser.set(row.user_id, list);
  }
  return byUser;
}

export async function insertUser(db: Db, row: NewUserRow) {
  return db.insertInto('users').values(row).returning(userColumns).executeTakeFirstOrThrow();
}

/** The gate's statement, run on every request (see findActor). */
const actorStatement = cachedStatement((db, _shape: null, v: { tenantId: string; userId: string; clientId?: string | undefined }) =>
  db
    .selectFrom('users')
    .select([
      'users.id',
      'users.status',
      'users.organization_id',
      'users.sessions_valid_after',
      sql<string[]>`array(
        select unnest(r.permissions) from role_assignments ra join roles r on r.id = ra.role_id
        where ra.user_id = users.id and ra.tenant_id = users.tenant_id
        union
        select up.permission from user_permissions up where up.user_id = users.id and up.tenant_id = users.tenant_id
      )`.as('permissions'),
      sql<string[]>`array(
        select distinct unnest(r.organization_ids)::text from role_assignments ra join roles r on r.id = ra.role_id
        where ra.user_id = users.id and ra.tenant_id = users.tenant_id
      )`.as('organization_ids'),
      // A widget token names the OAuth client that minted it: the token dies with the client (one primary-key probe).
      (v.clientId === undefined
        ? sql<boolean>`true`
        : sql<boolean>`exists(select 1 from oauth_clients oc where oc.id = ${v.clientId} and oc.tenant_id = users.tenant_id and oc.revoked_at is null)`
      ).as('client_active'),
    ])
    .where('users.tenant_id', '=', v.tenantId)
    .where('users.id', '=', v.userId),
);

/**
 * What the gate needs to know of a user acting through a token, permissions included, in one query; with
 * `clientId` (the OAuth client that minted a widget token), also whether that client is still active.
 */
export async function findActor(db: Db, tenantId: string, userId: string, clientId?: string) {
  const [actor] = await actorStatement(db, null, { tenantId, userId, clientId });
  return actor;
}

/** Technicians holding a seat: every one not deactivated (invited ones included, as a seat is taken at creation). */
export async function countSeatedTechnicians(db: Db, tenantId: string): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select(({ fn }) => fn.countAll<number>().as('n'))
    .where('tenant_id', '=', tenantId)
    .where('kind', '=', 'technician')
    .where('status', '<>', 'deactivated')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Updates one user of the tenant; `updated_at` moves with every change. */
export async function updateUserRow(db: Db, tenantId: string, id: string, set: UserUpdate, guard: { unlessStatus?: UserStatus } = {}) {
  let query = db.updateTable('users').set({ ...set, updated_at: sql`now()` }).where('tenant_id', '=', tenantId).where('id', '=', id);
  if (guard.unlessStatus) query = query.where('status', '<>', guard.unlessStatus);
  await query.execute();
}

/** The columns sign-in needs of the user a login names (email or username, normalised), within the tenant. */
export async function findLoginUser(db: Db, tenantId: string, loginKey: string) {
  return db
    .selectFrom('users')
    .select(['id', 'tenant_id', 'email', 'first_name', 'language', 'status', 'password_hash', 'mfa_state', 'mfa_secret_encrypted', 'mfa_last_step', 'failed_login_count', 'locked_until'])
    .where('tenant_id', '=', tenantId)
    .where((eb) => eb.or([eb('email_normalized', '=', loginKey), eb('username_normalized', '=', loginKey)]))
    .executeTakeFirst();
}

/**
 * Claims a TOTP time step in the statement that checks it: of concurrent requests with one code exactly one gets
 * `true` (the row lock serialises them, and each re-checks `mfa_last_step` after the winner's commit).
 */
export async function claimMfaStep(db: Db, tenantId: string, id: string, step: number): Promise<boolean> {
  const row = await db
    .updateTable('users')
    .set({ mfa_last_step: step, updated_at: sql`now()` })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where((eb) => eb.or([eb('mfa_last_step', 'is', null), eb('mfa_last_step', '<', step)]))
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Counts a failed sign-in and locks at the threshold in one statement (no lost updates under concurrency: the row
 * lock serialises them). A user locked right now is left alone; an expired lock starts counting again at 1.
 * Returns `locked: true` for the one failure that locked the account, undefined when nothing was counted.
 */
export async function recordFailedLogin(db: Db, tenantId: string, id: string, lockout: { threshold: number | null; minutes: number }) {
  const next = sql<number>`(case when users.status = 'locked_out' then 1 else users.failed_login_count + 1 end)`;
  const reached = lockout.threshold === null ? sql<boolean>`false` : sql<boolean>`${next} >= ${lockout.threshold}::int`;
  const row = await db
    .updateTable('users')
    .set({
      failed_login_count: next,
      status: sql`(case when ${reached} then 'locked_out' else 'active' end)`,
      locked_until: sql`(case when ${reached} then now() + make_interval(mins => ${lockout.minutes}::int) else null end)`,
      updated_at: sql`now()`,
    })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where((eb) =>
      eb.or([
        eb('status', '=', 'active'),
        eb.and([eb('status', '=', 'locked_out'), eb('locked_until', 'is not', null), eb('locked_until', '<=', sql<string>`now()`)]),
      ]),
    )
    .returning(['status', 'failed_login_count'])
    .executeTakeFirst();
  return row && { locked: row.status === 'locked_out', failures: row.failed_login_count };
}

/** Locks one user's row until the transaction ends (per-account caps count under it). */
export async function lockUserRow(db: Db, tenantId: string, id: string) {
  await db.selectFrom('users').select('id').where('tenant_id', '=', tenantId).where('id', '=', id).forUpdate().executeTakeFirst();
}

/** What enrolment at sign-in checks of the user a ticket names. */
export async function findEnrollingUser(db: Db, tenantId: string, id: string) {
  return db.selectFrom('users').select(['id', 'status', 'mfa_state', 'password_hash']).where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
}

/** What a credential check (fresh proof) needs of a user. */
export async function findCredentialState(db: Db, tenantId: string, id: string) {
  return db
    .selectFrom('users')
    .select(['id', 'tenant_id', 'email', 'first_name', 'language', 'status', 'password_hash', 'mfa_state', 'mfa_secret_encrypted', 'mfa_last_step', 'sessions_valid_after', 'is_root_admin'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The user of the tenant with this (normalised) email, with what a reset link's email needs. */
export async function findUserByEmail(db: Db, tenantId: string, emailNormalized: string) {
  return db
    .selectFrom('users')
    .select(['id', 'tenant_id', 'email', 'first_name', 'language', 'status'])
    .where('tenant_id', '=', tenantId)
    .where('email_normalized', '=', emailNormalized)
    .executeTakeFirst();
}
