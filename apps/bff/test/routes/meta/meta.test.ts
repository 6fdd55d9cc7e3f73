import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, statSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestContext, errorOf, type TestContext } from '../../support.js';
import { createApp } from '../../../src/app.js';
import { loadConfig, ConfigError } from '../../../src/env.js';
import { sql } from 'kysely';

describe('meta routes (PGlite)', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext('pglite');
  });
  afterAll(async () => t?.close());

  it('GET /healthz answers that the process is alive; GET /readyz checks the database and its migrations', async () => {
    const res = await t.app.request('/healthz');
    expect(await res.json()).toEqual({ status: 'ok', database: 'pglite' });
    expect(res.headers.get('x-request-id')).toEqual(expect.any(String));
    const ready = await t.app.request('/readyz');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ok', database: 'pglite' });
  });

  it('GET /readyz is 503 with Retry-After, naming the migration, while the database lacks one; /healthz stays 200', async () => {
    const last = await sql<{ name: string }>`select name from kysely_migration order by name desc limit 1`.execute(t.services.platformDb);
    const name = last.rows[0]!.name;
    await sql`delete from kysely_migration where name = ${name}`.execute(t.services.platformDb);
    try {
      const res = await t.app.request('/readyz');
      expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
      const e = await errorOf(res);
      expect(e).toMatchObject({ status: 503, code: 'service_unavailable' });
      expect(e.message).toContain(name);
      expect((await t.app.request('/healthz')).status).toBe(200);
    } finally {
      await sql`insert into kysely_migration (name, timestamp) values (${name}, ${new Date().toISOString()})`.execute(t.services.platformDb);
    }
    expect((await t.app.request('/readyz')).status).toBe(200);
  });

  it('GET /readyz is 503 with Retry-After while the process drains for a shutdown; /healthz and the API still answer', async () => {
    const lifecycle = { draining: false };
    const app = createApp({ ...t.services, lifecycle });
    expect((await app.request('/readyz')).status).toBe(200);
    lifecycle.draining = true;
    const res = await app.request('/readyz');
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await errorOf(res)).toMatchObject({ status: 503, code: 'service_unavailable', message: 'This instance is shutting down.' });
    expect((await app.request('/healthz')).status).toBe(200);
    expect((await app.request('/openapi.json')).status).toBe(200);
  });

  it('GET /openapi.json is generated from the contract', async () => {
    const doc = (await (await t.app.request('/openapi.json')).json()) as any;
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/v1/users', '/v1/users/{id}', '/v1/platform/tenants', '/oauth/token', '/v1/widget-tokens', '/v1/organizations']),
    );
    const params = doc.paths['/v1/users'].get.parameters.map((p: any) => p.name);
    expect(params).toEqual(['kind', 'organizationId', 'q', 'status', 'roleId', 'hideDeactivated', 'suspended', 'sort', 'order', 'limit', 'cursor', 'updatedSince', 'externalId', 'filter']);
    // The structured filter: JSON text, its tree's schema and an example documented.
    const filter = doc.paths['/v1/users'].get.parameters.find((p: any) => p.name === 'filter');
    expect(filter.schema).toMatchObject({ type: 'string', contentMediaType: 'application/json' });
    expect(filter.schema.contentSchema.oneOf).toHaveLength(2);
    expect(JSON.parse(filter.schema.example ?? filter.example)).toHaveProperty('all');
    const sort = doc.paths['/v1/users'].get.parameters.find((p: any) => p.name === 'sort');
    // A built-in column, or a custom attribute as attr.<key>.
    const sortEnums = [sort.schema, ...(sort.schema.anyOf ?? sort.schema.oneOf ?? [])].flatMap((x: any) => x.enum ?? []);
    expect(sortEnums).toEqual(['firstName', 'lastName', 'username', 'status', 'mfa', 'createdAt']);
    const user = doc.paths['/v1/users/{id}'].get.responses['200'].content['application/json'].schema;
    expect(user.required).toEqual(expect.arrayContaining(['id', 'email', 'status', 'invitationStatus']));
    // No stored hash is ever described; a hash goes in only as an import row's passwordHash (migrating users in).
    const { '/v1/users/bulk-import': importPath, ...others } = doc.paths;
    expect(JSON.stringify(importPath)).toMatch(/passwordHash/);
    expect(JSON.stringify({ ...doc, paths: others }).replace(/"ImportRowInput":\{.*?\}\}/, '')).not.toMatch(/password_?hash|secret_?hash/i);
  });

  it('GET /openapi.json describes the organization routes, tenant and platform, with their path parameters and name rule', async () => {
    const doc = (await (await t.app.request('/openapi.json')).json()) as any;
    expect(Object.keys(doc.paths['/v1/organizations']).sort()).toEqual(['get', 'post']);
    expect(Object.keys(doc.paths['/v1/organizations/{id}']).sort()).toEqual(['delete', 'patch']);
    expect(Object.keys(doc.paths['/v1/platform/tenants/{tenantId}/organizations']).sort()).toEqual(['post']);
    expect(Object.keys(doc.paths['/v1/platform/tenants/{tenantId}/organizations/{id}']).sort()).toEqual(['delete', 'patch']);
    expect(doc.paths['/v1/platform/tenants/{tenantId}/organizations/{id}'].patch.parameters.map((p: any) => [p.name, p.in])).toEqual([['tenantId', 'path'], ['id', 'path']]);
    expect(doc.paths['/v1/platform/tenants/{tenantId}/organizations'].post.security).toEqual([{ platformKey: [] }]);
    const create = doc.paths['/v1/organizations'].post;
    expect(create.description).toContain('organizations.manage');
    expect(create.requestBody.content['application/json'].schema).toMatchObject({ required: ['name'], properties: { name: { type: 'string' } }, additionalProperties: false });
    expect(Object.keys(create.responses)).toEqual(expect.arrayContaining(['201', '409', '422']));
    expect(Object.keys(doc.paths['/v1/organizations/{id}'].delete.responses)).toEqual(expect.arrayContaining(['204', '404', '409']));
  });

  it('answers CORS preflights and marks every /v1 response, errors included, as readable from any origin', async () => {
    const pre = await t.app.request('/v1/users', { method: 'OPTIONS', headers: { origin: 'https://portal.example', 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' } });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('*');
    expect(pre.headers.get('access-control-allow-headers')).toBe('Authorization,Content-Type,Idempotency-Key,Roster-Step-Up'); // an embedded element carries a step-up (issue 10 item 9)
    expect(pre.headers.get('access-control-max-age')).toBe('600');
    const denied = await t.app.request('/v1/users', { headers: { origin: 'https://portal.example' } });
    expect(denied.status).toBe(401);
    expect(denied.headers.get('access-control-allow-origin')).toBe('*');
    expect(denied.headers.get('access-control-expose-headers')).toBe('X-Request-Id,Retry-After');
    expect(denied.headers.get('x-request-id')).toEqual(expect.any(String));
    expect(denied.headers.get('x-content-type-options')).toBe('nosniff');
    // Outside /v1 (the operator's health check) no CORS header is added.
    expect((await t.app.request('/healthz')).headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses a body over 1 MB on any route but the bulk import, before reading it', async () => {
    const res = await t.app.request('/v1/widget-tokens', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ pad: 'x'.repeat(1024 * 1024) }) });
    expect((await errorOf(res)).status).toBe(413);
  });

  it('GET /docs serves a reference page', async () => {
    const res = await t.app.request('/docs');
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(await res.text()).toContain('openapi.json');
  });

  it('answers unknown routes with the error envelope', async () => {
    expect(await errorOf(await t.app.request('/v1/nothing'))).toMatchObject({ status: 404, code: 'not_found' });
  });

  it('the platform API is closed without a platform key', async () => {
    const closed = await createTestContext('pglite', { platformKey: undefined });
    try {
      const res = await closed.app.request('/v1/platform/tenants', { method: 'POST', headers: { authorization: 'Bearer anything-anything-anything' }, body: '{}' });
      expect(await errorOf(res)).toMatchObject({ status: 403, code: 'forbidden' });
    } finally {
      await closed.close();
    }
  });
});

