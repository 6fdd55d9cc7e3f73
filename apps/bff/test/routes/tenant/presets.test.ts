import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '@roster/contract';
import { adminSession, createTestContext, errorOf, json, roleId, type TestContext } from '../../support.js';
import { insertOrganizations } from '../../../src/db/repositories/organizations.repository.js';

/**
 * Each preset reproduces its seed system's documented rules, checked through the API (one PGlite database; the
 * race-sensitive rules run on PostgreSQL in lifecycle.test.ts).
 */
describe('policy presets, through the API', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext('pglite');
  });
  afterAll(async () => t?.close());

  const post = (auth: Record<string, string>, body: unknown) => t.app.request('/v1/users', json(body, auth));
  const issuesOf = async (res: Response) => (await errorOf(res)).issues?.map((i) => `${i.path.slice(1).join('.')}: ${i.message}`) ?? [];
  const invitationHours = async (userId: string) => {
    const row = await t.services.db.selectFrom('one_time_tokens').select('expires_at').where('user_id', '=', userId).where('purpose', '=', 'invitation').executeTakeFirstOrThrow();
    return Math.round((Date.parse(row.expires_at) - Date.now()) / 3600_000);
  };

  it('ninjaone (seeds 000–002): letters-only names ≤ 150, email ≤ 64 without umlauts or edge dots, phone with country code, 24 h invitation, deletion allowed', async () => {
    const s = await adminSession(t, 'Ninja', 'ninjaone');
    const [org] = await insertOrganizations(t.services.db, s.tenantId, ['Client']);
    expect(await issuesOf(await post(s.auth, { kind: 'technician', firstName: 'Anne-Marie', lastName: 'x'.repeat(151), email: `${'a'.repeat(60)}@x.example` }))).toEqual([
      'firstName: First name may contain letters only.',
      'lastName: Last name can have at most 150 characters.',
      'email: Email can have at most 64 characters.',
    ]);
    expect(await issuesOf(await post(s.auth, { kind: 'technician', firstName: 'Jörg', lastName: 'Müller', email: 'jörg@x.example' }))).toEqual(['email: Email must not contain umlauts or other non-ASCII characters.']);
    expect(await issuesOf(await post(s.auth, { kind: 'technician', firstName: 'Jo', lastName: 'Doe', email: 'jo@x.example-' }))).toContain('email: Email must not start or end with a dot or a hyphen.');
    expect(await issuesOf(await post(s.auth, { kind: 'end_user', organizationId: org!.id, firstName: 'Jo', lastName: 'Doe', email: 'jo@x.example', phone: '888 667 8888' }))).toEqual([
      'phone: Phone must start with + and the country code, for example +1 888 667 8888.',
    ]);
    const res = await post(s.auth, { kind: 'end_user', organizationId: org!.id, firstName: 'Jörg', lastName: 'Müller', email: 'joerg@x.example', phone: "'+1 888 667 8888" });
    const user = (await res.json()) as User;
    expect(user).toMatchObject({ phone: '+18886678888', username: null, status: 'invited' });
    expect(await invitationHours(user.id)).toBe(24);
    expect((await t.app.request(`/v1/users/${user.id}`, { method: 'DELETE', headers: s.auth })).status).toBe(204);
  });

  it('atera (seed 003): email is the username, Beginner for new technicians, never deleted, seats, tickets unassigned on deactivation', async () => {
    const s = await adminSession(t, 'Atera', { preset: 'atera', technicianSeatCap: 2 });
    const tech = (await (await post(s.auth, { kind: 'technician', firstName: 'Tina', lastName: 'Tech', email: 'Tina@Atera.example' })).json()) as User;
    expect(tech).toMatchObject({ username: 'Tina@Atera.example', roles: [{ name: 'Beginner' }] });
    expect(await issuesOf(await post(s.auth, { kind: 'technician', firstName: 'Al', lastName: 'Ex', email: 'al@atera.example', username: 'al' }))).toEqual(['username: This tenant uses the email as the username.']);
    const del = await errorOf(await t.app.request(`/v1/users/${tech.id}`, { method: 'DELETE', headers: s.auth }));
    expect(del).toMatchObject({ status: 403, message: 'Users of this tenant cannot be deleted; deactivate them instead.' });
    await t.app.request(`/v1/users/${tech.id}/deactivate`, { method: 'POST', headers: s.auth });
    const event = (await (await t.app.request(`/v1/audit-events?action=user.deactivated&targetId=${tech.id}`, { headers: s.auth })).json()) as { items: { after: { unassignOpenTickets: boolean } }[] };
    expect(event.items[0]!.after.unassignOpenTickets).toBe(true);
    await post(s.auth, { kind: 'technician', firstName: 'Sam', lastName: 'Seat', email: 'sam@atera.example' });
    expect((await errorOf(await t.app.request(`/v1/users/${tech.id}/activate`, json({}, s.auth)))).status).toBe(409);
  });

  it('kaseyaone (seed 004): international names ≤ 48, username ≤ 50 without # / ? \\ and immutable, no phone, 14-day invitation, reactivation resets credentials', async () => {
    const s = await adminSession(t, 'Kaseya', 'kaseyaone');
    expect(await issuesOf(await post(s.auth, { kind: 'technician', firstName: "D'Arcy-Lee 2nd", lastName: 'x'.repeat(49), email: 'd@kaseya.example', username: 'd#1', phone: '+18886678888' }))).toEqual([
      'lastName: Last name can have at most 48 characters.',
      'username: Username must not contain #, /, ? or \\.',
      'phone: This tenant does not collect phone numbers.',
    ]);
    const admin = await roleId(t, s.tenantId, 'admin');
    const user = (await (await post(s.auth, { kind: 'technician', firstName: "D'Arcy-Lee 2nd", lastName: 'Núñez', email: 'darcy@kaseya.example', roleIds: [admin] })).json()) as User;
    expect(user.username).toBe('darcy@kaseya.example'); // defaults to the email
    expect(user.roles.map((r) => r.name)).toEqual(['Admin']);
    expect(await invitationHours(user.id)).toBe(14 * 24);
    const rename = await errorOf(await t.app.request(`/v1/users/${user.id}`, { method: 'PATCH', headers: { ...s.auth, 'content-type': 'application/json' }, body: JSON.stringify({ username: 'other' }) }));
    expect(rename.issues).toEqual([{ path: ['body', 'username'], message: 'Username cannot be changed after the user is saved.', code: 'username.immutable' }]);
  });

  it('default: ASVS-grade — 12-character passwords, 72 h invitations, 1 h reset links, 10 failures lock for 10 minutes', async () => {
    const s = await adminSession(t, 'Default');
    const profile = s.created.tenant.profile;
    expect(profile).toMatchObject({ passwordMinLength: 12, invitationTtlHours: 72, passwordResetTtlHours: 1, lockoutThreshold: 10, lockoutMinutes: 10, mfaRequired: true });
    const user = (await (await post(s.auth, { kind: 'technician', firstName: 'Dee', lastName: 'Fault', email: 'dee@default.example' })).json()) as User;
    expect(await invitationHours(user.id)).toBe(72);
  });
});
