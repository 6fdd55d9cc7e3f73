import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventTypesOf } from '@roster/contract';
import { createTestContext, dialects, errorOf, insertUsers, json, roleId, userRow, type TestContext } from '../../support.js';
import { scimTenant, type ScimTenant } from './scim-support.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';

const user = (userName: string, givenName: string, familyName: string, email = userName, extra: Record<string, unknown> = {}) => ({
  schemas: [USER],
  userName,
  name: { givenName, familyName },
  emails: [{ value: email, type: 'work', primary: true }],
  ...extra,
});
const ops = (...operations: unknown[]) => ({ schemas: [PATCH], Operations: operations });

async function scimError(res: Response) {
  expect(res.headers.get('content-type')).toBe('application/scim+json');
  const body = (await res.json()) as { schemas: string[]; status: string; scimType?: string; detail?: string };
  expect(body.schemas).toEqual([ERROR]);
  expect(body.status).toBe(String(res.status));
  return { ...body, status: res.status };
}

describe.each(dialects)('SCIM 2.0 (/scim/v2) on %s', (dialect) => {
  let t: TestContext;
  let a: ScimTenant;
  let b: ScimTenant;
  let atera: ScimTenant;
  const ids: Record<string, string> = {};
  const usersOf = async (tenant: ScimTenant, query: string) => (await (await tenant.scim('GET', `/Users?${query}`)).json()) as { totalResults: number; itemsPerPage: number; startIndex: number; Resources: any[] };
  const names = async (tenant: ScimTenant, filter: string) => (await usersOf(tenant, `filter=${encodeURIComponent(filter)}`)).Resources.map((r) => r.userName).sort();
  const userCount = async () => Number((await t.services.db.selectFrom('users').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
  const row = (id: string) => t.services.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  /** The webhook events a user's audit entries give (the one mapping of deliveries and the feed; the feed holds back behind any transaction still running, another test's too). */
  const eventsOf = async (id: string) =>
    (await t.services.db.selectFrom('audit_events').select(['action', 'after']).where('target_id', '=', id).orderBy('id').execute()).flatMap((e) => eventTypesOf(e.action, e.after));

  beforeAll(async () => {
    t = await createTestContext(dialect);
    a = await scimTenant(t, 'Alpha');
    b = await scimTenant(t, 'Beta');
    // Atera's profile: the email is the username, users are never deleted (deactivated instead).
    atera = await scimTenant(t, 'Gamma', 'atera');
    for (const [userName, given, family, extra] of [
      ['ada', 'Ada', 'Lovelace', { externalId: 'ext-ada' }],
      ['grace', 'Grace', 'Hopper', {}],
      ['alan', 'Alan', 'Turing', {}],
      ['edsger', 'Edsger', 'Dijkstra', { active: false }],
    ] as const) {
      const res = await a.scim('POST', '/Users', user(userName, given, family, `${userName}@alpha.example`, extra));
      expect(res.status, await res.clone().text()).toBe(201);
      ids[userName] = ((await res.json()) as { id: string }).id;
    }
    // Users the app must never see: another organization's end user, a technician, another tenant's end user.
    const [other, tech] = await insertUsers(t, [
      userRow(a.tenantId, { kind: 'end_user', organization_id: a.otherOrganizationId, email: 'other@alpha.example', username: 'other', username_normalized: 'other' }),
      userRow(a.tenantId, { kind: 'technician', email: 'tech@alpha.example', username: 'tech', username_normalized: 'tech' }),
    ]);
    ids.other = other!.id;
    ids.tech = tech!.id;
    const foreign = await b.scim('POST', '/Users', user('foreign', 'For', 'Eign', 'foreign@beta.example'));
    ids.foreign = ((await foreign.json()) as { id: string }).id;
  });
  afterAll(async () => t?.close());

  it('an app with the scim scope is bound to one organization: 422 naming body.organizationId otherwise', async () => {
    const unbound = await errorOf(await t.app.request('/v1/oauth-clients', json({ name: 'IdP', scopes: ['scim'] }, a.auth)));
    expect(unbound.status).toBe(422);
    expect(unbound.issues?.map((i) => i.path)).toEqual([['body', 'organizationId']]);
    const setting = await errorOf(await t.app.request('/v1/oauth-clients', json({ name: 'IdP', scopes: ['monitoring:read'], scimSendInvitations: true }, a.auth)));
    expect(setting.issues?.map((i) => i.path)).toEqual([['body', 'scimSendInvitations']]);
    const listed = (await (await t.app.request('/v1/oauth-clients', { headers: a.auth })).json()) as { items: { name: string; scopes: string[]; organizationId: string | null; scimSendInvitations: boolean }[] };
    expect(listed.items.find((i) => i.name === 'Alpha IdP')).toMatchObject({ scopes: ['scim'], organizationId: a.organizationId, scimSendInvitations: false });
  });

  it('lets in only the token of an app with the scim scope: 401 without one, 403 for a widget token or another app, in SCIM’s format', async () => {
    const none = await scimError(await t.app.request('/scim/v2/Users'));
    expect(none.status).toBe(401);
    expect((await scimError(await t.app.request('/scim/v2/Users', { headers: { authorization: 'Bearer nonsense' } }))).status).toBe(401);
    expect((await scimError(await t.app.request('/scim/v2/Users', { headers: a.auth }))).status).toBe(403);
    // The tenant's default client has every other scope (and the whole tenant).
    expect((await scimError(await t.app.request('/scim/v2/Users', { headers: { authorization: `Bearer ${a.access}` } }))).status).toBe(403);
    const ok = await a.scim('GET', '/Users');
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('application/scim+json');
  });

  it('takes the app’s own credential (client_id.client_secret) as a static bearer, as identity providers keep one; revoking the app stops it', async () => {
    const other = await scimTenant(t, 'Epsilon');
    const as = (bearer: string) => t.app.request('/scim/v2/Users', { headers: { authorization: `Bearer ${bearer}` } });
    const credential = `${other.app.clientId}.${other.app.clientSecret}`;
    const ok = await as(credential);
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { totalResults: number }).totalResults).toBe(0);
    expect((await scimError(await as(`${other.app.clientId}.rs_wrong`))).status).toBe(401);
    expect((await scimError(await as(`${other.created.oauthClient.clientId}.${other.created.oauthClient.clientSecret}`))).status).toBe(403);
    // Not a credential anywhere else: the Roster API takes access tokens only.
    expect((await t.app.request('/v1/users', { headers: { authorization: `Bearer ${credential}` } })).status).toBe(401);
    expect((await t.app.request(`/v1/oauth-clients/${other.app.id}`, { method: 'DELETE', headers: other.auth })).status).toBe(204);
    expect((await scimError(await as(credential))).status).toBe(401);
  });

  it('answers the discovery resources, read-only', async () => {
    const config = (await (await a.scim('GET', '/ServiceProviderConfig')).json()) as any;
    expect(config).toMatchObject({ patch: { supported: true }, bulk: { supported: false }, filter: { supported: true, maxResults: 200 }, etag: { supported: true } });
    const types = (await (await a.scim('GET', '/ResourceTypes')).json()) as any;
    expect(types.Resources.map((r: any) => r.endpoint)).toEqual(['/Users', '/Groups']);
    const schemas = (await (await a.scim('GET', '/Schemas')).text());
    expect(schemas).toContain('User Account');
    expect((await scimError(await a.scim('POST', '/ServiceProviderConfig', {}))).status).toBe(405);
    expect((await scimError(await a.scim('GET', '/Nothing'))).status).toBe(404);
  });

  it('provisions an end user of the app’s organization, audited as the app, with no invitation email', async () => {
    const res = await a.scim('POST', '/Users', user('lin', 'Lin', 'Clark', 'lin@alpha.example', { externalId: 'ext-lin', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { department: 'R&D' } }));
    expect(res.status).toBe(201);
    const body = (await res.json()) as any;
    ids.lin = body.id;
    expect(res.headers.get('location')).toBe(body.meta.location);
    expect(res.headers.get('etag')).toBe(body.meta.version);
    expect(body).toMatchObject({ userName: 'lin', externalId: 'ext-lin', active: true, name: { givenName: 'Lin', familyName: 'Clark' }, emails: [{ value: 'lin@alpha.example', type: 'work', primary: true }], meta: { resourceType: 'User' } });
    expect(body.meta.version).toMatch(/^W\/".+"$/);
    const stored = await row(body.id);
    expect(stored).toMatchObject({ kind: 'end_user', organization_id: a.organizationId, username: 'lin', external_id: 'ext-lin', status: 'invited' });
    const mail = await t.services.db.selectFrom('email_outbox').select('id').where('user_id', '=', body.id).execute();
    expect(mail).toEqual([]);
    const audit = await t.services.db.selectFrom('audit_events').select(['action', 'actor_type', 'actor_id']).where('target_id', '=', body.id).execute();
    expect(audit).toEqual([{ action: 'user.created', actor_type: 'client', actor_id: a.app.id }]);
    // Webhooks and the event feed carry it as any creation (their one mapping), without user.invited: no invitation went out.
    expect(await eventsOf(body.id)).toEqual(['user.created']);
    // The same user is seen by the Roster API as any other.
    const api = (await (await t.app.request(`/v1/users/${body.id}`, { headers: a.auth })).json()) as any;
    expect(api).toMatchObject({ email: 'lin@alpha.example', username: 'lin', organizationId: a.organizationId });
  });

  it('an externalId is unique in the tenant: a second user with it, or a PATCH to it, is 409 uniqueness and changes nothing', async () => {
    const before = await userCount();
    const dup = await scimError(await a.scim('POST', '/Users', user('twin', 'Twin', 'Ada', 'twin@alpha.example', { externalId: 'ext-ada' })));
    expect(dup).toMatchObject({ status: 409, scimType: 'uniqueness' });
    expect(await userCount()).toBe(before);
    const patched = await scimError(await a.scim('PATCH', `/Users/${ids.grace}`, ops({ op: 'replace', path: 'externalId', value: 'ext-ada' })));
    expect(patched).toMatchObject({ status: 409, scimType: 'uniqueness', detail: 'externalId: Another user of this tenant has this externalId.' });
    expect((await row(ids.grace!)).external_id).toBe(null);
    // Another tenant may use the same id.
    const other = await b.scim('POST', '/Users', user('ada-b', 'Ada', 'Beta', 'ada@beta.example', { externalId: 'ext-ada' }));
    expect(other.status, await other.clone().text()).toBe(201);
  });

  it('reads a body sent as application/json too', async () => {
    const res = await a.scim('POST', '/Users', user('json', 'Jay', 'Son', 'json@alpha.example'), { 'content-type': 'application/json; charset=utf-8' });
    expect(res.status).toBe(201);
    const id = ((await res.json()) as { id: string }).id;
    expect((await a.scim('DELETE', `/Users/${id}`)).status).toBe(204);
  });

  it('sends the invitation when the app was created with scimSendInvitations', async () => {
    const inviting = await scimTenant(t, 'Delta', undefined, { scimSendInvitations: true });
    const res = await inviting.scim('POST', '/Users', user('kay', 'Kay', 'Smith', 'kay@delta.example'));
    const id = ((await res.json()) as { id: string }).id;
    const mail = await t.services.db.selectFrom('email_outbox').select('template').where('user_id', '=', id).execute();
    expect(mail.map((m) => m.template)).toEqual(['invitation']);
    expect(await eventsOf(id)).toEqual(['user.created', 'user.invited']);
  });

  it('refuses bad input with 400 invalidValue naming the attribute, and creates nothing', async () => {
    const before = await userCount();
    const cases: [unknown, string][] = [
      [user('bad', 'Bad', 'Email', 'not-an-email'), 'emails'],
      [{ schemas: [USER], name: { givenName: 'No', familyName: 'Name' }, emails: [{ value: 'noname@alpha.example' }] }, 'userName'],
      [user('noname', '', 'Given', 'noname@alpha.example'), 'name.givenName'],
      [user('flag', 'Flag', 'Bad', 'flag@alpha.example', { active: 'maybe' }), 'active'],
      [user('ext', 'Ext', 'Long', 'ext@alpha.example', { externalId: 'x'.repeat(256) }), 'externalId'],
    ];
    for (const [body, attribute] of cases) {
      const e = await scimError(await a.scim('POST', '/Users', body));
      expect(e.status, JSON.stringify(body)).toBe(400);
      expect(e.scimType).toBe('invalidValue');
      expect(e.detail).toContain(attribute);
    }
    const syntax = await scimError(await a.scim('POST', '/Users', '{"userName": '));
    expect([syntax.status, syntax.scimType]).toEqual([400, 'invalidSyntax']);
    expect((await scimError(await a.scim('POST', '/Users', JSON.stringify(user('big', 'Big', 'Body', 'big@alpha.example', { title: 'x'.repeat(1_100_000) }))))).status).toBe(413);
    expect((await scimError(await a.scim('POST', '/Users', 'userName=x', { 'content-type': 'application/x-www-form-urlencoded' }))).status).toBe(415);
    expect(await userCount()).toBe(before);
  });

  it('answers 409 uniqueness for a taken email or username', async () => {
    const sameName = await scimError(await a.scim('POST', '/Users', user('ada', 'Ada', 'Again', 'ada2@alpha.example')));
    expect([sameName.status, sameName.scimType]).toEqual([409, 'uniqueness']);
    const sameEmail = await scimError(await a.scim('POST', '/Users', user('ada2', 'Ada', 'Again', 'ADA@alpha.example')));
    expect([sameEmail.status, sameEmail.scimType]).toEqual([409, 'uniqueness']);
    // An address used in another organization is taken too: it is unique in the tenant.
    expect((await a.scim('POST', '/Users', user('other2', 'O', 'T', 'other@alpha.example'))).status).toBe(409);
  });

  it('filters: eq without regard to case, co, sw, ew, pr, gt, not, and, or, parentheses, value paths', async () => {
    expect(await names(a, 'userName eq "ADA"')).toEqual(['ada']);
    expect(await names(a, 'emails[type eq "work"].value eq "Grace@Alpha.example"')).toEqual(['grace']);
    expect(await names(a, 'emails.value co "@alpha"')).toEqual(['ada', 'alan', 'edsger', 'grace', 'lin']);
    expect(await names(a, 'name.givenName sw "a"')).toEqual(['ada', 'alan']);
    expect(await names(a, 'name.familyName ew "ING"')).toEqual(['alan']);
    expect(await names(a, 'externalId pr')).toEqual(['ada', 'lin']);
    expect(await names(a, 'externalId eq "ext-ada"')).toEqual(['ada']);
    expect(await names(a, 'externalId eq "EXT-ADA"')).toEqual([]);
    expect(await names(a, 'active eq false')).toEqual(['edsger']);
    expect(await names(a, 'not (active eq true) or userName eq "alan"')).toEqual(['alan', 'edsger']);
    expect(await names(a, 'name.givenName sw "a" and (userName eq "alan" or userName eq "grace")')).toEqual(['alan']);
    expect(await names(a, 'displayName eq "grace hopper"')).toEqual(['grace']);
    // and binds tighter than or (RFC 7644 §3.4.2.2).
    expect(await names(a, 'userName eq "alan" or userName eq "grace" and active eq false')).toEqual(['alan']);
    expect(await names(a, 'emails[type eq "work" and value sw "ada@"]')).toEqual(['ada']);
    expect(await names(a, 'userName ne "ada" and name.familyName lt "h"')).toEqual(['edsger', 'lin']);
    expect(await names(a, `id eq "${ids.grace}"`)).toEqual(['grace']);
    expect(await names(a, 'meta.lastModified gt "2000-01-01T00:00:00Z"')).toHaveLength(5);
    expect(await names(a, 'meta.lastModified lt "2000-01-01T00:00:00Z"')).toEqual([]);
    expect(await names(a, 'emails[type eq "home"].value eq "ada@alpha.example"')).toEqual([]);
    // Text that looks like SQL is a value like any other.
    expect(await names(a, 'userName eq "x\' or 1=1 --"')).toEqual([]);
    expect(await names(a, 'userName co "%"')).toEqual([]);
  });

  it('refuses a bad filter with 400 invalidFilter: unknown attribute, bad syntax', async () => {
    for (const filter of ['password eq "x"', 'userName eq', 'userName xx "a"', '(userName eq "a"', 'userName eq "a', 'userName eq "a" and', 'ada', 'active eq "yes"', 'meta.lastModified gt "not a date"', 'emails[type eq "work"']) {
      const e = await scimError(await a.scim('GET', `/Users?filter=${encodeURIComponent(filter)}`));
      expect([e.status, e.scimType], filter).toEqual([400, 'invalidFilter']);
    }
  });

  it('pages by startIndex and count: capped, count=0 gives the total only', async () => {
    const first = await usersOf(a, 'startIndex=1&count=2');
    expect([first.totalResults, first.itemsPerPage, first.startIndex]).toEqual([5, 2, 1]);
    const second = await usersOf(a, 'startIndex=3&count=2');
    expect(second.startIndex).toBe(3);
    expect(second.Resources.map((r) => r.id)).not.toContain(first.Resources[0].id);
    const last = await usersOf(a, 'startIndex=5&count=2');
    expect(last.itemsPerPage).toBe(1);
    const totalOnly = await usersOf(a, 'count=0');
    expect([totalOnly.totalResults, totalOnly.itemsPerPage, totalOnly.Resources]).toEqual([5, 0, []]);
    expect((await usersOf(a, 'startIndex=0&count=1000')).startIndex).toBe(1);
    const projected = await usersOf(a, 'attributes=userName&count=1');
    expect(Object.keys(projected.Resources[0]).sort()).toEqual(['id', 'meta', 'schemas', 'userName']);
    expect((await scimError(await a.scim('GET', '/Users?count=many'))).scimType).toBe('invalidValue');
  });

  it('never shows or changes a user of another organization or tenant, nor a technician', async () => {
    const all = (await usersOf(a, 'count=200')).Resources.map((r) => r.id);
    for (const id of [ids.other, ids.tech, ids.foreign]) {
      expect(all).not.toContain(id);
      expect((await scimError(await a.scim('GET', `/Users/${id}`))).status).toBe(404);
      expect((await scimError(await a.scim('PATCH', `/Users/${id}`, ops({ op: 'replace', path: 'name.givenName', value: 'Hacked' })))).status).toBe(404);
      expect((await scimError(await a.scim('PUT', `/Users/${id}`, user('x', 'Hacked', 'X', 'x@x.example')))).status).toBe(404);
      expect((await scimError(await a.scim('DELETE', `/Users/${id}`))).status).toBe(404);
    }
    expect(await names(a, 'userName eq "other"')).toEqual([]);
    expect(await names(a, 'emails.value eq "foreign@beta.example"')).toEqual([]);
    expect(await names(b, 'userName eq "ada"')).toEqual([]);
    expect((await row(ids.other!)).first_name).not.toBe('Hacked');
    expect((await row(ids.foreign!)).first_name).toBe('For');
    expect((await scimError(await a.scim('GET', '/Users/not-a-uuid'))).status).toBe(404);
    // Another tenant's role is no group of this app.
    const foreignRole = await roleId(t, b.tenantId, 'user');
    expect((await scimError(await a.scim('GET', `/Groups/${foreignRole}`))).status).toBe(404);
    expect((await scimError(await a.scim('PATCH', `/Groups/${foreignRole}`, ops({ op: 'add', path: 'members', value: [{ value: ids.ada }] })))).status).toBe(404);
  });

  it('PATCH as Entra ID and Okta send it: capitalised ops, booleans as text, a value object with dotted keys, filtered paths', async () => {
    const id = ids.grace!;
    const res = await a.scim('PATCH', `/Users/${id}`, ops(
      { op: 'Replace', path: 'name.givenName', value: 'Gracie' },
      { op: 'Add', value: { 'name.familyName': 'Murray Hopper', externalId: 'ext-grace' } },
      { op: 'replace', path: 'emails[type eq "work"].value', value: 'gracie@alpha.example' },
      { op: 'replace', path: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department', value: 'Navy' },
      { op: 'add', path: 'addresses[type eq "work"].formatted', value: '1 Main St' },
      { op: 'replace', value: { 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { employeeNumber: '7' }, title: 'Rear Admiral' } },
    ));
    expect(res.status, await res.clone().text()).toBe(200);
    const body = (await res.json()) as any;
    expect(body).toMatchObject({ userName: 'grace', externalId: 'ext-grace', name: { givenName: 'Gracie', familyName: 'Murray Hopper' }, emails: [{ value: 'gracie@alpha.example' }] });
    // An invited user's new address is written at once, and no invitation goes out (the app sends none).
    expect((await row(id)).email).toBe('gracie@alpha.example');
    expect(await t.services.db.selectFrom('email_outbox').select('id').where('user_id', '=', id).execute()).toEqual([]);
    const audit = await t.services.db.selectFrom('audit_events').select('action').where('target_id', '=', id).where('actor_id', '=', a.app.id).orderBy('id').execute();
    expect(audit.map((e) => e.action)).toEqual(['user.created', 'user.updated', 'user.updated']);
  });

  it('active "False" deactivates through the deactivation service, "True" activates again', async () => {
    const id = ids.alan!;
    const off = (await (await a.scim('PATCH', `/Users/${id}`, ops({ op: 'Replace', path: 'active', value: 'False' }))).json()) as any;
    expect(off.active).toBe(false);
    expect((await row(id)).status).toBe('deactivated');
    const on = (await (await a.scim('PATCH', `/Users/${id}`, ops({ op: 'replace', value: { active: 'True' } }))).json()) as any;
    expect(on.active).toBe(true);
    expect((await row(id)).status).toBe('active');
    const audit = await t.services.db.selectFrom('audit_events').select('action').where('target_id', '=', id).where('action', 'in', ['user.deactivated', 'user.activated']).orderBy('id').execute();
    expect(audit.map((e) => e.action)).toEqual(['user.deactivated', 'user.activated']);
  });

  it('refuses a bad PATCH or PUT with a SCIM 400 and changes nothing', async () => {
    const id = ids.ada!;
    const before = await row(id);
    const cases: [unknown, string, string][] = [
      [ops({ op: 'replace', path: 'emails[type eq "work"].value', value: 'nope' }), 'invalidValue', 'emails'],
      [ops({ op: 'replace', path: 'name.givenName', value: 'Ok' }, { op: 'replace', path: 'nickName2', value: 'x' }), 'invalidPath', 'nickName2'],
      [ops({ op: 'remove', path: 'userName' }), 'invalidValue', 'userName'],
      [ops({ op: 'replace', path: 'active', value: 'perhaps' }), 'invalidValue', 'active'],
      [ops({ op: 'replace', path: 'userName', value: 'ada.lovelace' }), 'mutability', 'userName'],
      [ops({ op: 'move', path: 'userName', value: 'x' }), 'invalidSyntax', 'op'],
      [{ schemas: [PATCH], Operations: [] }, 'invalidSyntax', 'Operations'],
      [ops({ op: 'replace', path: 'emails[type eq "work"', value: 'x@y.example' }), 'invalidPath', 'emails'],
    ];
    for (const [body, scimType, attribute] of cases) {
      const e = await scimError(await a.scim('PATCH', `/Users/${id}`, body));
      expect([e.status, e.scimType], JSON.stringify(body)).toEqual([400, scimType]);
      expect(e.detail).toContain(attribute);
    }
    const put = await scimError(await a.scim('PUT', `/Users/${id}`, user('ada', 'Ada', '', 'ada@alpha.example')));
    expect([put.status, put.scimType]).toEqual([400, 'invalidValue']);
    expect(put.detail).toContain('name.familyName');
    expect(await row(id)).toEqual(before);
  });

  it('honours If-Match: a stale version is a 412 and changes nothing', async () => {
    const current = (await (await a.scim('GET', `/Users/${ids.ada}`)).json()) as any;
    const stale = await scimError(await a.scim('PATCH', `/Users/${ids.ada}`, ops({ op: 'replace', path: 'name.givenName', value: 'Stale' }), { 'if-match': 'W/"0"' }));
    expect(stale.status).toBe(412);
    expect((await row(ids.ada!)).first_name).toBe('Ada');
    const fresh = await a.scim('PATCH', `/Users/${ids.ada}`, ops({ op: 'replace', path: 'name.givenName', value: 'Ada' }, { op: 'replace', path: 'externalId', value: 'ext-ada-2' }), { 'if-match': current.meta.version });
    expect(fresh.status).toBe(200);
    expect(fresh.headers.get('etag')).not.toBe(current.meta.version);
    expect((await scimError(await a.scim('DELETE', `/Users/${ids.ada}`, undefined, { 'if-match': current.meta.version }))).status).toBe(412);
  });

  it('PUT replaces names and email (a registered user confirms a new address, as in the API); DELETE deletes where the profile allows it', async () => {
    const res = await a.scim('PUT', `/Users/${ids.edsger}`, user('edsger', 'Edsger W.', 'Dijkstra', 'ewd@alpha.example', { active: false }));
    expect(res.status).toBe(200);
    // Not invited any more (deactivated): as in PATCH /v1/users/:id, the new address applies once it is confirmed.
    expect(await res.json()).toMatchObject({ name: { givenName: 'Edsger W.' }, emails: [{ value: 'edsger@alpha.example' }], active: false });
    expect((await row(ids.edsger!)).pending_email).toBe('ewd@alpha.example');
    // A PUT without active leaves it as it is.
    expect(((await (await a.scim('PUT', `/Users/${ids.edsger}`, user('edsger', 'Edsger W.', 'Dijkstra', 'edsger@alpha.example'))).json()) as any).active).toBe(false);
    expect((await a.scim('DELETE', `/Users/${ids.edsger}`)).status).toBe(204);
    expect((await a.scim('GET', `/Users/${ids.edsger}`)).status).toBe(404);
    const audit = await t.services.db.selectFrom('audit_events').select(['action', 'actor_id']).where('target_id', '=', ids.edsger!).where('action', '=', 'user.deleted').execute();
    expect(audit).toEqual([{ action: 'user.deleted', actor_id: a.app.id }]);
  });

  it('where the profile never deletes (Atera), DELETE deactivates; userName is the email there', async () => {
    const res = await atera.scim('POST', '/Users', user('Sam@Gamma.example', 'Sam', 'Stone', 'ignored@gamma.example'));
    expect(res.status).toBe(201);
    const created = (await res.json()) as any;
    expect(created.userName).toBe('Sam@Gamma.example');
    expect(created.emails[0].value).toBe('Sam@Gamma.example');
    expect(await names(atera, 'userName eq "sam@gamma.example"')).toEqual(['Sam@Gamma.example']);
    const bad = await scimError(await atera.scim('POST', '/Users', user('not-an-email', 'No', 'Mail')));
    expect(bad.detail).toContain('userName');
    expect((await atera.scim('DELETE', `/Users/${created.id}`)).status).toBe(204);
    const after = (await (await atera.scim('GET', `/Users/${created.id}`)).json()) as any;
    expect(after.active).toBe(false);
    expect((await row(created.id)).status).toBe('deactivated');
    const event = await t.services.db.selectFrom('audit_events').select('after').where('target_id', '=', created.id).where('action', '=', 'user.deactivated').executeTakeFirstOrThrow();
    expect(event.after).toMatchObject({ status: 'deactivated' });
  });

  it('groups are the tenant’s roles: members added and removed within the app’s permissions; never created, replaced or deleted', async () => {
    const created = await t.app.request('/v1/roles', json({ name: 'Portal users', permissions: [] }, a.auth));
    expect(created.status).toBe(201);
    const portal = ((await created.json()) as { id: string }).id;
    const list = (await (await a.scim('GET', '/Groups?count=200')).json()) as any;
    expect(list.Resources.map((g: any) => g.displayName)).toContain('Portal users');
    const byName = (await (await a.scim('GET', `/Groups?filter=${encodeURIComponent('displayName eq "portal users"')}`)).json()) as any;
    expect(byName.Resources.map((g: any) => g.id)).toEqual([portal]);

    const add = await a.scim('PATCH', `/Groups/${portal}`, ops({ op: 'Add', path: 'members', value: [{ value: ids.ada }, { value: ids.lin }] }));
    expect(add.status, await add.clone().text()).toBe(200);
    expect(((await add.json()) as any).members.map((m: any) => m.value)).toContain(ids.ada);
    const ada = (await (await a.scim('GET', `/Users/${ids.ada}`)).json()) as any;
    expect(ada.groups.map((g: any) => g.display)).toEqual(['Portal users']);
    const members = (await (await a.scim('GET', `/Groups?filter=${encodeURIComponent(`members.value eq "${ids.ada}"`)}`)).json()) as any;
    expect(members.Resources.map((g: any) => g.id)).toEqual([portal]);
    expect((await t.services.db.selectFrom('audit_events').select('actor_id').where('target_id', '=', ids.ada!).where('action', '=', 'user.roles_changed').execute()).map((e) => e.actor_id)).toEqual([a.app.id]);

    const removed = await a.scim('PATCH', `/Groups/${portal}`, ops({ op: 'remove', path: `members[value eq "${ids.ada}"]` }));
    expect(((await removed.json()) as any).members.map((m: any) => m.value)).not.toContain(ids.ada);

    // A role with permissions the app was not given (User: self.edit) is never given by it.
    const userRole = await roleId(t, a.tenantId, 'user');
    const refused = await scimError(await a.scim('PATCH', `/Groups/${userRole}`, ops({ op: 'add', path: 'members', value: [{ value: ids.ada }] })));
    expect([refused.status, refused.scimType]).toEqual([400, 'invalidValue']);
    // A member of another organization is not the app's to change; the group is not the app's to rename.
    expect((await scimError(await a.scim('PATCH', `/Groups/${portal}`, ops({ op: 'add', path: 'members', value: [{ value: ids.other }] })))).status).toBe(400);
    expect((await scimError(await a.scim('PATCH', `/Groups/${portal}`, ops({ op: 'replace', path: 'displayName', value: 'Admins' })))).scimType).toBe('mutability');
    expect((await t.services.db.selectFrom('role_assignments').select('user_id').where('role_id', '=', portal).where('user_id', '=', ids.other!).execute())).toEqual([]);
    for (const [method, path] of [['POST', '/Groups'], ['PUT', `/Groups/${portal}`], ['DELETE', `/Groups/${portal}`]] as const) {
      expect((await scimError(await a.scim(method, path, method === 'DELETE' ? undefined : { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'X' }))).status).toBe(403);
    }
    expect((await a.scim('GET', `/Groups/${portal}`)).status).toBe(200);
  });

  it('is documented in the OpenAPI document under the tag SCIM, with SCIM’s error schema', async () => {
    const doc = (await (await t.app.request('/openapi.json')).json()) as any;
    const op = doc.paths['/scim/v2/Users'].post;
    expect(op.tags).toEqual(['SCIM']);
    expect(op.responses['409'].content['application/scim+json'].schema).toEqual({ $ref: '#/components/schemas/ScimError' });
    expect(doc.components.schemas.ScimError.properties.scimType).toBeDefined();
    expect(Object.keys(doc.paths).filter((p) => p.startsWith('/scim/v2')).sort()).toEqual(['/scim/v2/Groups', '/scim/v2/Groups/{id}', '/scim/v2/ResourceTypes', '/scim/v2/Schemas', '/scim/v2/ServiceProviderConfig', '/scim/v2/Users', '/scim/v2/Users/{id}']);
  });
});
