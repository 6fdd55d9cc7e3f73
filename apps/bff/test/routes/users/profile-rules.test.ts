import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '@roster/contract';
import { adminSession, createTestContext, deliveredMessage, dialects, errorOf, json, linkToken, roleId, type TestContext } from '../../support.js';

const put = (body: unknown, auth: Record<string, string>): RequestInit => ({ method: 'PUT', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify(body) });

/** Rules of a profile that seed 004 (KaseyaOne) and seed 003 (Atera) document, through the API on both databases. */
describe.each(dialects)('profile rules on %s', (dialect) => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext(dialect);
  });
  afterAll(async () => t?.close());

  const create = (auth: Record<string, string>, body: unknown) => t.app.request('/v1/users', json(body, auth));

  describe('exactly one role, chosen at creation (seed 004: “Each user must be assigned to one role”)', () => {
    it('POST /v1/users refuses no role and two roles with a 422 at roleIds, and takes one', async () => {
      const s = await adminSession(t, 'One Role Co', 'kaseyaone');
      const [admin, user] = [await roleId(t, s.tenantId, 'admin'), await roleId(t, s.tenantId, 'user')];
      const person = { kind: 'technician', firstName: 'Ann', lastName: 'One', email: 'ann@one.example', username: 'ann' };
      expect(await errorOf(await create(s.auth, person))).toMatchObject({
        status: 422,
        issues: [{ path: ['body', 'roleIds'], code: 'role.one_required', message: 'Choose a role: each user of this tenant has exactly one.' }],
      });
      expect(await errorOf(await create(s.auth, { ...person, roleIds: [admin, user] }))).toMatchObject({
        status: 422,
        issues: [{ path: ['body', 'roleIds'], code: 'role.only_one', message: 'Choose only one role: each user of this tenant has exactly one.' }],
      });
      const res = await create(s.auth, { ...person, roleIds: [user] });
      expect(res.status).toBe(201);
      expect(((await res.json()) as User).roles.map((r) => r.name)).toEqual(['User']);
    });

    it('PUT /v1/users/:id/roles refuses no role and two roles at roleIds and changes one for another; clone keeps the one', async () => {
      const s = await adminSession(t, 'One Change Co', 'kaseyaone');
      const [admin, user, billing] = [await roleId(t, s.tenantId, 'admin'), await roleId(t, s.tenantId, 'user'), await roleId(t, s.tenantId, 'billing')];
      const u = (await (await create(s.auth, { kind: 'technician', firstName: 'Bo', lastName: 'Change', email: 'bo@one.example', roleIds: [user] })).json()) as User;
      const set = (roleIds: string[]) => t.app.request(`/v1/users/${u.id}/roles`, put({ roleIds }, s.auth));
      expect(await errorOf(await set([]))).toMatchObject({ status: 422, issues: [{ path: ['body', 'roleIds'], code: 'role.one_required' }] });
      expect(await errorOf(await set([admin, billing]))).toMatchObject({ status: 422, issues: [{ path: ['body', 'roleIds'], code: 'role.only_one' }] });
      const changed = await set([billing]);
      expect(changed.status).toBe(200);
      expect(((await changed.json()) as { roles: { name: string }[] }).roles.map((r) => r.name)).toEqual(['Billing and Purchasing']);
      const clone = await t.app.request(`/v1/users/${u.id}/clone`, json({ firstName: 'Cy', lastName: 'Clone', email: 'cy@one.example', username: 'cy' }, s.auth));
      expect(clone.status).toBe(201);
      expect(((await clone.json()) as User).roles.map((r) => r.name)).toEqual(['Billing and Purchasing']);
      // The Root Admin role is never given: the Root Admin's clone is an Admin, its one role.
      const rootClone = await t.app.request(`/v1/users/${s.created.rootAdmin.id}/clone`, json({ firstName: 'Ro', lastName: 'Clone', email: 'ro@one.example', username: 'ro' }, s.auth));
      expect(rootClone.status).toBe(201);
      expect(((await rootClone.json()) as User).roles.map((r) => r.name)).toEqual(['Admin']);
    });

    it('elsewhere (ninjaone: “a role (or multiple roles)”) any number of roles, none included', async () => {
      const s = await adminSession(t, 'Many Roles Co', 'ninjaone');
      const [sys, user] = [await roleId(t, s.tenantId, 'system_admin'), await roleId(t, s.tenantId, 'user')];
      const u = (await (await create(s.auth, { kind: 'technician', firstName: 'Di', lastName: 'Many', email: 'di@many.example' })).json()) as User;
      expect(u.roles).toEqual([]);
      expect((await t.app.request(`/v1/users/${u.id}/roles`, put({ roleIds: [sys, user] }, s.auth))).status).toBe(200);
      expect((await t.app.request(`/v1/users/${u.id}/roles`, put({ roleIds: [] }, s.auth))).status).toBe(200);
    });
  });

  describe('reset password for an invited technician whose invitation never arrived (seed 003)', () => {
    it('POST /v1/users/:id/reset-password sends a fresh invitation link through the outbox; the old link dies and the new one signs the technician up', async () => {
      const s = await adminSession(t, 'Reset Invited Co', 'atera');
      const u = (await (await create(s.auth, { kind: 'technician', firstName: 'Nia', lastName: 'Newcomer', email: 'nia@atera.example' })).json()) as User;
      const first = linkToken(await deliveredMessage(t, { to: 'nia@atera.example' }), '/accept-invitation');
      const res = await t.app.request(`/v1/users/${u.id}/reset-password`, { method: 'POST', headers: s.auth });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ id: u.id, status: 'invited', invitationStatus: 'pending' });
      const mail = await deliveredMessage(t, { to: 'nia@atera.example' });
      expect(mail.template).toBe('invitation');
      const second = linkToken(mail, '/accept-invitation');
      expect(second).not.toBe(first);
      const accept = (token: string) => t.app.request('/v1/invitations/accept', json({ token, password: 'a fresh password 1' }));
      expect((await accept(first)).status).toBe(400);
      expect(await (await accept(second)).json()).toMatchObject({ status: 'active' }); // Atera asks for no 2FA
      const audit = await t.services.db.selectFrom('audit_events').select(['actor_id', 'after']).where('tenant_id', '=', s.tenantId).where('action', '=', 'user.password_reset_sent').where('target_id', '=', u.id).execute();
      expect(audit).toEqual([{ actor_id: s.created.rootAdmin.id, after: { link: 'invitation' } }]);
    });

    it('a deactivated user is still refused: activate first', async () => {
      const s = await adminSession(t, 'Reset Refused Co', 'atera');
      const u = (await (await create(s.auth, { kind: 'technician', firstName: 'Dee', lastName: 'Active', email: 'dee@atera.example' })).json()) as User;
      await t.services.db.updateTable('users').set({ status: 'deactivated' }).where('id', '=', u.id).execute();
      expect(await errorOf(await t.app.request(`/v1/users/${u.id}/reset-password`, { method: 'POST', headers: s.auth }))).toMatchObject({ status: 409, message: 'Activate the user first.' });
    });
  });
});
