import { spawnSync } from 'node:child_process';
import { Agent, request, type ClientRequest, type IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { BulkImportResponse, CreateTenantResponse } from '@roster/contract';
import { connecting, freePort, killChildren, spawnNode, type Run } from '../child-process.js';
import { createTestDatabase } from '../support.js';
import { bff, buildBff, MIGRATE, SERVE } from './built.js';

/**
 * Issue 16, production: the BFF built to JavaScript (`npm run build`) and run as `npm run serve` and
 * `npm run migrate` run it — plain `node` on apps/bff/dist, no tsx — against a fresh PostgreSQL database. Bad
 * configuration, migrations as their own command, and a graceful shutdown that finishes (or cleanly abandons) an
 * import in flight. The development entry (dist/main.js) on PGlite shows the worker threads boot from the build too.
 */
const PLATFORM_KEY = 'production-platform-key-0123456789';
/** Only what the test gives: nothing of the runner's environment (NODE_OPTIONS, a loader, DATABASE_URL) leaks in. */
const baseEnv = { PATH: process.env.PATH ?? '', ROSTER_SIGNING_KEY: 's'.repeat(40), ROSTER_PUBLIC_URL: 'https://roster.example', ROSTER_PLATFORM_KEY: PLATFORM_KEY };

const withPostgres = Boolean(process.env.TEST_DATABASE_URL);

beforeAll(() => buildBff(), 120_000);

afterAll(() => killChildren());

describe('the development entry from the build', () => {
  it('runs on embedded PGlite from dist: its worker thread boots without tsx; SIGTERM stops it cleanly', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'roster-dist-'));
    onTestFinished(() => rmSync(dataDir, { recursive: true, force: true }));
    const port = await freePort();
    const run = spawnNode([join(bff, 'dist', 'main.js')], { PATH: baseEnv.PATH, ROSTER_DATA_DIR: dataDir, PORT: String(port) });
    await run.listening;
    expect(await (await fetch(`http://127.0.0.1:${port}/readyz`)).json()).toEqual({ status: 'ok', database: 'pglite' });
    run.child.kill('SIGTERM');
    expect((await run.exited).code).toBe(0);
    expect(run.output()).toContain('shutdown: done');
  });
});

