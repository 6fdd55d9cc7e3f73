import { SCIM_ROSTER_USER, attributeValuesSchema, type AttributeValues, SCIM_EXTERNAL_ID_MAX, SCIM_LIST, SCIM_PAGE_DEFAULT, SCIM_PAGE_MAX, ScimPatchSchema, ScimUserInputSchema, scimPrimaryEmail, type PolicyProfile } from '@roster/contract';
import { actorOf, type Meta, type Services } from '../context.js';
import type { Principal } from '../principal.js';
import { tenantProfile } from '../tenant-profile.js';
import { patchUser, provisionUser } from '../user-edit.service.js';
import { activateUser, deactivateUser } from '../activation.service.js';
import { deleteUser } from '../deletion.service.js';
import { setUserRoles } from '../roles.service.js';
import { ScimProblem } from './errors.js';
import { attributeDefinitions, attributesOfUsers, patchUserAttributes } from '../attributes.service.js';
import { parseFilter } from './filter.js';
import { emailIsUserName, project, toScimGroup, toScimUser, versionOf, type ScimGroup, type ScimUser } from './mapper.js';
import { applyGroupPatch, applyUserPatch, type UserView } from './patch.js';
import { findScimGroup, findScimUser, listScimGroups, listScimUsers, membersOfGroups, type ScimUserRow } from '../../db/repositories/scim.repository.js';
import { findOAuthClient } from '../../db/repositories/oauth-clients.repository.js';
import { insertAuditEvents } from '../../db/repositories/audit-events.repository.js';
import { rolesOfUsers, updateUserRow } from '../../db/repositories/users.repository.js';

/**
 * SCIM 2.0's use cases for an app with the `scim` scope, bound to one organization: its end users and the tenant's
 * roles as groups. Every change goes through the service the API uses (createUser's rules, patchUser, deactivation,
 * deletion, role changes), so the tenant's profile, the grant rules, the audit trail and the webhooks apply as to any
 * change; what SCIM adds is the mapping (mapper.ts), its filters (filter.ts) and PATCH (patch.ts).
 */

export interface ScimListQuery {
  filter?: string | undefined;
  startIndex?: string | undefined;
  count?: string | undefined;
  attributes?: string | undefined;
  excludedAttributes?: string | undefined;
}

export interface ScimList<T> {
  schemas: [typeof SCIM_LIST];
  totalResults: number;
  itemsPerPage: number;
  startIndex: number;
  Resources: Partial<T>[];
}

/** The organization the app is bound to (the gate let only such apps in), the tenant's profile and the app's setting. */
async function contextOf(s: Services, p: Principal) {
  const organizationIds = p.organizationScope === 'all' ? [] : p.organizationScope;
  const [tenant, app] = await Promise.all([tenantProfile(s.db, p.tenantId), findOAuthClient(s.db, p.tenantId, p.id)]);
  return { organizationIds, organizationId: organizationIds[0]!, profile: tenant.profile, invite: app?.scim_send_invitations ?? false, base: `${s.config.publicUrl}/scim/v2` };
}

const whole = (name: string, raw: string | undefined, fallback: number): number => {
  if (raw === undefined || raw === '') return fallback;
  if (!/^-?\d{1,9}$/.test(raw.trim())) throw new ScimProblem(400, 'invalidValue', `${name} must be a whole number.`);
  return Number(raw.trim());
};

/** `startIndex` (1-based; below 1 reads as 1) and `count` (0: the total only; above SCIM_PAGE_MAX: SCIM_PAGE_MAX). */
function pageOf(q: ScimListQuery) {
  const startIndex = Math.max(1, whole('startIndex', q.startIndex, 1));
  const count = Math.min(SCIM_PAGE_MAX, Math.max(0, whole('count', q.count, SCIM_PAGE_DEFAULT)));
  return { startIndex, offset: startIndex - 1, limit: count };
}

const list = (names: string | undefined) => names?.split(',').map((n) => n.trim()).filter(Boolean);

