import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminSession, createTestContext, dialects, json, PLATFORM_KEY, type TestContext } from '../../support.js';
import { scimTenant } from '../../routes/scim/scim-support.js';

type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
};
type Path = (string | number)[];

/** Every path to a string in a JSON schema (array items as index 0), each once. */
function stringPaths(schema: JsonSchema | undefined, at: Path = [], out = new Map<string, Path>()): Map<string, Path> {
  if (!schema || at.length > 6) return out;
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (types.includes('string') || (schema.enum ?? []).some((v) => typeof v === 'string')) out.set(JSON.stringify(at), at);
  for (const [key, sub] of Object.entries(schema.properties ?? {})) stringPaths(sub, [...at, key], out);
  if (schema.items) stringPaths(schema.items, [...at, 0], out);
  for (const sub of [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])]) stringPaths(sub, at, out);
  return out;
}

/** A body holding `value` at `path`, with the objects and arrays on the way. */
function bodyWith(path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  return typeof head === 'number' ? [bodyWith(rest, value)] : { [head!]: bodyWith(rest, value) };
}

const NUL = 'a\u0000b';

describe.each(dialects)('text PostgreSQL cannot store is a 400 naming the parameter, on every route (%s)', (dialect) => {
  let t: TestContext;
  let session: Awaited<ReturnType<typeof adminSession>>;
  let doc: { paths: Record<string, Record<string, any>> };
  let scimToken: string;
  beforeAll(async () => {
    t = await createTestContext(dialect);
    session = await adminSession(t, 'Nul Co');
    scimToken = (await scimTenant(t, 'Nul Scim')).token;
    doc = (await (await t.app.request('/openapi.json')).json()) as typeof doc;
  });
  afterAll(async () => t?.close());

  // Each request from an address of its own: the per-address rate limits of login and the platform API (shared
  // by every app over the database) must not answer instead.
  let sent = 0;
  const send = (path: string, init: RequestInit) => {
    sent += 1;
    return t.app.request(path, init, { incoming: { socket: { remoteAddress: `10.${(sent >> 16) & 255}.${(sent >> 8) & 255}.${sent & 255}` } } });
  };

  /** The platform key, the OAuth client's token where the route needs widgets.mint, else the admin's widget token. */
  function authOf(op: { security?: Record<string, unknown>[]; description?: string; tags?: string[] }): Record<string, string> {
    if (op.tags?.includes('SCIM')) return { authorization: `Bearer ${scimToken}` };
    const scheme = Object.keys(op.security?.[0] ?? {})[0];
    if (scheme === 'platformKey') return { authorization: `Bearer ${PLATFORM_KEY}` };
    if (scheme !== 'bearer') return {};
    return op.description?.includes('widgets.mint') ? { authorization: `Bearer ${session.access}` } : session.auth;
  }

  async function expectNamed(res: Response, path: Path, what: string) {
    const text = await res.text();
    expect(res.status, `${what}: ${text}`).toBe(400);
    const body = JSON.parse(text) as { error: { issues?: { path: Path; message: string }[] } | string; issues?: { path: Path; message: string }[]; detail?: string };
    // SCIM answers in its own format (RFC 7644 §3.12): the detail names the parameter.
    if (body.detail !== undefined) return expect(body.detail, what).toMatch(new RegExp(`${path.join('\\.')}: .*NUL`));
    // /oauth/token answers RFC 6749's shape ({error: "invalid_request", error_description}) with the issues beside it.
    const issues = typeof body.error === 'string' ? body.issues : body.error.issues;
    expect(issues?.[0]?.path, what).toEqual(path);
    expect(issues?.[0]?.message, what).toMatch(/NUL/);
  }

  it('every string query parameter, JSON body field and form field of the OpenAPI document', async () => {
    const tried: string[] = [];
    for (const [template, methods] of Object.entries(doc.paths)) {
      const url = template.replace('{tenantId}', session.tenantId).replace('{id}', session.created.rootAdmin.id);
      for (const [method, op] of Object.entries(methods)) {
        const headers = authOf(op);
        for (const p of (op.parameters ?? []) as { name: string; in: string }[]) {
          if (p.in !== 'query') continue;
          const what = `${method.toUpperCase()} ${template}?${p.name}`;
          const init: RequestInit = method === 'get' ? { headers } : { ...json({}, headers), method: method.toUpperCase() };
          await expectNamed(await send(`${url}?${p.name}=${encodeURIComponent(NUL)}`, init), ['query', p.name], what);
          tried.push(what);
        }
        const content = op.requestBody?.content ?? {};
        for (const path of stringPaths(content['application/json']?.schema).values()) {
          const what = `${method.toUpperCase()} ${template} body ${path.join('.')}`;
          const res = await send(url, { ...json(bodyWith(path, NUL), headers), method: method.toUpperCase() });
          await expectNamed(res, ['body', ...path], what);
          tried.push(what);
        }
        const form = content['application/x-www-form-urlencoded']?.schema as JsonSchema | undefined;
        for (const name of Object.keys(form?.properties ?? {})) {
          const what = `${method.toUpperCase()} ${template} form ${name}`;
          const params = new URLSearchParams({ grant_type: 'client_credentials', client_id: session.created.oauthClient.clientId, client_secret: session.created.oauthClient.clientSecret });
          params.set(name, NUL);
          const res = await send(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: params.toString() });
          await expectNamed(res, ['body', name], what);
          tried.push(what);
        }
      }
    }
    // The walk reached the parameters the attack run used, and many more.
    expect(tried).toEqual(
      expect.arrayContaining([
        'GET /v1/users?q',
        'GET /v1/users?cursor',
        'GET /v1/audit-events?action',
        'POST /v1/users/bulk-import?dryRun',
        'POST /v1/users body firstName',
        'POST /v1/users/bulk-import body rows.0.email',
        'POST /v1/users/bulk-import body text',
        'POST /v1/platform/tenants body rootAdmin.email',
        'POST /v1/auth/login body login',
        'POST /v1/auth/forgot-password body email',
        'POST /oauth/token form client_id',
        'POST /oauth/token form scope',
        'GET /scim/v2/Users?filter',
      ]),
    );
    expect(tried.length).toBeGreaterThan(60);
  }, 120_000);

  it('inside otherwise valid requests, in keys, and as a broken UTF-16 character', async () => {
    const created = await send('/v1/users', json({ kind: 'technician', firstName: 'Ann\u0000a', lastName: 'Berg', email: 'anna@nul.example' }, session.auth));
    await expectNamed(created, ['body', 'firstName'], 'create');
    const login = await send('/v1/auth/login', json({ tenantId: session.tenantId, login: 'root@nulco.example\u0000', password: 'x' }));
    await expectNamed(login, ['body', 'login'], 'login');
    const key = await send('/v1/users', json({ kind: 'technician', ['first\u0000Name']: 'A' }, session.auth));
    await expectNamed(key, ['body', 'first\u0000Name'], 'key');
    const query = await send(`/v1/users?${encodeURIComponent('q\u0000')}=x`, { headers: session.auth });
    await expectNamed(query, ['query', 'q\u0000'], 'query key');
    const surrogate = await send('/v1/users', { method: 'POST', headers: { 'content-type': 'application/json', ...session.auth }, body: '{"kind":"technician","lastName":"B\\ud800erg"}' });
    expect(surrogate.status).toBe(400);
    expect(((await surrogate.json()) as any).error.issues[0]).toMatchObject({ path: ['body', 'lastName'], message: expect.stringMatching(/broken character/) });
    // Basic credentials with a NUL never reach the database: RFC 6749's invalid_client.
    const basic = await send('/oauth/token', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`a%00:b`).toString('base64')}` },
      body: 'grant_type=client_credentials',
    });
    expect(basic.status).toBe(401);
    // Emoji (surrogate pairs) and ordinary text are fine.
    const ok = await send('/v1/users', json({ kind: 'technician', firstName: 'Anna', lastName: 'Berg', email: 'anna@nul.example' }, session.auth));
    expect(ok.status).toBe(201);
  });
});
