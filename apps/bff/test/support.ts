import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createApp } from '../src/app.js';
import { servicesOf } from '../src/server.js';
import { createDb, type DbHandle } from '../src/db/create-db.js';
import type { Config } from '../src/env.js';
import type { Services } from '../src/services/context.js';
import type { CreateTenantResponse } from '@roster/contract';
import type { NewUserRow } from '../src/db/tables.js';
import { renderOutboxMessage } from '../src/email/outbox.js';
import { insertUsers as insertUserRows } from '../src/db/repositories/users.repository.js';
import { startPgbouncer, type Pgbouncer } from './db/pgbouncer.js';

/**
 * Tests run against every dialect the product supports: embedded PGlite always, and a real PostgreSQL when
 * TEST_DATABASE_URL is set (CI sets it). Each test file gets its own fresh database.
 */
export const dialects = ['pglite', ...(process.env.TEST_DATABASE_URL ? ['postgres'] : [])] as const;
export type Dialect = (typeof dialects)[number];

let bouncer: Promise<Pgbouncer> | undefined;
/** One PgBouncer per test process, started on first use, in front of TEST_DATABASE_URL's server. */
export function sharedPgbouncer(): Promise<Pgbouncer> {
  return (bouncer ??= startPgbouncer(process.env.TEST_DATABASE_URL!).then((b) => {
    if ('skipped' in b) throw new Error(`TEST_DATABASE_POOLER=pgbouncer, but ${b.skipped}`);
    return b;
  }));
}

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

/** A fresh, empty database on the server of `base` (one per test file; a benchmark's), and how to drop it. */
export async function createTestDatabase(base = process.env.TEST_DATABASE_URL!, prefix = 'roster_test'): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export interface TestContext {
  services: Services;
  app: ReturnType<typeof createApp>;
  handle: DbHandle;
  /** The test database's URL on PostgreSQL (a second connection of the test's own); none on PGlite. */
  databaseUrl?: string | undefined;
  close(): Promise<void>;
}

export async function createTestContext(dialect: Dialect, overrides: Partial<Config> = {}, options: { pooler?: Pgbouncer } = {}): Promise<TestContext> {
  let handle: DbHandle;
  let dropDatabase = async () => {};
  let databaseUrl: string | undefined;
  if (dialect === 'postgres') {
    const created = await createTestDatabase();
    databaseUrl = created.url;
    dropDatabase = created.drop;
    // TEST_DATABASE_POOLER=pgbouncer: every connection of the test goes through a PgBouncer in transaction pooling
    // mode that this process starts (test/db/pgbouncer.ts), as a fleet behind a pooler would.
    const pooler = options.pooler ?? (process.env.TEST_DATABASE_POOLER === 'pgbouncer' ? await sharedPgbouncer() : undefined);
    if (pooler) databaseUrl = pooler.through(databaseUrl);
    handle = await createDb({ databaseUrl, poolSize: 5 });
  } else {
    handle = await createDb({ dataDir: 'memory://' });
  }
  const config = testConfig(overrides);
  const services = servicesOf(handle, config);
  return {
    services,
    app: createApp(services),
    handle,
    databaseUrl,
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
  // As if the Root Admin had received and accepted the invitation that tenant creation sent.
  const now = new Date().toISOString();
  await t.services.db.updateTable('one_time_tokens').set({ used_at: now }).where('user_id', '=', created.rootAdmin.id).where('used_at', 'is', null).execute();
  await t.services.db.updateTable('email_outbox').set({ sent_at: now }).where('user_id', '=', created.rootAdmin.id).where('sent_at', 'is', null).execute();
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

/** Users inserted through the users writer (which adds their search text). */
export async function insertUsers(t: TestContext, rows: NewUserRow[]) {
  return insertUserRows(t.services.db, rows);
}

export async function roleId(t: TestContext, tenantId: string, key: string): Promise<string> {
  const row = await t.services.db.selectFrom('roles').select('id').where('tenant_id', '=', tenantId).where('key', '=', key).executeTakeFirstOrThrow();
  return row.id;
}

export async function errorOf(res: Response) {
  const body = (await res.json()) as { error: { code: string; message: string; issues?: { path: (string | number)[]; message: string }[] } };
  return { status: res.status, ...body.error };
}

/**
 * The newest outbox message to an address (or the message with this id), read the way it is delivered: rendered by
 * the product's own `renderOutboxMessage`, a link email's token unsealed with the signing key. The database alone
 * holds no link.
 */
export async function deliveredMessage(t: TestContext, where: { to: string } | { id: number }) {
  let q = t.services.db.selectFrom('email_outbox').selectAll();
  q = 'id' in where ? q.where('id', '=', where.id) : q.where('to_address', '=', where.to).orderBy('id', 'desc');
  const row = await q.limit(1).executeTakeFirstOrThrow();
  const mail = renderOutboxMessage(row, t.services.config.signingKey);
  return { id: row.id, template: row.template, to: row.to_address, sentAt: row.sent_at, ...mail };
}

/** The token of the `path` link (e.g. '/accept-invitation') in a delivered message's text. */
export function linkToken(mail: { text: string }, path: string): string {
  const match = new RegExp(`https://roster\\.test${path}\\?token=([A-Za-z0-9_-]+)`).exec(mail.text);
  if (!match) throw new Error(`no ${path} link in: ${mail.text}`);
  return match[1]!;
}

/**
 * Waits until every transaction that began before this call has ended, anywhere in the PostgreSQL cluster. The sync
 * (`updatedSince`) and the event feed never read past the oldest transaction still running — in any database, since
 * transaction ids are the cluster's — so while another test file holds one open (an import, a second connection), a
 * page would not yet show what this test just committed. Nothing to wait for on PGlite (one connection).
 */
export async function settled(t: TestContext, timeoutMs = 30_000): Promise<void> {
  if (!t.databaseUrl) return;
  const c = new pg.Client({ connectionString: t.databaseUrl });
  await c.connect();
  try {
    // An id of its own, committed at once: every transaction older than it must end.
    const mark = (await c.query<{ mark: string }>('select pg_current_xact_id()::text as mark')).rows[0]!.mark;
    for (const deadline = Date.now() + timeoutMs; ; ) {
      const { done } = (await c.query<{ done: boolean }>('select pg_snapshot_xmin(pg_current_snapshot()) > $1::xid8 as done', [mark])).rows[0]!;
      if (done) return;
      if (Date.now() > deadline) throw new Error(`A transaction elsewhere in the cluster stayed open for ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 25));
    }
  } finally {
    await c.end();
  }
}

/**
 * Another BFF instance over the test's database, as a second process behind a load balancer would be: its own
 * services and app, and on PostgreSQL its own pool. On PGlite (one connection) it shares the test's handle.
 */
export async function anotherInstance(t: TestContext) {
  const handle = t.databaseUrl ? await createDb({ databaseUrl: t.databaseUrl, poolSize: 5, migrate: false }) : t.handle;
  const services = servicesOf(handle, t.services.config);
  return { services, app: createApp(services), close: () => (handle === t.handle ? Promise.resolve() : handle.close()) };
}
