import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { adminSession, createTestContext, dialects, errorOf, insertUsers, json, PLATFORM_KEY, roleId, type TestContext, userRow, widgetToken } from '../../support.js';
import { assignRoles } from '../../../src/db/repositories/roles.repository.js';
import { auditEndedImpersonations } from '../../../src/services/impersonation.service.js';

const CREDENTIALS_REFUSED = 'Credentials cannot be changed in a "view as" session: only the person can change their password, two-factor methods, passkeys or email.';

describe.each(dialects)('impersonation ("view as", POST /v1/users/:id/impersonate) on %s', (dialect) => {
  let t: TestContext;
  let a: Awaited<ReturnType<typeof adminSession>>;
  let orgA: string;
  let orgB: string;
  let ann: string;
  let bob: string;
  let gone: string;
  let tech: string;
  let admin: string;
  let other: string;
  /** Adam, an administrator the Root Admin gave users.impersonate: the support person. */
  let support: Record<string, string>;
  const db = () => t.services.platformDb;
  const impersonate = (id: string, body: unknown, auth: Record<string, string> = support) =>
    t.app.request(`/v1/users/${id}/impersonate`, { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body: body === undefined ? '' : JSON.stringify(body) });
  const sessions = async () => Number((await db().selectFrom('sessions').select((eb) => eb.fn.countAll<string>().as('n')).where('impersonator_id', 'is not', null).executeTakeFirstOrThrow()).n);
  /** Opens the link as a browser would; the cookie it set. */
  async function land(url: string) {
    const res = await t.app.request(new URL(url).pathname + new URL(url).search);
    const cookie = /roster_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
    return { res, cookie: cookie ? `roster_session=${cookie}` : '' };
  }

  beforeAll(async () => {
    t = await createTestContext(dialect);
    a = await adminSession(t, 'Alpha');
    const mk = async (name: string) => ((await (await t.app.request('/v1/organizations', json({ name }, a.auth))).json()) as { id: string }).id;
    orgA = await mk('Org A');
    orgB = await mk('Org B');
    await insertUsers(t, [
      userRow(a.tenantId, { first_name: 'Ann', last_name: 'InA', email: 'ann@a.example', kind: 'end_user', organization_id: orgA, password_hash: 'unchanged' }),
      userRow(a.tenantId, { first_name: 'Bob', last_name: 'InB', email: 'bob@b.example', kind: 'end_user', organization_id: orgB }),
      userRow(a.tenantId, { first_name: 'Gone', last_name: 'InA', email: 'gone@a.example', kind: 'end_user', organization_id: orgA, status: 'deactivated' }),
      userRow(a.tenantId, { first_name: 'Tess', last_name: 'Tech', email: 'tess@a.example', kind: 'technician' }),
      userRow(a.tenantId, { first_name: 'Adam', last_name: 'Admin', email: 'adam@a.example', kind: 'technician' }),
      userRow(a.tenantId, { first_name: 'Ada', last_name: 'Other', email: 'ada@a.example', kind: 'technician' }),
    ]);
    const id = async (email: string) => (await db().selectFrom('users').select('id').where('email_normalized', '=', email).executeTakeFirstOrThrow()).id;
    [ann, bob, gone, tech, admin, other] = (await Promise.all(['ann@a.example', 'bob@b.example', 'gone@a.example', 'tess@a.example', 'adam@a.example', 'ada@a.example'].map(id))) as [string, string, string, string, string, string];
    const sysAdmin = await roleId(t, a.tenantId, 'system_admin');
    await assignRoles(db(), a.tenantId, [{ userId: admin, roleId: sysAdmin }, { userId: other, roleId: sysAdmin }]);
    // The Root Admin gives it on purpose (no built-in role holds it, so nobody holds it first; only the Root Admin gives it).
    const given = await t.app.request(`/v1/users/${admin}/roles`, { method: 'PUT', headers: { 'content-type': 'application/json', ...a.auth }, body: JSON.stringify({ roleIds: [sysAdmin], permissions: ['users.impersonate'] }) });
    if (given.status !== 200) throw new Error(`grant failed: ${given.status} ${await given.text()}`);
    support = { authorization: `Bearer ${await widgetToken(t, a.access, admin)}` };
  });
  afterAll(async () => t?.close());

  it('is never granted by default: not even the Root Admin holds users.impersonate, and nothing is started', async () => {
    const e = await errorOf(await impersonate(ann, { minutes: 5 }, a.auth));
    expect(e.status).toBe(403);
    expect(e.message).toContain('users.impersonate');
    expect(await sessions()).toBe(0);
    const roles = await db().selectFrom('roles').select(['key', 'permissions']).where('tenant_id', '=', a.tenantId).execute();
    for (const r of roles) expect(r.permissions, String(r.key)).not.toContain('users.impersonate');
  });

  it('only the Root Admin gives it: another administrator (roles.manage) cannot give it to themself, another user or a role', async () => {
    const otherAuth = { authorization: `Bearer ${await widgetToken(t, a.access, other)}` };
    const sysAdmin = await roleId(t, a.tenantId, 'system_admin');
    const self = await errorOf(await t.app.request(`/v1/users/${other}/roles`, { method: 'PUT', headers: { 'content-type': 'application/json', ...otherAuth }, body: JSON.stringify({ roleIds: [sysAdmin], permissions: ['users.impersonate'] }) }));
    expect(self.status).toBe(422);
    expect(self.issues?.[0]?.path).toEqual(['body', 'permissions', 0]);
    const role = await errorOf(await t.app.request('/v1/roles', json({ name: 'Viewers', permissions: ['users.read', 'users.impersonate'] }, otherAuth)));
    expect(role.status).toBe(422);
    expect(role.issues?.[0]?.path).toEqual(['body', 'permissions', 1]);
    const held = await db().selectFrom('user_permissions').select('permission').where('user_id', '=', other).execute();
    expect(held.map((r) => r.permission)).toEqual([]);
  });

  it('views as an end user: a single-use link, a session marked with the admin, landing on /account, credential changes refused, every audit entry naming both, the end audited, the user told afterwards', async () => {
    const res = await impersonate(ann, { minutes: 5 });
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const started = (await res.json()) as { url: string; sessionId: string; expiresAt: string };
    expect(started.url.startsWith('https://roster.test/v1/auth/impersonation?token=')).toBe(true);
    const minutes = (Date.parse(started.expiresAt) - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(4.9);
    expect(minutes).toBeLessThanOrEqual(5);
    const startAudit = await db().selectFrom('audit_events').select(['actor_id', 'target_id', 'after']).where('action', '=', 'user.impersonation_started').execute();
    expect(startAudit).toHaveLength(1);
    expect(startAudit[0]).toMatchObject({ actor_id: admin, target_id: ann, after: { sessionId: started.sessionId, minutes: 5 } });
    // The user is told by email, once the session has ended (queued now, due at its end).
    const mail = await db().selectFrom('email_outbox').select(['to_address', 'subject', 'text_body', 'next_attempt_at', 'sent_at']).where('template', '=', 'impersonated').execute();
    expect(mail).toHaveLength(1);
    expect(mail[0]!.to_address).toBe('ann@a.example');
    expect(mail[0]!.text_body).toContain('Adam Admin viewed your account');
    expect(Math.abs(Date.parse(String(mail[0]!.next_attempt_at)) - Date.parse(started.expiresAt))).toBeLessThan(1000);

    // The link's token is no cookie: the session works only once the link was opened.
    const token = new URL(started.url).searchParams.get('token')!;
    expect((await t.app.request('/v1/auth/me', { headers: { cookie: `roster_session=${token}` } })).status).toBe(401);
    const { res: landed, cookie } = await land(started.url);
    expect(landed.status).toBe(303);
    expect(landed.headers.get('location')).toBe('/account');
    expect(cookie).toMatch(/^roster_session=rss_/);
    const again = await errorOf((await land(started.url)).res);
    expect(again.status).toBe(404);
    expect(again.issues?.[0]?.path).toEqual(['query', 'token']);

    const me = (await (await t.app.request('/v1/auth/me', { headers: { cookie } })).json()) as { id: string };
    expect(me.id).toBe(ann);
    const own = (await (await t.app.request('/v1/auth/sessions', { headers: { cookie } })).json()) as { items: { id: string; current: boolean; impersonatedBy: string | null }[] };
    expect(own.items.find((s) => s.current)).toMatchObject({ id: started.sessionId, impersonatedBy: admin });
    // The admin sees it marked on the user's page too.
    const listed = (await (await t.app.request(`/v1/users/${ann}/sessions`, { headers: a.auth })).json()) as { items: { id: string; impersonatedBy: string | null }[] };
    expect(listed.items.find((s) => s.id === started.sessionId)?.impersonatedBy).toBe(admin);

    // Credential changes: refused with a message that says why, nothing changed.
    const post = (path: string, body: unknown) => t.app.request(path, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify(body) });
    for (const [path, body] of [
      ['/v1/auth/change-password', { currentPassword: 'x', newPassword: 'another long password' }],
      ['/v1/auth/mfa/enrolment', { password: 'x' }],
      ['/v1/auth/recovery-codes', { password: 'x' }],
      ['/v1/auth/webauthn/registration', { password: 'x' }],
    ] as const) {
      const e = await errorOf(await post(path, body));
      expect(e.status, path).toBe(403);
      expect(e.message, path).toBe(CREDENTIALS_REFUSED);
    }
    const removeKey = await errorOf(await t.app.request('/v1/auth/webauthn/credentials/00000000-0000-4000-8000-000000000000', { method: 'DELETE', headers: { cookie } }));
    expect(removeKey.message).toBe(CREDENTIALS_REFUSED);
    expect((await db().selectFrom('users').select('password_hash').where('id', '=', ann).executeTakeFirstOrThrow()).password_hash).toBe('unchanged');

    // An action inside is audited as the user, naming the admin too.
    expect((await post('/v1/auth/sessions/revoke-all', {})).status).toBe(200);
    const inside = await db().selectFrom('audit_events').select(['actor_type', 'actor_id', 'impersonator_id']).where('action', '=', 'user.sessions_revoked').where('target_id', '=', ann).execute();
    expect(inside).toEqual([{ actor_type: 'user', actor_id: ann, impersonator_id: admin }]);
    const api = (await (await t.app.request(`/v1/audit-events?targetId=${ann}`, { headers: a.auth })).json()) as { items: { action: string; impersonatedBy?: string | null }[] };
    expect(api.items.find((e) => e.action === 'user.sessions_revoked')?.impersonatedBy).toBe(admin);

    // Signing out ends it, audited with both identities; the cookie no longer works.
    expect((await t.app.request('/v1/auth/logout', { method: 'POST', headers: { cookie } })).status).toBe(204);
    const ended = await db().selectFrom('audit_events').select(['actor_id', 'impersonator_id', 'action']).where('action', 'in', ['user.impersonation_landed', 'user.impersonation_ended']).orderBy('id').execute();
    expect(ended).toEqual([
      { actor_id: ann, impersonator_id: admin, action: 'user.impersonation_landed' },
      { actor_id: ann, impersonator_id: admin, action: 'user.impersonation_ended' },
    ]);
    expect((await t.app.request('/v1/auth/me', { headers: { cookie } })).status).toBe(401);
  });

  it('ends by itself: an expired session is refused, and so is its unopened link', async () => {
    const started = (await (await impersonate(ann, {})).json()) as { url: string; sessionId: string; expiresAt: string };
    expect(Math.round((Date.parse(started.expiresAt) - Date.now()) / 60_000)).toBe(15);
    const { cookie } = await land(started.url);
    expect((await t.app.request('/v1/auth/me', { headers: { cookie } })).status).toBe(200);
    await db().updateTable('sessions').set({ expires_at: sql<string>`now() - interval '1 second'` }).where('id', '=', started.sessionId).execute();
    expect((await t.app.request('/v1/auth/me', { headers: { cookie } })).status).toBe(401);
    const unopened = (await (await impersonate(ann, { minutes: 1 })).json()) as { url: string; sessionId: string };
    await db().updateTable('sessions').set({ expires_at: sql<string>`now() - interval '1 second'` }).where('id', '=', unopened.sessionId).execute();
    expect((await land(unopened.url)).res.status).toBe(404);
  });

  /** The `user.impersonation_ended` entries of one "view as" session. */
  const endsOf = async (sessionId: string) =>
    (await db().selectFrom('audit_events').select(['actor_type', 'actor_id', 'impersonator_id', 'target_id', 'after']).where('action', '=', 'user.impersonation_ended').orderBy('id').execute()).filter(
      (e) => (e.after as { sessionId?: string } | null)?.sessionId === sessionId,
    );
  const tidy = async () => {
    let n = 0;
    for (let r = await auditEndedImpersonations(db()); r.ended > 0; r = await auditEndedImpersonations(db())) n += r.ended;
    return n;
  };

  it('its end is audited once with both identities and the reason: signed out, ended by an administrator, run out of time (the tidy worker)', async () => {
    const start = async (minutes = 5) => {
      const started = (await (await impersonate(ann, { minutes })).json()) as { url: string; sessionId: string };
      const { cookie } = await land(started.url);
      expect((await t.app.request('/v1/auth/me', { headers: { cookie } })).status).toBe(200);
      return { ...started, cookie };
    };
    const both = { target_id: ann, impersonator_id: admin };

    // Signed out from inside it.
    const out = await start();
    expect((await t.app.request('/v1/auth/logout', { method: 'POST', headers: { cookie: out.cookie } })).status).toBe(204);
    expect(await endsOf(out.sessionId)).toMatchObject([{ ...both, actor_type: 'user', actor_id: ann, after: { reason: 'signed_out', userId: ann, impersonatorId: admin, landed: true } }]);

    // Ended by an administrator on the user's page (DELETE /v1/users/:id/sessions/:sessionId): the cookie stops working.
    const ended = await start();
    expect((await t.app.request(`/v1/users/${ann}/sessions/${ended.sessionId}`, { method: 'DELETE', headers: a.auth })).status).toBe(204);
    expect((await t.app.request('/v1/auth/me', { headers: { cookie: ended.cookie } })).status).toBe(401);
    expect(await endsOf(ended.sessionId)).toMatchObject([{ ...both, actor_type: 'user', actor_id: a.created.rootAdmin.id, after: { reason: 'ended_by_admin' } }]);
    // "Sign out everywhere" ends one too, and one not yet opened.
    const everywhere = await start();
    const unopened = (await (await impersonate(ann, { minutes: 5 })).json()) as { url: string; sessionId: string };
    expect((await t.app.request(`/v1/users/${ann}/sessions`, { method: 'DELETE', headers: a.auth })).status).toBe(200);
    expect(await endsOf(everywhere.sessionId)).toMatchObject([{ ...both, actor_id: a.created.rootAdmin.id, after: { reason: 'ended_by_admin', landed: true } }]);
    expect(await endsOf(unopened.sessionId)).toMatchObject([{ ...both, after: { reason: 'ended_by_admin', landed: false } }]);

    // Run out of time: refused at once, audited by the tidy worker (by the system), once; a running one is left alone.
    const lapsed = await start();
    const running = await start();
    await db().updateTable('sessions').set({ expires_at: sql<string>`now() - interval '1 second'` }).where('id', '=', lapsed.sessionId).execute();
    expect((await t.app.request('/v1/auth/me', { headers: { cookie: lapsed.cookie } })).status).toBe(401);
    expect(await tidy()).toBeGreaterThanOrEqual(1);
    expect(await endsOf(lapsed.sessionId)).toMatchObject([{ ...both, actor_type: 'system', actor_id: null, after: { reason: 'expired', landed: true } }]);
    expect(await endsOf(running.sessionId)).toEqual([]);
    expect(await tidy()).toBe(0);
    // Nothing is audited twice: the ones ended by a request are not the worker's.
    for (const id of [out.sessionId, ended.sessionId, everywhere.sessionId, unopened.sessionId, lapsed.sessionId]) expect(await endsOf(id), id).toHaveLength(1);
    // Signing out of an ended session audits nothing more.
    expect((await t.app.request('/v1/auth/logout', { method: 'POST', headers: { cookie: lapsed.cookie } })).status).toBe(204);
    expect(await endsOf(lapsed.sessionId)).toHaveLength(1);
    expect((await t.app.request('/v1/auth/logout', { method: 'POST', headers: { cookie: running.cookie } })).status).toBe(204);
  });

  it.each([
    ['a technician', () => tech, 403],
    ['an administrator', () => other, 403],
    ['the Root Admin', () => a.created.rootAdmin.id, 403],
    ['oneself', () => admin, 403],
    ['a deactivated end user', () => gone, 409],
    ['an unknown user', () => '00000000-0000-4000-8000-000000000000', 404],
    ['an id that is no UUID', () => 'nope', 404],
  ])('refuses %s, starting nothing', async (_what, target, status) => {
    const before = await sessions();
    expect((await errorOf(await impersonate(target(), { minutes: 5 }))).status).toBe(status);
    expect(await sessions()).toBe(before);
  });

  it('is scoped to the organizations the admin sees: an end user of another organization is not there (404)', async () => {
    const bound = await widgetToken(t, a.access, admin, { organizationId: orgA });
    const before = await sessions();
    expect((await impersonate(bob, { minutes: 5 }, { authorization: `Bearer ${bound}` })).status).toBe(404);
    expect(await sessions()).toBe(before);
    expect((await impersonate(ann, { minutes: 5 }, { authorization: `Bearer ${bound}` })).status).toBe(201);
  });

  it('is not started by an app, nor from inside a "view as" session', async () => {
    const app = await t.app.request('/v1/users/' + ann + '/impersonate', { method: 'POST', headers: { authorization: `Bearer ${a.access}` } });
    expect(app.status).toBe(403);
  });

  it.each([
    ['0 minutes', { minutes: 0 }, ['body', 'minutes']],
    ['61 minutes', { minutes: 61 }, ['body', 'minutes']],
    ['half a minute', { minutes: 0.5 }, ['body', 'minutes']],
    ['minutes as text', { minutes: '5' }, ['body', 'minutes']],
    ['an unknown field', { minutes: 5, as: 'root' }, ['body', 'as']],
  ])('refuses %s with 422 naming the field, starting nothing', async (_what, body, path) => {
    const before = await sessions();
    const e = await errorOf(await impersonate(ann, body));
    expect(e.status).toBe(422);
    expect(e.issues?.map((i) => i.path)).toContainEqual(path);
    expect(await sessions()).toBe(before);
  });

  it('a landing link that is missing or too long is refused with 400 naming query.token', async () => {
    for (const q of ['', '?token=' + 'x'.repeat(201)]) {
      const e = await errorOf(await t.app.request('/v1/auth/impersonation' + q));
      expect(e.status).toBe(400);
      expect(e.issues?.[0]?.path).toEqual(['query', 'token']);
    }
  });

  it('the profile decides: no email where it says so, and the landing page is the tenant’s', async () => {
    const g = await adminSession(t, 'Gamma', { preset: 'default', impersonationNotifiesUser: false, impersonationLandingUrl: 'https://portal.gamma.example/support-view' });
    const org = ((await (await t.app.request('/v1/organizations', json({ name: 'G' }, g.auth))).json()) as { id: string }).id;
    await insertUsers(t, [userRow(g.tenantId, { first_name: 'Gil', last_name: 'G', email: 'gil@g.example', kind: 'end_user', organization_id: org })]);
    const gil = (await db().selectFrom('users').select('id').where('email_normalized', '=', 'gil@g.example').executeTakeFirstOrThrow()).id;
    await sql`insert into user_permissions (tenant_id, user_id, permission) values (${g.tenantId}, ${g.created.rootAdmin.id}, 'users.impersonate')`.execute(db());
    const started = (await (await impersonate(gil, { minutes: 2 }, g.auth)).json()) as { url: string };
    expect((await land(started.url)).res.headers.get('location')).toBe('https://portal.gamma.example/support-view');
    expect(await db().selectFrom('email_outbox').select('id').where('template', '=', 'impersonated').where('tenant_id', '=', g.tenantId).execute()).toEqual([]);
  });

  it('refuses a landing URL that is not http(s) in the profile, naming it', async () => {
    const res = await t.app.request('/v1/platform/tenants', json({ name: 'Delta', profile: { impersonationLandingUrl: 'javascript:alert(1)' }, rootAdmin: { firstName: 'R', lastName: 'A', email: 'root@delta.example' } }, { authorization: `Bearer ${PLATFORM_KEY}` }));
    const e = await errorOf(res);
    expect(e.status).toBe(422);
    expect(e.issues?.map((i) => i.path.join('.'))).toContain('body.profile.impersonationLandingUrl');
  });
});
