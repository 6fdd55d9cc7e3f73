import { sql } from 'kysely';
import type { Db } from '../create-db.js';
import { isoTime } from './users.repository.js';
import { literalOf, type ArrayParam } from '../array-literal.js';

/** Custom attributes: the definitions and the users' values (the one writer of both tables). */

const definitionColumns = ['id', 'key', 'labels', 'type', 'options', 'required', 'show_as_column', 'position', isoTime('created_at').as('created_at')] as const;

export interface DefinitionRecord {
  id: string;
  key: string;
  labels: unknown;
  type: string;
  options: unknown;
  required: boolean;
  show_as_column: boolean;
  position: number;
  created_at: string;
}

/** The unique index behind "one key per tenant". */
export const ATTRIBUTE_KEY_CONSTRAINT = 'attribute_definitions_tenant_id_key_key';

export async function listDefinitions(db: Db, tenantId: string): Promise<DefinitionRecord[]> {
  return (await db.selectFrom('attribute_definitions').select(definitionColumns).where('tenant_id', '=', tenantId).orderBy('position').orderBy('key').execute()) as DefinitionRecord[];
}

export async function countDefinitions(db: Db, tenantId: string): Promise<number> {
  const row = await db.selectFrom('attribute_definitions').select(sql<number>`count(*)::int`.as('n')).where('tenant_id', '=', tenantId).executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Serialises the creations of one tenant's definitions for the rest of the transaction (a transaction-level advisory
 * lock on the tenant), so that counting them against the limit and inserting one cannot interleave with another.
 */
