import type * as z from 'zod/mini';
import {
  ATTRIBUTE_DEFINITIONS_MAX,
  ATTRIBUTE_PARAM_PREFIX,
  attributeValuesSchema,
  issueOf,
  parseAttributeFilter,
  toIssues,
  type AttributeDefinition,
  type AttributeFilter,
  type AttributeType,
  type AttributeValue,
  type AttributeValues,
  type CreateAttributeDefinitionSchema,
  type Issue,
  type PatchAttributeDefinitionSchema,
} from '@roster/contract';
import type { Db } from '../db/create-db.js';
import type { Meta, Services } from './context.js';
import { actorOf } from './context.js';
import type { Principal } from './principal.js';
import { ApiError, conflict, notFound, validationFailed } from '../errors.js';
import { insertAuditEvents } from '../db/repositories/audit-events.repository.js';
import {
  ATTRIBUTE_KEY_CONSTRAINT,
  countDefinitions,
  countValuesOf,
  deleteDefinition,
  findDefinitionForUpdate,
  insertDefinition,
  listDefinitions,
  lockDefinitionCreation,
  lockDefinitionsForValues,
  updateDefinition,
  valuesOfUsers,
  valuesOutside,
  writeUserValues,
  type DefinitionRecord,
  type StoredValue,
} from '../db/repositories/attributes.repository.js';
import { assertMayManage } from './policy.js';
import { readUser, visibleUser } from './users.service.js';
import { storedValue, wireValue } from './attribute-values.js';
import { updateUserRow } from '../db/repositories/users.repository.js';

export const toDefinition = (r: DefinitionRecord): AttributeDefinition => ({
  id: r.id,
  key: r.key,
  labels: r.labels as AttributeDefinition['labels'],
  type: r.type as AttributeType,
  options: (r.options as string[] | null) ?? null,
  required: r.required,
  showAsColumn: r.show_as_column,
  position: r.position,
  createdAt: r.created_at,
});

/** The tenant's definitions, in their order (position, then key). */
export async function attributeDefinitions(db: Db, tenantId: string): Promise<AttributeDefinition[]> {
  return (await listDefinitions(db, tenantId)).map(toDefinition);
}

const audit = (p: Principal, action: string, id: string, change: { before?: unknown; after?: unknown }, meta: Meta) => ({
  tenantId: p.tenantId,
  ...actorOf(p),
  action,
  targetType: 'attribute',
  targetId: id,
  ...change,
  requestId: meta.requestId,
});

const keyTaken = () => conflict('An attribute with this key already exists.', [{ path: ['body', 'key'], message: 'Is already taken in this tenant.' }]);

/** `POST /v1/attributes`. The unique (tenant_id, key) decides between two concurrent creations. */
export async function createAttributeDefinition(s: Pick<Services, 'db'>, p: Principal, input: z.output<typeof CreateAttributeDefinitionSchema>, meta: Meta): Promise<AttributeDefinition> {
  try {
    return await s.db.transaction().execute(async (trx) => {
      // Two creations at once would both count 49 and both insert: they take turns.
      await lockDefinitionCreation(trx, p.tenantId);
      const count = await countDefinitions(trx, p.tenantId);
      if (count >= ATTRIBUTE_DEFINITIONS_MAX) throw conflict(`A tenant can have at most ${ATTRIBUTE_DEFINITIONS_MAX} attributes.`);
      const d = toDefinition(
        await insertDefinition(trx, p.tenantId, {
          key: input.key,
          labels: input.labels,
          type: input.type,
          options: input.options ?? null,
          required: input.required,
          show_as_column: input.showAsColumn,
          position: input.position ?? count,
        }),
      );
      await insertAuditEvents(trx, [audit(p, 'attribute.created', d.id, { after: d }, meta)]);
      return d;
    });
  } catch (e) {
    const err = e as { code?: string; constraint?: string; message?: string };
    if (err?.code === '23505' && (err.constraint === ATTRIBUTE_KEY_CONSTRAINT || String(err.message).includes(ATTRIBUTE_KEY_CONSTRAINT))) throw keyTaken();
    throw e;
  }
}

