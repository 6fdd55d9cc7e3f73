import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createApp } from '../src/app.js';
import { createDb, type DbHandle } from '../src/db/create-db.js';
import { TokenService } from '../src/auth/tokens.js';
import { TotpService } from '../src/auth/totp.js';
import type { Config } from '../src/env.js';
import type { Services } from '../src/services/context.js';
import type { CreateTenantResponse } from '@roster/contract';
import type { NewUserRow } from '../src/db/tables.js';

/**
 * Tests run against every dialect the product supports: embedded PGlite always, and a real PostgreSQL when
 * TEST_DATABASE_URL is set (CI sets it). Each test file gets its own fresh database.
 */
export const dialects = ['pglite', ...(process.env.TEST_DATABASE_URL ? ['postgres'] : [])] as const;
export type Dialect = (typeof dialects)[number];

export const PLATFORM_KEY = 'test-platform-key-0123456789abcdef';

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    port: 0,
    databaseUrl: undefined,
    dataDir: '/nonexistent',
    platformKey: PLATFORM_KEY,
    publicUrl: 'https://roster.test',
    signingKey: randomBytes(32),
    demo: false,
    smtpUrl: undefined,
    mailFrom: 'Roster <no-reply@roster.test>',
    ...overrides,
  };
}

export interface TestContext {
  services: Services;
  app: ReturnType<typeof createApp>;
  handle: DbHandle;
  close(): Promise<void>;
}

export async function createTestContext(dialect: Dialect, overrides: Partial<Config> = {}): Promise<TestContext> {
  let handle: DbHandle;
  let dropDatabase = async () => {};
  if (dialect === 'postgres') {
    const base = process.env.TEST_DATABASE_URL!;
    const name = `roster_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(base);
    url.pathname = `/${name}`;
    handle = await createDb({ databaseUrl: url.toString(), poolSize: 5 });
    dropDatabase = async () => {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    };
  } else {
    handle = await createDb({ dataDir: 'memory://' });
  }
  const config = testConfig(overrides);
  const services: Services = { db: handle.db, platformDb: handle.platformDb, dbKind: handle.kind, config, tokens: new TokenService(config.signingKey), totp: new TotpService(config.signingKey) };
  return {
    services,
    app: createApp(services),
    handle,
    async close() {
      await handle.close();
      await dropDatabase();
    },
  };
}

export const json = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

export async function createTenantViaApi(t: TestContext, name = 'Tenant', profile?: unknown): Promise<CreateTenantResponse> {
  const res = await t.app.request(
    '/v1/platform/tenants',
    json(
      { name, ...(profile ? { profile } : {}), rootAdmin: { firstName: 'Root', lastName: 'Admin', email: `root@${name.toLowerCase().replace(/\W/g, '')}.example` } },
      { authorization: `Bearer ${PLATFORM_KEY}` },
    ),
  );
  if (res.status !== 201) throw new Error(`tenant creation failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as CreateTenantResponse;
}

export async function clientToken(t: TestContext, clientId: string, clientSecret: string, scope?: string): Promise<string> {
  const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret });
  if (scope) body.set('scope', scope);
  const res = await t.app.request('/oauth/token', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: body.toString(),
  });
  if (res.status !== 200) throw new Error(`token failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

export async function widgetToken(t: TestContext, accessToken: string, actorUserId: string, extra: Record<string, unknown> = {}): Promise<string> {
  const res = await t.app.request('/v1/widget-tokens', json({ actorUserId, ...extra }, { authorization: `Bearer ${accessToken}` }));
  if (res.status !== 201) throw new Error(`widget token failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

/** A tenant whose Root Admin is active, with a widget token acting as that admin. */
export async function adminSession(t: TestContext, name = 'Tenant', profile?: unknown) {
  const created = await createTenantViaApi(t, name, profile);
  await t.services.db.updateTable('users').set({ status: 'active' }).where('id', '=', created.rootAdmin.id).execute();
  const access = await clientToken(t, created.oauthClient.clientId, created.oauthClient.clientSecret);
  const token = await widgetToken(t, access, created.rootAdmin.id);
  return { created, tenantId: created.tenant.id, access, token, auth: { authorization: `Bearer ${token}` } };
}

let counter = 0;
export function userRow(tenantId: string, overrides: Partial<NewUserRow> = {}): NewUserRow {
  counter += 1;
  const email = (overrides.email ?? `user${counter}@example.com`).toLowerCase();
  return {
    tenant_id: tenantId,
    kind: 'technician',
    organization_id: null,
    first_name: `First${counter}`,
    last_name: `Last${counter}`,
    email,
    email_normalized: email,
    username: email,
    username_normalized: email,
    phone: null,
    availability: null,
    status: 'active',
    password_hash: null,
    invitation_expires_at: null,
    last_login_at: null,
    locked_until: null,
    ...overrides,
  };
}

export async function insertUsers(t: TestContext, rows: NewUserRow[]) {
  return t.services.db.insertInto('users').values(rows).returning(['id', 'email']).execute();
}

export async function roleId(t: TestContext, tenantId: string, key: string): Promise<string> {
  const row = await t.services.db.selectFrom('roles').select('id').where('tenant_id', '=', tenantId).where('key', '=', key).executeTakeFirstOrThrow();
  return row.id;
}

export async function errorOf(res: Response) {
  const body = (await res.json()) as { error: { code: string; message: string; issues?: { path: (string | number)[]; message: string }[] } };
  return { status: res.status, ...body.error };
}
