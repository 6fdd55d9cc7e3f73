import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '@roster/contract';
import { createApp } from '../../../src/app.js';
import { servicesOf } from '../../../src/server.js';
import { createDb, type DbHandle } from '../../../src/db/create-db.js';
import { assignRoles } from '../../../src/db/repositories/roles.repository.js';
import { updateUserRow } from '../../../src/db/repositories/users.repository.js';
import { keptPrincipals } from '../../../src/middleware/gate/actor-cache.js';
import { adminSession, clientToken, createTestContext, dialects, insertUsers, json, userRow, widgetToken, type TestContext } from '../../support.js';

const req = (method: string, body: unknown, headers: Record<string, string>): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json', ...headers },
  ...(body === undefined ? {} : { body: JSON.stringify(body) }),
});

/**
 * A fleet of two: instance A makes the change, instance B — its own app, its own services and (on PostgreSQL) its
 * own connection pool over the same database — must refuse the caller on the very next request. B serves the caller
 * just before the change (and several times, so that its connections have planned and kept the gate's statement),
 * so a refusal can only come from reading the change. PGlite is one process's database: B shares A's handle there,
 * with nothing else in common.
 */
describe.each(dialects)('a revocation made on one instance is refused by another at once, on %s', (dialect) => {
  let t: TestContext;
  let other: DbHandle | undefined;
  let appB: ReturnType<typeof createApp>;
  let servicesB: ReturnType<typeof servicesOf>;
  beforeAll(async () => {
    t = await createTestContext(dialect);
    if (dialect === 'postgres') other = await createDb({ databaseUrl: t.databaseUrl!, poolSize: 3 });
    servicesB = servicesOf(other ?? t.handle, t.services.config);
    appB = createApp(servicesB);
  });
  afterAll(async () => {
    await other?.close();
    await t?.close();
  });

  /** Instance B's status for listing users, asked a few times (each time it must be the same). */
  async function statusOnB(headers: Record<string, string>, path = '/v1/users'): Promise<number> {
    const statuses = new Set<number>();
    for (let i = 0; i < 6; i++) statuses.add((await appB.request(path, { headers })).status);
    expect(statuses.size).toBe(1);
    return [...statuses][0]!;
  }

  /** An active user holding `roleIds` (and explicit `permissions`), with a widget token minted on instance A. */
  async function member(s: Awaited<ReturnType<typeof adminSession>>, email: string, roleIds: string[], permissions: string[] = []) {
    const [u] = await insertUsers(t, [userRow(s.tenantId, { email, status: 'active' })]);
    await assignRoles(t.services.db, s.tenantId, roleIds.map((r) => ({ userId: u!.id, roleId: r })));
    if (permissions.length) {
      await t.services.db.insertInto('user_permissions').values(permissions.map((permission) => ({ tenant_id: s.tenantId, user_id: u!.id, permission }))).execute();
    }
    return { id: u!.id, auth: { authorization: `Bearer ${await widgetToken(t, s.access, u!.id)}` } };
  }

  async function readerRole(s: Awaited<ReturnType<typeof adminSession>>, name: string): Promise<Role> {
    const res = await t.app.request('/v1/roles', json({ name, permissions: ['users.read', 'roles.read'] }, s.auth));
    expect(res.status).toBe(201);
    return (await res.json()) as Role;
  }

  /** A tenant and a member holding a custom role with users.read, whom B admits (checked before every change). */
  async function readerAdmittedByB(tenant: string, email: string) {
    const s = await adminSession(t, tenant);
    const role = await readerRole(s, 'Readers');
    const m = await member(s, email, [role.id]);
    expect(await statusOnB(m.auth)).toBe(200);
    return { s, role, m };
  }

  it('B keeps a widget token’s principal for the list (PostgreSQL) and checks it inside the list’s own statement', async () => {
    const { s, m } = await readerAdmittedByB('Kept Co', 'kept@kept.example');
    expect(keptPrincipals(servicesB) > 0).toBe(dialect === 'postgres');
    // A change to the caller that leaves their permissions and organizations as they were (the sessions’ cut moves
    // back): the check fails, the principal is loaded afresh, and the answer is the list, without a pause.
    await updateUserRow(t.services.db, s.tenantId, m.id, { sessions_valid_after: new Date(Date.now() - 3_600_000).toISOString() });
    expect(await statusOnB(m.auth)).toBe(200);
    // Their organizations change while B keeps them: the page built for the old ones is not answered (503, send
    // again at once), and the next request is answered for the new ones.
    const org = await t.app.request('/v1/organizations', json({ name: 'Kept Customers' }, s.auth));
    expect(org.status).toBe(201);
    const orgId = ((await org.json()) as { id: string }).id;
    const role = await readerRole(s, 'Scoped readers');
    expect((await t.app.request(`/v1/roles/${role.id}`, req('PATCH', { organizationIds: [orgId] }, s.auth))).status).toBe(200);
    expect((await t.app.request(`/v1/users/${m.id}/roles`, req('PUT', { roleIds: [role.id] }, s.auth))).status).toBe(200);
    const changed = await appB.request('/v1/users', { headers: m.auth });
    if (dialect === 'postgres') {
      expect(changed.status).toBe(503);
      expect(changed.headers.get('retry-after')).toBe('0');
    } else expect(changed.status).toBe(200);
    expect(await statusOnB(m.auth)).toBe(200);
  });

  it('a role taken away: B refuses the next request with 403', async () => {
    const { s, m } = await readerAdmittedByB('Taken Co', 'taken@taken.example');
    expect((await t.app.request(`/v1/users/${m.id}/roles`, req('PUT', { roleIds: [] }, s.auth))).status).toBe(200);
    expect(await statusOnB(m.auth)).toBe(403);
  });

  it('a role’s permissions edited: B refuses its holders’ next request with 403, and admits them again when restored', async () => {
    const { s, role, m } = await readerAdmittedByB('Edited Co', 'edited@edited.example');
    expect((await t.app.request(`/v1/roles/${role.id}`, req('PATCH', { permissions: ['roles.read'] }, s.auth))).status).toBe(200);
    expect(await statusOnB(m.auth)).toBe(403);
    expect(await statusOnB(m.auth, '/v1/roles')).toBe(200);
    expect((await t.app.request(`/v1/roles/${role.id}`, req('PATCH', { permissions: ['users.read', 'roles.read'] }, s.auth))).status).toBe(200);
    expect(await statusOnB(m.auth)).toBe(200);
  });

  it('an explicit permission removed: B refuses the next request with 403', async () => {
    const s = await adminSession(t, 'Explicit Co');
    const m = await member(s, 'explicit@explicit.example', [], ['users.read']);
    expect(await statusOnB(m.auth)).toBe(200);
    expect((await t.app.request(`/v1/users/${m.id}/roles`, req('PUT', { roleIds: [], permissions: [] }, s.auth))).status).toBe(200);
    expect(await statusOnB(m.auth)).toBe(403);
  });

  it('a user deactivated: B refuses their token with 401', async () => {
    const { s, m } = await readerAdmittedByB('Deactivated Co', 'gone@deactivated.example');
    expect((await t.app.request(`/v1/users/${m.id}/deactivate`, req('POST', undefined, s.auth))).status).toBe(200);
    expect(await statusOnB(m.auth)).toBe(401);
  });

  it('a user locked out (the lockout’s own writer on A): B refuses their token with 401', async () => {
    const { s, m } = await readerAdmittedByB('Locked Co', 'locked@locked.example');
    await updateUserRow(t.services.db, s.tenantId, m.id, { status: 'locked_out', locked_until: new Date(Date.now() + 15 * 60_000).toISOString() });
    expect(await statusOnB(m.auth)).toBe(401);
  });

  it('the widget token’s actor deleted: B refuses the token with 401', async () => {
    const { s, m } = await readerAdmittedByB('Deleted Co', 'deleted@deleted.example');
    expect((await t.app.request(`/v1/users/${m.id}`, req('DELETE', undefined, s.auth))).status).toBe(204);
    expect(await statusOnB(m.auth)).toBe(401);
  });

  it('an app revoked: B refuses its access token and every widget token it minted with 401', async () => {
    const s = await adminSession(t, 'Revoked Co');
    const created = await t.app.request('/v1/oauth-clients', json({ name: 'Doomed', scopes: ['monitoring:read', 'widgets:mint'] }, s.auth));
    expect(created.status).toBe(201);
    const app = (await created.json()) as { id: string; clientId: string; clientSecret: string };
    const access = await clientToken(t, app.clientId, app.clientSecret);
    const widget = await widgetToken(t, access, s.created.rootAdmin.id);
    expect(await statusOnB({ authorization: `Bearer ${access}` })).toBe(200);
    expect(await statusOnB({ authorization: `Bearer ${widget}` })).toBe(200);
    expect((await t.app.request(`/v1/oauth-clients/${app.id}`, req('DELETE', undefined, s.auth))).status).toBe(204);
    expect(await statusOnB({ authorization: `Bearer ${access}` })).toBe(401);
    expect(await statusOnB({ authorization: `Bearer ${widget}` })).toBe(401);
    // The tenant's own app and the admin's token minted by it are untouched.
    expect(await statusOnB(s.auth)).toBe(200);
  });
  it('an API key revoked or expired: B refuses the key and every widget token minted with it with 401', async () => {
    const s = await adminSession(t, 'Key Revoked Co');
    const mint = async () => {
      const created = await t.app.request('/v1/api-keys', json({ name: 'Doomed script', scopes: ['monitoring:read', 'widgets:mint'] }, s.auth));
      expect(created.status).toBe(201);
      const key = (await created.json()) as { id: string; key: string };
      return { ...key, widget: await widgetToken(t, key.key, s.created.rootAdmin.id) };
    };
    const revoked = await mint();
    const expired = await mint();
    for (const k of [revoked, expired]) {
      expect(await statusOnB({ authorization: `Bearer ${k.key}` })).toBe(200);
      expect(await statusOnB({ authorization: `Bearer ${k.widget}` })).toBe(200);
    }
    expect((await t.app.request(`/v1/api-keys/${revoked.id}`, req('DELETE', undefined, s.auth))).status).toBe(204);
    expect(await statusOnB({ authorization: `Bearer ${revoked.key}` })).toBe(401);
    expect(await statusOnB({ authorization: `Bearer ${revoked.widget}` })).toBe(401);
    await t.services.platformDb.updateTable('api_keys').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).where('id', '=', expired.id).execute();
    expect(await statusOnB({ authorization: `Bearer ${expired.key}` })).toBe(401);
    expect(await statusOnB({ authorization: `Bearer ${expired.widget}` })).toBe(401);
    // The tenant's own token is untouched.
    expect(await statusOnB(s.auth)).toBe(200);
  });
});
