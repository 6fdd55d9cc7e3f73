import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { adminSession, createTestContext, dialects, errorOf, insertUsers, json, roleId, type TestContext, userRow } from '../../support.js';
import { syncReader, type SyncPage as SyncPageOf } from '../sync-reader.js';

const req = (method: string, body: unknown, headers: Record<string, string>): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json', ...headers },
  ...(body === undefined ? {} : { body: JSON.stringify(body) }),
});

type SyncPage = SyncPageOf<{ id: string; email: string; firstName: string; roles: { name: string }[]; kind: string; organizationId: string | null }>;

describe.each(dialects)('incremental sync of users (GET /v1/users?updatedSince=) on %s', (dialect) => {
  let t: TestContext;
  let a: Awaited<ReturnType<typeof adminSession>>;
  let b: Awaited<ReturnType<typeof adminSession>>;
  let orgA: string;
  let place = '';

  /** Follows nextCursor (pages of two, the first's kind kept): every user and deletion seen, and the place to resume from. */
  const { page, drain } = syncReader<SyncPage['items'][number]>(() => t, '/v1/users', () => a.auth, (first, cursor) => `cursor=${cursor}&limit=2${first.includes('kind=') ? `&${first.split('&').find((x) => x.startsWith('kind='))}` : ''}`);

  beforeAll(async () => {
    t = await createTestContext(dialect);
    a = await adminSession(t, 'Alpha');
    b = await adminSession(t, 'Beta');
    orgA = ((await (await t.app.request('/v1/organizations', json({ name: 'Org A' }, a.auth))).json()) as { id: string }).id;
    await insertUsers(t, [
      userRow(a.tenantId, { first_name: 'Ann', email: 'ann@a.example', kind: 'end_user', organization_id: orgA }),
      userRow(a.tenantId, { first_name: 'Ben', email: 'ben@a.example' }),
      userRow(a.tenantId, { first_name: 'Cat', email: 'cat@a.example' }),
      userRow(a.tenantId, { first_name: 'Dan', email: 'dan@a.example', kind: 'end_user', organization_id: orgA }),
      userRow(b.tenantId, { first_name: 'Zed', email: 'zed@b.example' }),
    ]);
  });
  afterAll(async () => t?.close());

  it('a first sync pages through every user of the tenant in change order, then hands over a place to resume from', async () => {
    const all = await drain('updatedSince=2000-01-01T00:00:00Z&limit=2');
    expect(all.seen.map((u) => u.email).sort()).toEqual(['ann@a.example', 'ben@a.example', 'cat@a.example', 'dan@a.example', 'root@alpha.example']);
    expect(all.pages).toBeGreaterThanOrEqual(3);
    expect(all.deleted).toEqual([]);
    place = all.syncCursor;
    // Nothing changed since: an empty page, and a place no further back.
    const again = await page(`cursor=${place}`);
    expect(again.items).toEqual([]);
    expect(again.deleted).toEqual([]);
    expect(again.nextCursor).toBe(null);
    place = again.syncCursor;
    // A time after every change: nothing.
    expect((await page(`updatedSince=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).items).toEqual([]);
  });

  it('reports an edit, a role given, a role renamed and a deletion — each once, after the place it resumed from', async () => {
    const [ben, cat, dan] = await Promise.all(['ben@a.example', 'cat@a.example', 'dan@a.example'].map((e) => t.services.db.selectFrom('users').select('id').where('email_normalized', '=', e).executeTakeFirstOrThrow()));
    expect((await t.app.request(`/v1/users/${ben!.id}`, req('PATCH', { firstName: 'Benedict' }, a.auth))).status).toBe(200);
    let next = await drain(`cursor=${place}`);
    expect(next.seen.map((u) => [u.email, u.firstName])).toEqual([['ben@a.example', 'Benedict']]);
    place = next.syncCursor;

    const custom = ((await (await t.app.request('/v1/roles', json({ name: 'Helpdesk', permissions: ['users.read'] }, a.auth))).json()) as { id: string }).id;
    expect((await t.app.request(`/v1/users/${cat!.id}/roles`, req('PUT', { roleIds: [custom] }, a.auth))).status).toBe(200);
    next = await drain(`cursor=${place}`);
    expect(next.seen.map((u) => [u.email, u.roles.map((r) => r.name)])).toEqual([['cat@a.example', ['Helpdesk']]]);
    place = next.syncCursor;

    expect((await t.app.request(`/v1/roles/${custom}`, req('PATCH', { name: 'Service desk' }, a.auth))).status).toBe(200);
    next = await drain(`cursor=${place}`);
    expect(next.seen.map((u) => [u.email, u.roles.map((r) => r.name)])).toEqual([['cat@a.example', ['Service desk']]]);
    place = next.syncCursor;

    expect((await t.app.request(`/v1/users/${dan!.id}`, req('DELETE', undefined, a.auth))).status).toBe(204);
    next = await drain(`cursor=${place}`);
    expect(next.seen).toEqual([]);
    expect(next.deleted.map((d) => d.id)).toEqual([dan!.id]);
    expect(Date.parse(next.deleted[0]!.deletedAt)).toBeGreaterThan(Date.now() - 60_000);
    place = next.syncCursor;
    expect((await drain(`cursor=${place}`)).seen).toEqual([]);
  });

  it('a sync filtered by kind sees that kind only, deletions included; a bound token sees its organization only', async () => {
    const ends = await drain('updatedSince=2000-01-01T00:00:00Z&kind=end_user&limit=2');
    expect(ends.seen.map((u) => u.email)).toEqual(['ann@a.example']);
    expect(ends.deleted).toHaveLength(1);
    const orgToken = { authorization: `Bearer ${(await (await t.app.request('/v1/widget-tokens', json({ actorUserId: a.created.rootAdmin.id, organizationId: orgA }, { authorization: `Bearer ${a.access}` }))).json() as { token: string }).token}` };
    const bound = await drain('updatedSince=2000-01-01T00:00:00Z&limit=2', orgToken);
    expect(bound.seen.every((u) => u.organizationId === orgA)).toBe(true);
    expect(bound.seen.map((u) => u.email)).toEqual(['ann@a.example']);
    expect(bound.deleted).toHaveLength(1);
    // Asking for another organization's users is refused, naming the parameter — in the list, the sync and the export.
    const orgB = ((await (await t.app.request('/v1/organizations', json({ name: 'Org B' }, a.auth))).json()) as { id: string }).id;
    for (const path of [`/v1/users?organizationId=${orgB}`, `/v1/users?updatedSince=2000-01-01T00:00:00Z&organizationId=${orgB}`, `/v1/users/export?organizationId=${orgB}`]) {
      const e = await errorOf(await t.app.request(path, { headers: orgToken }));
      expect([e.status, e.code, e.issues?.[0]?.path], path).toEqual([404, 'not_found', ['query', 'organizationId']]);
      expect((await t.app.request(path, { headers: a.auth })).status, path).toBe(200);
    }
    // Another tenant sees none of it.
    const other = await drain('updatedSince=2000-01-01T00:00:00Z&limit=2', b.auth);
    expect(other.seen.map((u) => u.email).sort()).toEqual(['root@beta.example', 'zed@b.example']);
    expect(other.deleted).toEqual([]);
  });

  it('updatedAt moves with every visible change — an edit, roles given and taken, a role renamed, explicit permissions, access groups — and lastSignInAt is lastLoginAt', async () => {
    const cat = (await t.services.db.selectFrom('users').select('id').where('email_normalized', '=', 'cat@a.example').executeTakeFirstOrThrow()).id;
    type Shown = { updatedAt: string; createdAt: string; lastSignInAt: string | null; lastLoginAt: string | null; explicitPermissions: string[]; accessGroupIds: string[] };
    const detail = async () => (await (await t.app.request(`/v1/users/${cat}`, { headers: a.auth })).json()) as Shown;
    let last = await detail();
    /** Runs a change and checks it moved updatedAt (in the detail and the list alike) and brought the user into the next sync. */
    const moves = async (what: string, change: () => Response | Promise<Response>) => {
      await new Promise((r) => setTimeout(r, 5));
      const res = await change();
      expect(res.status, `${what}: ${await res.clone().text()}`).toBeLessThan(300);
      const now = await detail();
      expect(Date.parse(now.updatedAt), what).toBeGreaterThan(Date.parse(last.updatedAt));
      expect(now.createdAt, what).toBe(last.createdAt);
      const listed = ((await (await t.app.request(`/v1/users?q=cat@a.example`, { headers: a.auth })).json()) as { items: Shown[] }).items[0]!;
      expect(listed.updatedAt, what).toBe(now.updatedAt);
      const next = await drain(`cursor=${place}`);
      expect(next.seen.map((u) => u.email), what).toEqual(['cat@a.example']);
      place = next.syncCursor;
      last = now;
      return now;
    };
    const helpdesk = ((await (await t.app.request('/v1/roles', json({ name: 'Desk', permissions: ['users.read'] }, a.auth))).json()) as { id: string }).id;
    place = (await drain(`cursor=${place}`)).syncCursor;
    await moves('an edit', () => t.app.request(`/v1/users/${cat}`, req('PATCH', { lastName: 'Changed' }, a.auth)));
    await moves('a role given', () => t.app.request(`/v1/users/${cat}/roles`, req('PUT', { roleIds: [helpdesk] }, a.auth)));
    await moves('the role renamed', () => t.app.request(`/v1/roles/${helpdesk}`, req('PATCH', { name: 'Front desk' }, a.auth)));
    expect((await moves('explicit permissions', () => t.app.request(`/v1/users/${cat}/roles`, req('PUT', { roleIds: [helpdesk], permissions: ['audit.read'] }, a.auth)))).explicitPermissions).toEqual(['audit.read']);
    await moves('roles taken', () => t.app.request(`/v1/users/${cat}/roles`, req('PUT', { roleIds: [], permissions: ['audit.read'] }, a.auth)));
    const group = ((await (await t.app.request('/v1/access-groups', json({ name: 'RMM', modules: ['rmm'] }, a.auth))).json()) as { id: string }).id;
    expect((await moves('access groups', () => t.app.request(`/v1/users/${cat}/access-groups`, req('PUT', { groupIds: [group], allModules: false }, a.auth)))).accessGroupIds).toEqual([group]);
    await moves('All Module Access', () => t.app.request(`/v1/users/${cat}/access-groups`, req('PUT', { groupIds: [group], allModules: true }, a.auth)));
    // Kept by the database: a writer that touches only the detail's tables still moves it.
    const direct = (work: () => Promise<unknown>) => async () => (await work(), new Response(null, { status: 204 }));
    await moves('a permission written alone', direct(() => t.services.db.insertInto('user_permissions').values({ tenant_id: a.tenantId, user_id: cat, permission: 'users.read' }).execute()));
    await moves('a group taken alone', direct(() => t.services.db.deleteFrom('user_access_groups').where('user_id', '=', cat).execute()));
    // A sign-in shows under both names, the deprecated one kept for hosts written against it.
    await t.services.db.updateTable('users').set({ last_login_at: '2026-11-30T08:00:00.000Z' }).where('id', '=', cat).execute();
    const signedIn = await detail();
    expect([signedIn.lastSignInAt, signedIn.lastLoginAt]).toEqual(['2026-11-30T08:00:00.000Z', '2026-11-30T08:00:00.000Z']);
    const synced = await drain(`cursor=${place}`);
    expect((synced.seen as unknown as Shown[]).map((u) => u.lastSignInAt)).toEqual(['2026-11-30T08:00:00.000Z']);
    place = synced.syncCursor;
  });

  it('a bulk import’s users arrive in the next sync', async () => {
    const res = await t.app.request('/v1/users/bulk-import', json({ kind: 'technician', text: 'First name,Last name,Email\nImp,One,imp1@a.example\nImp,Two,imp2@a.example' }, a.auth));
    expect(res.status, await res.clone().text()).toBeLessThan(300);
    const next = await drain(`cursor=${place}`);
    expect(next.seen.map((u) => u.email).sort()).toEqual(['imp1@a.example', 'imp2@a.example']);
    place = next.syncCursor;
  });

  it('refuses what a sync cannot take, naming the parameter, and cursors that are not its own', async () => {
    const cases: [string, (string | number)[]][] = [
      ['updatedSince=yesterday', ['query', 'updatedSince']],
      ['updatedSince=2026-01-01T00:00:00Z&q=ann', ['query', 'q']],
      ['updatedSince=2026-01-01T00:00:00Z&sort=firstName', ['query', 'sort']],
      ['updatedSince=2026-01-01T00:00:00Z&status=active', ['query', 'status']],
      [`cursor=${place}&updatedSince=2026-01-01T00:00:00Z`, ['query', 'updatedSince']],
      [`cursor=${place}&kind=end_user`, ['query', 'cursor']],
      // Another tenant's sync cursor.
      [`cursor=${(await page('updatedSince=2000-01-01T00:00:00Z', b.auth)).syncCursor}`, ['query', 'cursor']],
      ['cursor=%%%', ['query', 'cursor']],
      [`cursor=${Buffer.from(JSON.stringify(['changes', 'user', a.tenantId, '1; drop', '00000000-0000-0000-0000-000000000000', null, [null, null], Date.now()])).toString('base64url')}`, ['query', 'cursor']],
    ];
    for (const [qs, path] of cases) {
      const e = await errorOf(await t.app.request(`/v1/users?${qs}`, { headers: a.auth }));
      expect(e.status, qs).toBe(400);
      expect(e.issues?.map((i) => i.path), qs).toContainEqual(path);
    }
    const [, , , xid, id] = JSON.parse(Buffer.from(place, 'base64url').toString('utf8')) as string[];
    const stale = Buffer.from(JSON.stringify(['changes', 'user', a.tenantId, xid, id, null, [null, null], Date.now() - 31 * 86400_000])).toString('base64url');
    const e = await errorOf(await t.app.request(`/v1/users?cursor=${stale}`, { headers: a.auth }));
    expect(e.status).toBe(400);
    expect(e.issues?.[0]?.message).toContain('updatedSince');
    // A list's own cursor still pages the list.
    const list = (await (await t.app.request('/v1/users?limit=2', { headers: a.auth })).json()) as { nextCursor: string };
    expect((await t.app.request(`/v1/users?limit=2&cursor=${list.nextCursor}`, { headers: a.auth })).status).toBe(200);
  });

  it.skipIf(dialect !== 'postgres')('never passes a change still being committed, even when a later one commits first', async () => {
    const url = t.databaseUrl!;
    const slow = new pg.Client({ connectionString: url });
    await slow.connect();
    try {
      const [ann, ben] = await Promise.all(['ann@a.example', 'ben@a.example'].map((e) => t.services.db.selectFrom('users').select('id').where('email_normalized', '=', e).executeTakeFirstOrThrow()));
      await slow.query('begin');
      await slow.query(`update users set first_name = 'Slow' where id = $1`, [ann!.id]);
      // A later transaction changes Ben and commits while Ann's change is still open.
      expect((await t.app.request(`/v1/users/${ben!.id}`, req('PATCH', { firstName: 'Fast' }, a.auth))).status).toBe(200);
      const during = await drain(`cursor=${place}`, a.auth, { settle: false });
      expect(during.seen).toEqual([]);
      await slow.query('commit');
      const after = await drain(`cursor=${during.syncCursor}`);
      expect(after.seen.map((u) => u.firstName).sort()).toEqual(['Fast', 'Slow']);
    } finally {
      await slow.end();
    }
  });
});
