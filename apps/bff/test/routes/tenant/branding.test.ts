import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreateTenantResponse, TenantBranding } from '@roster/contract';
import { adminSession, createTestContext, dialects, errorOf, insertUsers, json, PLATFORM_KEY, roleId, userRow, widgetToken, type TestContext } from '../../support.js';
import { assignRoles } from '../../../src/db/repositories/roles.repository.js';
import * as tenantBrandingMigration from '../../../src/db/migrations/2026-12-02T1100-tenant-branding.js';

const req = (method: string, body?: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json', ...headers },
  ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
});
const platform = { authorization: `Bearer ${PLATFORM_KEY}` };
const acme = { productName: 'Acme Cloud', logoUrl: 'https://cdn.acme.example/logo.svg', accentColor: '#0a7c4a', senderName: 'Acme Support' };
const none = { productName: null, logoUrl: null, accentColor: null, senderName: null };

describe.each(dialects)('tenant branding on %s', (dialect) => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext(dialect);
  });
  afterAll(async () => t?.close());

  const get = (auth: Record<string, string>) => t.app.request('/v1/tenant/branding', { headers: auth });
  const put = (auth: Record<string, string>, body: unknown) => t.app.request('/v1/tenant/branding', req('PUT', body, auth));
  const patch = (tenantId: string, body: unknown, auth: Record<string, string> = platform) => t.app.request(`/v1/platform/tenants/${tenantId}`, req('PATCH', body, auth));
  const row = (tenantId: string) =>
    t.services.db.selectFrom('tenants').select(['product_name', 'logo_url', 'accent_color', 'sender_name', 'link_base_url']).where('id', '=', tenantId).executeTakeFirstOrThrow();
  const auditOf = (tenantId: string) =>
    t.services.db.selectFrom('audit_events').select(['actor_type', 'actor_id', 'target_id', 'before', 'after']).where('tenant_id', '=', tenantId).where('action', '=', 'tenant.branding_changed').orderBy('id').execute();

  /** A signed-in user of the tenant with only the built-in User role (self.edit). */
  async function plainUser(s: Awaited<ReturnType<typeof adminSession>>) {
    const [u] = await insertUsers(t, [userRow(s.tenantId)]);
    await assignRoles(t.services.db, s.tenantId, [{ userId: u!.id, roleId: await roleId(t, s.tenantId, 'user') }]);
    return { authorization: `Bearer ${await widgetToken(t, s.access, u!.id)}` };
  }

  it('the tenant admin sets the branding (normalised), any signed-in user reads it, and the change is audited', async () => {
    const s = await adminSession(t, 'Brand Co');
    expect(await (await get(s.auth)).json()).toEqual({ branding: none, linkBaseUrl: null });
    const res = await put(s.auth, { ...acme, productName: '  Acme Cloud ', accentColor: '#0A7C4A' });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await res.json()).toEqual({ branding: acme, linkBaseUrl: null });
    const user = await plainUser(s);
    expect(await (await get(user)).json()).toEqual({ branding: acme, linkBaseUrl: null });
    const audit = await auditOf(s.tenantId);
    expect(audit).toEqual([{ actor_type: 'user', actor_id: s.created.rootAdmin.id, target_id: s.tenantId, before: { branding: none, linkBaseUrl: null }, after: { branding: acme, linkBaseUrl: null } }]);
    // The same branding again changes nothing and records nothing.
    expect((await put(s.auth, acme)).status).toBe(200);
    expect(await auditOf(s.tenantId)).toHaveLength(1);
  });

  it('PUT replaces the whole branding: a field left out is cleared like null', async () => {
    const s = await adminSession(t, 'Replace Co');
    await put(s.auth, acme);
    expect(await (await put(s.auth, { productName: 'Only Name', senderName: null })).json()).toEqual({ branding: { ...none, productName: 'Only Name' }, linkBaseUrl: null });
  });

  it('bad input is a 422 naming each field, and nothing changes', async () => {
    const s = await adminSession(t, 'Bad Brand Co');
    await put(s.auth, acme);
    const before = await row(s.tenantId);
    const e = await errorOf(await put(s.auth, { productName: '', logoUrl: 'http://cdn.acme.example/logo.svg', accentColor: 'green', senderName: 'Acme\r\nBcc: x@evil.example' }));
    expect(e).toMatchObject({ status: 422, code: 'validation_failed' });
    expect(e.issues!.map((i) => i.path)).toEqual([
      ['body', 'productName'],
      ['body', 'logoUrl'],
      ['body', 'accentColor'],
      ['body', 'senderName'],
    ]);
    expect(await row(s.tenantId)).toEqual(before);
    expect(await auditOf(s.tenantId)).toHaveLength(1);
  });

  it('the link base is not the tenant’s to set: PUT with linkBaseUrl is refused and changes nothing', async () => {
    const s = await adminSession(t, 'No Link Co');
    const e = await errorOf(await put(s.auth, { productName: 'X', linkBaseUrl: 'https://evil.example' }));
    expect(e.status).toBe(422);
    expect(JSON.stringify(e.issues)).toContain('linkBaseUrl');
    expect(await row(s.tenantId)).toMatchObject({ product_name: null, link_base_url: null });
  });

  it('needs tenant.manage to change (403 for a plain user) and a signed-in caller to read (401)', async () => {
    const s = await adminSession(t, 'Perm Brand Co');
    const user = await plainUser(s);
    expect(await errorOf(await put(user, acme))).toMatchObject({ status: 403 });
    expect((await get({})).status).toBe(401);
    expect((await put({}, acme)).status).toBe(401);
    expect(await row(s.tenantId)).toMatchObject({ product_name: null });
    // The built-in admin roles hold it; the catalogue lists it.
    const tenant = (await (await t.app.request('/v1/tenant', { headers: s.auth })).json()) as { permissions: string[] };
    expect(tenant.permissions).toContain('tenant.manage');
  });

  it('one tenant’s branding never reaches another', async () => {
    const a = await adminSession(t, 'Iso A');
    const b = await adminSession(t, 'Iso B');
    await put(a.auth, acme);
    expect(await (await get(b.auth)).json()).toEqual({ branding: none, linkBaseUrl: null });
    expect(await row(b.tenantId)).toMatchObject({ product_name: null });
  });

  it('the operator creates a tenant with branding and a link base, and patches them as a merge patch (audited as the platform)', async () => {
    const res = await t.app.request(
      '/v1/platform/tenants',
      json({ name: 'Operator Brand Co', rootAdmin: { firstName: 'Olga', lastName: 'Op', email: 'olga@opbrand.example' }, branding: { productName: 'Nimbus', accentColor: '#123ABC' }, linkBaseUrl: 'https://portal.nimbus.example/id/' }, platform),
    );
    expect(res.status, await res.clone().text()).toBe(201);
    const created = (await res.json()) as CreateTenantResponse;
    expect(created.tenant).toMatchObject({ branding: { ...none, productName: 'Nimbus', accentColor: '#123abc' }, linkBaseUrl: 'https://portal.nimbus.example/id' });
    const id = created.tenant.id;

    const patched = await patch(id, { branding: { logoUrl: 'https://cdn.nimbus.example/n.png', accentColor: null } });
    expect(patched.status, await patched.clone().text()).toBe(200);
    expect(await patched.json()).toEqual({ branding: { ...none, productName: 'Nimbus', logoUrl: 'https://cdn.nimbus.example/n.png' }, linkBaseUrl: 'https://portal.nimbus.example/id' } satisfies TenantBranding);
    expect(await (await patch(id, { linkBaseUrl: null })).json()).toMatchObject({ linkBaseUrl: null, branding: { productName: 'Nimbus' } });
    expect(await (await patch(id, { linkBaseUrl: 'https://links.nimbus.example' })).json()).toMatchObject({ linkBaseUrl: 'https://links.nimbus.example' });
    const audit = await auditOf(id);
    expect(audit).toHaveLength(3);
    expect(audit.every((a) => a.actor_type === 'platform' && a.actor_id === null)).toBe(true);
    expect(audit[1]).toMatchObject({ before: { linkBaseUrl: 'https://portal.nimbus.example/id' }, after: { linkBaseUrl: null } });
  });

  it('the operator’s bad input is a 422 naming the field under body, and nothing changes; an unknown tenant is 404; the platform key is required', async () => {
    const s = await adminSession(t, 'Op Bad Co');
    const before = await row(s.tenantId);
    for (const [body, path] of [
      [{ linkBaseUrl: 'https://portal.example/?next=evil' }, ['body', 'linkBaseUrl']],
      [{ linkBaseUrl: 'http://portal.example' }, ['body', 'linkBaseUrl']],
      [{ linkBaseUrl: 'https://user:pw@portal.example' }, ['body', 'linkBaseUrl']],
      [{ branding: { senderName: 'A <b@c.example>' } }, ['body', 'branding', 'senderName']],
      [{ branding: { logoUrl: 'javascript:alert(1)' } }, ['body', 'branding', 'logoUrl']],
    ] as const) {
      const e = await errorOf(await patch(s.tenantId, body));
      expect(e, JSON.stringify(body)).toMatchObject({ status: 422, issues: [{ path }] });
    }
    expect(await row(s.tenantId)).toEqual(before);
    expect((await patch('0190a0a0-0000-7000-8000-000000000000', { linkBaseUrl: null })).status).toBe(404);
    expect((await patch(s.tenantId, { linkBaseUrl: 'https://x.example' }, s.auth)).status).toBe(401);
    expect(await row(s.tenantId)).toEqual(before);
    const creation = await errorOf(await t.app.request('/v1/platform/tenants', json({ name: 'Bad Create', rootAdmin: { firstName: 'A', lastName: 'B', email: 'a@badcreate.example' }, branding: { accentColor: 'blue' } }, platform)));
    expect(creation).toMatchObject({ status: 422, issues: [{ path: ['body', 'branding', 'accentColor'] }] });
  });

  it('the migration gives the built-in admin roles of existing tenants tenant.manage (and takes it back down)', async () => {
    const s = await adminSession(t, 'Migrated Co');
    const adminRoles = () =>
      t.services.db.selectFrom('roles').select(['key', 'permissions']).where('tenant_id', '=', s.tenantId).where('key', 'in', ['root_admin', 'system_admin', 'user']).orderBy('key').execute();
    await tenantBrandingMigration.down(t.services.db);
    expect((await adminRoles()).some((r) => r.permissions.includes('tenant.manage'))).toBe(false);
    await tenantBrandingMigration.up(t.services.db);
    expect((await adminRoles()).map((r) => [r.key, r.permissions.filter((p) => p === 'tenant.manage').length])).toEqual([
      ['root_admin', 1],
      ['system_admin', 1],
      ['user', 0],
    ]);
    expect((await put(s.auth, acme)).status).toBe(200);
  });
});