/**
 * `PATCH /v1/attributes/:id`. A type changes only while no user has a value (409 naming `type` otherwise: values are
 * not converted, so nothing is lost silently); a one-of list cannot drop an option a user has (409 naming `options`).
 */
export async function patchAttributeDefinition(s: Pick<Services, 'db'>, p: Principal, id: string, input: z.output<typeof PatchAttributeDefinitionSchema>, meta: Meta): Promise<AttributeDefinition> {
  return s.db.transaction().execute(async (trx) => {
    const row = await findDefinitionForUpdate(trx, p.tenantId, id);
    if (!row) throw notFound('Attribute');
    const before = toDefinition(row);
    const type = input.type ?? before.type;
    const options = type === 'oneOf' ? (input.options ?? before.options) : null;
    if (type === 'oneOf' && !options) throw validationFailed([{ path: ['body', 'options'], message: 'A one-of attribute needs its options.' }]);
    if (type !== 'oneOf' && input.options !== undefined) throw validationFailed([{ path: ['body', 'options'], message: 'Only a one-of attribute has options.' }]);
    if (type !== before.type && (await countValuesOf(trx, p.tenantId, id)) > 0) {
      throw conflict('Users have values of this attribute; its type cannot change.', [{ path: ['body', 'type'], message: 'Cannot change while users have values (clear them or create another attribute).' }]);
    }
    if (type === 'oneOf' && before.type === 'oneOf' && options) {
      const stranded = await valuesOutside(trx, p.tenantId, id, options);
      if (stranded.length > 0) throw conflict('Users have values that are not among the new options.', [{ path: ['body', 'options'], message: `Users still have: ${stranded.join(', ')}.` }]);
    }
    const after = toDefinition(
      await updateDefinition(trx, p.tenantId, id, {
        labels: input.labels ?? before.labels,
        type,
        options,
        required: input.required ?? before.required,
        show_as_column: input.showAsColumn ?? before.showAsColumn,
        position: input.position ?? before.position,
      }),
    );
    await insertAuditEvents(trx, [audit(p, 'attribute.updated', id, { before, after }, meta)]);
    return after;
  });
}

/** `DELETE /v1/attributes/:id`: the definition and every user's value of it. */
export async function deleteAttributeDefinition(s: Pick<Services, 'db'>, p: Principal, id: string, meta: Meta): Promise<void> {
  await s.db.transaction().execute(async (trx) => {
    const row = await findDefinitionForUpdate(trx, p.tenantId, id);
    if (!row) throw notFound('Attribute');
    await deleteDefinition(trx, p.tenantId, id);
    await insertAuditEvents(trx, [audit(p, 'attribute.deleted', id, { before: toDefinition(row) }, meta)]);
  });
}

export { storedValue, wireValue } from './attribute-values.js';

/** The users' values keyed by attribute key, as the API shows them (users without values: absent). */
export async function attributesOfUsers(db: Db, tenantId: string, userIds: readonly string[], definitions?: readonly AttributeDefinition[]): Promise<Map<string, AttributeValues>> {
  const defs = definitions ?? (await attributeDefinitions(db, tenantId));
  const out = new Map<string, AttributeValues>();
  if (defs.length === 0) return out;
  const byId = new Map(defs.map((d) => [d.id, d]));
  for (const [userId, values] of await valuesOfUsers(db, tenantId, userIds)) {
    const obj: AttributeValues = {};
    for (const d of defs) {
      const v = values.get(d.id);
      if (v !== undefined && byId.has(d.id)) obj[d.key] = wireValue(d, v);
    }
    out.set(userId, obj);
  }
  return out;
}

