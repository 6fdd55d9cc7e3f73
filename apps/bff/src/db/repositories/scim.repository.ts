import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import { normalizeEmail } from '@roster/contract';
import type { Db } from '../create-db.js';
import { isoTime, scopeCondition } from './users.repository.js';
import type { Comparison, Filter, FilterValue } from '../../services/scim/filter.js';
import { ScimProblem } from '../../services/scim/errors.js';

/**
 * SCIM's reads (`/scim/v2/Users`, `/scim/v2/Groups`): a parsed filter (services/scim/filter.ts) compiled to a SQL
 * condition with bound parameters, and pages by `startIndex`/`count`. Text compares without regard to case (RFC 7643:
 * `caseExact` is false for these attributes), an email and a username by their normalized column, which the unique
 * indexes use. Writes go through the users service like any other.
 */

const invalid = (detail: string) => new ScimProblem(400, 'invalidFilter', detail);
const never = sql<SqlBool>`false`;
const always = sql<SqlBool>`true`;

/** How an attribute is read in SQL: its expression and type; `normalized` columns hold NFC, trimmed, lower-cased text. */
type Column =
  | { type: 'text'; sql: RawBuilder<unknown>; normalized?: boolean; caseExact?: boolean }
  | { type: 'time'; sql: RawBuilder<unknown> }
  | { type: 'boolean'; sql: RawBuilder<unknown> }
  | { type: 'uuid'; sql: RawBuilder<unknown> }
  /** An attribute that is always this value (a user's one email is of type `work` and primary). */
  | { type: 'constant'; value: string | boolean };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `co`, `sw`, `ew` as a LIKE pattern, with the pattern's own characters escaped. */
function likePattern(op: 'co' | 'sw' | 'ew', value: string): string {
  const escaped = value.replace(/[\\%_]/g, (c) => `\\${c}`);
  return op === 'sw' ? `${escaped}%` : op === 'ew' ? `%${escaped}` : `%${escaped}%`;
}

function compareText(column: Extract<Column, { type: 'text' }>, op: Comparison, raw: FilterValue): Expression<SqlBool> {
  if (typeof raw !== 'string') {
    if (raw === null && (op === 'eq' || op === 'ne')) return op === 'eq' ? sql<SqlBool>`${column.sql} is null` : sql<SqlBool>`${column.sql} is not null`;
    throw invalid(`Compare text attributes with text in quotes (got ${JSON.stringify(raw)}).`);
  }
  const value = column.normalized ? normalizeEmail(raw) : column.caseExact ? raw : raw.toLowerCase();
  const left = column.normalized || column.caseExact ? column.sql : sql`lower(${column.sql})`;
  switch (op) {
    case 'eq':
      return sql<SqlBool>`${left} = ${value}`;
    case 'ne':
      return sql<SqlBool>`${left} is distinct from ${value}`;
    case 'co':
    case 'sw':
    case 'ew':
      return sql<SqlBool>`${left} like ${likePattern(op, value)} escape '\\'`;
    case 'gt':
      return sql<SqlBool>`${left} > ${value}`;
    case 'ge':
      return sql<SqlBool>`${left} >= ${value}`;
    case 'lt':
      return sql<SqlBool>`${left} < ${value}`;
    case 'le':
      return sql<SqlBool>`${left} <= ${value}`;
  }
}

const ORDERING = { gt: '>', ge: '>=', lt: '<', le: '<=', eq: '=' } as const;

