import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Organization, OrganizationList } from '@roster/contract';
import { adminSession, createTestContext, dialects, errorOf, insertUsers, userRow, widgetToken, type TestContext } from '../../support.js';
import { assignRoles } from '../../../src/db/repositories/roles.repository.js';

/**
 * Seed 002 (Torii's setup): "use the search field to find the organization", then Copy Org ID from its row —
 * `GET /v1/organizations?q=` (docs/seed-behaviours.md 002-10). The list's answer keeps its shape, each organization
 * with how many users belong to it.
 */
describe.each(dialects)('organizations search on %s', (dialect) => {
  let t: TestContext;
  let s: Awaited<ReturnType<typeof adminSession>>;
  const orgs: Record<string, Organization> = {};
  beforeAll(async () => {
    t = await createTestContext(dialect);
    s = await adminSession(t, 'Org Search Co');
    for (const name of ['Zürich Dental', 'ZURICH Legal', 'Straße Bau', 'Acme Café', 'Yılmaz Ltd']) {
      const res = await t.app.request('/v1/organizations', { method: 'POST', headers: { 'content-type': 'application/json', ...s.auth }, body: JSON.stringify({ name }) });
      expect(res.status).toBe(201);
      orgs[name] = (await res.json()) as Organization;
    }
    // Two users of Zürich Dental (one of them deactivated: every status counts), one of Acme Café.
    await insertUsers(t, [
      userRow(s.tenantId, { kind: 'end_user', organization_id: orgs['Zürich Dental']!.id }),
      userRow(s.tenantId, { kind: 'end_user', organization_id: orgs['Zürich Dental']!.id, status: 'deactivated' }),
      userRow(s.tenantId, { kind: 'end_user', organization_id: orgs['Acme Café']!.id }),
    ]);
    // Another tenant with an organization of a matching name: never listed here.
    const other = await adminSession(t, 'Org Search Other');
    await t.app.request('/v1/organizations', { method: 'POST', headers: { 'content-type': 'application/json', ...other.auth }, body: JSON.stringify({ name: 'Zurich Foreign' }) });
  }, 60_000);
  afterAll(async () => t?.close());

  const list = async (qs: string, auth: Record<string, string> = s.auth) => {
    const res = await t.app.request(`/v1/organizations${qs}`, { headers: auth });
    expect(res.status, await res.clone().text()).toBe(200);
    return (await res.json()) as OrganizationList;
  };
  /** The names found, sorted here: the database's collation orders accented names its own way. */
  const names = async (qs: string, auth?: Record<string, string>) => (await list(qs, auth)).items.map((o) => o.name).sort();

  it('finds organizations by a substring of the name without regard to case or accents, within the tenant', async () => {
    expect(await names('?q=zurich')).toEqual(['ZURICH Legal', 'Zürich Dental']);
    expect(await names('?q=%C3%BCRICH%20d')).toEqual(['Zürich Dental']);
    expect(await names('?q=strasse')).toEqual(['Straße Bau']);
    expect(await names('?q=CAFE')).toEqual(['Acme Café']);
    expect(await names('?q=yilmaz')).toEqual(['Yılmaz Ltd']);
    expect(await names('?q=%20%20bau%20')).toEqual(['Straße Bau']);
    expect(await names('?q=nothing%20like%20it')).toEqual([]);
    // No search, or an empty one: every organization, by name.
    expect(await names('')).toEqual(['Acme Café', 'Straße Bau', 'Yılmaz Ltd', 'ZURICH Legal', 'Zürich Dental']);
    expect(await names('?q=')).toEqual(await names(''));
    expect(await names('?q=%20')).toEqual(await names(''));
  });

  it('keeps the answer’s shape and gives each organization its user count (every status)', async () => {
    const { items } = await list('?q=a');
    const byName = Object.fromEntries(items.map((o) => [o.name, o]));
    // Never renamed: updated when created.
    expect(byName['Zürich Dental']).toEqual({ ...orgs['Zürich Dental'], updatedAt: orgs['Zürich Dental']!.createdAt, userCount: 2 });
    expect(byName['Acme Café']).toEqual({ ...orgs['Acme Café'], updatedAt: orgs['Acme Café']!.createdAt, userCount: 1 });
    expect(byName['Straße Bau']!.userCount).toBe(0);
  });

  it('searches only the organizations in the caller’s scope (a role’s organizations, a token narrowed to one)', async () => {
    const roleRes = await t.app.request('/v1/roles', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...s.auth },
      body: JSON.stringify({ name: 'Zürich reader', permissions: ['organizations.read'], organizationIds: [orgs['Zürich Dental']!.id] }),
    });
    expect(roleRes.status).toBe(201);
    const [reader] = await insertUsers(t, [userRow(s.tenantId)]);
    await assignRoles(t.services.db, s.tenantId, [{ userId: reader!.id, roleId: ((await roleRes.json()) as { id: string }).id }]);
    const readerAuth = { authorization: `Bearer ${await widgetToken(t, s.access, reader!.id)}` };
    expect(await names('?q=zurich', readerAuth)).toEqual(['Zürich Dental']);
    expect(await names('?q=acme', readerAuth)).toEqual([]);
    const narrowed = { authorization: `Bearer ${await widgetToken(t, s.access, s.created.rootAdmin.id, { organizationId: orgs['Acme Café']!.id })}` };
    expect(await names('?q=zurich', narrowed)).toEqual([]);
    expect(await names('?q=a', narrowed)).toEqual(['Acme Café']);
  });

  it('refuses a search over 100 characters and unknown parameters (400 naming the parameter), and callers without organizations.read', async () => {
    const before = await t.services.db.selectFrom('organizations').select(['id', 'name']).where('tenant_id', '=', s.tenantId).orderBy('id').execute();
    for (const [qs, issue] of [
      [`?q=${'x'.repeat(101)}`, ['query', 'q']],
      [`?q=${'é'.repeat(101)}`, ['query', 'q']],
      ['?name=acme', ['query', 'name']],
      ['?q=a&limit=5', ['query', 'limit']],
    ] as const) {
      const e = await errorOf(await t.app.request(`/v1/organizations${qs}`, { headers: s.auth }));
      expect(e.status, qs).toBe(400);
      expect(e.issues!.map((i) => i.path), qs).toContainEqual(issue);
    }
    expect(await names(`?q=${'x'.repeat(100)}`)).toEqual([]);
    // The document says what is checked: optional parameters, q and the sync's (organizations-sync.test), and the list with user counts.
    const doc = (await (await t.app.request('/openapi.json')).json()) as { paths: Record<string, { get: { parameters: { name: string; required?: boolean }[]; responses: Record<string, unknown> } }> };
    expect(doc.paths['/v1/organizations']!.get.parameters.map((p) => [p.name, p.required ?? false])).toEqual([['q', false], ['updatedSince', false], ['cursor', false], ['limit', false]]);
    expect(JSON.stringify(doc.paths['/v1/organizations']!.get.responses['200'])).toContain('userCount');
    expect((await t.app.request('/v1/organizations?q=a')).status).toBe(401);
    const [nobody] = await insertUsers(t, [userRow(s.tenantId)]);
    const nobodyAuth = { authorization: `Bearer ${await widgetToken(t, s.access, nobody!.id)}` };
    expect((await errorOf(await t.app.request('/v1/organizations?q=a', { headers: nobodyAuth }))).status).toBe(403);
    expect(await t.services.db.selectFrom('organizations').select(['id', 'name']).where('tenant_id', '=', s.tenantId).orderBy('id').execute()).toEqual(before);
  });
});