function listOf<T extends Record<string, unknown>>(total: number, startIndex: number, items: T[], q: ScimListQuery): ScimList<T> {
  const attributes = list(q.attributes);
  const excluded = list(q.excludedAttributes);
  return { schemas: [SCIM_LIST], totalResults: total, itemsPerPage: items.length, startIndex, Resources: items.map((r) => project(r, attributes, excluded)) };
}

async function scimUsers(s: Services, tenantId: string, rows: ScimUserRow[], base: string, profile: PolicyProfile): Promise<ScimUser[]> {
  const ids = rows.map((r) => r.id);
  const [groups, attributes] = await Promise.all([rolesOfUsers(s.db, tenantId, ids), attributesOfUsers(s.db, tenantId, ids)]);
  return rows.map((r) => toScimUser(r, groups.get(r.id) ?? [], base, profile, attributes.get(r.id)));
}

/**
 * Roster's extension of a POST or PUT body (`urn:…:roster:2.0:User`): the custom attribute values, checked by the
 * contract's validator built from the tenant's definitions before anything is written (a new user needs its required
 * ones); undefined when the body has none (a PUT without it leaves the values as they are).
 */
async function customAttributesOf(s: Services, tenantId: string, body: unknown, creating: boolean): Promise<AttributeValues | undefined> {
  const raw = body && typeof body === 'object' ? (body as Record<string, unknown>)[SCIM_ROSTER_USER] : undefined;
  const definitions = await attributeDefinitions(s.db, tenantId);
  if (raw === undefined && !(creating && definitions.some((d) => d.required))) return undefined;
  const parsed = attributeValuesSchema(definitions, { requireAll: creating }).safeParse(raw ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = issue.code === 'unrecognized_keys' ? (issue as { keys?: string[] }).keys?.[0] : issue.path.join('.');
    throw new ScimProblem(400, 'invalidValue', `${SCIM_ROSTER_USER}:${key ?? ''}: ${issue.code === 'unrecognized_keys' ? 'Is not an attribute of this tenant.' : issue.message}`);
  }
  return parsed.data;
}

// ---------- users ----------

export async function listUsers(s: Services, p: Principal, q: ScimListQuery): Promise<ScimList<ScimUser>> {
  const ctx = await contextOf(s, p);
  const page = pageOf(q);
  const filter = q.filter !== undefined ? parseFilter(q.filter) : undefined;
  const { total, rows } = await listScimUsers(s.db, { tenantId: p.tenantId, organizationIds: ctx.organizationIds, userNameIsEmail: emailIsUserName(ctx.profile), filter, offset: page.offset, limit: page.limit });
  return listOf(total, page.startIndex, (await scimUsers(s, p.tenantId, rows, ctx.base, ctx.profile)) as unknown as Record<string, unknown>[], q) as unknown as ScimList<ScimUser>;
}

/**
 * `If-Match` (RFC 7644 §3.14): the change applies only to the version named (a weak ETag of `meta.version`, or `*`);
 * another is a 412 and nothing changes.
 */
function assertVersion(ifMatch: string | undefined, lastModified: string) {
  if (ifMatch === undefined) return;
  const wanted = ifMatch.split(',').map((v) => v.trim());
  if (!wanted.includes('*') && !wanted.includes(versionOf(lastModified))) throw new ScimProblem(412, undefined, 'The resource has changed since that version (If-Match); read it again.');
}

const userNotFound = () => new ScimProblem(404, undefined, 'No such user (or not one this app provisions).');

async function userRow(s: Services, p: Principal, organizationIds: readonly string[], id: string): Promise<ScimUserRow> {
  const row = await findScimUser(s.db, p.tenantId, organizationIds, id);
  if (!row) throw userNotFound();
  return row;
}

async function readUser(s: Services, p: Principal, ctx: Awaited<ReturnType<typeof contextOf>>, id: string): Promise<ScimUser> {
  const row = await userRow(s, p, ctx.organizationIds, id);
  return (await scimUsers(s, p.tenantId, [row], ctx.base, ctx.profile))[0]!;
}

