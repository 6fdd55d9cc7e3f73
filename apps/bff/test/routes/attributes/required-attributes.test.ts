import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AttributeDefinition } from '@roster/contract';
import { adminSession, createTestContext, dialects, errorOf, insertUsers, userRow, type TestContext } from '../../support.js';

const req = (method: string, body?: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json', ...headers },
  ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
});

describe.each(dialects)('required attributes and values on a user’s changes on %s', (dialect) => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext(dialect);
  });
  afterAll(async () => t?.close());

  const define = async (auth: Record<string, string>, body: unknown) => {
    const res = await t.app.request('/v1/attributes', req('POST', body, auth));
    expect(res.status, await res.clone().text()).toBe(201);
    return (await res.json()) as AttributeDefinition;
  };
  const person = (email: string, extra: Record<string, unknown> = {}) => ({ kind: 'technician', firstName: 'Ada', lastName: 'Lovelace', email, ...extra });
  const countUsers = async (tenantId: string) => (await t.services.db.selectFrom('users').select('id').where('tenant_id', '=', tenantId).execute()).length;
  const valuesOf = async (tenantId: string) => t.services.db.selectFrom('user_attribute_values').selectAll().where('tenant_id', '=', tenantId).orderBy('user_id').orderBy('attribute_id').execute();

  it('creates a user only with every required attribute (422 naming attributes.<key>, nobody created), stores the values and carries them in user.created', async () => {
    const s = await adminSession(t, 'Req Create Co');
    await define(s.auth, { key: 'cost_centre', labels: { en: 'Cost centre' }, type: 'text', required: true });
    await define(s.auth, { key: 'badge', labels: { en: 'Badge' }, type: 'number' });
    const users = await countUsers(s.tenantId);
    const cases: [unknown, (string | number)[]][] = [
      [person('a1@example.com'), ['body', 'attributes', 'cost_centre']],
      [person('a2@example.com', { attributes: {} }), ['body', 'attributes', 'cost_centre']],
      [person('a3@example.com', { attributes: { cost_centre: null } }), ['body', 'attributes', 'cost_centre']],
      [person('a4@example.com', { attributes: { cost_centre: '' } }), ['body', 'attributes', 'cost_centre']],
      [person('a5@example.com', { attributes: { cost_centre: '4711', badge: 'twelve' } }), ['body', 'attributes', 'badge']],
      [person('a6@example.com', { attributes: { cost_centre: '4711', colour: 'red' } }), ['body', 'attributes', 'colour']],
      [person('a7@example.com', { attributes: 'cost_centre=4711' }), ['body', 'attributes']],
    ];
    for (const [body, path] of cases) {
      const err = await errorOf(await t.app.request('/v1/users', req('POST', body, s.auth)));
      expect({ body, status: err.status }).toEqual({ body, status: 422 });
      expect(err.issues?.map((i) => i.path)).toContainEqual(path);
    }
    expect(await countUsers(s.tenantId)).toBe(users);
    expect(await valuesOf(s.tenantId)).toEqual([]);

    const res = await t.app.request('/v1/users', req('POST', person('ok@example.com', { attributes: { cost_centre: ' 4711 ', badge: 7 } }), s.auth));
    expect(res.status, await res.clone().text()).toBe(201);
    const created = (await res.json()) as { id: string };
    const read = await t.app.request(`/v1/users/${created.id}/attributes`, { headers: s.auth });
    expect(await read.json()).toEqual({ cost_centre: '4711', badge: 7 });
    const audit = await t.services.db.selectFrom('audit_events').select('after').where('tenant_id', '=', s.tenantId).where('action', '=', 'user.created').where('target_id', '=', created.id).executeTakeFirstOrThrow();
    expect(audit.after).toMatchObject({ attributes: { cost_centre: '4711', badge: 7 } });
  });

  it('refuses another tenant’s attribute key, and another tenant’s user (404), changing nothing', async () => {
    const s = await adminSession(t, 'Req Cross Co');
    const other = await adminSession(t, 'Req Cross Other');
    await define(other.auth, { key: 'secret_level', labels: { en: 'Secret level' }, type: 'number' });
    const err = await errorOf(await t.app.request('/v1/users', req('POST', person('x@example.com', { attributes: { secret_level: 3 } }), s.auth)));
    expect(err.status).toBe(422);
    expect(err.issues?.map((i) => i.path)).toContainEqual(['body', 'attributes', 'secret_level']);
    const [theirs] = await insertUsers(t, [userRow(other.tenantId)]);
    expect((await t.app.request(`/v1/users/${theirs!.id}/attributes`, req('PATCH', { secret_level: 1 }, s.auth))).status).toBe(404);
    expect((await t.app.request(`/v1/users/${theirs!.id}/attributes`, { headers: s.auth })).status).toBe(404);
    expect(await valuesOf(other.tenantId)).toEqual([]);
  });

  it('moves the user’s updatedAt when a value changes (not when nothing changes), as other edits do', async () => {
    const s = await adminSession(t, 'Req Updated Co');
    await define(s.auth, { key: 'badge', labels: { en: 'Badge' }, type: 'number' });
    const [u] = await insertUsers(t, [userRow(s.tenantId)]);
    const updatedAt = async () => ((await (await t.app.request(`/v1/users/${u!.id}`, { headers: s.auth })).json()) as { updatedAt: string }).updatedAt;
    const first = await updatedAt();
    await new Promise((r) => setTimeout(r, 15));
    expect((await t.app.request(`/v1/users/${u!.id}/attributes`, req('PATCH', { badge: 1 }, s.auth))).status).toBe(200);
    const second = await updatedAt();
    expect(second > first).toBe(true);
    await new Promise((r) => setTimeout(r, 15));
    expect((await t.app.request(`/v1/users/${u!.id}/attributes`, req('PATCH', { badge: 1 }, s.auth))).status).toBe(200);
    expect(await updatedAt()).toBe(second);
    await new Promise((r) => setTimeout(r, 15));
    expect((await t.app.request(`/v1/users/${u!.id}/attributes`, req('PATCH', { badge: null }, s.auth))).status).toBe(200);
    expect((await updatedAt()) > second).toBe(true);
  });

  it('does not reach back when a definition becomes required: existing users stay, other edits work, the value can be set but not cleared', async () => {
    const s = await adminSession(t, 'Req Later Co');
    const d = await define(s.auth, { key: 'site', labels: { en: 'Site' }, type: 'oneOf', options: ['Berlin', 'Cairo'] });
    await define(s.auth, { key: 'note', labels: { en: 'Note' }, type: 'text' });
    const [u] = await insertUsers(t, [userRow(s.tenantId)]);
    expect((await t.app.request(`/v1/attributes/${d.id}`, req('PATCH', { required: true }, s.auth))).status).toBe(200);
    expect((await t.app.request(`/v1/users/${u!.id}`, { headers: s.auth })).status).toBe(200);
    expect((await t.app.request(`/v1/users/${u!.id}`, req('PATCH', { firstName: 'Grace' }, s.auth))).status).toBe(200);
    expect((await t.app.request(`/v1/users/${u!.id}/attributes`, req('PATCH', { note: 'hello' }, s.auth))).status).toBe(200);
    expect((await t.app.request(`/v1/users/${u!.id}/attributes`, req('PATCH', { site: 'Cairo' }, s.auth))).status).toBe(200);
    const err = await errorOf(await t.app.request(`/v1/users/${u!.id}/attributes`, req('PATCH', { site: null }, s.auth)));
    expect(err.status).toBe(422);
    expect(err.issues?.map((i) => i.path)).toContainEqual(['body', 'site']);
    // A new user needs it from now on.
    const refused = await errorOf(await t.app.request('/v1/users', req('POST', person('new@example.com'), s.auth)));
    expect(refused.issues?.map((i) => i.path)).toContainEqual(['body', 'attributes', 'site']);
  });

  it('clones a user with the source’s values, so the required ones come along', async () => {
    const s = await adminSession(t, 'Req Clone Co');
    await define(s.auth, { key: 'site', labels: { en: 'Site' }, type: 'text', required: true });
    const res = await t.app.request('/v1/users', req('POST', person('src@example.com', { attributes: { site: 'Berlin' } }), s.auth));
    expect(res.status, await res.clone().text()).toBe(201);
    const src = (await res.json()) as { id: string };
    const clone = await t.app.request(`/v1/users/${src.id}/clone`, req('POST', { firstName: 'Bea', lastName: 'Berg', email: 'clone@example.com' }, s.auth));
    expect(clone.status, await clone.clone().text()).toBe(201);
    const id = ((await clone.json()) as { id: string }).id;
    expect(await (await t.app.request(`/v1/users/${id}/attributes`, { headers: s.auth })).json()).toEqual({ site: 'Berlin' });
  });
});
