import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreateTenantResponse } from '@roster/contract';
import { createTestContext, deliveredMessage, dialects, json, linkToken, PLATFORM_KEY, type TestContext } from '../../support.js';

const platform = { authorization: `Bearer ${PLATFORM_KEY}` };
const ROSTER_DEFAULT = { productName: 'Roster', logoUrl: null, accentColor: null, language: null };

describe.each(dialects)('GET /v1/public/branding on %s', (dialect) => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext(dialect);
  });
  afterAll(async () => t?.close());

  const branding = async (query: string, headers: Record<string, string> = {}) => {
    const res = await t.app.request(`/v1/public/branding${query}`, { headers });
    expect(res.status, await res.clone().text()).toBe(200);
    return res.json();
  };

  async function tenant(name: string, extra: Record<string, unknown>) {
    const res = await t.app.request('/v1/platform/tenants', json({ name, rootAdmin: { firstName: 'Pia', lastName: 'Public', email: `pia@${name.toLowerCase().replace(/\W/g, '')}.example` }, ...extra }, platform));
    expect(res.status, await res.clone().text()).toBe(201);
    return (await res.json()) as CreateTenantResponse;
  }

  it('answers the product name, logo and colour of a tenant — nothing else (no sender name, no link base)', async () => {
    const c = await tenant('Pub Co', { branding: { productName: 'Acme Cloud', logoUrl: 'https://cdn.acme.example/l.png', accentColor: '#112233', senderName: 'Acme Support' }, linkBaseUrl: 'https://portal.acme.example' });
    const body = await branding(`?tenantId=${c.tenant.id.toUpperCase()}`);
    expect(body).toEqual({ productName: 'Acme Cloud', logoUrl: 'https://cdn.acme.example/l.png', accentColor: '#112233', language: null });
  });

  it('an unknown or malformed tenant id, an unknown token and no question at all get the product’s own branding, like a tenant without any', async () => {
    const plain = await tenant('Plain Pub Co', {});
    expect(await branding(`?tenantId=${plain.tenant.id}`)).toEqual(ROSTER_DEFAULT);
    expect(await branding('?tenantId=0190a0a0-0000-7000-8000-000000000000')).toEqual(ROSTER_DEFAULT);
    expect(await branding('?tenantId=not-a-uuid')).toEqual(ROSTER_DEFAULT);
    expect(await branding('?token=no-such-token')).toEqual(ROSTER_DEFAULT);
    expect(await branding('')).toEqual(ROSTER_DEFAULT);
    expect((await t.app.request('/v1/public/branding?other=1')).status).toBe(400);
  });

  it('by a link’s token, without spending it; by the signed-in session (the account page)', async () => {
    const c = await tenant('Token Pub Co', { profile: { preset: 'atera' }, branding: { productName: 'Nimbus', accentColor: '#abcdef' } });
    const token = linkToken(await deliveredMessage(t, { to: c.rootAdmin.email }), '/accept-invitation');
    // The person's language setting comes with a token or a session (never with a tenant id): the page speaks it.
    await t.services.db.updateTable('users').set({ language: 'de' }).where('id', '=', c.rootAdmin.id).execute();
    const nimbus = { productName: 'Nimbus', logoUrl: null, accentColor: '#abcdef', language: 'de' };
    expect(await branding(`?token=${token}`)).toEqual(nimbus);
    expect(await branding(`?token=${token}`)).toEqual(nimbus);
    // The token still works: the lookup did not spend it.
    const accepted = await t.app.request('/v1/invitations/accept', json({ token, password: 'correct horse battery' }));
    expect(await accepted.json()).toEqual({ status: 'active', mfa: null });
    // A used link still shows its tenant's brand (the page then says the link is spent).
    expect(await branding(`?token=${token}`)).toEqual(nimbus);
    const login = await t.app.request('/v1/auth/login', json({ tenantId: c.tenant.id, login: c.rootAdmin.email, password: 'correct horse battery' }));
    expect(login.status, await login.clone().text()).toBe(200);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    expect(await branding('', { cookie })).toEqual(nimbus);
    await t.services.db.updateTable('users').set({ language: 'ar' }).where('id', '=', c.rootAdmin.id).execute();
    expect(await branding('', { cookie })).toEqual({ ...nimbus, language: 'ar' });
    expect(await branding(`?tenantId=${c.tenant.id}`)).toEqual({ ...nimbus, language: null });
    expect(await branding('', { cookie: 'roster_session=forged' })).toEqual(ROSTER_DEFAULT);
  });
});