describe('configuration', () => {
  it('uses defaults and generates the signing key once, kept private in the data directory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'roster-env-'));
    const config = loadConfig({ ROSTER_DATA_DIR: dir });
    expect(config.port).toBe(8787);
    expect(config.publicUrl).toBe('http://localhost:8787');
    expect(config.platformKey).toBeUndefined();
    expect(config.signingKey.length).toBe(32);
    expect(statSync(join(dir, 'signing-key')).mode & 0o777).toBe(0o600);
    expect(loadConfig({ ROSTER_DATA_DIR: dir }).signingKey).toEqual(config.signingKey);
    expect(Buffer.from(readFileSync(join(dir, 'signing-key'))).equals(Buffer.from(config.signingKey))).toBe(true);
  });

  it('in embedded demo mode generates a platform key', () => {
    const dir = mkdtempSync(join(tmpdir(), 'roster-env-'));
    expect(loadConfig({ ROSTER_DATA_DIR: dir, ROSTER_DEMO: 'true' }).platformKey).toMatch(/^[\w-]{40,}$/);
  });

  it('names every bad variable in one clear message', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', ROSTER_PUBLIC_URL: 'not a url', ROSTER_PLATFORM_KEY: 'short', ROSTER_DEMO: 'perhaps' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    for (const name of ['PORT', 'DATABASE_URL', 'ROSTER_PUBLIC_URL', 'ROSTER_PLATFORM_KEY', 'ROSTER_DEMO']) expect(message).toContain(name);
  });

  it('in production requires PostgreSQL, the public URL and the signing key, and refuses the demo and private webhooks, all in one message', () => {
    let error: unknown;
    try {
      loadConfig({ ROSTER_DEMO: 'true', ROSTER_WEBHOOKS_ALLOW_PRIVATE: 'yes', ROSTER_SHUTDOWN_TIMEOUT_MS: 'soon' }, { production: true });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const named = (error as Error).message.split('\n').slice(1).map((l) => /^ {2}(\w+): /.exec(l)?.[1]);
    expect(named.sort()).toEqual(['DATABASE_URL', 'ROSTER_DEMO', 'ROSTER_PUBLIC_URL', 'ROSTER_SHUTDOWN_TIMEOUT_MS', 'ROSTER_SIGNING_KEY', 'ROSTER_WEBHOOKS_ALLOW_PRIVATE']);
    const production = { DATABASE_URL: 'postgres://db/roster', ROSTER_SIGNING_KEY: 'k'.repeat(32), ROSTER_PUBLIC_URL: 'https://roster.example' };
    expect(loadConfig(production, { production: true })).toMatchObject({ databaseUrl: 'postgres://db/roster', publicUrl: 'https://roster.example', demo: false, migrateOnStart: false, shutdownTimeoutMs: 25_000 });
    expect(loadConfig({ ...production, ROSTER_MIGRATE_ON_START: 'true', ROSTER_SHUTDOWN_TIMEOUT_MS: '5000' }, { production: true })).toMatchObject({ migrateOnStart: true, shutdownTimeoutMs: 5000 });
    // The operator's own receivers' networks are a production setting; a value that is not one is named.
    expect(loadConfig({ ...production, ROSTER_WEBHOOKS_ALLOWED_NETWORKS: ' 10.20.0.0/16, fd00::/64 ' }, { production: true }).webhooksAllowedNetworks).toEqual(['10.20.0.0/16', 'fd00::/64']);
    expect(() => loadConfig({ ...production, ROSTER_WEBHOOKS_ALLOWED_NETWORKS: '10.20.0.0/16,intranet' }, { production: true })).toThrow(/ROSTER_WEBHOOKS_ALLOWED_NETWORKS: .*not intranet/);
    // Development keeps its defaults: PGlite, a generated key, localhost.
    expect(() => loadConfig({ ROSTER_DATA_DIR: mkdtempSync(join(tmpdir(), 'roster-env-')) })).not.toThrow();
  });

  it('requires a shared signing key with a shared PostgreSQL', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://db/roster' })).toThrow(/ROSTER_SIGNING_KEY/);
    expect(loadConfig({ DATABASE_URL: 'postgres://db/roster', ROSTER_SIGNING_KEY: 'k'.repeat(32) }).databaseUrl).toBe('postgres://db/roster');
  });
});
