import { CompiledQuery, sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import { defaultNotificationPreferences, userSearchText, type UserStatus } from '@roster/contract';
import type { Db } from '../create-db.js';
import type { NewUserRow, UserUpdate } from '../tables.js';
import { literalOf, type ArrayParam } from '../array-literal.js';

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
  'users.time_zone',
  'users.availability',
  'users.status',
  'users.mfa_state',
  'users.sign_in_method',
  'users.is_root_admin',
  'users.invitation_expires_at',
  'users.last_login_at',
  'users.suspended_at',
  'users.suspended_until',
  'users.suspension_reason',
  'users.created_at',
  'users.updated_at',
] as const;

/** Which organizations a caller may see: all of them, or a list (empty: none). */
export type OrganizationScope = 'all' | readonly string[];

export function scopeCondition(scope: OrganizationScope): Expression<SqlBool> | null {
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
export const isoTime = (column: string) => sql`to_char(${sql.ref(column)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * A suspension in force: started and not past its end. Every check reads it against `now()`, so a timed suspension
 * is lifted by the clock alone (no job has to run for the user to sign in again).
 */
export const suspendedNow = sql<boolean>`(users.suspended_at is not null and (users.suspended_until is null or users.suspended_until > now()))`;

/** The contract's `UserSuspension` of a users row, or null when none is in force. */
const suspensionJson = sql`case when ${suspendedNow} then json_build_object(
    'reason', users.suspension_reason, 'since', ${isoTime('users.suspended_at')}, 'until', ${isoTime('users.suspended_until')}) end`;

/** The contract's `InvitationStatus` of a users row. */
export const invitationStatus = sql<string>`case
    when users.status <> 'invited' then 'registered'
    when users.invitation_expires_at < now() then 'expired'
    else 'pending' end`;

/**
 * Stored notification preferences as the API shows them: each field stored before it existed (`{}` until first set,
 * channels without `minPriority` or `hours`) with its default — `readNotificationPreferences` of the contract, in
 * SQL, for values the contract's schema wrote. The defaults are constants of the code, inlined.
 */
const defaults = (v: unknown) => sql.raw(`'${JSON.stringify(v).replaceAll("'", "''")}'::jsonb`);
const { email: defaultEmail, sms: defaultSms, ...defaultWhere } = defaultNotificationPreferences;
const storedObject = (path: RawBuilder<unknown>) => sql`(case when jsonb_typeof(${path}) = 'object' then ${path} else '{}'::jsonb end)`;
export const notificationPreferencesJson = sql`(${defaults(defaultWhere)} || ${storedObject(sql`users.notification_preferences`)} || jsonb_build_object(
    'email', ${defaults(defaultEmail)} || ${storedObject(sql`users.notification_preferences->'email'`)},
    'sms', ${defaults(defaultSms)} || ${storedObject(sql`users.notification_preferences->'sms'`)}))`;

/** The fields of a users row as the API shows it (the contract's `UserSchema`): the pairs of a `json_build_object`. */
const userFields = sql`
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
  'signInMethod', users.sign_in_method,
  'availability', users.availability,
  'invitationStatus', ${invitationStatus},
  'suspension', ${suspensionJson},
  'isRootAdmin', users.is_root_admin,
  'roles', ${rolesColumn},
  'idleWarningMinutes', users.idle_warning_minutes,
  'showGettingStarted', users.show_getting_started,
  'ticketPageAccessibility', users.ticket_page_accessibility,
  'timeZone', users.time_zone,
  'notificationPreferences', ${notificationPreferencesJson},
  'createdAt', ${isoTime('users.created_at')},
  'updatedAt', ${isoTime('users.updated_at')},
  'lastSignInAt', ${isoTime('users.last_login_at')},
  'lastLoginAt', ${isoTime('users.last_login_at')},
  'externalId', users.external_id`;

/**
 * A users row as the API shows it (the contract's `UserSchema`), roles included, as JSON text built by PostgreSQL:
 * the one mapping from a row to an API user. A list page passes it through to the response without parsing 50
 * rows into objects and serialising them again (that was most of the BFF's CPU per page).
 */
export const userJson = sql<string>`json_build_object(${userFields})::text`;

/**
 * One user as `GET /v1/users/:id` shows it (the contract's `UserDetailSchema`): `userJson`'s fields, and the explicit
 * permissions, access groups and "All Module Access" the console's Access tab edits, the address an email change
 * waits to have confirmed, and the suppression of the user's address (mail to it bounced). Never in the list.
 */
const userDetailJson = sql<string>`json_build_object(${userFields},
  'explicitPermissions', coalesce((
    select json_agg(up.permission order by up.permission) from user_permissions up
    where up.user_id = users.id and up.tenant_id = users.tenant_id), '[]'::json),
  'accessGroupIds', coalesce((
    select json_agg(ug.group_id order by ug.group_id) from user_access_groups ug
    where ug.user_id = users.id and ug.tenant_id = users.tenant_id), '[]'::json),
  'allModules', users.all_modules,
  'pendingEmail', users.pending_email,
  'emailSuppression', (
    select json_build_object('reason', es.reason, 'source', es.source, 'createdAt', ${isoTime('es.created_at')}) from email_suppressions es
    where es.tenant_id = users.tenant_id and es.address = users.email_normalized))::text`;

export async function findUserById(db: Db, tenantId: string, id: string, scope: OrganizationScope) {
  let query = db.selectFrom('users').select(userColumns).where('users.tenant_id', '=', tenantId).where('users.id', '=', id);
  const condition = scopeCondition(scope);
  if (condition) query = query.where(condition);
  return query.executeTakeFirst();
}

export type UserRecord = NonNullable<Awaited<ReturnType<typeof findUserById>>>;

/** One user of the tenant as API JSON text (see `userJson`; with `detail`, `userDetailJson`), if within `scope`. */
export async function findUserJson(db: Db, tenantId: string, id: string, scope: OrganizationScope, detail = false): Promise<string | undefined> {
  let query = db.selectFrom('users').select((detail ? userDetailJson : userJson).as('json')).where('users.tenant_id', '=', tenantId).where('users.id', '=', id);
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

/** The row with its search text, folded from its names, email and username (the column's one writer). */
function withSearchText(row: NewUserRow) {
  return { ...row, search_text: userSearchText({ firstName: row.first_name, lastName: row.last_name, email: row.email, username: row.username ?? null }) };
}

export async function insertUser(db: Db, row: NewUserRow) {
  return db.insertInto('users').values(withSearchText(row)).returning(userColumns).executeTakeFirstOrThrow();
}

/** Many users in one statement (the demo seed), returning their ids by email. */
export async function insertUsers(db: Db, rows: NewUserRow[]) {
  return db.insertInto('users').values(rows.map(withSearchText)).returning(['id', 'email']).execute();
}

export async function deleteUserRow(db: Db, tenantId: string, id: string) {
  await db.deleteFrom('users').where('id', '=', id).where('tenant_id', '=', tenantId).execute();
}

/**
 * Tokens issued before `sessions_valid_after` are refused: the cut moves to the next whole second, the resolution of
 * a token's `iat` (sessions.repository's endAllSessions revokes the sessions themselves).
 */
export async function cutUserSessions(db: Db, tenantId: string, id: string) {
  await db
    .updateTable('users')
    .set({ sessions_valid_after: sql`date_trunc('second', now()) + interval '1 second'` })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

/** "All Module Access" (seed 004) on or off for one user. */
export async function setAllModules(db: Db, tenantId: string, id: string, allModules: boolean) {
  await db.updateTable('users').set({ all_modules: allModules }).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}

/** A user's stored notification preferences, as they are (a clone copies them). */
export async function notificationPreferencesOf(db: Db, tenantId: string, id: string) {
  const row = await db.selectFrom('users').select('notification_preferences').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirstOrThrow();
  return row.notification_preferences;
}

/** What accepting an invitation and confirming its 2FA need of the user a one-time token names. */
export async function findLinkUser(db: Db, tenantId: string, id: string) {
  return db
    .selectFrom('users')
    .select(['id', 'tenant_id', 'email', 'first_name', 'last_name', 'language', 'phone', 'status', 'sign_in_method', 'mfa_secret_encrypted', 'mfa_last_step'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

/** What the gate reads of an acting user (roster_actor's columns). */
interface ActorRow {
  id: string;
  status: UserStatus;
  organization_id: string | null;
  sessions_valid_after: string;
  language: string;
  permissions: string[];
  organization_ids: string[];
  client_active: boolean;
  /** With `withDigest`: roster_actor_digest of these columns (migration 2026-12-14T0900-actor-check). */
  digest?: string;
}

/**
 * The gate's statement, run on every request: the function of migration 2026-12-13T1600-actor-function, which reads
 * the user's row, the union of their roles' and explicit permissions, their roles' organizations and (with a
 * `clientId`) whether that OAuth client is still active, afresh on every call — PL/pgSQL keeps only the plan, which
 * cost PostgreSQL about three times the execution when the same statement was planned on every request.
 */
const ACTOR_SQL = 'select * from roster_actor($1, $2, $3)';
const ACTOR_WITH_DIGEST_SQL =
  'select a.*, roster_actor_digest(a.status, a.organization_id, a.sessions_valid_after, a.permissions, a.organization_ids, a.client_active) as digest from roster_actor($1, $2, $3) a';

/**
 * What the gate needs to know of a user acting through a token, permissions included, in one query; with
 * `clientId` (the OAuth client that minted a widget token), also whether that client is still active.
 */
export async function findActor(db: Db, tenantId: string, userId: string, clientId?: string, withDigest = false): Promise<ActorRow | undefined> {
  const result = await db.executeQuery<ActorRow>(CompiledQuery.raw(withDigest ? ACTOR_WITH_DIGEST_SQL : ACTOR_SQL, [tenantId, userId, clientId ?? null]));
  return result.rows[0];
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

/**
 * Updates one user of the tenant; `updated_at` moves with every change. A change of a name, the email or the
 * username also rewrites the search text, from the row as the update left it: the second statement applies only
 * while the row still holds those values, so of two concurrent edits the later one's text stays.
 */
export async function updateUserRow(db: Db, tenantId: string, id: string, set: UserUpdate, guard: { unlessStatus?: UserStatus } = {}) {
  let query = db.updateTable('users').set({ ...set, updated_at: sql`now()` }).where('tenant_id', '=', tenantId).where('id', '=', id);
  if (guard.unlessStatus) query = query.where('status', '<>', guard.unlessStatus);
  if (set.first_name === undefined && set.last_name === undefined && set.email === undefined && set.username === undefined) {
    await query.execute();
    return;
  }
  const row = await query.returning(['first_name', 'last_name', 'email', 'username']).executeTakeFirst();
  if (!row) return;
  await db
    .updateTable('users')
    .set({ search_text: userSearchText({ firstName: row.first_name, lastName: row.last_name, email: row.email, username: row.username }) })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('first_name', '=', row.first_name)
    .where('last_name', '=', row.last_name)
    .where('email', '=', row.email)
    .where(sql<SqlBool>`username is not distinct from ${row.username}`)
    .execute();
}

/** The columns sign-in needs of the user a login names (email or username, normalised), within the tenant. */
export async function findLoginUser(db: Db, tenantId: string, loginKey: string) {
  return db
    .selectFrom('users')
    .select(['id', 'tenant_id', 'email', 'first_name', 'last_name', 'language', 'phone', 'status', 'password_hash', 'mfa_state', 'sign_in_method', 'mfa_secret_encrypted', 'mfa_last_step', 'failed_login_count', 'locked_until', 'suspended_until'])
    .select(suspendedNow.as('suspended_now'))
    .where('tenant_id', '=', tenantId)
    .where((eb) => eb.or([eb('email_normalized', '=', loginKey), eb('username_normalized', '=', loginKey)]))
    .executeTakeFirst();
}

/** Whether a suspension is in force on the user now. */
export async function isSuspended(db: Db, tenantId: string, id: string): Promise<boolean> {
  const row = await db.selectFrom('users').select(suspendedNow.as('suspended')).where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  return row?.suspended === true;
}

/**
 * Suspends a user from now (`until`: when it ends by itself, null: until lifted), replacing a suspension in force,
 * or lifts the suspension (`null`). `updated_at` moves, so a syncing integration sees the change.
 */
export async function setSuspension(db: Db, tenantId: string, id: string, suspension: { reason: string; until: string | null } | null) {
  await db
    .updateTable('users')
    .set(
      suspension
        ? { suspended_at: sql`now()`, suspended_until: suspension.until, suspension_reason: suspension.reason, updated_at: sql`now()` }
        : { suspended_at: null, suspended_until: null, suspension_reason: null, updated_at: sql`now()` },
    )
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

/**
 * Clears up to `batch` suspensions past their end (across tenants: the platform path), oldest end first, each row
 * claimed with SKIP LOCKED so that instances polling at once never clear one twice. `updated_at` moves, so a syncing
 * integration sees the lifting. Returns what each one was.
 */
export async function clearLapsedSuspensions(db: Db, batch: number) {
  const result = await sql<{ tenant_id: string; id: string; reason: string; until: string }>`
    with lapsed as (
      select id, tenant_id, suspension_reason, suspended_until from users
      where suspended_until <= now() order by suspended_until limit ${batch} for update skip locked)
    update users set suspended_at = null, suspended_until = null, suspension_reason = null, updated_at = now()
    from lapsed where users.id = lapsed.id and users.tenant_id = lapsed.tenant_id
    returning lapsed.tenant_id, lapsed.id, lapsed.suspension_reason as reason, ${isoTime('lapsed.suspended_until')} as until`.execute(db);
  return result.rows;
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
  return db.selectFrom('users').select(['id', 'tenant_id', 'email', 'first_name', 'last_name', 'language', 'phone', 'status', 'mfa_state', 'sign_in_method', 'password_hash', 'locked_until']).where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
}

/** What a credential check (fresh proof) needs of a user. */
export async function findCredentialState(db: Db, tenantId: string, id: string) {
  return db
    .selectFrom('users')
    .select(['id', 'tenant_id', 'email', 'first_name', 'last_name', 'language', 'phone', 'status', 'password_hash', 'mfa_state', 'sign_in_method', 'mfa_secret_encrypted', 'mfa_last_step', 'sessions_valid_after', 'is_root_admin'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** A user's language setting (the self-service page of their link or session speaks it). */
export async function findUserLanguage(db: Db, tenantId: string, id: string): Promise<string | undefined> {
  const row = await db.selectFrom('users').select('language').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  return row?.language;
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

/**
 * One query for the whole file: which of these emails and usernames the tenant already has. One index probe per
 * value (a lateral join): `= any(array)` made the planner estimate every one of 100,000 values and then choose a
 * scan of the whole users table (~1 s for a tenant of a million).
 */
export async function existingIdentities(db: Db, tenantId: string, emails: ArrayParam, usernames: ArrayParam) {
  if (emails.length === 0 && usernames.length === 0) return { emails: new Set<string>(), usernames: new Set<string>() };
  const rows = await sql<{ email_normalized: string; username_normalized: string | null }>`
    select u.email_normalized, u.username_normalized from unnest(${literalOf(emails)}::text[]) as e(x)
    cross join lateral (select email_normalized, username_normalized from users where tenant_id = ${tenantId} and email_normalized = e.x limit 1) u
    union all
    select u.email_normalized, u.username_normalized from unnest(${literalOf(usernames)}::text[]) as n(x)
    cross join lateral (select email_normalized, username_normalized from users where tenant_id = ${tenantId} and username_normalized = n.x limit 1) u`.execute(db);
  return {
    emails: new Set(rows.rows.map((r) => r.email_normalized)),
    usernames: new Set(rows.rows.flatMap((r) => (r.username_normalized ? [r.username_normalized] : []))),
  };
}

/** Which of these external ids users of the tenant already have (one lookup for a whole import). */
export async function existingExternalIds(db: Db, tenantId: string, externalIds: ArrayParam): Promise<Set<string>> {
  if (externalIds.length === 0) return new Set();
  const rows = await sql<{ external_id: string }>`
    select u.external_id from unnest(${literalOf(externalIds)}::text[]) as e(x)
    join users u on u.tenant_id = ${tenantId} and u.external_id = e.x`.execute(db);
  return new Set(rows.rows.map((r) => r.external_id));
}

export interface ImportedUserColumns {
  /** Ids chosen by the caller, ascending (`uuidV7s`): the inserts append to the id indexes instead of scattering. */
  ids: ArrayParam;
  organizationIds: ArrayParam;
  firstNames: ArrayParam;
  lastNames: ArrayParam;
  emails: ArrayParam;
  emailsNormalized: ArrayParam;
  usernames: ArrayParam;
  usernamesNormalized: ArrayParam;
  phones: ArrayParam;
  /** Each user's `userSearchText` (the contract's), computed with the other columns off the request thread. */
  searchTexts: ArrayParam;
  /** Each user's sign-in method. */
  signInMethods: ArrayParam;
  /** Each user's external id, or null. */
  externalIds: ArrayParam;
  /** Each user's imported password hash (stored form), or null. */
  passwordHashes: ArrayParam;
  /** Each user's sealed TOTP secret, or null; a user with one is enrolled. */
  mfaSecrets: ArrayParam;
  /** Each user's status: `invited` or `active`. */
  statuses: ArrayParam;
}

/**
 * Inserts the users; a row whose email or username was taken meanwhile is left out (`on conflict do nothing`).
 * Returns the ids left out: none in the usual case, told by the row count alone (100,000 ids are not sent back).
 */
export async function insertImportedUsers(
  trx: Db,
  u: { tenantId: string; kind: 'technician' | 'end_user'; invitationExpiresAt: string; notificationPreferences: string },
  c: ImportedUserColumns,
): Promise<ReadonlySet<string>> {
  if (c.ids.length === 0) return new Set();
  const availability = u.kind === 'technician' ? 'available' : null;
  const result = await sql`
    insert into users (id, tenant_id, kind, organization_id, first_name, last_name, email, email_normalized, username,
                       username_normalized, phone, search_text, availability, status, invitation_expires_at, notification_preferences, sign_in_method,
                       external_id, password_hash, mfa_secret_encrypted, mfa_state)
    select t.id, ${u.tenantId}::uuid, ${u.kind}, t.org, t.fn, t.ln, t.em, t.emn, t.un, t.unn, t.ph, t.st, ${availability}::text, t.status,
           case when t.status = 'invited' then ${u.invitationExpiresAt}::timestamptz end, ${u.notificationPreferences}::jsonb, t.sim,
           t.xid, t.pwh, t.mfa, case when t.mfa is null then 'not_enrolled' else 'enrolled' end
    from unnest(${literalOf(c.ids)}::uuid[], ${literalOf(c.organizationIds)}::uuid[], ${literalOf(c.firstNames)}::text[],
                ${literalOf(c.lastNames)}::text[], ${literalOf(c.emails)}::text[], ${literalOf(c.emailsNormalized)}::text[],
                ${literalOf(c.usernames)}::text[], ${literalOf(c.usernamesNormalized)}::text[], ${literalOf(c.phones)}::text[],
                ${literalOf(c.searchTexts)}::text[], ${literalOf(c.signInMethods)}::text[], ${literalOf(c.externalIds)}::text[],
                ${literalOf(c.passwordHashes)}::text[], ${literalOf(c.mfaSecrets)}::text[], ${literalOf(c.statuses)}::text[])
         as t(id, org, fn, ln, em, emn, un, unn, ph, st, sim, xid, pwh, mfa, status)
    on conflict do nothing`.execute(trx);
  if (Number(result.numAffectedRows ?? -1) === c.ids.length) return new Set();
  // Some rows lost to a concurrent writer: the new ids are unique to this import, so those not in the table are lost.
  const lost = await sql<{ id: string }>`
    select t.id from unnest(${literalOf(c.ids)}::uuid[]) as t(id)
    where not exists (select 1 from users u where u.tenant_id = ${u.tenantId}::uuid and u.id = t.id)`.execute(trx);
  return new Set(lost.rows.map((r) => r.id));
}
