import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Organization, User } from '@roster/contract';
import { adminSession, clientToken, createTestContext, dialects, errorOf, insertUsers, PLATFORM_KEY, userRow, widgetToken, type TestContext } from '../../support.js';
import { sql } from 'kysely';
import { assignRoles } from '../../../src/db/repositories/roles.repository.js';
import * as organizationNames from '../../../src/db/migrations/2026-12-02T0900-organization-names.js';

const req = (method: string, body?: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json', ...headers },
  ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
});
const platform = { authorization: `Bearer ${PLATFORM_KEY}` };
const MISSING = '0190a0a0-0000-7000-8000-000000000000';

describe.each(dialects)('organizations API on %s', (dialect) => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext(dialect);
  });
  afterAll(async () => t?.close());

  const post = (auth: Record<string, string>, body: unknown) => t.app.request('/v1/organizations', req('POST', body, auth));
  const patch = (auth: Record<string, string>, id: string, body: unknown) => t.app.request(`/v1/organizations/${id}`, req('PATCH', body, auth));
  const del = (auth: Record<string, string>, id: string) => t.app.request(`/v1/organizations/${id}`, req('DELETE', undefined, auth));
  const created = async (auth: Record<string, string>, name: string) => {
    const res = await post(auth, { name });
    expect(res.status, await res.clone().text()).toBe(201);
    return (await res.json()) as Organization;
  };
  /** What the organizations of a tenant look like in the database, and their audit trail. */
  const snapshot = async (tenantId: string) => ({
    orgs: await t.services.db.selectFrom('organizations').select(['id', 'name']).where('tenant_id', '=', tenantId).orderBy('id').execute(),
    audit: (await t.services.db.selectFrom('audit_events').select('id').where('tenant_id', '=', tenantId).where('target_type', '=', 'organization').execute()).length,
  });
  const auditOf = (tenantId: string, action: string) =>
    t.services.db.selectFrom('audit_events').select(['actor_type', 'actor_id', 'target_id', 'before', 'after']).where('tenant_id', '=', tenantId).where('action', '=', action).execute();

  it('creates an organization with its name trimmed, lists it, and audits organization.created', async () => {
    const s = await adminSession(t, 'Create Org Co');
    const org = await created(s.auth, '  Acme \t Dental  ');
    expect(org).toEqual({ id: expect.any(String), name: 'Acme Dental', createdAt: expect.any(String) });
    const list = (await (await t.app.request('/v1/organizations', { headers: s.auth })).json()) as { items: Organization[] };
    expect(list.items.map((o) => o.name)).toEqual(['Acme Dental']);
    const audit = await auditOf(s.tenantId, 'organization.created');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_type: 'user', actor_id: s.created.rootAdmin.id, target_id: org.id });
    expect(audit[0]!.after).toMatchObject({ id: org.id, name: 'Acme Dental' });
  });

  it('refuses a name the tenant already has, whatever its case or spacing (409 naming body.name), and changes nothing', async () => {
    const s = await adminSession(t, 'Dup Org Co');
    const other = await adminSession(t, 'Dup Org Other');
    await created(s.auth, 'Borealis Logistics');
    const before = await snapshot(s.tenantId);
    for (const name of ['borealis logistics', ' BOREALIS   Logistics ']) {
      expect(await errorOf(await post(s.auth, { name }))).toMatchObject({ status: 409, code: 'conflict', issues: [{ path: ['body', 'name'] }] });
    }
    expect(await snapshot(s.tenantId)).toEqual(before);
    await created(other.auth, 'Borealis Logistics'); // unique per tenant, not across tenants
  });

  it('answers bad input with 400/422 naming the field, and writes nothing', async () => {
    const s = await adminSession(t, 'Bad Org Co');
    const before = await snapshot(s.tenantId);
    const cases: [unknown, number, (string | number)[]][] = [
      [{ name: '' }, 422, ['body', 'name']],
      [{ name: '   ' }, 422, ['body', 'name']],
      [{ name: 'x'.repeat(101) }, 422, ['body', 'name']],
      [{ name: 42 }, 422, ['body', 'name']],
      [{ name: null }, 422, ['body', 'name']],
      [{}, 422, ['body', 'name']],
      [{ name: 'Bell\u0007Co' }, 422, ['body', 'name']],
      [{ name: 'Zero\u200bWidth' }, 422, ['body', 'name']],
      [{ name: 'Ok', tenantId: MISSING }, 422, ['body', 'tenantId']],
      [[], 422, ['body']],
      ['{"name":', 400, ['body']],
    ];
    for (const [body, status, path] of cases) {
      const err = await errorOf(await post(s.auth, body));
      expect(err.status, JSON.stringify(body)).toBe(status);
      expect(err.issues?.map((i) => i.path), JSON.stringify(body)).toContainEqual(path);
    }
    expect((await errorOf(await t.app.request('/v1/organizations', { method: 'POST', headers: s.auth }))).status).toBe(400);
    expect(await snapshot(s.tenantId)).toEqual(before);
    expect((await created(s.auth, 'x'.repeat(100))).name).toHaveLength(100);
  });

  it('renames (audited with before and after), refuses another organization’s name (409) and bad names (422) without change', async () => {
    const s = await adminSession(t, 'Rename Co');
    const a = await created(s.auth, 'Alpha');
    const b = await created(s.auth, 'Beta');
    const res = await patch(s.auth, a.id, { name: ' Alpha Prime ' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ...a, name: 'Alpha Prime' });
    const audit = await auditOf(s.tenantId, 'organization.updated');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ target_id: a.id, before: { name: 'Alpha' }, after: { name: 'Alpha Prime' } });
    // Its own name in another case is a rename, not a conflict.
    expect(((await (await patch(s.auth, a.id, { name: 'ALPHA PRIME' })).json()) as Organization).name).toBe('ALPHA PRIME');
    const before = await snapshot(s.tenantId);
    expect(await errorOf(await patch(s.auth, b.id, { name: 'alpha prime' }))).toMatchObject({ status: 409, issues: [{ path: ['body', 'name'] }] });
    expect(await errorOf(await patch(s.auth, b.id, { name: '' }))).toMatchObject({ status: 422, issues: [{ path: ['body', 'name'] }] });
    expect(await errorOf(await patch(s.auth, b.id, { name: 'B', extra: true }))).toMatchObject({ status: 422, issues: [{ path: ['body', 'extra'] }] });
    expect((await errorOf(await patch(s.auth, b.id, '{'))).status).toBe(400);
    expect(await snapshot(s.tenantId)).toEqual(before);
    // An empty patch changes nothing and records nothing.
    expect(await (await patch(s.auth, b.id, {})).json()).toEqual(b);
    expect(await snapshot(s.tenantId)).toEqual(before);
  });

  it('refuses to delete an organization while users belong to it (409); then deletes it, audited, and drops it from roles', async () => {
    const s = await adminSession(t, 'Delete Org Co');
    const org = await created(s.auth, 'Contoso Legal');
    const userRes = await t.app.request('/v1/users', req('POST', { kind: 'end_user', organizationId: org.id, firstName: 'Eve', lastName: 'End', email: 'eve@delete-org.example' }, s.auth));
    expect(userRes.status).toBe(201);
    const user = (await userRes.json()) as User;
    const roleRes = await t.app.request('/v1/roles', req('POST', { name: 'Contoso helpdesk', permissions: ['users.read'], organizationIds: [org.id] }, s.auth));
    expect(roleRes.status).toBe(201);
    const role = (await roleRes.json()) as { id: string };
    const before = await snapshot(s.tenantId);
    const refused = await errorOf(await del(s.auth, org.id));
    expect(refused).toMatchObject({ status: 409, code: 'conflict' });
    expect(refused.message).toContain('1 user belongs');
    expect(await snapshot(s.tenantId)).toEqual(before);
    expect((await t.app.request(`/v1/users/${user.id}`, req('DELETE', undefined, s.auth))).status).toBe(204);
    expect((await del(s.auth, org.id)).status).toBe(204);
    expect((await snapshot(s.tenantId)).orgs).toEqual([]);
    const audit = await auditOf(s.tenantId, 'organization.deleted');
    expect(audit).toMatchObject([{ target_id: org.id, before: { id: org.id, name: 'Contoso Legal' } }]);
    const roleRow = await t.services.db.selectFrom('roles').select('organization_ids').where('id', '=', role.id).executeTakeFirstOrThrow();
    expect(roleRow.organization_ids).toEqual([]);
    expect((await errorOf(await del(s.auth, org.id))).status).toBe(404);
  });

  it('answers another tenant’s organization exactly like a missing one (404), and changes nothing there', async () => {
    const s = await adminSession(t, 'Own Co');
    const other = await adminSession(t, 'Foreign Co');
    const theirs = await created(other.auth, 'Theirs');
    const foreign = [await errorOf(await patch(s.auth, theirs.id, { name: 'Mine now' })), await errorOf(await del(s.auth, theirs.id))];
    const missing = [await errorOf(await patch(s.auth, MISSING, { name: 'Mine now' })), await errorOf(await del(s.auth, MISSING))];
    expect(foreign).toEqual(missing);
    expect(foreign[0]).toMatchObject({ status: 404, code: 'not_found' });
    expect((await errorOf(await patch(s.auth, 'not-a-uuid', { name: 'x' }))).status).toBe(404);
    expect((await snapshot(other.tenantId)).orgs).toEqual([{ id: theirs.id, name: 'Theirs' }]);
  });

  it('needs organizations.manage; without org.access.all a user manages only the organizations in their scope and creates none', async () => {
    const s = await adminSession(t, 'Scope Co');
    const mine = await created(s.auth, 'Mine');
    const notMine = await created(s.auth, 'Not mine');
    const roleRes = await t.app.request('/v1/roles', req('POST', { name: 'Org keeper', permissions: ['organizations.read', 'organizations.manage'], organizationIds: [mine.id] }, s.auth));
    expect(roleRes.status).toBe(201);
    const keeperRole = (await roleRes.json()) as { id: string };
    const [keeper, reader] = await insertUsers(t, [userRow(s.tenantId), userRow(s.tenantId)]);
    await assignRoles(t.services.db, s.tenantId, [{ userId: keeper!.id, roleId: keeperRole.id }]);
    const keeperAuth = { authorization: `Bearer ${await widgetToken(t, s.access, keeper!.id)}` };
    const readerAuth = { authorization: `Bearer ${await widgetToken(t, s.access, reader!.id)}` };
    const before = await snapshot(s.tenantId);

    expect((await errorOf(await post(readerAuth, { name: 'Nope' }))).status).toBe(403);
    expect((await errorOf(await patch(readerAuth, mine.id, { name: 'Nope' }))).status).toBe(403);
    expect((await errorOf(await del(readerAuth, mine.id))).status).toBe(403);
    expect((await errorOf(await post(keeperAuth, { name: 'Outside my scope' }))).status).toBe(403);
    expect(await errorOf(await patch(keeperAuth, notMine.id, { name: 'Taken over' }))).toEqual(await errorOf(await patch(keeperAuth, MISSING, { name: 'Taken over' })));
    expect((await errorOf(await del(keeperAuth, notMine.id))).status).toBe(404);
    expect(await snapshot(s.tenantId)).toEqual(before);
    expect(((await (await patch(keeperAuth, mine.id, { name: 'Mine, renamed' })).json()) as Organization).name).toBe('Mine, renamed');
    // A widget token narrowed to one organization cannot create another one, even for the Root Admin.
    const narrowed = { authorization: `Bearer ${await widgetToken(t, s.access, s.created.rootAdmin.id, { organizationId: mine.id })}` };
    expect((await errorOf(await post(narrowed, { name: 'Narrowed' }))).status).toBe(403);
    expect((await errorOf(await patch(narrowed, notMine.id, { name: 'Narrowed' }))).status).toBe(404);
    expect((await del(keeperAuth, mine.id)).status).toBe(204);
  });

  it('an integration with management:write on a fresh tenant creates an organization, then its end users; monitoring:read cannot', async () => {
    const s = await adminSession(t, 'Fresh Co');
    const { clientId, clientSecret } = s.created.oauthClient;
    const auth = { authorization: `Bearer ${await clientToken(t, clientId, clientSecret, 'management:write')}` };
    const org = await created(auth, 'Synced Client');
    expect(await auditOf(s.tenantId, 'organization.created')).toMatchObject([{ actor_type: 'client', target_id: org.id }]);
    const user = await t.app.request('/v1/users', req('POST', { kind: 'end_user', organizationId: org.id, firstName: 'Ed', lastName: 'End', email: 'ed@fresh.example' }, auth));
    expect(user.status).toBe(201);
    expect(((await patch(auth, org.id, { name: 'Synced Client GmbH' })).status)).toBe(200);
    const readOnly = { authorization: `Bearer ${await clientToken(t, clientId, clientSecret, 'monitoring:read')}` };
    expect((await errorOf(await post(readOnly, { name: 'Read only' }))).status).toBe(403);
  });

  it('the platform key manages a tenant’s organizations through the same rules; unknown tenants and foreign ids are 404', async () => {
    const s = await adminSession(t, 'Platform Org Co');
    const other = await adminSession(t, 'Platform Other Co');
    const base = `/v1/platform/tenants/${s.tenantId}/organizations`;
    const res = await t.app.request(base, req('POST', { name: ' Operator Org ' }, platform));
    expect(res.status).toBe(201);
    const org = (await res.json()) as Organization;
    expect(org.name).toBe('Operator Org');
    expect(await auditOf(s.tenantId, 'organization.created')).toMatchObject([{ actor_type: 'platform', actor_id: null, target_id: org.id }]);
    expect(await errorOf(await t.app.request(base, req('POST', { name: 'operator org' }, platform)))).toMatchObject({ status: 409, issues: [{ path: ['body', 'name'] }] });
    expect(await errorOf(await t.app.request(base, req('POST', { name: '' }, platform)))).toMatchObject({ status: 422, issues: [{ path: ['body', 'name'] }] });
    expect((await errorOf(await t.app.request(base, req('POST', { name: 'No key' })))).status).toBe(401);
    expect((await errorOf(await t.app.request(base, req('POST', { name: 'Wrong key' }, { authorization: 'Bearer wrong-key-wrong-key-wrong-key' })))).status).toBe(401);
    expect((await errorOf(await t.app.request(`/v1/platform/tenants/${MISSING}/organizations`, req('POST', { name: 'Ghost' }, platform)))).status).toBe(404);
    expect((await errorOf(await t.app.request('/v1/platform/tenants/not-a-uuid/organizations', req('POST', { name: 'Ghost' }, platform)))).status).toBe(404);
    // An organization of another tenant, addressed under this tenant: 404 like a missing one.
    const theirs = (await (await t.app.request(`/v1/platform/tenants/${other.tenantId}/organizations`, req('POST', { name: 'Theirs' }, platform))).json()) as Organization;
    expect(await errorOf(await t.app.request(`${base}/${theirs.id}`, req('PATCH', { name: 'x' }, platform)))).toEqual(await errorOf(await t.app.request(`${base}/${MISSING}`, req('PATCH', { name: 'x' }, platform))));
    const renamed = await t.app.request(`${base}/${org.id}`, req('PATCH', { name: 'Operator Org 2' }, platform));
    expect(((await renamed.json()) as Organization).name).toBe('Operator Org 2');
    expect((await t.app.request(`${base}/${theirs.id}`, req('DELETE', undefined, platform))).status).toBe(404);
    expect((await t.app.request(`${base}/${org.id}`, req('DELETE', undefined, platform))).status).toBe(204);
    expect((await snapshot(other.tenantId)).orgs).toEqual([{ id: theirs.id, name: 'Theirs' }]);
  });

  it('a delete racing 49 creates of end users into the organization: no 5xx, and never a user left in a deleted organization', async () => {
    const s = await adminSession(t, 'Race Delete Co');
    // The delete starts a little later in each round, so that it lands before, between and after the creates' checks.
    for (const [round, delay] of [0, 10, 20, 40].entries()) {
      const org = await created(s.auth, `Doomed ${round}`);
      const creates = Array.from({ length: 49 }, (_, i) =>
        t.app.request('/v1/users', req('POST', { kind: 'end_user', organizationId: org.id, firstName: 'Rae', lastName: `Ce${i}`, email: `rae${round}-${i}@race-delete.example` }, s.auth)),
      );
      const later = new Promise((r) => setTimeout(r, delay)).then(() => del(s.auth, org.id));
      const [deletion, ...results] = await Promise.all([later, ...creates]);
      const statuses = [deletion!.status, ...results.map((r) => r.status)];
      expect(statuses.filter((x) => x >= 500)).toEqual([]);
      const members = await t.services.db.selectFrom('users').select('id').where('organization_id', '=', org.id).execute();
      const orgLeft = await t.services.db.selectFrom('organizations').select('id').where('id', '=', org.id).execute();
      if (deletion!.status === 204) {
        expect(orgLeft).toEqual([]);
        expect(members).toEqual([]);
      } else {
        expect(deletion!.status).toBe(409);
        expect(members.length).toBeGreaterThan(0);
      }
      expect(results.filter((r) => r.status === 201)).toHaveLength(members.length);
      for (const r of results.filter((x) => x.status !== 201)) expect(await errorOf(r)).toMatchObject({ status: 422, issues: [{ path: ['body', 'organizationId'] }] });
    }
  });

  it('the migration brings names written before the API to the contract’s form and keeps colliding ones apart', async () => {
    const s = await adminSession(t, 'Legacy Co');
    const db = t.services.db;
    // The state before the migration: the old index, names as earlier code may have stored them.
    await sql`drop index organizations_tenant_name_ci`.execute(db);
    await sql`create unique index organizations_tenant_name on organizations (tenant_id, lower(name))`.execute(db);
    const rows = await db
      .insertInto('organizations')
      .values(['Acme', '  acme ', 'Cafe\u0301  Bar', 'Café Bar', 'Plain'].map((name) => ({ tenant_id: s.tenantId, name })))
      .returning(['id', 'name'])
      .execute();
    // Run on its own: later migrations are applied already, so the migrator would refuse to go back to it.
    await organizationNames.up(db);
    const after = await db.selectFrom('organizations').select(['id', 'name']).where('tenant_id', '=', s.tenantId).execute();
    const nameOf = (i: number) => after.find((o) => o.id === rows[i]!.id)!.name;
    expect(nameOf(4)).toBe('Plain');
    // Of each pair that collides once normalised, one keeps the name and the other gets a suffix of its id.
    for (const [a, b, name] of [[0, 1, 'acme'], [2, 3, 'café bar']] as const) {
      const pair = [nameOf(a), nameOf(b)].map((n) => n.toLowerCase());
      const kept = pair.indexOf(name);
      expect(kept).toBeGreaterThanOrEqual(0);
      const other = kept === 0 ? b : a;
      expect(pair[1 - kept]).toBe(`${name} (${rows[other]!.id.slice(0, 8)})`);
    }
    expect(await errorOf(await post(s.auth, { name: 'ACME' }))).toMatchObject({ status: 409, issues: [{ path: ['body', 'name'] }] });
  });

  it('50 concurrent creates of one name in different cases: exactly one wins, the rest are 409', async () => {
    const s = await adminSession(t, 'Race Org Co');
    const names = Array.from({ length: 50 }, (_, i) => (i % 2 ? 'Race Org' : 'RACE org'));
    const results = await Promise.all(names.map((name) => post(s.auth, { name })));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((x) => x === 201)).toHaveLength(1);
    expect(statuses.filter((x) => x === 409)).toHaveLength(49);
    expect((await snapshot(s.tenantId)).orgs).toHaveLength(1);
  });
});
