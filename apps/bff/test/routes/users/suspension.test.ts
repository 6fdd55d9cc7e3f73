import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '@roster/contract';
import { adminSession, createTestContext, dialects, errorOf, insertUsers, json, roleId, settled, userRow, widgetToken, type TestContext } from '../../support.js';
import { assignRoles, insertRoles } from '../../../src/db/repositories/roles.repository.js';
import { insertOrganizations } from '../../../src/db/repositories/organizations.repository.js';
import { hashPassword } from '../../../src/auth/passwords.js';
import { liftLapsedSuspensions } from '../../../src/services/suspension.service.js';

const PASSWORD = 'correct horse battery';
/** 2FA optional, no lockout: a sign-in needs only the password, and refused sign-ins never lock anyone. */
const PROFILE = { preset: 'default', mfaRequired: false, lockoutThreshold: null };
let addressCounter = 0;
const from = () => ({ incoming: { socket: { remoteAddress: `127.4.0.${++addressCounter}` } } });
const inAnHour = () => new Date(Date.now() + 3600_000).toISOString();

describe.each(dialects)('timed suspension (/v1/users/:id/suspend, /unsuspend) on %s', (dialect) => {
  let t: TestContext;
  let passwordHash: string;
  beforeAll(async () => {
    t = await createTestContext(dialect);
    passwordHash = await hashPassword(PASSWORD);
  });
  afterAll(async () => t?.close());

  async function person(tenantId: string, email: string, extra: Parameters<typeof userRow>[1] = {}) {
    const [row] = await insertUsers(t, [userRow(tenantId, { email, status: 'active', password_hash: passwordHash, ...extra })]);
    return row!.id;
  }
  const signIn = (tenantId: string, login: string, lang = 'en') => t.app.request('/v1/auth/login', json({ tenantId, login, password: PASSWORD }, { 'accept-language': lang }), from());
  async function cookieOf(tenantId: string, login: string) {
    const res = await signIn(tenantId, login);
    expect(res.status, await res.clone().text()).toBe(200);
    return res.headers.get('set-cookie')!.split(';')[0]!;
  }
  const call = (path: string, headers: Record<string, string>, init: RequestInit = {}) => t.app.request(path, { ...init, headers: { ...headers, ...(init.headers as Record<string, string> | undefined) } });
  const suspend = (id: string, auth: Record<string, string>, body: unknown) => t.app.request(`/v1/users/${id}/suspend`, json(body, auth));
  const unsuspend = (id: string, auth: Record<string, string>) => t.app.request(`/v1/users/${id}/unsuspend`, { method: 'POST', headers: auth });
  const userOf = async (id: string, auth: Record<string, string>) => {
    const res = await call(`/v1/users/${id}`, auth);
    expect(res.status).toBe(200);
    return (await res.json()) as User;
  };
  const audits = (tenantId: string, targetId: string, action: string) =>
    t.services.db.selectFrom('audit_events').select(['actor_id', 'before', 'after']).where('tenant_id', '=', tenantId).where('target_id', '=', targetId).where('action', '=', action).orderBy('id').execute();
  const row = (id: string) => t.services.db.selectFrom('users').select(['status', 'suspended_at', 'suspended_until', 'suspension_reason', 'updated_at']).where('id', '=', id).executeTakeFirstOrThrow();

  it('suspends with a reason and an end: status and seat unchanged, sessions and widget tokens end, sign-in refused with the end; audited', async () => {
    const s = await adminSession(t, 'Suspend Co', PROFILE);
    const ann = await person(s.tenantId, 'ann@suspend.example');
    const cookie = await cookieOf(s.tenantId, 'ann@suspend.example');
    const widget = { authorization: `Bearer ${await widgetToken(t, s.access, ann)}` };
    const until = '2099-03-01T09:30:00.000Z';
    await new Promise((r) => setTimeout(r, 1100)); // the widget token's iat, a whole second before the cut
    const res = await suspend(ann, s.auth, { reason: '  Laptop stolen  ', until: '2099-03-01T10:30:00+01:00' });
    expect(res.status, await res.clone().text()).toBe(200);
    const user = (await res.json()) as User;
    expect(user.status).toBe('active');
    expect(user.suspension).toMatchObject({ reason: 'Laptop stolen', until });
    expect(Date.parse(user.suspension!.since)).toBeGreaterThan(Date.now() - 60_000);
    expect((await userOf(ann, s.auth)).suspension).toEqual(user.suspension);
    // The list shows it too.
    const list = (await (await call('/v1/users?q=ann%40suspend', s.auth)).json()) as { items: User[] };
    expect(list.items.map((u) => u.suspension?.reason)).toEqual(['Laptop stolen']);
    for (const h of [{ cookie }, widget]) expect((await call('/v1/auth/me', h)).status).toBe(401);
    expect((await (await call(`/v1/users/${ann}/sessions`, s.auth)).json()) as unknown).toEqual({ items: [] });
    const refused = await errorOf(await signIn(s.tenantId, 'ann@suspend.example'));
    expect(refused).toMatchObject({ status: 403, code: 'forbidden' });
    expect(refused.message).toContain('suspended until 2099-03-01 09:30 UTC');
    const german = await errorOf(await signIn(s.tenantId, 'ann@suspend.example', 'de'));
    expect(german.message).toContain('bis 2099-03-01 09:30 UTC suspendiert');
    // A wrong password still gets the wrong password's answer: the suspension is told only to whoever knows it.
    const wrong = await t.app.request('/v1/auth/login', json({ tenantId: s.tenantId, login: 'ann@suspend.example', password: 'wrong password!' }), from());
    expect(wrong.status).toBe(401);
    // No new widget token for a suspended user either.
    const mint = await t.app.request('/v1/widget-tokens', json({ actorUserId: ann }, { authorization: `Bearer ${s.access}` }));
    expect(mint.status).toBe(409);
    const [event] = await audits(s.tenantId, ann, 'user.suspended');
    expect(event).toMatchObject({ actor_id: s.created.rootAdmin.id, before: { suspension: null }, after: { suspension: { reason: 'Laptop stolen', until }, sessionsEnded: 1 } });
    // The webhook event of the same name, in the durable feed (which never reads past a transaction still open
    // anywhere on the server: other test files' included).
    await settled(t);
    const feed = (await (await call('/v1/events?limit=100', s.auth)).json()) as { items: { type: string; data: { objectId: string } }[] };
    expect(feed.items.filter((e) => e.type === 'user.suspended').map((e) => e.data.objectId)).toEqual([ann]);
  });

  it('suspends without an end until lifted; unsuspend lets the user sign in again and is audited', async () => {
    const s = await adminSession(t, 'Unsuspend Co', PROFILE);
    const bob = await person(s.tenantId, 'bob@unsuspend.example');
    const res = await suspend(bob, s.auth, { reason: 'Under investigation' });
    expect(res.status).toBe(200);
    expect(((await res.json()) as User).suspension).toMatchObject({ reason: 'Under investigation', until: null });
    const refused = await errorOf(await signIn(s.tenantId, 'bob@unsuspend.example'));
    expect(refused.status).toBe(403);
    expect(refused.message).toBe('This account is suspended. Ask your administrator.');
    const lifted = await unsuspend(bob, s.auth);
    expect(lifted.status).toBe(200);
    expect(((await lifted.json()) as User).suspension).toBe(null);
    await cookieOf(s.tenantId, 'bob@unsuspend.example');
    expect(await audits(s.tenantId, bob, 'user.unsuspended')).toMatchObject([{ before: { suspension: { reason: 'Under investigation', until: null } }, after: { suspension: null } }]);
    // Nothing to lift now: 409, nothing audited.
    expect((await errorOf(await unsuspend(bob, s.auth))).status).toBe(409);
    expect(await audits(s.tenantId, bob, 'user.unsuspended')).toHaveLength(1);
  });

  it('is lifted by the clock at its end: the user shows no suspension and signs in, with no job run', async () => {
    const s = await adminSession(t, 'Lapse Co', PROFILE);
    const cat = await person(s.tenantId, 'cat@lapse.example');
    expect((await suspend(cat, s.auth, { reason: 'Holiday cover', until: inAnHour() })).status).toBe(200);
    expect((await userOf(cat, s.auth)).suspension).not.toBe(null);
    // As if the hour had passed.
    await t.services.db
      .updateTable('users')
      .set({ suspended_at: new Date(Date.now() - 7200_000).toISOString(), suspended_until: new Date(Date.now() - 1000).toISOString() })
      .where('id', '=', cat)
      .execute();
    expect((await userOf(cat, s.auth)).suspension).toBe(null);
    await cookieOf(s.tenantId, 'cat@lapse.example');
    expect((await errorOf(await unsuspend(cat, s.auth))).status).toBe(409);
  });

  it('the tidy worker clears suspensions past their end, in every tenant, audited by the system; running ones stay', async () => {
    const s = await adminSession(t, 'Tidy Co', PROFILE);
    const other = await adminSession(t, 'Tidy Other Co', PROFILE);
    const [gone, still, elsewhere] = [await person(s.tenantId, 'gone@tidy.example'), await person(s.tenantId, 'still@tidy.example'), await person(other.tenantId, 'else@tidy.example')];
    for (const [id, auth] of [[gone, s.auth], [still, s.auth], [elsewhere, other.auth]] as const) expect((await suspend(id, auth, { reason: 'Tidy', until: inAnHour() })).status).toBe(200);
    const lapse = { suspended_at: new Date(Date.now() - 7200_000).toISOString(), suspended_until: new Date(Date.now() - 1000).toISOString(), updated_at: new Date(Date.now() - 7200_000).toISOString() };
    await t.services.db.updateTable('users').set(lapse).where('id', 'in', [gone, elsewhere]).execute();
    let lifted = 0;
    for (let r = await liftLapsedSuspensions(t.services.platformDb); r.lifted > 0; r = await liftLapsedSuspensions(t.services.platformDb)) lifted += r.lifted;
    expect(lifted).toBeGreaterThanOrEqual(2);
    for (const id of [gone, elsewhere]) {
      const r = await row(id);
      expect(r).toMatchObject({ suspended_at: null, suspended_until: null, suspension_reason: null });
      expect(Date.parse(r.updated_at)).toBeGreaterThan(Date.now() - 60_000);
    }
    expect((await row(still)).suspension_reason).toBe('Tidy');
    expect(await audits(s.tenantId, gone, 'user.unsuspended')).toMatchObject([{ actor_id: null, before: { suspension: { reason: 'Tidy' } }, after: { suspension: null, lapsed: true } }]);
    expect(await audits(other.tenantId, elsewhere, 'user.unsuspended')).toHaveLength(1);
    expect(await audits(s.tenantId, still, 'user.unsuspended')).toEqual([]);
    expect((await liftLapsedSuspensions(t.services.platformDb)).lifted).toBe(0);
  });

  it('filters the list by suspension (suspended=true or false), the lapsed ones among the others; a bad value names the field', async () => {
    const s = await adminSession(t, 'Filter Suspend Co', PROFILE);
    const [now, lapsed, never] = [await person(s.tenantId, 'now@filter.example'), await person(s.tenantId, 'lapsed@filter.example'), await person(s.tenantId, 'never@filter.example')];
    for (const id of [now, lapsed]) expect((await suspend(id, s.auth, { reason: 'Filter', until: inAnHour() })).status).toBe(200);
    await t.services.db.updateTable('users').set({ suspended_at: new Date(Date.now() - 7200_000).toISOString(), suspended_until: new Date(Date.now() - 1000).toISOString() }).where('id', '=', lapsed).execute();
    const ids = async (q: string) => {
      const res = await call(`/v1/users?q=filter.example&${q}`, s.auth);
      expect(res.status, await res.clone().text()).toBe(200);
      const page = (await res.json()) as { items: User[]; total: { count: number } };
      return { ids: page.items.map((u) => u.id).sort(), total: page.total.count };
    };
    expect(await ids('suspended=true')).toEqual({ ids: [now], total: 1 });
    expect(await ids('suspended=false')).toEqual({ ids: [lapsed, never].sort(), total: 2 });
    expect((await ids('')).ids).toHaveLength(3);
    const e = await errorOf(await call('/v1/users?suspended=maybe', s.auth));
    expect(e).toMatchObject({ status: 400, issues: [{ path: ['query', 'suspended'] }] });
  });

  it('refuses bad input with the field named and changes nothing', async () => {
    const s = await adminSession(t, 'Bad Suspend Co', PROFILE);
    const dan = await person(s.tenantId, 'dan@bad.example');
    const cookie = await cookieOf(s.tenantId, 'dan@bad.example');
    const before = await row(dan);
    const cases: [unknown, string][] = [
      [{}, 'reason'],
      [{ reason: '   ' }, 'reason'],
      [{ reason: 42 }, 'reason'],
      [{ reason: 'x'.repeat(501) }, 'reason'],
      [{ reason: 'Fine', until: new Date(Date.now() - 60_000).toISOString() }, 'until'],
      [{ reason: 'Fine', until: 'next tuesday' }, 'until'],
      [{ reason: 'Fine', until: '2099-03-01T10:30:00' }, 'until'],
      [{ reason: 'Fine', until: 1893456000000 }, 'until'],
      [{ reason: 'Fine', seat: 'keep' }, 'seat'],
    ];
    for (const [body, field] of cases) {
      const e = await errorOf(await suspend(dan, s.auth, body));
      expect(e.status, JSON.stringify(body)).toBe(422);
      expect(e.issues?.map((i) => i.path), JSON.stringify(body)).toContainEqual(['body', field]);
    }
    const blank = await errorOf(await suspend(dan, s.auth, {}));
    expect(blank.issues?.[0]?.message).toBe('Give a reason for the suspension.');
    const past = await errorOf(await suspend(dan, s.auth, { reason: 'Fine', until: '2000-01-01T00:00:00Z' }));
    expect(past.issues).toMatchObject([{ path: ['body', 'until'], message: 'Must be a time in the future.' }]);
    const malformed = await t.app.request(`/v1/users/${dan}/suspend`, { method: 'POST', headers: { ...s.auth, 'content-type': 'application/json' }, body: '{"reason":' });
    expect(malformed.status).toBe(400);
    expect(await row(dan)).toEqual(before);
    expect(await audits(s.tenantId, dan, 'user.suspended')).toEqual([]);
    expect((await call('/v1/auth/me', { cookie })).status).toBe(200);
  });

  it('another tenant’s user, an unknown or malformed id: 404, nothing changes', async () => {
    const s = await adminSession(t, 'Iso Suspend Co', PROFILE);
    const other = await adminSession(t, 'Iso Suspend Other', PROFILE);
    const eve = await person(other.tenantId, 'eve@iso-suspend.example');
    const before = await row(eve);
    for (const id of [eve, '00000000-0000-4000-8000-000000000000', 'nope']) {
      expect((await errorOf(await suspend(id, s.auth, { reason: 'No' }))).status).toBe(404);
      expect((await errorOf(await unsuspend(id, s.auth))).status).toBe(404);
    }
    expect(await row(eve)).toEqual(before);
    await cookieOf(other.tenantId, 'eve@iso-suspend.example');
  });

  it('not oneself, never the Root Admin, never a higher admin, never a deactivated user; a co-managed user may not', async () => {
    const s = await adminSession(t, 'Policy Suspend Co', PROFILE);
    const [org] = await insertOrganizations(t.services.db, s.tenantId, ['Client']);
    const sys = await person(s.tenantId, 'sys@policy.example');
    const helpdesk = await person(s.tenantId, 'help@policy.example');
    const plain = await person(s.tenantId, 'plain@policy.example');
    const gone = await person(s.tenantId, 'gone@policy.example', { status: 'deactivated' });
    const carl = await person(s.tenantId, 'carl@policy.example', { kind: 'end_user', organization_id: org!.id });
    await assignRoles(t.services.db, s.tenantId, [
      { userId: sys, roleId: await roleId(t, s.tenantId, 'system_admin') },
      { userId: carl, roleId: await roleId(t, s.tenantId, 'co_managed_user') },
    ]);
    const [desk] = await insertRoles(t.services.db, [{ tenant_id: s.tenantId, key: null, name: 'Help desk', permissions: ['users.read', 'users.write', 'users.deactivate', 'organizations.read', 'org.access.all'] }]);
    await assignRoles(t.services.db, s.tenantId, [{ userId: helpdesk, roleId: desk!.id }]);
    const as = async (id: string) => ({ authorization: `Bearer ${await widgetToken(t, s.access, id)}` });
    const sysAuth = await as(sys);
    const deskAuth = await as(helpdesk);
    const carlAuth = await as(carl);
    expect((await errorOf(await suspend(sys, sysAuth, { reason: 'Me' }))).status).toBe(403);
    expect((await errorOf(await suspend(s.created.rootAdmin.id, sysAuth, { reason: 'Root' }))).status).toBe(403);
    const higher = await errorOf(await suspend(sys, deskAuth, { reason: 'Up' }));
    expect(higher.status).toBe(403);
    expect(higher.message).toContain('admin permissions you do not');
    expect((await errorOf(await suspend(plain, carlAuth, { reason: 'Co' }))).status).toBe(403);
    expect((await errorOf(await suspend(gone, sysAuth, { reason: 'Gone' }))).status).toBe(409);
    for (const id of [sys, s.created.rootAdmin.id, plain, gone]) expect((await row(id)).suspended_at).toBe(null);
    // The help desk may suspend someone holding no more than it does.
    expect((await suspend(plain, deskAuth, { reason: 'Ok' })).status).toBe(200);
    expect((await errorOf(await unsuspend(plain, carlAuth))).status).toBe(403);
    expect((await unsuspend(plain, deskAuth)).status).toBe(200);
  });
});