export async function getUser(s: Services, p: Principal, id: string, q: Pick<ScimListQuery, 'attributes' | 'excludedAttributes'> = {}): Promise<Partial<ScimUser>> {
  const ctx = await contextOf(s, p);
  return project(await readUser(s, p, ctx, id) as unknown as Record<string, unknown>, list(q.attributes), list(q.excludedAttributes)) as Partial<ScimUser>;
}

/** A SCIM user's body, checked for SCIM's own rules; the field rules come after, from the tenant's profile. */
function userInput(body: unknown) {
  const parsed = ScimUserInputSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length ? issue.path.join('.') : 'body';
    throw new ScimProblem(400, 'invalidValue', `${where}: ${issue.message}`);
  }
  return parsed.data;
}

/** What Roster keeps of a SCIM user's body: the email is the primary one, or the userName where that is the email. */
function viewOf(input: ReturnType<typeof userInput>, profile: PolicyProfile, fallback?: UserView): UserView {
  const primary = scimPrimaryEmail(input.emails);
  const email = emailIsUserName(profile) ? input.userName : primary ?? (input.userName.includes('@') ? input.userName : fallback?.email);
  if (email === undefined) throw new ScimProblem(400, 'invalidValue', 'emails: An email is required (a primary or work email, or a userName that is one).');
  return {
    userName: input.userName,
    givenName: input.name?.givenName ?? fallback?.givenName ?? '',
    familyName: input.name?.familyName ?? fallback?.familyName ?? '',
    email,
    // Absent from a PUT: the user stays as they are (a new user is active).
    active: input.active ?? fallback?.active ?? true,
    externalId: input.externalId ?? null,
  };
}

/** `POST /Users`: created as `POST /v1/users` creates an end user of the app's organization; no invitation unless the app sends them. */
export async function createUser(s: Services, p: Principal, body: unknown, meta: Meta): Promise<ScimUser> {
  const ctx = await contextOf(s, p);
  const view = viewOf(userInput(body), ctx.profile);
  const attributes = await customAttributesOf(s, p.tenantId, body, true);
  const created = await provisionUser(
    s,
    p,
    {
      kind: 'end_user',
      organizationId: ctx.organizationId,
      firstName: view.givenName,
      lastName: view.familyName,
      email: view.email,
      ...(emailIsUserName(ctx.profile) ? {} : { username: view.userName }),
      // Written in the creation's transaction: a user is never there without its required attributes.
      ...(attributes !== undefined ? { attributes } : {}),
    },
    meta,
    { invite: ctx.invite, externalId: view.externalId },
  );
  if (!view.active) await deactivateUser(s, p, created.id, meta);
  return readUser(s, p, ctx, created.id);
}

function viewOfRow(row: ScimUserRow, profile: PolicyProfile): UserView {
  return {
    userName: emailIsUserName(profile) ? row.email : row.username ?? row.email,
    givenName: row.first_name,
    familyName: row.last_name,
    email: row.email,
    active: row.status !== 'deactivated',
    externalId: row.external_id,
  };
}

/**
 * Writes the difference between the user and `next` through the users service: names and email by patchUser (the
 * profile's rules; an email change of an invited user re-invites only where the app sends invitations, of an active
 * one asks the new address to confirm), `externalId`, then `active` by deactivation or activation. Everything is
 * checked before the first write: a bad value changes nothing.
 */
