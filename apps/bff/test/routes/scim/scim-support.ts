import { adminSession, clientToken, json, type TestContext } from '../../support.js';

/** A tenant (profile as given) with an organization, and a SCIM app bound to it: `scim(method, path, body?)` calls /scim/v2. */
export async function scimTenant(t: TestContext, name: string, profile?: unknown, app: { scimSendInvitations?: boolean } = {}) {
  const admin = await adminSession(t, name, profile);
  const org = async (orgName: string) => ((await (await t.app.request('/v1/organizations', json({ name: orgName }, admin.auth))).json()) as { id: string }).id;
  const organizationId = await org(`${name} Clients`);
  const otherOrganizationId = await org(`${name} Others`);
  const res = await t.app.request('/v1/oauth-clients', json({ name: `${name} IdP`, scopes: ['scim'], organizationId, ...app }, admin.auth));
  if (res.status !== 201) throw new Error(`scim app: ${res.status} ${await res.text()}`);
  const created = (await res.json()) as { id: string; clientId: string; clientSecret: string };
  const token = await clientToken(t, created.clientId, created.clientSecret);
  const scim = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    t.app.request(`/scim/v2${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/scim+json' }), ...headers },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
  return { ...admin, organizationId, otherOrganizationId, app: created, token, scim };
}
export type ScimTenant = Awaited<ReturnType<typeof scimTenant>>;
