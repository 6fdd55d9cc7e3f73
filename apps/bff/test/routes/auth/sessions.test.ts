import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionList } from '@roster/contract';
import { adminSession, createTestContext, dialects, errorOf, insertUsers, json, roleId, userRow, widgetToken, type TestContext } from '../../support.js';
import { assignRoles } from '../../../src/db/repositories/roles.repository.js';
import { insertOrganizations } from '../../../src/db/repositories/organizations.repository.js';
import { hashPassword } from '../../../src/auth/passwords.js';

const PASSWORD = 'correct horse battery';
/** 2FA optional here, so a sign-in needs only the password; no lockout, so the tests never trip it. */
const PROFILE = { preset: 'default', mfaRequired: false, lockoutThreshold: null };
let addressCounter = 0;
/** Each sign-in from its own loopback address (the rate limiter keys on it), recorded with the session. */
const from = () => ({ incoming: { socket: { remoteAddress: `127.3.0.${++addressCounter}` } } });

describe.each(dialects)('sessions on %s', (dialect) => {
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
  /** Signs in from a browser of its own; returns the session cookie. */
  async function signIn(tenantId: string, login: string, userAgent = 'TestBrowser/1.0') {
    const res = await t.app.request('/v1/auth/login', json({ tenantId, login, password: PASSWORD }, { 'user-agent': userAgent }), from());
    expect(res.status).toBe(200);
    return res.headers.get('set-cookie')!.split(';')[0]!;
  }
  const call = (path: string, headers: Record<string, string>, init: RequestInit = {}) => t.app.request(path, { ...init, headers: { ...headers, ...(init.headers as Record<string, string> | undefined) } });
  const list = async (path: string, headers: Record<string, string>) => {
    const res = await call(path, headers);
    expect(res.status).toBe(200);
    return ((await res.json()) as SessionList).items;
  };
  const audits = (tenantId: string, targetId: string) =>
    t.services.db.selectFrom('audit_events').select(['actor_id', 'after']).where('tenant_id', '=', tenantId).where('target_id', '=', targetId).where('action', '=', 'user.sessions_revoked').orderBy('id').execute();

  describe('one’s own sessions', () => {
    it('lists the live sessions with browser and address, the requesting one marked current', async () => {
      const s = await adminSession(t, 'Own List', PROFILE);
      await person(s.tenantId, 'ann@own.example');
      const laptop = await signIn(s.tenantId, 'ann@own.example', 'Laptop/1.0');
      await signIn(s.tenantId, 'ann@own.example', 'Phone/2.0');
      const items = await list('/v1/auth/sessions', { cookie: laptop });
      expect(items).toHaveLength(2);
      const current = items.filter((i) => i.current);
      expect(current).toHaveLength(1);
      expect(current[0]).toMatchObject({ userAgent: 'Laptop/1.0' });
      expect(current[0]!.address).toMatch(/^127\.3\.0\.\d+$/);
      expect(items.map((i) => i.userAgent).sort()).toEqual(['Laptop/1.0', 'Phone/2.0']);
    });

    it('records "last used" on a request, and writes it again only after a minute', async () => {
      const s = await adminSession(t, 'Own Touch', PROFILE);
      const ann = await person(s.tenantId, 'ann@touch.example');
      const cookie = await signIn(s.tenantId, 'ann@touch.example');
      /** The column in ms (null when unset), whatever type the dialect hands back. */
      const lastUsed = async () => {
        const { last_used_at: at } = await t.services.db.selectFrom('sessions').select('last_used_at').where('user_id', '=', ann).executeTakeFirstOrThrow();
        return at === null ? null : new Date(at).getTime();
      };
      expect(await lastUsed()).toBeNull();
      await list('/v1/auth/sessions', { cookie });
      const first = await lastUsed();
      expect(first).not.toBeNull();
      await list('/v1/auth/sessions', { cookie });
      expect(await lastUsed()).toBe(first);
      // A minute later the next request moves it.
      await t.services.db.updateTable('sessions').set({ last_used_at: new Date(Date.now() - 61_000).toISOString() }).where('user_id', '=', ann).execute();
      await list('/v1/auth/sessions', { cookie });
      expect(await lastUsed()).toBeGreaterThan(Date.now() - 10_000);
    });

    it('ends one session: the next request with it is refused, the others go on; audited', async () => {
      const s = await adminSession(t, 'Own One', PROFILE);
      const ann = await person(s.tenantId, 'ann@one.example');
      const laptop = await signIn(s.tenantId, 'ann@one.example', 'Laptop/1.0');
      const phone = await signIn(s.tenantId, 'ann@one.example', 'Phone/2.0');
      const phoneId = (await list('/v1/auth/sessions', { cookie: laptop })).find((i) => i.userAgent === 'Phone/2.0')!.id;
      expect((await call('/v1/auth/me', { cookie: phone })).status).toBe(200);
      expect((await call(`/v1/auth/sessions/${phoneId}`, { cookie: laptop }, { method: 'DELETE' })).status).toBe(204);
      expect((await errorOf(await call('/v1/auth/me', { cookie: phone }))).status).toBe(401);
      expect((await call('/v1/auth/me', { cookie: laptop })).status).toBe(200);
      // Ended already: 404, like an unknown id; a malformed id is a 404 too.
      expect((await call(`/v1/auth/sessions/${phoneId}`, { cookie: laptop }, { method: 'DELETE' })).status).toBe(404);
      expect((await call('/v1/auth/sessions/not-an-id', { cookie: laptop }, { method: 'DELETE' })).status).toBe(404);
      expect(await audits(s.tenantId, ann)).toEqual([{ actor_id: ann, after: { scope: 'one', sessionIds: [phoneId] } }]);
    });

    it('signs out everywhere else, keeping the current session; with includeCurrent, this one and widget tokens too', async () => {
      const s = await adminSession(t, 'Own All', PROFILE);
      const ann = await person(s.tenantId, 'ann@all.example');
      const a = await signIn(s.tenantId, 'ann@all.example');
      const b = await signIn(s.tenantId, 'ann@all.example');
      const c = await signIn(s.tenantId, 'ann@all.example');
      const res = await call('/v1/auth/sessions/revoke-all', { cookie: a }, { method: 'POST' });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ revoked: 2 });
      expect((await call('/v1/auth/me', { cookie: b })).status).toBe(401);
      expect((await call('/v1/auth/me', { cookie: c })).status).toBe(401);
      expect(await list('/v1/auth/sessions', { cookie: a })).toHaveLength(1);

      const widget = { authorization: `Bearer ${await widgetToken(t, s.access, ann)}` };
      expect((await call('/v1/auth/me', widget)).status).toBe(200);
      await new Promise((r) => setTimeout(r, 1100)); // a token's iat has whole seconds: the cut is at the next one
      const all = await call('/v1/auth/sessions/revoke-all', { cookie: a, 'content-type': 'application/json' }, { method: 'POST', body: JSON.stringify({ includeCurrent: true }) });
      expect(await all.json()).toEqual({ revoked: 1 });
      expect((await call('/v1/auth/me', { cookie: a })).status).toBe(401);
      expect((await call('/v1/auth/me', widget)).status).toBe(401);
      expect((await audits(s.tenantId, ann)).map((e) => (e.after as { scope: string }).scope)).toEqual(['others', 'everywhere']);
    });

    it('with a widget token lists the person’s sessions, none current, and signs them all out', async () => {
      const s = await adminSession(t, 'Own Widget', PROFILE);
      const ann = await person(s.tenantId, 'ann@widget.example');
      const cookie = await signIn(s.tenantId, 'ann@widget.example');
      const widget = { authorization: `Bearer ${await widgetToken(t, s.access, ann)}` };
      const items = await list('/v1/auth/sessions', widget);
      expect(items).toHaveLength(1);
      expect(items[0]!.current).toBe(false);
      expect(await (await call('/v1/auth/sessions/revoke-all', widget, { method: 'POST' })).json()).toEqual({ revoked: 1 });
      expect((await call('/v1/auth/me', { cookie })).status).toBe(401);
      expect((await call('/v1/auth/me', widget)).status).toBe(200);
    });

    it('refuses a bad body (422 naming the field) and changes nothing', async () => {
      const s = await adminSession(t, 'Own Bad', PROFILE);
      await person(s.tenantId, 'ann@bad.example');
      const a = await signIn(s.tenantId, 'ann@bad.example');
      const b = await signIn(s.tenantId, 'ann@bad.example');
      const e = await errorOf(await call('/v1/auth/sessions/revoke-all', { cookie: a, 'content-type': 'application/json' }, { method: 'POST', body: JSON.stringify({ includeCurrent: 'yes' }) }));
      expect(e.status).toBe(422);
      expect(e.issues!.map((i) => i.path)).toEqual([['body', 'includeCurrent']]);
      expect((await call('/v1/auth/me', { cookie: b })).status).toBe(200);
    });

    it('cannot end another person’s session, nor one of another tenant (404, nothing ends)', async () => {
      const s = await adminSession(t, 'Own Other', PROFILE);
      const other = await adminSession(t, 'Own Other Tenant', PROFILE);
      await person(s.tenantId, 'ann@other.example');
      await person(s.tenantId, 'bob@other.example');
      await person(other.tenantId, 'cat@other.example');
      const ann = await signIn(s.tenantId, 'ann@other.example');
      const bob = await signIn(s.tenantId, 'bob@other.example');
      const cat = await signIn(other.tenantId, 'cat@other.example');
      const bobId = (await list('/v1/auth/sessions', { cookie: bob }))[0]!.id;
      const catId = (await list('/v1/auth/sessions', { cookie: cat }))[0]!.id;
      for (const id of [bobId, catId]) expect((await call(`/v1/auth/sessions/${id}`, { cookie: ann }, { method: 'DELETE' })).status).toBe(404);
      expect((await call('/v1/auth/me', { cookie: bob })).status).toBe(200);
      expect((await call('/v1/auth/me', { cookie: cat })).status).toBe(200);
      expect((await list('/v1/auth/sessions', { cookie: ann })).map((i) => i.id)).not.toContain(bobId);
    });

    it('is for people, not integration clients (403)', async () => {
      const s = await adminSession(t, 'Own Client', PROFILE);
      expect((await errorOf(await call('/v1/auth/sessions', { authorization: `Bearer ${s.access}` }))).status).toBe(403);
    });
  });

  describe('a user’s sessions on the admin’s side', () => {
    it('lists them and signs the user out everywhere: sessions and widget tokens end; audited', async () => {
      const s = await adminSession(t, 'Admin All', PROFILE);
      const ann = await person(s.tenantId, 'ann@admin.example');
      const a = await signIn(s.tenantId, 'ann@admin.example');
      const b = await signIn(s.tenantId, 'ann@admin.example');
      const widget = { authorization: `Bearer ${await widgetToken(t, s.access, ann)}` };
      const items = await list(`/v1/users/${ann}/sessions`, s.auth);
      expect(items).toHaveLength(2);
      expect(items.every((i) => !i.current)).toBe(true);
      await new Promise((r) => setTimeout(r, 1100));
      const res = await call(`/v1/users/${ann}/sessions`, s.auth, { method: 'DELETE' });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ revoked: 2 });
      for (const h of [{ cookie: a }, { cookie: b }, widget]) expect((await call('/v1/auth/me', h)).status).toBe(401);
      expect(await list(`/v1/users/${ann}/sessions`, s.auth)).toEqual([]);
      const [event] = await audits(s.tenantId, ann);
      expect(event).toMatchObject({ actor_id: s.created.rootAdmin.id, after: { scope: 'everywhere' } });
    });

    it('ends one session of a user; bad and foreign ids are 404 and end nothing', async () => {
      const s = await adminSession(t, 'Admin One', PROFILE);
      const ann = await person(s.tenantId, 'ann@adminone.example');
      const bob = await person(s.tenantId, 'bob@adminone.example');
      const a = await signIn(s.tenantId, 'ann@adminone.example');
      const b = await signIn(s.tenantId, 'bob@adminone.example');
      const [annSession] = await list(`/v1/users/${ann}/sessions`, s.auth);
      const [bobSession] = await list(`/v1/users/${bob}/sessions`, s.auth);
      // Bob's session under Ann's id, a malformed id, an unknown user: 404, nothing ends.
      expect((await call(`/v1/users/${ann}/sessions/${bobSession!.id}`, s.auth, { method: 'DELETE' })).status).toBe(404);
      expect((await call(`/v1/users/${ann}/sessions/nope`, s.auth, { method: 'DELETE' })).status).toBe(404);
      expect((await call(`/v1/users/nope/sessions`, s.auth)).status).toBe(404);
      expect((await call(`/v1/users/00000000-0000-4000-8000-000000000000/sessions`, s.auth, { method: 'DELETE' })).status).toBe(404);
      expect((await call('/v1/auth/me', { cookie: b })).status).toBe(200);
      expect((await call(`/v1/users/${ann}/sessions/${annSession!.id}`, s.auth, { method: 'DELETE' })).status).toBe(204);
      expect((await call('/v1/auth/me', { cookie: a })).status).toBe(401);
      expect((await call('/v1/auth/me', { cookie: b })).status).toBe(200);
    });

    it('keeps tenants apart: another tenant’s user and session are 404 and end nothing', async () => {
      const s = await adminSession(t, 'Admin Iso', PROFILE);
      const other = await adminSession(t, 'Admin Iso Other', PROFILE);
      const cat = await person(other.tenantId, 'cat@iso.example');
      const cookie = await signIn(other.tenantId, 'cat@iso.example');
      const [catSession] = await list(`/v1/users/${cat}/sessions`, other.auth);
      expect((await call(`/v1/users/${cat}/sessions`, s.auth)).status).toBe(404);
      expect((await call(`/v1/users/${cat}/sessions`, s.auth, { method: 'DELETE' })).status).toBe(404);
      expect((await call(`/v1/users/${cat}/sessions/${catSession!.id}`, s.auth, { method: 'DELETE' })).status).toBe(404);
      expect((await call('/v1/auth/me', { cookie })).status).toBe(200);
    });

    it('a co-managed user sees their own organization’s users’ sessions, not another organization’s; cannot end them', async () => {
      const s = await adminSession(t, 'Admin Scope', PROFILE);
      const [one, two] = await insertOrganizations(t.services.db, s.tenantId, ['One', 'Two']);
      const carl = await person(s.tenantId, 'carl@scope.example', { kind: 'end_user', organization_id: one!.id });
      const inOne = await person(s.tenantId, 'ina@scope.example', { kind: 'end_user', organization_id: one!.id });
      const inTwo = await person(s.tenantId, 'otto@scope.example', { kind: 'end_user', organization_id: two!.id });
      await assignRoles(t.services.db, s.tenantId, [{ userId: carl, roleId: await roleId(t, s.tenantId, 'co_managed_user') }]);
      await signIn(s.tenantId, 'ina@scope.example');
      const ottoCookie = await signIn(s.tenantId, 'otto@scope.example');
      const auth = { authorization: `Bearer ${await widgetToken(t, s.access, carl)}` };
      expect(await list(`/v1/users/${inOne}/sessions`, auth)).toHaveLength(1);
      expect((await call(`/v1/users/${inTwo}/sessions`, auth)).status).toBe(404);
      // users.reset_credentials is not the co-managed user's: 403 before any row is looked at.
      expect((await call(`/v1/users/${inOne}/sessions`, auth, { method: 'DELETE' })).status).toBe(403);
      expect((await call(`/v1/users/${inTwo}/sessions`, auth, { method: 'DELETE' })).status).toBe(403);
      expect((await call('/v1/auth/me', { cookie: ottoCookie })).status).toBe(200);
    });

    it('only the Root Admin signs the Root Admin out', async () => {
      const s = await adminSession(t, 'Admin Root', PROFILE);
      const sys = await person(s.tenantId, 'sys@root.example');
      await assignRoles(t.services.db, s.tenantId, [{ userId: sys, roleId: await roleId(t, s.tenantId, 'system_admin') }]);
      const auth = { authorization: `Bearer ${await widgetToken(t, s.access, sys)}` };
      const e = await errorOf(await call(`/v1/users/${s.created.rootAdmin.id}/sessions`, auth, { method: 'DELETE' }));
      expect(e.status).toBe(403);
      expect(await audits(s.tenantId, s.created.rootAdmin.id)).toEqual([]);
    });
  });
});