async function applyUser(s: Services, p: Principal, ctx: Awaited<ReturnType<typeof contextOf>>, row: ScimUserRow, next: UserView, meta: Meta): Promise<ScimUser> {
  const before = viewOfRow(row, ctx.profile);
  if (!emailIsUserName(ctx.profile) && next.userName !== before.userName) {
    throw new ScimProblem(400, 'mutability', 'userName: The username cannot change once saved (the tenant’s profile).');
  }
  const patch: Record<string, string> = {};
  if (next.givenName !== before.givenName) patch.firstName = next.givenName;
  if (next.familyName !== before.familyName) patch.lastName = next.familyName;
  const email = emailIsUserName(ctx.profile) ? next.userName : next.email;
  if (email !== before.email) patch.email = email;
  if (Object.keys(patch).length > 0) await patchUser(s, p, row.id, patch, meta, {}, { invite: ctx.invite });
  if (next.externalId !== before.externalId) {
    try {
      await s.db.transaction().execute(async (trx) => {
        await updateUserRow(trx, p.tenantId, row.id, { external_id: next.externalId });
        await insertAuditEvents(trx, [{ tenantId: p.tenantId, ...actorOf(p), action: 'user.updated', targetType: 'user', targetId: row.id, before: { externalId: before.externalId }, after: { externalId: next.externalId }, requestId: meta.requestId }]);
      });
    } catch (e) {
      // external_id is unique per tenant (migration 2026-12-14T1000-external-id-unique).
      if ((e as { code?: string }).code === '23505') throw new ScimProblem(409, 'uniqueness', 'externalId: Another user of this tenant has this externalId.');
      throw e;
    }
  }
  if (next.active !== before.active) {
    if (next.active) await activateUser(s, p, row.id, {}, meta);
    else await deactivateUser(s, p, row.id, meta);
  }
  return readUser(s, p, ctx, row.id);
}

/** What only SCIM keeps is checked here before any write (the names and email are the profile's, in patchUser). */
function sameOrValid(next: UserView): void {
  if (next.externalId !== null && (next.externalId.length < 1 || next.externalId.length > SCIM_EXTERNAL_ID_MAX)) {
    throw new ScimProblem(400, 'invalidValue', `externalId must have 1 to ${SCIM_EXTERNAL_ID_MAX} characters.`);
  }
}

/** `PUT /Users/:id`: the body replaces what Roster keeps of the user (attributes it does not keep are ignored). */
export async function replaceUser(s: Services, p: Principal, id: string, body: unknown, meta: Meta, ifMatch?: string): Promise<ScimUser> {
  const ctx = await contextOf(s, p);
  const row = await userRow(s, p, ctx.organizationIds, id);
  assertVersion(ifMatch, row.last_modified);
  const next = viewOf(userInput(body), ctx.profile, viewOfRow(row, ctx.profile));
  sameOrValid(next);
  const attributes = await customAttributesOf(s, p.tenantId, body, false);
  const replaced = await applyUser(s, p, ctx, row, next, meta);
  if (attributes === undefined) return replaced;
  await patchUserAttributes(s, p, row.id, attributes, meta);
  return readUser(s, p, ctx, row.id);
}

/** A PatchOp's operations, or a 400 `invalidSyntax` naming what is wrong. */
function operationsOf(body: unknown) {
  const parsed = ScimPatchSchema.safeParse(body);
  if (parsed.success) return parsed.data.Operations;
  const issue = parsed.error.issues[0]!;
  throw new ScimProblem(400, 'invalidSyntax', `${issue.path.join('.') || 'body'}: ${issue.message}`);
}

/** `PATCH /Users/:id` (RFC 7644 §3.5.2, as Entra ID and Okta send it). */
export async function patchScimUser(s: Services, p: Principal, id: string, body: unknown, meta: Meta, ifMatch?: string): Promise<ScimUser> {
  const ctx = await contextOf(s, p);
  const row = await userRow(s, p, ctx.organizationIds, id);
  assertVersion(ifMatch, row.last_modified);
  const next = applyUserPatch(viewOfRow(row, ctx.profile), operationsOf(body));
  sameOrValid(next);
  return applyUser(s, p, ctx, row, next, meta);
}

/** `DELETE /Users/:id`: deleted where the profile allows deletion, else deactivated (as the console would). */
export async function deleteScimUser(s: Services, p: Principal, id: string, meta: Meta, ifMatch?: string): Promise<void> {
  const ctx = await contextOf(s, p);
  const row = await userRow(s, p, ctx.organizationIds, id);
  assertVersion(ifMatch, row.last_modified);
  if (ctx.profile.deletion === 'never') {
    if (row.status !== 'deactivated') await deactivateUser(s, p, row.id, meta);
    return;
  }
  await deleteUser(s, p, row.id, meta);
}

