import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AttributeDefinition, User } from '@roster/contract';
import { adminSession, createTestContext, dialects, errorOf, insertUsers, userRow, type TestContext } from '../../support.js';

const req = (method: string, body?: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json', ...headers },
  ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
});
const MISSING = '0190a0a0-0000-7000-8000-000000000000';

describe.each(dialects)('custom attributes API on %s', (dialect) => {
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
  const setValues = (auth: Record<string, string>, userId: string, body: unknown) => t.app.request(`/v1/users/${userId}/attributes`, req('PATCH', body, auth));
  const list = async (auth: Record<string, string>, query: string) => {
    const res = await t.app.request(`/v1/users?${query}`, { headers: auth });
    expect(res.status, await res.clone().text()).toBe(200);
    return (await res.json()) as { items: (User & { attributes?: Record<string, unknown> })[]; nextCursor: string | null; total?: { count: number } };
  };
  const snapshot = async (tenantId: string) => ({
    definitions: await t.services.db.selectFrom('attribute_definitions').selectAll().where('tenant_id', '=', tenantId).orderBy('key').execute(),
    values: await t.services.db.selectFrom('user_attribute_values').selectAll().where('tenant_id', '=', tenantId).orderBy('user_id').orderBy('attribute_id').execute(),
  });

  it('defines attributes of each type, lists them in order, and audits attribute.created', async () => {
    const s = await adminSession(t, 'Attr Define Co');
    const cost = await define(s.auth, { key: 'cost_centre', labels: { en: ' Cost  centre ', de: 'Kostenstelle', ar: 'مركز التكلفة' }, type: 'text', showAsColumn: true });
    expect(cost).toMatchObject({ key: 'cost_centre', labels: { en: 'Cost centre', de: 'Kostenstelle', ar: 'مركز التكلفة' }, type: 'text', options: null, required: false, showAsColumn: true, position: 0 });
    await define(s.auth, { key: 'shirt', labels: { en: 'Shirt size' }, type: 'oneOf', options: ['S', 'M', 'L'] });
    await define(s.auth, { key: 'badge', labels: { en: 'Badge' }, type: 'number' });
    await define(s.auth, { key: 'remote', labels: { en: 'Remote' }, type: 'boolean' });
    await define(s.auth, { key: 'start', labels: { en: 'Start date' }, type: 'date' });
    const res = await t.app.request('/v1/attributes', { headers: s.auth });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { items: AttributeDefinition[] };
    expect(body.items.map((d) => d.key)).toEqual(['cost_centre', 'shirt', 'badge', 'remote', 'start']);
    const audit = await t.services.db.selectFrom('audit_events').select('target_id').where('tenant_id', '=', s.tenantId).where('action', '=', 'attribute.created').execute();
    expect(audit).toHaveLength(5);
  });

  it('refuses bad definitions with 409/422 naming the field, and writes nothing', async () => {
    const s = await adminSession(t, 'Attr Bad Def Co');
    await define(s.auth, { key: 'taken', labels: { en: 'Taken' }, type: 'text' });
    const before = await snapshot(s.tenantId);
    const cases: [unknown, number, (string | number)[]][] = [
      [{ key: 'Bad Key', labels: { en: 'X' }, type: 'text' }, 422, ['body', 'key']],
      [{ key: '9lives', labels: { en: 'X' }, type: 'text' }, 422, ['body', 'key']],
      [{ key: 'x'.repeat(41), labels: { en: 'X' }, type: 'text' }, 422, ['body', 'key']],
      [{ key: 'ok', labels: { en: 'x'.repeat(81) }, type: 'text' }, 422, ['body', 'labels', 'en']],
      [{ key: 'ok', labels: { en: '' }, type: 'text' }, 422, ['body', 'labels', 'en']],
      [{ key: 'ok', labels: { en: 'X', fr: 'Y' }, type: 'text' }, 422, ['body', 'labels', 'fr']],
      [{ key: 'ok', labels: { en: 'X' }, type: 'colour' }, 422, ['body', 'type']],
      [{ key: 'ok', labels: { en: 'X' }, type: 'oneOf' }, 422, ['body', 'options']],
      [{ key: 'ok', labels: { en: 'X' }, type: 'oneOf', options: ['A', 'A'] }, 422, ['body', 'options']],
      [{ key: 'ok', labels: { en: 'X' }, type: 'text', options: ['A'] }, 422, ['body', 'options']],
      [{ key: 'ok', labels: { en: 'X' }, type: 'text', required: 'yes' }, 422, ['body', 'required']],
      [{ key: 'taken', labels: { en: 'Again' }, type: 'number' }, 409, ['body', 'key']],
      ['{"key":', 400, ['body']],
    ];
    for (const [body, status, path] of cases) {
      const err = await errorOf(await t.app.request('/v1/attributes', req('POST', body, s.auth)));
      expect({ body, status: err.status }).toEqual({ body, status });
      expect(err.issues?.map((i) => i.path)).toContainEqual(path);
    }
    expect(await snapshot(s.tenantId)).toEqual(before);
  });

  it('needs integrations.manage to define an attribute (403 for a technician without it), and 404 for another tenants attribute', async () => {
    const s = await adminSession(t, 'Attr Perm Co');
    const other = await adminSession(t, 'Attr Perm Other');
    const theirs = await define(other.auth, { key: 'secret', labels: { en: 'Secret' }, type: 'text' });
    expect((await t.app.request(`/v1/attributes/${theirs.id}`, req('PATCH', { labels: { en: 'Mine' } }, s.auth))).status).toBe(404);
    expect((await t.app.request(`/v1/attributes/${theirs.id}`, req('DELETE', undefined, s.auth))).status).toBe(404);
    expect((await t.app.request(`/v1/attributes/${MISSING}`, req('DELETE', undefined, s.auth))).status).toBe(404);
    const list = (await (await t.app.request('/v1/attributes', { headers: s.auth })).json()) as { items: unknown[] };
    expect(list.items).toEqual([]);
    const unauthenticated = await t.app.request('/v1/attributes', req('POST', { key: 'x', labels: { en: 'X' }, type: 'text' }));
    expect(unauthenticated.status).toBe(401);
  });

  it('sets, reads and clears a users values, checked against the definitions; audits user.updated with the attributes', async () => {
    const s = await adminSession(t, 'Attr Values Co');
    await define(s.auth, { key: 'cost_centre', labels: { en: 'Cost centre' }, type: 'text' });
    await define(s.auth, { key: 'shirt', labels: { en: 'Shirt' }, type: 'oneOf', options: ['S', 'M'] });
    await define(s.auth, { key: 'badge', labels: { en: 'Badge' }, type: 'number' });
    await define(s.auth, { key: 'remote', labels: { en: 'Remote' }, type: 'boolean' });
    await define(s.auth, { key: 'start', labels: { en: 'Start' }, type: 'date' });
    const [u] = await insertUsers(t, [userRow(s.tenantId)]);
    const res = await setValues(s.auth, u!.id, { cost_centre: ' 4711 ', shirt: 'M', badge: 12.5, remote: false, start: '2026-02-28' });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await res.json()).toEqual({ cost_centre: '4711', shirt: 'M', badge: 12.5, remote: false, start: '2026-02-28' });
    const cleared = await setValues(s.auth, u!.id, { shirt: null, badge: 3 });
    expect(await cleared.json()).toEqual({ cost_centre: '4711', badge: 3, remote: false, start: '2026-02-28' });
    const read = await t.app.request(`/v1/users/${u!.id}/attributes`, { headers: s.auth });
    expect(await read.json()).toEqual({ cost_centre: '4711', badge: 3, remote: false, start: '2026-02-28' });
    const audit = await t.services.db.selectFrom('audit_events').select(['before', 'after']).where('tenant_id', '=', s.tenantId).where('action', '=', 'user.updated').where('target_id', '=', u!.id).orderBy('id').execute();
    expect(audit).toHaveLength(2);
    expect(audit[1]!.after).toMatchObject({ id: u!.id, email: u!.email, attributes: { cost_centre: '4711', badge: 3, remote: false, start: '2026-02-28' } });
    expect(audit[1]!.before).toMatchObject({ id: u!.id, attributes: { cost_centre: '4711', shirt: 'M', badge: 12.5, remote: false, start: '2026-02-28' } });
    // Integrations see it as user.updated, the user with their attributes (the feed carries what webhooks deliver).
    const feed = (await (await t.app.request('/v1/events', { headers: s.auth })).json()) as { items: { type: string; data: { objectId: string; after: { attributes?: unknown } } }[] };
    const updates = feed.items.filter((e) => e.type === 'user.updated' && e.data.objectId === u!.id);
    expect(updates).toHaveLength(2);
    expect(updates[1]!.data.after.attributes).toEqual({ cost_centre: '4711', badge: 3, remote: false, start: '2026-02-28' });
  });

  it('refuses bad values (unknown key, wrong type, not in the list, required cleared, bad date) with 422 naming the key, and changes nothing', async () => {
    const s = await adminSession(t, 'Attr Bad Values Co');
    await define(s.auth, { key: 'shirt', labels: { en: 'Shirt' }, type: 'oneOf', options: ['S', 'M'] });
    await define(s.auth, { key: 'badge', labels: { en: 'Badge' }, type: 'number', required: true });
    await define(s.auth, { key: 'start', labels: { en: 'Start' }, type: 'date' });
    await define(s.auth, { key: 'note', labels: { en: 'Note' }, type: 'text' });
    const [u] = await insertUsers(t, [userRow(s.tenantId)]);
    expect((await setValues(s.auth, u!.id, { badge: 1, shirt: 'S' })).status).toBe(200);
    const before = await snapshot(s.tenantId);
    const cases: [unknown, (string | number)[]][] = [
      [{ colour: 'red' }, ['body', 'colour']],
      [{ badge: '12' }, ['body', 'badge']],
      [{ badge: null }, ['body', 'badge']],
      [{ shirt: 'XL' }, ['body', 'shirt']],
      [{ start: '2026-02-30' }, ['body', 'start']],
      [{ start: '28.02.2026' }, ['body', 'start']],
      [{ note: 'x'.repeat(501) }, ['body', 'note']],
      [{ note: '' }, ['body', 'note']],
      [{ note: 'ok', shirt: 'XL' }, ['body', 'shirt']],
    ];
    for (const [body, path] of cases) {
      const err = await errorOf(await setValues(s.auth, u!.id, body));
      expect({ body, status: err.status }).toEqual({ body, status: 422 });
      expect(err.issues?.map((i) => i.path)).toContainEqual(path);
    }
    expect((await errorOf(await setValues(s.auth, u!.id, '{"badge":'))).status).toBe(400);
    expect((await setValues(s.auth, MISSING, { badge: 2 })).status).toBe(404);
    expect(await snapshot(s.tenantId)).toEqual(before);
  });

  it('filters and sorts the users list by an attribute, keyset pages by value then id, users without a value last', async () => {
    const s = await adminSession(t, 'Attr List Co');
    const badge = await define(s.auth, { key: 'badge', labels: { en: 'Badge' }, type: 'number' });
    await define(s.auth, { key: 'team', labels: { en: 'Team' }, type: 'text' });
    const users = await insertUsers(t, Array.from({ length: 9 }, () => userRow(s.tenantId)));
    const badges = [5, 3, 5, 10, 1, 5, 2];
    for (const [i, value] of badges.entries()) {
      expect((await setValues(s.auth, users[i]!.id, { badge: value, team: i % 2 === 0 ? 'red' : 'blue' })).status).toBe(200);
    }
    // Equality and ranges.
    const red = await list(s.auth, 'attr.team=red&limit=50');
    expect(red.items.map((u) => u.id).sort()).toEqual([0, 2, 4, 6].map((i) => users[i]!.id).sort());
    expect(red.total?.count).toBe(4);
    expect(red.items[0]!.attributes?.team).toBe('red');
    const five = await list(s.auth, 'attr.badge=5');
    expect(five.items).toHaveLength(3);
    const range = await list(s.auth, 'attr.badge=2..5&attr.team=red');
    expect(range.items.map((u) => u.attributes?.badge).sort()).toEqual([2, 5, 5]);
    // Sort by the attribute, pages of 2: by value then id, then the users without a value (by id).
    const withValue = badges.map((b, i) => ({ b, id: users[i]!.id })).sort((a, z) => a.b - z.b || (a.id < z.id ? -1 : 1)).map((x) => x.id);
    const without = [users[7]!.id, users[8]!.id, s.created.rootAdmin.id].sort(); // the Root Admin has no value either
    for (const order of ['asc', 'desc'] as const) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await list(s.auth, `sort=attr.badge&order=${order}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        seen.push(...page.items.map((u) => u.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toEqual(order === 'asc' ? [...withValue, ...without] : [...withValue].reverse().concat([...without].reverse()));
    }
    // The user list shows an attribute deleted with its values gone.
    expect((await t.app.request(`/v1/attributes/${badge.id}`, req('DELETE', undefined, s.auth))).status).toBe(204);
    const values = await t.services.db.selectFrom('user_attribute_values').select('attribute_id').where('attribute_id', '=', badge.id).execute();
    expect(values).toEqual([]);
  });

  it('refuses a filter or sort by an unknown attribute or a value of the wrong type (400 naming the parameter)', async () => {
    const s = await adminSession(t, 'Attr Bad Filter Co');
    await define(s.auth, { key: 'badge', labels: { en: 'Badge' }, type: 'number' });
    await define(s.auth, { key: 'size', labels: { en: 'Size' }, type: 'oneOf', options: ['S'] });
    const cases: [string, (string | number)[]][] = [
      ['attr.colour=red', ['query', 'attr.colour']],
      ['attr.badge=ten', ['query', 'attr.badge']],
      ['attr.badge=..', ['query', 'attr.badge']],
      ['attr.size=XL', ['query', 'attr.size']],
      ['attr.Bad-Key=1', ['query', 'attr.Bad-Key']],
      ['sort=attr.colour', ['query', 'sort']],
      ['sort=attr.', ['query', 'sort']],
      ['colour=red', ['query', 'colour']],
    ];
    for (const [query, path] of cases) {
      const err = await errorOf(await t.app.request(`/v1/users?${query}`, { headers: s.auth }));
      expect({ query, status: err.status }).toEqual({ query, status: 400 });
      expect(err.issues?.map((i) => i.path)).toContainEqual(path);
    }
  });

  it('says the unknown attribute and the invalid sort in the request\'s language (message ids of the contract)', async () => {
    const s = await adminSession(t, 'Attr Sort Lang Co');
    for (const [lang, unknown, invalid] of [
      ['en', 'Is not an attribute of this tenant.', 'Must be one of firstName, lastName, username, status, mfa, createdAt or attr.<key>.'],
      ['de', 'Ist kein Attribut dieses Mandanten.', 'Muss eines von firstName, lastName, username, status, mfa, createdAt oder attr.<Schlüssel> sein.'],
      ['ar', 'ليس سمة لدى هذا المستأجر.', 'يجب أن يكون أحد firstName, lastName, username, status, mfa, createdAt أو attr.<المفتاح>.'],
    ] as const) {
      const headers = { ...s.auth, 'accept-language': lang };
      const sorted = await errorOf(await t.app.request('/v1/users?sort=attr.colour', { headers }));
      expect(sorted.issues).toEqual([{ path: ['query', 'sort'], message: unknown, code: 'query.attribute_unknown' }]);
      const filtered = await errorOf(await t.app.request('/v1/users?attr.colour=red', { headers }));
      expect(filtered.issues).toEqual([{ path: ['query', 'attr.colour'], message: unknown, code: 'query.attribute_unknown' }]);
      const bad = await errorOf(await t.app.request('/v1/users?sort=nope', { headers }));
      expect(bad.issues).toContainEqual(expect.objectContaining({ path: ['query', 'sort'], message: invalid, code: 'query.sort_invalid' }));
    }
  });

  it('refuses to change the type while users have values (409 naming type), allows it before, and keeps one-of values among the options', async () => {
    const s = await adminSession(t, 'Attr Type Co');
    const d = await define(s.auth, { key: 'size', labels: { en: 'Size' }, type: 'oneOf', options: ['S', 'M'] });
    const patch = (body: unknown) => t.app.request(`/v1/attributes/${d.id}`, req('PATCH', body, s.auth));
    expect((await patch({ type: 'text' })).status).toBe(200);
    const back = await patch({ type: 'oneOf', options: ['S', 'M'], labels: { en: 'Size', de: 'Größe' } });
    expect(back.status).toBe(200);
    expect(await back.json()).toMatchObject({ type: 'oneOf', options: ['S', 'M'], labels: { en: 'Size', de: 'Größe' } });
    const [u] = await insertUsers(t, [userRow(s.tenantId)]);
    expect((await setValues(s.auth, u!.id, { size: 'M' })).status).toBe(200);
    const before = await snapshot(s.tenantId);
    const typeErr = await errorOf(await patch({ type: 'number' }));
    expect(typeErr).toMatchObject({ status: 409, issues: [{ path: ['body', 'type'] }] });
    const optionsErr = await errorOf(await patch({ options: ['S'] }));
    expect(optionsErr).toMatchObject({ status: 409, issues: [{ path: ['body', 'options'] }] });
    expect(await snapshot(s.tenantId)).toEqual(before);
    expect((await patch({ options: ['S', 'M', 'L'] })).status).toBe(200);
  });

  it('exports the attributes as columns after the fixed ones', async () => {
    const s = await adminSession(t, 'Attr Export Co');
    await define(s.auth, { key: 'badge', labels: { en: 'Badge' }, type: 'number' });
    const [u] = await insertUsers(t, [userRow(s.tenantId, { last_name: 'Aaron' })]);
    expect((await setValues(s.auth, u!.id, { badge: 42 })).status).toBe(200);
    const res = await t.app.request('/v1/users/export?attr.badge=42', { headers: s.auth });
    expect(res.status).toBe(200);
    const lines = (await res.text()).replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]!.endsWith(',attr.badge')).toBe(true);
    expect(lines).toHaveLength(2);
    expect(lines[1]!.startsWith(u!.id)).toBe(true);
    expect(lines[1]!.endsWith(',42')).toBe(true);
  });
});
