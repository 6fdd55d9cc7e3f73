import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminSession, createTestContext, dialects, errorOf, insertUsers, json, type TestContext, userRow } from '../support.js';

/**
 * An attacker's run over custom attributes (issue 17): keys that look like SQL or like another key after Unicode
 * normalisation, filters with no key or huge values, a key reused after its deletion. Refusals name the parameter.
 */
describe.each(dialects)('attacks on custom attributes on %s', (dialect) => {
  let t: TestContext;
  let a: Awaited<ReturnType<typeof adminSession>>;
  let ann: string;
  const req = (method: string, path: string, body?: unknown) =>
    t.app.request(path, { method, headers: { 'content-type': 'application/json', ...a.auth }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const define = async (body: Record<string, unknown>) => req('POST', '/v1/attributes', { labels: { en: 'L' }, type: 'text', ...body });

  beforeAll(async () => {
    t = await createTestContext(dialect);
    a = await adminSession(t, 'Alpha');
    const org = ((await (await t.app.request('/v1/organizations', json({ name: 'Org' }, a.auth))).json()) as { id: string }).id;
    [ann] = (await insertUsers(t, [userRow(a.tenantId, { first_name: 'Ann', last_name: 'A', email: 'ann@a.example', kind: 'end_user', organization_id: org })])).map((r) => r.id) as [string];
  });
  afterAll(async () => t?.close());

  it.each([
    ["SQL", "plan'; drop table users;--"],
    ['a Cyrillic letter that looks Latin', 'pl\u0430n'],
    ['a fullwidth letter (NFKC folds it)', 'ｐlan'],
    ['upper case', 'Plan'],
    ['a dot', 'plan.tier'],
    ['41 characters', 'p'.repeat(41)],
    ['nothing', ''],
  ])('refuses a key with %s (422 naming body.key), defining nothing', async (_what, key) => {
    const e = await errorOf(await define({ key }));
    expect(e.status).toBe(422);
    expect(e.issues?.map((i) => i.path.join('.'))).toContain('body.key');
    expect(await t.services.db.selectFrom('attribute_definitions').select('id').where('tenant_id', '=', a.tenantId).execute()).toEqual([]);
  });

  it('refuses filters with no key, a look-alike key, a huge value or SQL as a key (400 naming the parameter)', async () => {
    expect((await define({ key: 'plan' })).status).toBe(201);
    for (const [q, param] of [
      ['attr.=gold', 'attr.'],
      ['attr.pl%D0%B0n=gold', 'attr.pl\u0430n'],
      ["attr.plan'--=gold", "attr.plan'--"],
      ['sort=attr.', 'sort'],
      ['sort=attr.plan%27--', 'sort'],
    ] as const) {
      const e = await errorOf(await t.app.request(`/v1/users?${q}`, { headers: a.auth }));
      expect(e.status, q).toBe(400);
      expect(e.issues?.map((i) => i.path.join('.')), q).toContain(`query.${param}`);
    }
    const huge = await t.app.request(`/v1/users?attr.plan=${'x'.repeat(100_000)}`, { headers: a.auth });
    expect(huge.status).toBeLessThan(500);
    if (huge.status === 200) expect(((await huge.json()) as { items: unknown[] }).items).toEqual([]);
  });

  it('a key reused after its deletion starts empty: the old values do not come back', async () => {
    const first = (await (await define({ key: 'region' })).json()) as { id: string };
    expect((await req('PATCH', `/v1/users/${ann}/attributes`, { region: 'emea' })).status).toBe(200);
    expect((await req('DELETE', `/v1/attributes/${first.id}`)).status).toBe(204);
    const again = (await (await define({ key: 'region', type: 'number' })).json()) as { id: string };
    expect(again.id).not.toBe(first.id);
    expect(await (await req('GET', `/v1/users/${ann}/attributes`)).json()).toEqual({});
    const listed = (await (await t.app.request('/v1/users?attr.region=1', { headers: a.auth })).json()) as { items: unknown[] };
    expect(listed.items).toEqual([]);
  });
});
