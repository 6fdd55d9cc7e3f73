import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import pg from 'pg';
import type { AttributeDefinition } from '@roster/contract';
import { adminSession, createTestContext, errorOf, insertUsers, json, type TestContext, userRow } from '../support.js';

const req = (method: string, body: unknown, headers: Record<string, string>): RequestInit => ({ method, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
const settledWithin = async (p: Promise<unknown>, ms: number) => Promise.race([p.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms))]);

/**
 * Fault injection on custom attributes (issue 17) where only real PostgreSQL runs requests side by side: the limit of
 * definitions per tenant and a definition changing while a user's value of it is written.
 */
describe.skipIf(!process.env.TEST_DATABASE_URL)('custom attributes under concurrent requests on postgres', () => {
  let t: TestContext;
  let a: Awaited<ReturnType<typeof adminSession>>;
  let ann: string;
  const db = () => t.services.platformDb;
  beforeAll(async () => {
    t = await createTestContext('postgres');
    a = await adminSession(t, 'Alpha');
    const org = ((await (await t.app.request('/v1/organizations', json({ name: 'Org' }, a.auth))).json()) as { id: string }).id;
    await insertUsers(t, [userRow(a.tenantId, { first_name: 'Ann', last_name: 'A', email: 'ann@a.example', kind: 'end_user', organization_id: org })]);
    ann = (await db().selectFrom('users').select('id').where('email_normalized', '=', 'ann@a.example').executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => t?.close());

  /**
   * What PATCH or DELETE /v1/attributes/:id does — lock the definition, then change it — on a connection of its own,
   * held open while `during` runs a request: the request must wait for it, and then see the change.
   */
  async function whileChanging(id: string, change: string, during: () => Response | Promise<Response>): Promise<Response> {
    const c = new pg.Client({ connectionString: t.databaseUrl });
    await c.connect();
    try {
      await c.query('begin');
      await c.query('select id from attribute_definitions where id = $1 for update', [id]);
      const pending = Promise.resolve(during());
      expect(await settledWithin(pending, 500)).toBe(false);
      await c.query(change, [id]);
      await c.query('commit');
      return await pending;
    } finally {
      await c.end();
    }
  }

  it('never more than 50 definitions, however many are created at once', async () => {
    const define = (key: string) => t.app.request('/v1/attributes', json({ key, labels: { en: key }, type: 'text' }, a.auth));
    for (let i = 0; i < 40; i++) expect((await define(`seq_${i}`)).status).toBe(201);
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => define(`par_${i}`)));
    const n = Number((await db().selectFrom('attribute_definitions').select(sql<number>`count(*)`.as('n')).where('tenant_id', '=', a.tenantId).executeTakeFirstOrThrow()).n);
    expect(n).toBe(50);
    expect(answers.filter((r) => r.status === 201)).toHaveLength(10);
    expect(answers.filter((r) => r.status === 409)).toHaveLength(10);
    await db().deleteFrom('attribute_definitions').where('tenant_id', '=', a.tenantId).execute();
  }, 60_000);

  it('a value written while its attribute changes type is refused (409), never stored under the new type', async () => {
    const created = await t.app.request('/v1/attributes', json({ key: 'seats', labels: { en: 'Seats' }, type: 'text' }, a.auth));
    const def = (await created.json()) as AttributeDefinition;
    const write = await whileChanging(def.id, "update attribute_definitions set type = 'number' where id = $1", () => t.app.request(`/v1/users/${ann}/attributes`, req('PATCH', { seats: 'forty' }, a.auth)));
    const e = await errorOf(write);
    expect(e.status).toBe(409);
    expect(e.issues?.map((i) => i.path.join('.'))).toEqual(['body.seats']);
    expect(await db().selectFrom('user_attribute_values').selectAll().where('user_id', '=', ann).execute()).toEqual([]);
  }, 30_000);

  it('a value of an option removed meanwhile is refused (409), and so is a value of an attribute deleted meanwhile', async () => {
    const created = await t.app.request('/v1/attributes', json({ key: 'tier', labels: { en: 'Tier' }, type: 'oneOf', options: ['gold', 'silver'] }, a.auth));
    const def = (await created.json()) as AttributeDefinition;
    const patch = (body: unknown) => () => t.app.request(`/v1/users/${ann}/attributes`, req('PATCH', body, a.auth));
    expect((await errorOf(await whileChanging(def.id, `update attribute_definitions set options = '["silver"]' where id = $1`, patch({ tier: 'gold' })))).status).toBe(409);
    expect((await errorOf(await whileChanging(def.id, 'delete from attribute_definitions where id = $1', patch({ tier: 'silver' })))).status).toBe(409);
    expect(await db().selectFrom('user_attribute_values').selectAll().where('user_id', '=', ann).execute()).toEqual([]);
  }, 30_000);
  it('a new user (POST /v1/users) and an import whose values were checked before their attribute changed are refused (409), nobody created', async () => {
    const created = await t.app.request('/v1/attributes', json({ key: 'desk', labels: { en: 'Desk' }, type: 'text' }, a.auth));
    const def = (await created.json()) as AttributeDefinition;
    const users = async () => (await db().selectFrom('users').select('id').where('tenant_id', '=', a.tenantId).execute()).length;
    const before = await users();
    const post = await whileChanging(def.id, "update attribute_definitions set type = 'number' where id = $1", () =>
      t.app.request('/v1/users', req('POST', { kind: 'technician', firstName: 'Cy', lastName: 'C', email: 'cy@a.example', attributes: { desk: 'by the window' } }, a.auth)),
    );
    const e = await errorOf(post);
    expect(e.status).toBe(409);
    expect(e.issues?.map((i) => i.path.join('.'))).toEqual(['body.attributes.desk']);
    await db().updateTable('attribute_definitions').set({ type: 'text' }).where('id', '=', def.id).execute();
    const text = 'First name\tLast name\tEmail\tdesk\r\nDee\tD\tdee@a.example\tnorth wing\r\n';
    const imported = await whileChanging(def.id, "update attribute_definitions set type = 'number' where id = $1", () =>
      t.app.request('/v1/users/bulk-import', json({ kind: 'technician', text, source: 'clipboard' }, a.auth)),
    );
    const ie = await errorOf(imported);
    expect(ie.status).toBe(409);
    expect(ie.issues?.map((i) => i.path.join('.'))).toEqual(['body.columns.attributes.desk']);
    expect(await users()).toBe(before);
    expect(await db().selectFrom('user_attribute_values').selectAll().where('tenant_id', '=', a.tenantId).execute()).toEqual([]);
  }, 30_000);
});