export async function lockDefinitionCreation(db: Db, tenantId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`attribute_definitions ${tenantId}`}, 0))`.execute(db);
}

/**
 * The definitions a user's values are about to be written for, share-locked until the transaction ends: a change of
 * type or options or a deletion (which lock them for update) waits for the write, or the write sees the change.
 */
export async function lockDefinitionsForValues(db: Db, tenantId: string, ids: readonly string[]): Promise<{ id: string; type: string; options: unknown }[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('attribute_definitions').select(['id', 'type', 'options']).where('tenant_id', '=', tenantId).where('id', 'in', ids).orderBy('id').forShare().execute();
}

export async function findDefinitionForUpdate(db: Db, tenantId: string, id: string): Promise<DefinitionRecord | undefined> {
  return (await db.selectFrom('attribute_definitions').select(definitionColumns).where('tenant_id', '=', tenantId).where('id', '=', id).forUpdate().executeTakeFirst()) as DefinitionRecord | undefined;
}

export interface DefinitionValues {
  key: string;
  labels: object;
  type: string;
  options: readonly string[] | null;
  required: boolean;
  show_as_column: boolean;
  position: number;
}

export async function insertDefinition(db: Db, tenantId: string, d: DefinitionValues): Promise<DefinitionRecord> {
  return (await db
    .insertInto('attribute_definitions')
    .values({ tenant_id: tenantId, ...d, labels: JSON.stringify(d.labels), options: d.options === null ? null : JSON.stringify(d.options) })
    .returning(definitionColumns)
    .executeTakeFirstOrThrow()) as DefinitionRecord;
}

export async function updateDefinition(db: Db, tenantId: string, id: string, d: Omit<DefinitionValues, 'key'>): Promise<DefinitionRecord> {
  return (await db
    .updateTable('attribute_definitions')
    .set({ ...d, labels: JSON.stringify(d.labels), options: d.options === null ? null : JSON.stringify(d.options), updated_at: sql`now()` })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .returning(definitionColumns)
    .executeTakeFirstOrThrow()) as DefinitionRecord;
}

/** Deletes the definition; its values go with it (foreign key `on delete cascade`). */
export async function deleteDefinition(db: Db, tenantId: string, id: string): Promise<void> {
  await db.deleteFrom('attribute_definitions').where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}

export async function countValuesOf(db: Db, tenantId: string, attributeId: string): Promise<number> {
  const row = await db
    .selectFrom(db.selectFrom('user_attribute_values').select(sql`1`.as('one')).where('tenant_id', '=', tenantId).where('attribute_id', '=', attributeId).limit(1).as('v'))
    .select(sql<number>`count(*)::int`.as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Of a one-of attribute's values, those not among `options` (a narrowed list must not strand a value). */
export async function valuesOutside(db: Db, tenantId: string, attributeId: string, options: readonly string[]): Promise<string[]> {
  const rows = await db
    .selectFrom('user_attribute_values')
    .select('value_text')
    .distinct()
    .where('tenant_id', '=', tenantId)
    .where('attribute_id', '=', attributeId)
    .where('value_text', 'is not', null)
    .where(sql<boolean>`not (value_text = any(${sql.val(options)}::text[]))`)
    .limit(10)
    .execute();
  return rows.map((r) => r.value_text!);
}

/** A value as stored: numbers in `value_number`, everything else as text that sorts as its meaning. */
export interface StoredValue {
  attributeId: string;
  text: string | null;
  number: number | null;
}

/** The attribute values of these users: user id → attribute id → stored value. */
export async function valuesOfUsers(db: Db, tenantId: string, userIds: readonly string[]): Promise<Map<string, Map<string, string | number>>> {
  const out = new Map<string, Map<string, string | number>>();
  if (userIds.length === 0) return out;
  const rows = await db
    .selectFrom('user_attribute_values')
    .select(['user_id', 'attribute_id', 'value_text', 'value_number'])
    .where('tenant_id', '=', tenantId)
    .where('user_id', 'in', userIds)
    .execute();
  for (const r of rows) {
    let m = out.get(r.user_id);
    if (!m) out.set(r.user_id, (m = new Map()));
    m.set(r.attribute_id, r.value_text ?? Number(r.value_number));
  }
  return out;
}

/** Sets (upserts) and clears one user's values in one statement each. */
export async function writeUserValues(db: Db, tenantId: string, userId: string, set: readonly StoredValue[], cleared: readonly string[]): Promise<void> {
  if (cleared.length > 0) {
    await db.deleteFrom('user_attribute_values').where('tenant_id', '=', tenantId).where('user_id', '=', userId).where('attribute_id', 'in', cleared).execute();
  }
  if (set.length > 0) {
    await db
      .insertInto('user_attribute_values')
      .values(set.map((v) => ({ tenant_id: tenantId, user_id: userId, attribute_id: v.attributeId, value_text: v.text, value_number: v.number })))
      .onConflict((oc) => oc.columns(['tenant_id', 'user_id', 'attribute_id']).doUpdateSet({ value_text: sql`excluded.value_text`, value_number: sql`excluded.value_number` }))
      .execute();
  }
}

/** Many users' values at once (an import's rows, a benchmark's seed), by COPY-sized multi-row inserts of 1000. */
export async function insertValues(db: Db, tenantId: string, rows: readonly (StoredValue & { userId: string })[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) {
    await db
      .insertInto('user_attribute_values')
      .values(rows.slice(i, i + 1000).map((v) => ({ tenant_id: tenantId, user_id: v.userId, attribute_id: v.attributeId, value_text: v.text, value_number: v.number })))
      .onConflict((oc) => oc.columns(['tenant_id', 'user_id', 'attribute_id']).doUpdateSet({ value_text: sql`excluded.value_text`, value_number: sql`excluded.value_number` }))
      .execute();
  }
}

/** An import's values (its new users'), as array literals: one set-based insert in the import's transaction. */
export async function insertImportedValues(trx: Db, tenantId: string, v: { userIds: ArrayParam; attributeIds: ArrayParam; texts: ArrayParam; numbers: ArrayParam }): Promise<void> {
  if (v.userIds.length === 0) return;
  await sql`
    insert into user_attribute_values (tenant_id, user_id, attribute_id, value_text, value_number)
    select ${tenantId}::uuid, t.u, t.a, t.t, t.n from unnest(${literalOf(v.userIds)}::uuid[], ${literalOf(v.attributeIds)}::uuid[], ${literalOf(v.texts)}::text[], ${literalOf(v.numbers)}::float8[]) as t(u, a, t, n)`.execute(trx);
}
