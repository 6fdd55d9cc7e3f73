import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AttributeDefinition, User, UserPage } from '@roster/contract';
import { adminSession, createTestContext, dialects, errorOf, insertUsers, roleId, userRow, widgetToken, type TestContext } from '../../support.js';
import { insertOrganizations } from '../../../src/db/repositories/organizations.repository.js';
import { assignRoles } from '../../../src/db/repositories/roles.repository.js';

/** Issue 17: the structured filter of the users list (`filter=<JSON>`), its export and its total. */

const req = (method: string, body: unknown, headers: Record<string, string>): RequestInit => ({ method, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
const f = (tree: unknown) => `filter=${encodeURIComponent(JSON.stringify(tree))}`;

describe.each(dialects)('the structured filter of the users list on %s', (dialect) => {
  let t: TestContext;
  let a: Awaited<ReturnType<typeof adminSession>>;
  let b: Awaited<ReturnType<typeof adminSession>>;
  let c: Awaited<ReturnType<typeof adminSession>>;
  let orgX: string;
  let orgY: string;
  let billing: string;
  let betaRole: string;
  /** A co-managed user of organization X: sees only X. */
  let scoped: { authorization: string };
  const ids = new Map<string, string>();

  const get = (path: string, auth: Record<string, string> = a.auth) => t.app.request(path, { headers: auth });
  const page = async (path: string, auth: Record<string, string> = a.auth) => {
    const res = await get(path, auth);
    expect(res.status, await res.clone().text()).toBe(200);
    return (await res.json()) as UserPage;
  };
  /** The emails a filter finds among this file's users of tenant A (`q=flt.test` ANDs with it). */
  const found = async (tree: unknown, auth: Record<string, string> = a.auth) => (await page(`/v1/users?q=flt.test&limit=200&${f(tree)}`, auth)).items.map((u) => u.email.split('@')[0]).sort();
  const define = async (auth: Record<string, string>, body: unknown) => {
    const res = await t.app.request('/v1/attributes', req('POST', body, auth));
    expect(res.status, await res.clone().text()).toBe(201);
    return (await res.json()) as AttributeDefinition;
  };
  const setValues = async (userId: string, body: unknown) => {
    const res = await t.app.request(`/v1/users/${userId}/attributes`, req('PATCH', body, a.auth));
    expect(res.status, await res.clone().text()).toBe(200);
  };
  const walk = async (path: string) => {
    const all: User[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const p: UserPage = await page(`${path}${cursor ? `&cursor=${cursor}` : ''}`, c.auth);
      all.push(...p.items);
      cursor = p.nextCursor;
      pages += 1;
    } while (cursor && pages < 50);
    return all;
  };

  beforeAll(async () => {
    t = await createTestContext(dialect);
    a = await adminSession(t, 'Alpha Filters');
    b = await adminSession(t, 'Beta Filters');
    c = await adminSession(t, 'Gamma Filters');
    [orgX, orgY] = (await insertOrganizations(t.services.db, a.tenantId, ['X', 'Y'])).map((o) => o.id) as [string, string];
    const now = Date.now();
    const inserted = await insertUsers(t, [
      userRow(a.tenantId, { first_name: 'Jürgen', last_name: 'Müller', email: 'jm@flt.test', username: 'jm', username_normalized: 'jm', kind: 'end_user', organization_id: orgX, created_at: '2026-01-10T00:00:00Z', last_login_at: '2026-06-01T00:00:00Z' }),
      userRow(a.tenantId, { first_name: 'Ayşe', last_name: 'Yılmaz', email: 'ay@flt.test', mfa_state: 'enrolled', external_id: 'ext-1', created_at: '2026-02-10T00:00:00Z' }),
      userRow(a.tenantId, { first_name: 'İlkay', last_name: 'Gündoğan', email: 'ig@flt.test', kind: 'end_user', organization_id: orgY, status: 'invited', invitation_expires_at: new Date(now + 86_400_000).toISOString(), created_at: '2026-03-10T00:00:00Z' }),
      userRow(a.tenantId, { first_name: 'Søren', last_name: 'Ærø', email: 'sa@flt.test', status: 'deactivated', username: null, username_normalized: null, phone: '+4930123456', external_id: 'other-2', created_at: '2026-04-10T00:00:00Z' }),
      userRow(a.tenantId, { first_name: 'Rainer', last_name: 'Straße', email: 'rs@flt.test', suspended_at: new Date(now - 60_000).toISOString(), suspension_reason: 'test', created_at: '2026-05-10T00:00:00Z' }),
    ]);
    for (const r of inserted) ids.set(r.email.split('@')[0]!, r.id);
    billing = await roleId(t, a.tenantId, 'billing');
    await assignRoles(t.services.db, a.tenantId, [{ userId: ids.get('rs')!, roleId: billing }]);
    await assignRoles(t.services.db, a.tenantId, [{ userId: ids.get('jm')!, roleId: await roleId(t, a.tenantId, 'co_managed_user') }]);
    scoped = { authorization: `Bearer ${await widgetToken(t, a.access, ids.get('jm')!)}` };
    betaRole = await roleId(t, b.tenantId, 'billing');
    const [beta] = await insertUsers(t, [userRow(b.tenantId, { first_name: 'Jürgen', last_name: 'Müller', email: 'secret@flt.test' })]);
    await assignRoles(t.services.db, b.tenantId, [{ userId: beta!.id, roleId: betaRole }]);

    await define(a.auth, { key: 'team', labels: { en: 'Team' }, type: 'oneOf', options: ['red', 'blue'] });
    await define(a.auth, { key: 'badge', labels: { en: 'Badge' }, type: 'number' });
    await define(a.auth, { key: 'start', labels: { en: 'Start' }, type: 'date' });
    await define(a.auth, { key: 'note', labels: { en: 'Note' }, type: 'text' });
    await define(a.auth, { key: 'vip', labels: { en: 'VIP' }, type: 'boolean' });
    await define(b.auth, { key: 'secret', labels: { en: 'Secret' }, type: 'text' });
    await setValues(ids.get('jm')!, { team: 'red', badge: 3, start: '2026-01-15', note: 'Größe Müller', vip: true });
    await setValues(ids.get('ay')!, { team: 'blue', badge: 7, start: '2026-04-01', vip: false });
    await setValues(ids.get('ig')!, { team: 'red', badge: 5 });

    // Tenant C: 30 users for paging (two kinds, three statuses, ties on the last name).
    await define(c.auth, { key: 'level', labels: { en: 'Level' }, type: 'number' });
    const [orgC] = await insertOrganizations(t.services.db, c.tenantId, ['C']);
    const many = await insertUsers(
      t,
      Array.from({ length: 30 }, (_, i) =>
        userRow(c.tenantId, { first_name: `P${String(i).padStart(2, '0')}`, last_name: i % 4 === 0 ? 'Same' : `Pager${i % 7}`, email: `p${i}@gamma.test`, kind: i % 2 ? 'end_user' : 'technician', organization_id: i % 2 ? orgC!.id : null, status: (['active', 'invited', 'deactivated'] as const)[i % 3] }),
      ),
    );
    for (const [i, u] of many.entries()) if (i % 5 !== 0) {
      const res = await t.app.request(`/v1/users/${u.id}/attributes`, req('PATCH', { level: i % 6 }, c.auth));
      expect(res.status).toBe(200);
    }
  });
  afterAll(async () => t?.close());

  describe('every operator', () => {
    const cases: [string, unknown, string[]][] = [
      ['kind eq', { all: [{ field: 'kind', op: 'eq', value: 'end_user' }] }, ['ig', 'jm']],
      ['kind ne', { all: [{ field: 'kind', op: 'ne', value: 'end_user' }] }, ['ay', 'rs', 'sa']],
      ['status in', { all: [{ field: 'status', op: 'in', value: ['invited', 'deactivated'] }] }, ['ig', 'sa']],
      ['invitationStatus eq', { all: [{ field: 'invitationStatus', op: 'eq', value: 'pending' }] }, ['ig']],
      ['mfaState eq', { all: [{ field: 'mfaState', op: 'eq', value: 'enrolled' }] }, ['ay']],
      ['organizationId eq', { all: [{ field: 'organizationId', op: 'eq', value: 'ORGX' }] }, ['jm']],
      ['organizationId ne (users without one too)', { all: [{ field: 'organizationId', op: 'ne', value: 'ORGX' }] }, ['ay', 'ig', 'rs', 'sa']],
      ['organizationId isNotSet', { all: [{ field: 'organizationId', op: 'isNotSet' }] }, ['ay', 'rs', 'sa']],
      ['organizationId isSet', { all: [{ field: 'organizationId', op: 'isSet' }] }, ['ig', 'jm']],
      ['roleId eq', { all: [{ field: 'roleId', op: 'eq', value: 'BILLING' }] }, ['rs']],
      ['roleId ne', { all: [{ field: 'roleId', op: 'ne', value: 'BILLING' }] }, ['ay', 'ig', 'jm', 'sa']],
      ['roleId in', { all: [{ field: 'roleId', op: 'in', value: ['BILLING', '00000000-0000-4000-8000-000000000000'] }] }, ['rs']],
      ['email eq, any case', { all: [{ field: 'email', op: 'eq', value: 'JM@FLT.TEST' }] }, ['jm']],
      ['email startsWith', { all: [{ field: 'email', op: 'startsWith', value: 'a' }] }, ['ay']],
      ['firstName contains, no accents', { all: [{ field: 'firstName', op: 'contains', value: 'jurg' }] }, ['jm']],
      ['lastName contains, with accents typed', { all: [{ field: 'lastName', op: 'contains', value: 'MÜLL' }] }, ['jm']],
      ['lastName startsWith ß as ss', { all: [{ field: 'lastName', op: 'startsWith', value: 'strass' }] }, ['rs']],
      ['lastName eq Ærø as aero', { all: [{ field: 'lastName', op: 'eq', value: 'aero' }] }, ['sa']],
      ['firstName in', { all: [{ field: 'firstName', op: 'in', value: ['ilkay', 'AYSE'] }] }, ['ay', 'ig']],
      ['firstName ne', { all: [{ field: 'firstName', op: 'ne', value: 'jurgen' }] }, ['ay', 'ig', 'rs', 'sa']],
      ['a % in a contains is no wildcard', { all: [{ field: 'lastName', op: 'contains', value: '%' }] }, []],
      ['username isNotSet', { all: [{ field: 'username', op: 'isNotSet' }] }, ['sa']],
      ['phone contains', { all: [{ field: 'phone', op: 'contains', value: '4930' }] }, ['sa']],
      ['externalId eq', { all: [{ field: 'externalId', op: 'eq', value: 'ext-1' }] }, ['ay']],
      ['externalId startsWith is exact', { all: [{ field: 'externalId', op: 'startsWith', value: 'EXT' }] }, []],
      ['externalId isSet', { all: [{ field: 'externalId', op: 'isSet' }] }, ['ay', 'sa']],
      ['suspended eq true', { all: [{ field: 'suspended', op: 'eq', value: true }] }, ['rs']],
      ['suspended ne true', { all: [{ field: 'suspended', op: 'ne', value: true }] }, ['ay', 'ig', 'jm', 'sa']],
      ['createdAt gte a date', { all: [{ field: 'createdAt', op: 'gte', value: '2026-03-10' }] }, ['ig', 'rs', 'sa']],
      ['createdAt gt a time', { all: [{ field: 'createdAt', op: 'gt', value: '2026-03-10T00:00:00+00:00' }] }, ['rs', 'sa']],
      ['createdAt lt', { all: [{ field: 'createdAt', op: 'lt', value: '2026-02-10' }] }, ['jm']],
      ['createdAt lte', { all: [{ field: 'createdAt', op: 'lte', value: '2026-02-10' }] }, ['ay', 'jm']],
      ['lastSignInAt isSet', { all: [{ field: 'lastSignInAt', op: 'isSet' }] }, ['jm']],
      ['attr oneOf eq', { all: [{ field: 'attr.team', op: 'eq', value: 'red' }] }, ['ig', 'jm']],
      ['attr oneOf ne (users without one too)', { all: [{ field: 'attr.team', op: 'ne', value: 'red' }] }, ['ay', 'rs', 'sa']],
      ['attr oneOf in', { all: [{ field: 'attr.team', op: 'in', value: ['red', 'blue'] }] }, ['ay', 'ig', 'jm']],
      ['attr isSet', { all: [{ field: 'attr.start', op: 'isSet' }] }, ['ay', 'jm']],
      ['attr isNotSet', { all: [{ field: 'attr.team', op: 'isNotSet' }] }, ['rs', 'sa']],
      ['attr number gt', { all: [{ field: 'attr.badge', op: 'gt', value: 3 }] }, ['ay', 'ig']],
      ['attr number lte', { all: [{ field: 'attr.badge', op: 'lte', value: 5 }] }, ['ig', 'jm']],
      ['attr number in', { all: [{ field: 'attr.badge', op: 'in', value: [3, 7] }] }, ['ay', 'jm']],
      ['attr date gte', { all: [{ field: 'attr.start', op: 'gte', value: '2026-02-01' }] }, ['ay']],
      ['attr date lt', { all: [{ field: 'attr.start', op: 'lt', value: '2026-02-01' }] }, ['jm']],
      ['attr text contains folded', { all: [{ field: 'attr.note', op: 'contains', value: 'grosse mull' }] }, ['jm']],
      ['attr text startsWith', { all: [{ field: 'attr.note', op: 'startsWith', value: 'GRÖ' }] }, ['jm']],
      ['attr text eq is exact', { all: [{ field: 'attr.note', op: 'eq', value: 'Größe Müller' }] }, ['jm']],
      ['attr boolean eq', { all: [{ field: 'attr.vip', op: 'eq', value: false }] }, ['ay']],
      ['attr boolean ne', { all: [{ field: 'attr.vip', op: 'ne', value: false }] }, ['ig', 'jm', 'rs', 'sa']],
      ['nested AND of OR', { all: [{ field: 'kind', op: 'eq', value: 'end_user' }, { any: [{ field: 'organizationId', op: 'eq', value: 'ORGX' }, { field: 'status', op: 'eq', value: 'deactivated' }] }] }, ['jm']],
      ['nested OR of AND', { any: [{ all: [{ field: 'attr.team', op: 'eq', value: 'red' }, { field: 'attr.badge', op: 'gte', value: 5 }] }, { all: [{ field: 'status', op: 'eq', value: 'deactivated' }, { any: [{ field: 'phone', op: 'isSet' }] }] }] }, ['ig', 'sa']],
    ];
    const withIds = (tree: unknown) => JSON.parse(JSON.stringify(tree).replaceAll('ORGX', orgX).replaceAll('BILLING', billing)) as unknown;
    it.each(cases)('%s', async (_name, tree, expected) => {
      expect(await found(withIds(tree))).toEqual(expected);
    });

    it('ANDs with the flat parameters, counts the total and exports alike', async () => {
      const tree = { any: [{ field: 'kind', op: 'eq', value: 'end_user' }, { field: 'status', op: 'eq', value: 'deactivated' }] };
      const first = await page(`/v1/users?q=flt.test&status=invited&${f(tree)}`);
      expect(first.items.map((u) => u.email)).toEqual(['ig@flt.test']);
      expect(first.total).toEqual({ count: 1, exact: true });
      const csv = await (await get(`/v1/users/export?q=flt.test&${f(tree)}`)).text();
      expect(csv.split('\r\n').filter((l) => l.includes('@flt.test')).map((l) => l.split(',')[3]).sort()).toEqual(['ig@flt.test', 'jm@flt.test', 'sa@flt.test']);
    });
  });

  describe('keyset paging through a filtered list', () => {
    const tree = { all: [{ field: 'status', op: 'ne', value: 'deactivated' }, { any: [{ field: 'attr.level', op: 'gte', value: 2 }, { field: 'kind', op: 'eq', value: 'end_user' }] }] };
    for (const [sort, order] of [['lastName', 'asc'], ['createdAt', 'desc'], ['attr.level', 'asc'], ['attr.level', 'desc']] as const) {
      it(`sort=${sort} ${order}: pages of 3, no duplicate, no gap`, async () => {
        const whole = await page(`/v1/users?limit=200&sort=${sort}&order=${order}&${f(tree)}`, c.auth);
        expect(whole.items.length).toBeGreaterThan(8);
        const paged = await walk(`/v1/users?limit=3&sort=${sort}&order=${order}&${f(tree)}`);
        expect(paged.map((u) => u.id)).toEqual(whole.items.map((u) => u.id));
        expect(whole.total?.count).toBe(whole.items.length);
      });
    }

    it('refuses a cursor replayed with another filter, without one, or a plain cursor with one', async () => {
      const first = await page(`/v1/users?limit=3&${f(tree)}`, c.auth);
      const other = { all: [{ field: 'status', op: 'ne', value: 'invited' }] };
      for (const path of [`/v1/users?limit=3&${f(other)}&cursor=${first.nextCursor}`, `/v1/users?limit=3&cursor=${first.nextCursor}`, `/v1/users?limit=3&kind=end_user&${f(tree)}&cursor=${first.nextCursor}`]) {
        const err = await errorOf(await get(path, c.auth));
        expect(err.status).toBe(400);
        expect(err.issues?.[0]?.path).toEqual(['query', 'cursor']);
      }
      const plain = await page('/v1/users?limit=3', c.auth);
      const err = await errorOf(await get(`/v1/users?limit=3&${f(tree)}&cursor=${plain.nextCursor}`, c.auth));
      expect(err.issues?.[0]?.path).toEqual(['query', 'cursor']);
    });
  });

  describe('bad input: 400 naming the place in the tree', () => {
    it.each([
      ['{"all": [', ['query', 'filter']],
      ['[]', ['query', 'filter']],
      ['{"all": []}', ['query', 'filter', 'all']],
      [JSON.stringify({ any: [{ field: 'kind', op: 'eq', value: 'end_user' }, { field: 'kind', op: 'eq', value: 42 }] }), ['query', 'filter', 'any', 1, 'value']],
      [JSON.stringify({ all: [{ field: 'passwordHash', op: 'eq', value: 'x' }] }), ['query', 'filter', 'all', 0, 'field']],
      [JSON.stringify({ all: [{ field: 'kind', op: 'contains', value: 'end' }] }), ['query', 'filter', 'all', 0, 'op']],
      [JSON.stringify({ all: [{ any: [{ all: [{ any: [{ field: 'kind', op: 'eq', value: 'end_user' }] }] }] }] }), ['query', 'filter', 'all', 0, 'any', 0, 'all', 0]],
      [JSON.stringify({ any: Array.from({ length: 21 }, () => ({ field: 'kind', op: 'eq', value: 'end_user' })) }), ['query', 'filter', 'any', 20]],
      [JSON.stringify({ all: [{ field: 'createdAt', op: 'gt', value: 'yesterday' }] }), ['query', 'filter', 'all', 0, 'value']],
      [JSON.stringify({ all: [{ field: 'organizationId', op: 'eq', value: 'not-an-id' }] }), ['query', 'filter', 'all', 0, 'value']],
      [JSON.stringify({ all: [{ field: 'attr.nope', op: 'eq', value: 'x' }] }), ['query', 'filter', 'all', 0, 'field']],
      [JSON.stringify({ all: [{ field: 'attr.secret', op: 'eq', value: 'x' }] }), ['query', 'filter', 'all', 0, 'field']],
      [JSON.stringify({ all: [{ field: 'attr.badge', op: 'eq', value: 'ten' }] }), ['query', 'filter', 'all', 0, 'value']],
      [JSON.stringify({ all: [{ field: 'attr.badge', op: 'contains', value: '1' }] }), ['query', 'filter', 'all', 0, 'op']],
      [JSON.stringify({ all: [{ field: 'attr.team', op: 'in', value: ['red', 'green'] }] }), ['query', 'filter', 'all', 0, 'value', 1]],
      [JSON.stringify({ all: [{ field: 'attr.start', op: 'gt', value: '2026-02-30' }] }), ['query', 'filter', 'all', 0, 'value']],
    ])('%s', async (text, path) => {
      for (const endpoint of ['/v1/users', '/v1/users/export']) {
        const err = await errorOf(await get(`${endpoint}?filter=${encodeURIComponent(text)}`));
        expect(err.status).toBe(400);
        expect(err.issues?.map((i) => i.path)).toContainEqual(path);
      }
    });

    it('does not go with an incremental sync', async () => {
      const err = await errorOf(await get(`/v1/users?updatedSince=2026-01-01T00:00:00Z&${f({ all: [{ field: 'kind', op: 'eq', value: 'end_user' }] })}`));
      expect(err.status).toBe(400);
      expect(JSON.stringify(err)).toContain('filter');
    });

    it('says what is wrong in the request language', async () => {
      const res = await t.app.request(`/v1/users?${f({ all: [{ field: 'bogus', op: 'eq', value: 1 }] })}`, { headers: { ...a.auth, 'accept-language': 'de' } });
      const err = await errorOf(res);
      expect(err.issues?.[0]?.message).toBe('Ist kein Feld, nach dem die Liste filtert.');
    });
  });

  describe('tenants and organization scope', () => {
    it("finds nobody by another tenant's role, and never another tenant's users", async () => {
      expect(await found({ all: [{ field: 'roleId', op: 'eq', value: betaRole }] })).toEqual([]);
      const everyone = await page(`/v1/users?limit=200&${f({ any: [{ field: 'lastName', op: 'contains', value: 'muller' }, { field: 'email', op: 'startsWith', value: 'secret' }] })}`);
      expect(everyone.items.map((u) => u.email)).toEqual(['jm@flt.test']);
    });

    it('a scoped caller cannot widen the scope with OR', async () => {
      const widen = [
        { any: [{ field: 'organizationId', op: 'eq', value: orgY }] },
        { any: [{ field: 'organizationId', op: 'isNotSet' }, { field: 'kind', op: 'eq', value: 'end_user' }] },
        { any: [{ field: 'organizationId', op: 'ne', value: orgX }, { all: [{ field: 'organizationId', op: 'eq', value: orgX }] }] },
      ];
      for (const tree of widen) {
        const p = await page(`/v1/users?limit=200&${f(tree)}`, scoped);
        for (const u of p.items) expect(u.organizationId).toBe(orgX);
        expect(p.total?.count).toBe(p.items.length);
        const csv = await (await get(`/v1/users/export?${f(tree)}`, scoped)).text();
        expect(csv).not.toContain('ig@flt.test');
        expect(csv).not.toContain('ay@flt.test');
      }
    });
  });
});