// ---------- groups ----------

export async function listGroups(s: Services, p: Principal, q: ScimListQuery): Promise<ScimList<ScimGroup>> {
  const ctx = await contextOf(s, p);
  const page = pageOf(q);
  const filter = q.filter !== undefined ? parseFilter(q.filter) : undefined;
  const { total, rows } = await listScimGroups(s.db, { tenantId: p.tenantId, organizationIds: ctx.organizationIds, filter, offset: page.offset, limit: page.limit });
  const members = await membersOfGroups(s.db, p.tenantId, ctx.organizationIds, rows.map((r) => r.id));
  const groups = rows.map((r) => toScimGroup(r, members.get(r.id) ?? [], ctx.base));
  return listOf(total, page.startIndex, groups as unknown as Record<string, unknown>[], q) as unknown as ScimList<ScimGroup>;
}

const groupNotFound = () => new ScimProblem(404, undefined, 'No such group.');

async function readGroup(s: Services, p: Principal, ctx: Awaited<ReturnType<typeof contextOf>>, id: string): Promise<ScimGroup> {
  const row = await findScimGroup(s.db, p.tenantId, id);
  if (!row) throw groupNotFound();
  const members = await membersOfGroups(s.db, p.tenantId, ctx.organizationIds, [row.id]);
  return toScimGroup(row, members.get(row.id) ?? [], ctx.base);
}

export async function getGroup(s: Services, p: Principal, id: string, q: Pick<ScimListQuery, 'attributes' | 'excludedAttributes'> = {}): Promise<Partial<ScimGroup>> {
  const ctx = await contextOf(s, p);
  return project(await readGroup(s, p, ctx, id) as unknown as Record<string, unknown>, list(q.attributes), list(q.excludedAttributes)) as Partial<ScimGroup>;
}

/**
 * `PATCH /Groups/:id`: members added or removed are the role given to or taken from those users, one by one through
 * `PUT /v1/users/:id/roles`'s service — the grant rules apply (nobody gains a role with permissions the app was not
 * given), as do the profile's (one role per user where it says so). Every member named must be an end user the app
 * sees, checked before the first change.
 */
export async function patchGroup(s: Services, p: Principal, id: string, body: unknown, meta: Meta, ifMatch?: string): Promise<ScimGroup> {
  const ctx = await contextOf(s, p);
  const group = await findScimGroup(s.db, p.tenantId, id);
  if (!group) throw groupNotFound();
  assertVersion(ifMatch, group.created);
  const change = applyGroupPatch(group.name, operationsOf(body));
  const current = new Set((await membersOfGroups(s.db, p.tenantId, ctx.organizationIds, [group.id])).get(group.id)?.map((m) => m.id) ?? []);
  const named = [...new Set([...(change.replace ?? []), ...change.add, ...change.remove])];
  for (const userId of named) {
    if (!(await findScimUser(s.db, p.tenantId, ctx.organizationIds, userId))) throw new ScimProblem(400, 'invalidValue', `members: ${userId} is not a user of this app’s organization.`);
  }
  const wanted = new Set(change.replace ?? current);
  for (const a of change.add) wanted.add(a);
  for (const r of change.remove) wanted.delete(r);
  const touched = [...new Set([...current, ...wanted])].filter((u) => current.has(u) !== wanted.has(u));
  const roles = await rolesOfUsers(s.db, p.tenantId, touched);
  for (const userId of touched) {
    const held = (roles.get(userId) ?? []).map((r) => r.id).filter((r) => r !== group.id);
    await setUserRoles(s, p, userId, { roleIds: wanted.has(userId) ? [...held, group.id] : held }, meta);
  }
  return readGroup(s, p, ctx, group.id);
}