describe.skipIf(!withPostgres)('the production build', () => {
  const databases: { url: string; drop(): Promise<void> }[] = [];
  /** A database migrated by the migrate command, for the tests that serve it. */
  let migrated: { url: string; drop(): Promise<void> };

  beforeAll(async () => {
    migrated = await fresh();
    const r = spawnSync(process.execPath, [MIGRATE], { env: { PATH: baseEnv.PATH, DATABASE_URL: migrated.url }, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`migrate failed:\n${r.stdout}${r.stderr}`);
  }, 120_000);

  afterAll(async () => {
    killChildren();
    for (const d of databases) await d.drop();
  });

  async function fresh() {
    const d = await createTestDatabase();
    databases.push(d);
    return d;
  }

  async function serve(databaseUrl: string, extra: Record<string, string> = {}): Promise<Run & { port: number; url: string }> {
    const port = await freePort();
    const run = spawnNode([SERVE], { ...baseEnv, DATABASE_URL: databaseUrl, PORT: String(port), ...extra });
    return Object.assign(run, { port, url: `http://127.0.0.1:${port}` });
  }

  /** A tenant made through the platform API, and an access token of its OAuth client (users.write among its scopes). */
  async function tenantOf(url: string, name: string) {
    const created = await fetch(`${url}/v1/platform/tenants`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${PLATFORM_KEY}` },
      body: JSON.stringify({ name, rootAdmin: { firstName: 'Root', lastName: 'Admin', email: `root@${name.toLowerCase().replace(/\W/g, '')}.example` } }),
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const tenant = (await created.json()) as CreateTenantResponse;
    const token = await fetch(`${url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: tenant.oauthClient.clientId, client_secret: tenant.oauthClient.clientSecret }).toString(),
    });
    expect(token.status).toBe(200);
    const access = ((await token.json()) as { access_token: string }).access_token;
    const organization = await fetch(`${url}/v1/organizations`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${access}` }, body: JSON.stringify({ name: `${name} Customers` }) });
    expect(organization.status, await organization.clone().text()).toBe(201);
    return { tenantId: tenant.tenant.id, access, organizationId: ((await organization.json()) as { id: string }).id };
  }

  /** An import of `rows` end users of an organization, as pasted text (the import route's JSON body). */
  function importBody(rows: number, domain: string, organizationId: string): string {
    const lines = ['First name\tLast name\tEmail'];
    for (let i = 0; i < rows; i++) lines.push(`First${i}\tLast${i}\tuser${i}@${domain}`);
    return JSON.stringify({ kind: 'end_user', organizationId, text: lines.join('\n'), source: 'clipboard' });
  }

  /** A POST whose body the test writes when it wants: the request is in flight from its headers on. */
  function heldImport(url: string, access: string, bodyLength: number): { req: ClientRequest; response: Promise<{ res: IncomingMessage; body: string }> } {
    const req = request(`${url}/v1/users/bulk-import`, { method: 'POST', headers: { authorization: `Bearer ${access}`, 'content-type': 'application/json', 'content-length': String(bodyLength) } });
    const response = new Promise<{ res: IncomingMessage; body: string }>((resolve, reject) => {
      req.on('response', (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ res, body }));
        res.on('error', reject);
      });
      req.on('error', reject);
    });
    response.catch(() => {});
    req.flushHeaders();
    return { req, response };
  }

  async function usersOf(databaseUrl: string, tenantId: string): Promise<number> {
    const c = new pg.Client({ connectionString: databaseUrl });
    await c.connect();
    try {
      return Number((await c.query('select count(*) as n from users where tenant_id = $1', [tenantId])).rows[0].n);
    } finally {
      await c.end();
    }
  }

  it('refuses a bad configuration: one line per bad variable, all of them at once, exit 1, nothing listening', async () => {
    const port = await freePort();
    const run = spawnNode([SERVE], { PATH: baseEnv.PATH, PORT: 'eighty', ROSTER_SIGNING_KEY: 'short', ROSTER_DEMO: 'true', ROSTER_MIGRATE_ON_START: 'perhaps', ROSTER_SHUTDOWN_TIMEOUT_MS: '-1', ROSTER_WEBHOOKS_ALLOW_PRIVATE: 'true' });
    const { code } = await run.exited;
    expect(code).toBe(1);
    const lines = run.output().trim().split('\n');
    expect(lines[0]).toBe('Invalid configuration:');
    const named = lines.slice(1).map((l) => /^ {2}([A-Z_]+): \S/.exec(l)?.[1]);
    expect(named.sort()).toEqual(
      ['DATABASE_URL', 'PORT', 'ROSTER_DEMO', 'ROSTER_MIGRATE_ON_START', 'ROSTER_PUBLIC_URL', 'ROSTER_SHUTDOWN_TIMEOUT_MS', 'ROSTER_SIGNING_KEY', 'ROSTER_WEBHOOKS_ALLOW_PRIVATE'].sort(),
    );
    expect(run.output()).not.toMatch(/\n\s+at /); // messages, not a stack trace
    expect(await connecting(port)).toBe('ECONNREFUSED');
    // The database URL must be PostgreSQL's; the migrate command asks for it too.
    const migrate = spawnNode([MIGRATE], { PATH: baseEnv.PATH, DATABASE_URL: 'mysql://db/roster' });
    expect((await migrate.exited).code).toBe(1);
    expect(migrate.output()).toContain('DATABASE_URL: must be a postgres:// URL');
  });

  it('refuses to serve a database that lacks migrations; npm run migrate applies them and exits; a second run finds it current', async () => {
    const empty = await fresh();
    const early = await serve(empty.url);
    expect((await early.exited).code).toBe(1);
    expect(early.output()).toMatch(/The database lacks \d+ migrations this version needs: 2026-11-24T0100-initial, .*Run `npm run migrate` first/);
    expect(early.output()).not.toMatch(/\n\s+at /);

    const first = spawnNode([MIGRATE], { PATH: baseEnv.PATH, DATABASE_URL: empty.url });
    expect((await first.exited).code, first.output()).toBe(0);
    expect(first.output()).toMatch(/migrate: applied \d+ migration\(s\):\n {2}2026-11-24T0100-initial\n/);
    const second = spawnNode([MIGRATE], { PATH: baseEnv.PATH, DATABASE_URL: empty.url });
    expect((await second.exited).code).toBe(0);
    expect(second.output()).toContain('migrate: the database is current');
    const served = await serve(empty.url);
    await served.listening;
    expect((await fetch(`${served.url}/readyz`)).status).toBe(200);
    served.child.kill('SIGTERM');
    expect((await served.exited).code).toBe(0);
  });

  it('serves /healthz, /readyz and the API from the build; with ROSTER_MIGRATE_ON_START it migrates a new database itself', async () => {
    const server = await serve((await fresh()).url, { ROSTER_MIGRATE_ON_START: 'true' });
    await server.listening;
    expect(server.output()).toContain('Roster BFF listening on https://roster.example (database: postgres;');
    expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({ status: 'ok', database: 'postgres' });
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    const s = await tenantOf(server.url, 'Served Co');
    const list = await fetch(`${server.url}/v1/users`, { headers: { authorization: `Bearer ${s.access}` } });
    expect(list.status).toBe(200);
    expect(((await list.json()) as { items: { email: string }[] }).items.map((u) => u.email)).toEqual(['root@servedco.example']);
    server.child.kill('SIGTERM');
    expect((await server.exited).code).toBe(0);
  });

  it('on SIGTERM refuses new connections, closes idle ones, finishes the import in flight (201, every row) and exits 0', async () => {
    const server = await serve(migrated.url, { ROSTER_SHUTDOWN_TIMEOUT_MS: '20000' });
    await server.listening;
    const s = await tenantOf(server.url, 'Drain Co');
    // Idle connections, one kept alive after a request and one that never sent any: closed by the shutdown, not
    // left until the bound.
    const agent = new Agent({ keepAlive: true });
    const kept = await new Promise<IncomingMessage>((resolve, reject) => request(`${server.url}/healthz`, { agent }, resolve).on('error', reject).end());
    const keptSocket = kept.socket;
    const keptClosed = new Promise((resolve) => keptSocket.once('close', resolve));
    kept.resume();
    await new Promise((resolve) => kept.once('end', resolve));
    const silent = connect(server.port, '127.0.0.1');
    silent.on('error', () => {});
    await new Promise((resolve) => silent.once('connect', resolve));
    const silentClosed = new Promise((resolve) => silent.once('close', resolve));

    const rows = 3000;
    const body = Buffer.from(importBody(rows, 'drain.example', s.organizationId));
    const held = heldImport(server.url, s.access, body.length);
    held.req.write(body.subarray(0, body.length / 2));
    await new Promise((resolve) => setTimeout(resolve, 300));

    const signalled = Date.now();
    server.child.kill('SIGTERM');
    await server.printed('SIGTERM: stopped accepting; draining 1 request(s), at most 20000 ms');
    expect(await connecting(server.port), server.output()).toBe('ECONNREFUSED');
    await Promise.all([keptClosed, silentClosed]);
    agent.destroy();
    expect(server.child.exitCode).toBe(null); // still finishing the import

    held.req.end(body.subarray(body.length / 2));
    const { res, body: answer } = await held.response;
    expect(res.statusCode, answer.slice(0, 500)).toBe(201);
    expect(res.headers.connection).toBe('close');
    expect((JSON.parse(answer) as BulkImportResponse).imported).toBe(rows);
    const { code } = await server.exited;
    expect(code).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(20_000);
    expect(server.output()).toContain('shutdown: done');
    expect(await usersOf(migrated.url, s.tenantId)).toBe(rows + 1);
  });

  it('past ROSTER_SHUTDOWN_TIMEOUT_MS mid-import exits 1, and the import is rolled back: none of its rows', async () => {
    const server = await serve(migrated.url, { ROSTER_SHUTDOWN_TIMEOUT_MS: '1000' });
    await server.listening;
    const s = await tenantOf(server.url, 'Cut Co');
    const admin = new pg.Client({ connectionString: migrated.url });
    await admin.connect();
    onTestFinished(() => admin.end());
    // The import's transaction writes its users, then waits for the outbox the test holds: SIGTERM lands mid-import.
    await admin.query('begin');
    await admin.query('lock table email_outbox in share mode');
    const rows = 2000;
    const body = Buffer.from(importBody(rows, 'cut.example', s.organizationId));
    const held = heldImport(server.url, s.access, body.length);
    held.req.end(body);
    const deadline = Date.now() + 20_000;
    for (;;) {
      const waiting = await admin.query(`select 1 from pg_locks l join pg_class c on c.oid = l.relation where c.relname = 'email_outbox' and not l.granted`);
      if (waiting.rowCount) break;
      if (Date.now() > deadline) throw new Error('the import never reached the outbox');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    server.child.kill('SIGTERM');
    const { code } = await server.exited;
    expect(code).toBe(1);
    expect(server.output()).toContain('shutdown: still busy after 1000 ms (1 request(s) in flight); closing every connection');
    await expect(held.response).rejects.toThrow(); // the connection was cut, no answer
    await admin.query('rollback');
    // The import's backend finds its client gone and rolls back; wait for it to leave.
    for (;;) {
      const left = await admin.query('select count(*)::int as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()');
      if (left.rows[0].n === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await usersOf(migrated.url, s.tenantId)).toBe(1); // the Root Admin only
  });
});
