import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, dialects, json, type TestContext } from '../../support.js';
import { scimTenant, type ScimTenant } from './scim-support.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ROSTER = 'urn:ietf:params:scim:schemas:extension:roster:2.0:User';

describe.each(dialects)('SCIM custom attributes (Roster extension) on %s', (dialect) => {
  let t: TestContext;
  let a: ScimTenant;
  beforeAll(async () => {
    t = await createTestContext(dialect);
    a = await scimTenant(t, 'Attr Scim');
    for (const body of [
      { key: 'cost_centre', labels: { en: 'Cost centre' }, type: 'text', required: true },
      { key: 'shirt', labels: { en: 'Shirt' }, type: 'oneOf', options: ['S', 'M'] },
      { key: 'badge', labels: { en: 'Badge' }, type: 'number' },
    ]) {
      const res = await t.app.request('/v1/attributes', json(body, a.auth));
      expect(res.status, await res.clone().text()).toBe(201);
    }
  });
  afterAll(async () => t?.close());

  const user = (userName: string, extension?: unknown) => ({
    schemas: extension === undefined ? [USER] : [USER, ROSTER],
    userName,
    name: { givenName: 'Grace', familyName: 'Hopper' },
    emails: [{ value: `${userName}@scim.example`, type: 'work', primary: true }],
    ...(extension === undefined ? {} : { [ROSTER]: extension }),
  });
  const userCount = async () => Number((await t.services.db.selectFrom('users').select((eb) => eb.fn.countAll<string>().as('n')).where('tenant_id', '=', a.tenantId).executeTakeFirstOrThrow()).n);

  it('lists the tenants attributes in the Roster extension schema and the User resource type', async () => {
    const schemas = (await (await a.scim('GET', '/Schemas')).json()) as { Resources: { id: string; attributes: { name: string; type: string; required: boolean; canonicalValues?: string[] }[] }[] };
    const roster = schemas.Resources.find((r) => r.id === ROSTER);
    expect(roster?.attributes.map((x) => [x.name, x.type, x.required])).toEqual([
      ['cost_centre', 'string', true],
      ['shirt', 'string', false],
      ['badge', 'decimal', false],
    ]);
    expect(roster?.attributes[1]!.canonicalValues).toEqual(['S', 'M']);
    const types = (await (await a.scim('GET', '/ResourceTypes')).json()) as { Resources: { id: string; schemaExtensions?: { schema: string }[] }[] };
    expect(types.Resources.find((r) => r.id === 'User')!.schemaExtensions!.map((e) => e.schema)).toContain(ROSTER);
  });

  it('creates a user with the extension, shows it on GET, and PUT replaces the values sent', async () => {
    const res = await a.scim('POST', '/Users', user('grace', { cost_centre: '4711', shirt: 'M' }));
    expect(res.status, await res.clone().text()).toBe(201);
    const created = (await res.json()) as Record<string, unknown> & { id: string; schemas: string[] };
    expect(created.schemas).toEqual([USER, ROSTER]);
    expect(created[ROSTER]).toEqual({ cost_centre: '4711', shirt: 'M' });
    const put = await a.scim('PUT', `/Users/${created.id}`, user('grace', { cost_centre: '4712', shirt: null, badge: 7 }));
    expect(put.status, await put.clone().text()).toBe(200);
    expect(((await put.json()) as Record<string, unknown>)[ROSTER]).toEqual({ cost_centre: '4712', badge: 7 });
    const got = (await (await a.scim('GET', `/Users/${created.id}`)).json()) as Record<string, unknown>;
    expect(got[ROSTER]).toEqual({ cost_centre: '4712', badge: 7 });
    // The same values through the REST API.
    const rest = await t.app.request(`/v1/users/${created.id}/attributes`, { headers: a.auth });
    expect(await rest.json()).toEqual({ cost_centre: '4712', badge: 7 });
  });

  it('refuses a missing required attribute, an unknown key, a wrong type or a value outside the list (400 invalidValue naming it), and creates nobody', async () => {
    const before = await userCount();
    const cases: [unknown, string][] = [
      [undefined, 'cost_centre'],
      [{ shirt: 'S' }, 'cost_centre'],
      [{ cost_centre: '1', colour: 'red' }, 'colour'],
      [{ cost_centre: '1', badge: 'seven' }, 'badge'],
      [{ cost_centre: '1', shirt: 'XL' }, 'shirt'],
    ];
    for (const [extension, key] of cases) {
      const res = await a.scim('POST', '/Users', user(`bad${key}${Math.random().toString(36).slice(2, 6)}`, extension));
      const body = (await res.json()) as { scimType?: string; detail?: string };
      expect({ extension, status: res.status, scimType: body.scimType }).toEqual({ extension, status: 400, scimType: 'invalidValue' });
      expect(body.detail).toContain(`${ROSTER}:${key}`);
    }
    expect(await userCount()).toBe(before);
  });
});