function compare(attribute: string, column: Column, op: Comparison, value: FilterValue): Expression<SqlBool> {
  switch (column.type) {
    case 'text':
      return compareText(column, op, value);
    case 'time': {
      if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) throw invalid(`${attribute} compares with a date and time such as "2026-12-01T00:00:00Z".`);
      const at = new Date(value).toISOString();
      if (op === 'ne') return sql<SqlBool>`${column.sql} <> ${at}::timestamptz`;
      if (op in ORDERING) return sql<SqlBool>`${column.sql} ${sql.raw(ORDERING[op as keyof typeof ORDERING])} ${at}::timestamptz`;
      throw invalid(`${attribute} takes eq, ne, gt, ge, lt or le.`);
    }
    case 'boolean': {
      if (typeof value !== 'boolean' || (op !== 'eq' && op !== 'ne')) throw invalid(`${attribute} takes eq or ne with true or false.`);
      return sql<SqlBool>`${column.sql} ${sql.raw(op === 'eq' ? '=' : '<>')} ${value}`;
    }
    case 'uuid': {
      if (op !== 'eq' && op !== 'ne') throw invalid(`${attribute} takes eq or ne.`);
      const known = typeof value === 'string' && UUID.test(value);
      if (op === 'eq') return known ? sql<SqlBool>`${column.sql} = ${value.toLowerCase()}::uuid` : never;
      return known ? sql<SqlBool>`${column.sql} <> ${value.toLowerCase()}::uuid` : always;
    }
    case 'constant': {
      const same = typeof column.value === 'string' ? typeof value === 'string' && value.toLowerCase() === column.value : value === column.value;
      if (op === 'eq') return same ? always : never;
      if (op === 'ne') return same ? never : always;
      if (typeof column.value === 'string' && typeof value === 'string' && (op === 'co' || op === 'sw' || op === 'ew')) {
        const v = value.toLowerCase();
        const hit = op === 'co' ? column.value.includes(v) : op === 'sw' ? column.value.startsWith(v) : column.value.endsWith(v);
        return hit ? always : never;
      }
      throw invalid(`${attribute} takes eq or ne.`);
    }
  }
}

function present(column: Column): Expression<SqlBool> {
  if (column.type === 'constant') return always;
  if (column.type === 'text') return sql<SqlBool>`coalesce(${column.sql}, '') <> ''`;
  return sql<SqlBool>`${column.sql} is not null`;
}

type Columns = (attribute: string) => Column | undefined;
type Special = (filter: Filter & { kind: 'compare' | 'present' | 'valuePath' }) => Expression<SqlBool> | undefined;

function compile(filter: Filter, columns: Columns, special?: Special): Expression<SqlBool> {
  switch (filter.kind) {
    case 'and':
      return sql<SqlBool>`(${compile(filter.left, columns, special)} and ${compile(filter.right, columns, special)})`;
    case 'or':
      return sql<SqlBool>`(${compile(filter.left, columns, special)} or ${compile(filter.right, columns, special)})`;
    case 'not':
      // A comparison with a missing value is unknown in SQL; `not` of it must be true, as SCIM reads it.
      return sql<SqlBool>`not coalesce(${compile(filter.filter, columns, special)}, false)`;
    case 'valuePath': {
      const own = special?.(filter);
      if (own) return own;
      // A multi-valued attribute Roster keeps one value of (a user's email): its sub-attributes are that value's.
      return compile(filter.filter, (sub) => columns(`${filter.attribute}.${sub}`), special);
    }
    default: {
      const own = special?.(filter);
      if (own) return own;
      const column = columns(filter.attribute);
      if (!column) throw invalid(`Filtering on "${filter.attribute}" is not supported.`);
      return filter.kind === 'present' ? present(column) : sql<SqlBool>`coalesce(${compare(filter.attribute, column, filter.op, filter.value)}, false)`;
    }
  }
}