/** `GET /v1/users/:id/attributes`: the user's values, keyed by attribute key (an attribute without a value is absent). */
export async function getUserAttributes(s: Pick<Services, 'db'>, p: Principal, userId: string): Promise<AttributeValues> {
  await visibleUser(s.db, p, userId);
  return (await attributesOfUsers(s.db, p.tenantId, [userId])).get(userId) ?? {};
}

/**
 * `PATCH /v1/users/:id/attributes`: sets the keys sent (null clears one), validated by the contract's validator
 * built from the tenant's definitions (422 naming `body.<key>`: unknown key, wrong type, not in the one-of list, a
 * required one cleared). Audited as `user.updated` with the attributes before and after (so webhooks carry them).
 */
export async function patchUserAttributes(s: Pick<Services, 'db'>, p: Principal, userId: string, body: unknown, meta: Meta): Promise<AttributeValues> {
  const target = await visibleUser(s.db, p, userId);
  assertMayManage(p, target.kind);
  const defs = await attributeDefinitions(s.db, p.tenantId);
  const parsed = attributeValuesSchema(defs).safeParse(body);
  if (!parsed.success) throw validationFailed(toIssues(parsed.error.issues, ['body']));
  const byKey = new Map(defs.map((d) => [d.key, d]));
  const set: StoredValue[] = [];
  const cleared: string[] = [];
  for (const [key, value] of Object.entries(parsed.data)) {
    const d = byKey.get(key)!;
    if (value === null || value === undefined) cleared.push(d.id);
    else set.push(storedValue(d, value));
  }
  return s.db.transaction().execute(async (trx) => {
    // The values were checked against the definitions read above: if one changed its type or options, or went, since
    // then (a PATCH or DELETE of it committed meanwhile), nothing is written — never a value its definition refuses.
    await holdCheckedDefinitions(trx, p.tenantId, defs.filter((d) => Object.hasOwn(parsed.data, d.key)), (key) => ['body', key]);
    const before = (await attributesOfUsers(trx, p.tenantId, [userId], defs)).get(userId) ?? {};
    const userBefore = await readUser(trx, p.tenantId, userId);
    await writeUserValues(trx, p.tenantId, userId, set, cleared);
    const after = (await attributesOfUsers(trx, p.tenantId, [userId], defs)).get(userId) ?? {};
    if (JSON.stringify(before) !== JSON.stringify(after)) {
      // A value is part of the user: `updated_at` moves as on any other edit (the change feed, SCIM's
      // meta.lastModified and ETag), through the users table's one writer.
      await updateUserRow(trx, p.tenantId, userId, {});
      // The user as the other user.updated entries record them, with `attributes`: what webhooks and the feed carry.
      const user = await readUser(trx, p.tenantId, userId);
      await insertAuditEvents(trx, [{ tenantId: p.tenantId, ...actorOf(p), action: 'user.updated', targetType: 'user', targetId: userId, before: { ...userBefore, attributes: before }, after: { ...user, attributes: after }, requestId: meta.requestId }]);
    }
    return after;
  });
}

/**
 * A new user's values (`POST /v1/users`, a clone, SCIM's POST): checked by the contract's validator with every
 * required attribute present (422 naming `body.attributes.<key>`), before anything is written. Definitions that
 * became required later do not reach back: existing users keep no value until someone sets one (an edit cannot
 * clear a required value, and the user's page marks the missing ones).
 */
export async function newUserAttributes(db: Db, tenantId: string, raw: unknown): Promise<{ stored: StoredValue[]; values: AttributeValues; checked: AttributeDefinition[] }> {
  const defs = await attributeDefinitions(db, tenantId);
  if (defs.length === 0 && (raw === undefined || (typeof raw === 'object' && raw !== null && Object.keys(raw).length === 0))) return { stored: [], values: {}, checked: [] };
  const parsed = attributeValuesSchema(defs, { requireAll: true }).safeParse(raw ?? {});
  if (!parsed.success) throw validationFailed(toIssues(parsed.error.issues, ['body', 'attributes']));
  const byKey = new Map(defs.map((d) => [d.key, d]));
  const stored: StoredValue[] = [];
  const values: AttributeValues = {};
  for (const [key, value] of Object.entries(parsed.data)) {
    if (value === null || value === undefined) continue;
    stored.push(storedValue(byKey.get(key)!, value));
    values[key] = value;
  }
  return { stored, values, checked: defs.filter((d) => Object.hasOwn(values, d.key)) };
}