/** The SCIM user's attributes, as columns of `users`. `userName` is the username, or the email where the profile has none. */
function userColumns(userNameIsEmail: boolean): Columns {
  const email: Column = { type: 'text', sql: sql.ref('users.email_normalized'), normalized: true };
  const map: Record<string, Column> = {
    id: { type: 'uuid', sql: sql.ref('users.id') },
    username: userNameIsEmail ? email : { type: 'text', sql: sql.ref('users.username_normalized'), normalized: true },
    externalid: { type: 'text', sql: sql.ref('users.external_id'), caseExact: true },
    emails: email,
    'emails.value': email,
    'emails.type': { type: 'constant', value: 'work' },
    'emails.primary': { type: 'constant', value: true },
    'name.givenname': { type: 'text', sql: sql.ref('users.first_name') },
    'name.familyname': { type: 'text', sql: sql.ref('users.last_name') },
    'name.formatted': { type: 'text', sql: sql`(users.first_name || ' ' || users.last_name)` },
    displayname: { type: 'text', sql: sql`(users.first_name || ' ' || users.last_name)` },
    active: { type: 'boolean', sql: sql`(users.status <> 'deactivated')` },
    'meta.created': { type: 'time', sql: sql.ref('users.created_at') },
    'meta.lastmodified': { type: 'time', sql: sql.ref('users.updated_at') },
  };
  return (attribute) => map[attribute];
}

export interface ScimUserQuery {
  tenantId: string;
  /** The organizations the app sees (one: the one it is bound to). */
  organizationIds: readonly string[];
  userNameIsEmail: boolean;
  filter?: Filter | undefined;
  /** 0-based (SCIM's startIndex - 1). */
  offset: number;
  limit: number;
}

const scimUserSelection = [
  'users.id',
  'users.first_name',
  'users.last_name',
  'users.email',
  'users.username',
  'users.status',
  'users.external_id',
] as const;

function scimUsersQuery(db: Db, q: Pick<ScimUserQuery, 'tenantId' | 'organizationIds'>) {
  return db
    .selectFrom('users')
    .where('users.tenant_id', '=', q.tenantId)
    .where('users.kind', '=', 'end_user')
    .where(scopeCondition(q.organizationIds) ?? never);
}

function withTimes<Q extends ReturnType<typeof scimUsersQuery>>(query: Q) {
  return query.select(scimUserSelection).select([isoTime('users.created_at').$castTo<string>().as('created'), isoTime('users.updated_at').$castTo<string>().as('last_modified')]);
}

/** One page of the end users a SCIM app sees, in creation order, and how many match in all. */
export async function listScimUsers(db: Db, q: ScimUserQuery) {
  let base = scimUsersQuery(db, q);
  if (q.filter) base = base.where(compile(q.filter, userColumns(q.userNameIsEmail)));
  const { total } = await base.select((eb) => eb.fn.countAll<string>().as('total')).executeTakeFirstOrThrow();
  const rows = q.limit === 0 ? [] : await withTimes(base).orderBy('users.created_at').orderBy('users.id').offset(q.offset).limit(q.limit).execute();
  return { total: Number(total), rows };
}

/** One end user the SCIM app sees, or undefined (another organization's or tenant's id answers the same). */
export async function findScimUser(db: Db, tenantId: string, organizationIds: readonly string[], id: string) {
  if (!UUID.test(id)) return undefined;
  return withTimes(scimUsersQuery(db, { tenantId, organizationIds }).where('users.id', '=', id.toLowerCase())).executeTakeFirst();
}
export type ScimUserRow = NonNullable<Awaited<ReturnType<typeof findScimUser>>>;

// ---------- groups (the tenant's roles) ----------

export interface ScimGroupQuery {
  tenantId: string;
  organizationIds: readonly string[];
  filter?: Filter | undefined;
  offset: number;
  limit: number;
}

/** A group's members: users of the app's organizations holding the role. */
const memberOf = (roleId: Expression<unknown>, userId: string, organizationIds: readonly string[]) =>
  sql<SqlBool>`exists (select 1 from role_assignments ra join users on users.id = ra.user_id and users.tenant_id = ra.tenant_id
    where ra.role_id = ${roleId} and ra.user_id = ${userId}::uuid and users.kind = 'end_user' and ${scopeCondition(organizationIds) ?? never})`;