/** Writes a new user's checked values, in the creation's transaction. */
export async function writeNewUserAttributes(trx: Db, tenantId: string, userId: string, attributes: { stored: readonly StoredValue[]; checked: readonly AttributeDefinition[] }): Promise<void> {
  if (attributes.stored.length === 0) return;
  await holdCheckedDefinitions(trx, tenantId, attributes.checked, (key) => ['body', 'attributes', key]);
  await writeUserValues(trx, tenantId, userId, attributes.stored, []);
}

/**
 * The definitions values were checked against (read before the transaction), share-locked until it ends: if one
 * changed its type or options, or went, since then (a PATCH or DELETE of it committed meanwhile), 409 naming it and
 * nothing is written — never a value its definition refuses. The one check for every path that writes values.
 */
export async function holdCheckedDefinitions(trx: Db, tenantId: string, checked: readonly AttributeDefinition[], pathOf: (key: string) => (string | number)[]): Promise<void> {
  const current = new Map((await lockDefinitionsForValues(trx, tenantId, checked.map((d) => d.id))).map((r) => [r.id, r]));
  const changed = checked.filter((d) => {
    const now = current.get(d.id);
    return !now || now.type !== d.type || JSON.stringify((now.options as string[] | null) ?? null) !== JSON.stringify(d.options ?? null);
  });
  if (changed.length > 0) {
    throw conflict('An attribute changed while its value was being saved: reload and try again.', changed.map((d) => ({ path: pathOf(d.key), message: 'Changed meanwhile (type, options or deleted).' })));
  }
}

/** The list's attribute filters and sort, resolved against the tenant's definitions (400 naming the parameter). */
export interface AttributeQuery {
  filters: (AttributeFilter & { attributeId: string; column: 'text' | 'number' })[];
  sort?: { attributeId: string; column: 'text' | 'number' } | undefined;
}

export async function attributeQueryOf(db: Db, tenantId: string, query: Record<string, unknown>): Promise<AttributeQuery | undefined> {
  const params = Object.keys(query).filter((k) => k.startsWith(ATTRIBUTE_PARAM_PREFIX));
  const sortKey = typeof query.sort === 'string' && query.sort.startsWith(ATTRIBUTE_PARAM_PREFIX) ? query.sort.slice(ATTRIBUTE_PARAM_PREFIX.length) : undefined;
  if (params.length === 0 && sortKey === undefined) return undefined;
  const defs = new Map((await attributeDefinitions(db, tenantId)).map((d) => [d.key, d]));
  const issues: Issue[] = [];
  const out: AttributeQuery = { filters: [] };
  for (const param of params) {
    const d = defs.get(param.slice(ATTRIBUTE_PARAM_PREFIX.length));
    if (!d) {
      issues.push(issueOf(['query', param], 'query.attribute_unknown'));
      continue;
    }
    const f = parseAttributeFilter(d, String(query[param]));
    if (typeof f === 'string') issues.push({ path: ['query', param], message: f });
    else {
      const column = d.type === 'number' ? 'number' : 'text';
      out.filters.push({ ...f, attributeId: d.id, column } as AttributeQuery['filters'][number]);
    }
  }
  if (sortKey !== undefined) {
    const d = defs.get(sortKey);
    if (!d) issues.push(issueOf(['query', 'sort'], 'query.attribute_unknown'));
    else out.sort = { attributeId: d.id, column: d.type === 'number' ? 'number' : 'text' };
  }
  if (issues.length > 0) throw new ApiError('bad_request', { id: 'error.bad_query' }, issues);
  return out;
}