function groupFilter(filter: Filter, organizationIds: readonly string[]): Expression<SqlBool> {
  const map: Record<string, Column> = {
    id: { type: 'uuid', sql: sql.ref('roles.id') },
    displayname: { type: 'text', sql: sql.ref('roles.name') },
    'meta.created': { type: 'time', sql: sql.ref('roles.created_at') },
    'meta.lastmodified': { type: 'time', sql: sql.ref('roles.created_at') },
  };
  const members = (f: Filter): Expression<SqlBool> | undefined => {
    if (f.kind === 'valuePath' && f.attribute === 'members') {
      // members[value eq "id"]: only `value eq` names a member.
      const inner = f.filter;
      if (inner.kind === 'compare' && inner.attribute === 'value') return members({ kind: 'compare', attribute: 'members.value', op: inner.op, value: inner.value });
      throw invalid('members[…] takes value eq "<user id>".');
    }
    if (f.kind === 'present' && (f.attribute === 'members' || f.attribute === 'members.value')) {
      return sql<SqlBool>`exists (select 1 from role_assignments ra join users on users.id = ra.user_id and users.tenant_id = ra.tenant_id
        where ra.role_id = roles.id and users.kind = 'end_user' and ${scopeCondition(organizationIds) ?? never})`;
    }
    if (f.kind === 'compare' && (f.attribute === 'members' || f.attribute === 'members.value')) {
      if (f.op !== 'eq' && f.op !== 'ne') throw invalid('members.value takes eq or ne.');
      const known = typeof f.value === 'string' && UUID.test(f.value);
      const hit = known ? memberOf(sql.ref('roles.id'), (f.value as string).toLowerCase(), organizationIds) : never;
      return f.op === 'eq' ? hit : sql<SqlBool>`not ${hit}`;
    }
    return undefined;
  };
  return compile(filter, (a) => map[a], members);
}

/** One page of the tenant's roles as SCIM groups (by name), and how many match in all. */
export async function listScimGroups(db: Db, q: ScimGroupQuery) {
  let base = db.selectFrom('roles').where('roles.tenant_id', '=', q.tenantId);
  if (q.filter) base = base.where(groupFilter(q.filter, q.organizationIds));
  const { total } = await base.select((eb) => eb.fn.countAll<string>().as('total')).executeTakeFirstOrThrow();
  const rows = q.limit === 0 ? [] : await base.select(['roles.id', 'roles.name', 'roles.key', 'roles.permissions']).select(isoTime('roles.created_at').$castTo<string>().as('created')).orderBy('roles.name').orderBy('roles.id').offset(q.offset).limit(q.limit).execute();
  return { total: Number(total), rows };
}

export async function findScimGroup(db: Db, tenantId: string, id: string) {
  if (!UUID.test(id)) return undefined;
  return db
    .selectFrom('roles')
    .select(['roles.id', 'roles.name', 'roles.key', 'roles.permissions'])
    .select(isoTime('roles.created_at').$castTo<string>().as('created'))
    .where('roles.tenant_id', '=', tenantId)
    .where('roles.id', '=', id.toLowerCase())
    .executeTakeFirst();
}
export type ScimGroupRow = NonNullable<Awaited<ReturnType<typeof findScimGroup>>>;

/** The members (end users of the app's organizations) of each role, by role id. */
export async function membersOfGroups(db: Db, tenantId: string, organizationIds: readonly string[], roleIds: readonly string[]) {
  const out = new Map<string, { id: string; first_name: string; last_name: string }[]>();
  if (roleIds.length === 0) return out;
  const rows = await db
    .selectFrom('role_assignments as ra')
    .innerJoin('users', (j) => j.onRef('users.id', '=', 'ra.user_id').onRef('users.tenant_id', '=', 'ra.tenant_id'))
    .select(['ra.role_id', 'users.id', 'users.first_name', 'users.last_name'])
    .where('ra.tenant_id', '=', tenantId)
    .where('ra.role_id', 'in', roleIds)
    .where('users.kind', '=', 'end_user')
    .where(scopeCondition(organizationIds) ?? never)
    .orderBy('users.created_at')
    .orderBy('users.id')
    .execute();
  for (const r of rows) out.set(r.role_id, [...(out.get(r.role_id) ?? []), { id: r.id, first_name: r.first_name, last_name: r.last_name }]);
  return out;
}
