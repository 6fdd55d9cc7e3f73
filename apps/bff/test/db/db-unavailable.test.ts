import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createApp } from '../../src/app.js';
import { servicesOf } from '../../src/server.js';
import { createDb } from '../../src/db/create-db.js';
import { isDatabaseUnavailable, longRunning } from '../../src/db/db-faults.js';
import { sql } from 'kysely';
import { hashPassword } from '../../src/auth/passwords.js';
import { adminSession, errorOf, json, testConfig, type TestContext } from '../support.js';

/**
 * A TCP proxy in front of PostgreSQL that the test turns off (connections refused), into a black hole
 * (connections accepted, nothing ever answered — also on connections opened before) and back on.
 */
class DbProxy {
  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();
  mode: 'forward' | 'blackhole' = 'forward';
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  async open(): Promise<void> {
    const server = net.createServer((client) => this.accept(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as net.AddressInfo).port;
    this.server = server;
  }

  /** Refuses new connections and cuts the open ones, like a database that went away. */
  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const s of this.sockets) s.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private track(s: net.Socket) {
    this.sockets.add(s);
    s.on('close', () => this.sockets.delete(s));
    s.on('error', () => {});
  }

  private accept(client: net.Socket) {
    this.track(client);
    if (this.mode === 'blackhole') return; // accepted; what the client sends is read and never answered
    const upstream = net.connect(this.target.port, this.target.host);
    this.track(upstream);
    // Forward only while in forward mode: switching to the black hole also silences open connections.
    client.on('data', (d) => this.mode === 'forward' && upstream.write(d));
    upstream.on('data', (d) => this.mode === 'forward' && client.write(d));
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  }
}

const base = process.env.TEST_DATABASE_URL;

describe.runIf(base)('database unavailable (real PostgreSQL behind a TCP proxy)', () => {
  let t: TestContext;
  let proxy: DbProxy;
  let s: Awaited<ReturnType<typeof adminSession>>;
  let loginBody: Record<string, string>;
  const name = `roster_test_${randomBytes(6).toString('hex')}`;

  beforeAll(async () => {
    const url = new URL(base!);
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    proxy = new DbProxy({ host: url.hostname, port: Number(url.port || 5432) });
    await proxy.open();
    url.host = `127.0.0.1:${proxy.port}`;
    url.pathname = `/${name}`;
    // The product's default timeouts: the answers below must come within 10 s with them.
    const handle = await createDb({ databaseUrl: url.toString(), poolSize: 5 });
    const config = testConfig();
    const services = servicesOf(handle, config);
    t = { services, app: createApp(services), handle, close: () => handle.close() };
    // atera: 2FA optional, so a password alone signs in.
    s = await adminSession(t, 'Down Co', { preset: 'atera' });
    await t.services.db.updateTable('users').set({ password_hash: await hashPassword('correct horse battery') }).where('id', '=', s.created.rootAdmin.id).execute();
    loginBody = { tenantId: s.tenantId, login: s.created.rootAdmin.email, password: 'correct horse battery' };
  }, 60_000);

  afterAll(async () => {
    proxy.mode = 'forward';
    await proxy.open().catch(() => {});
    await t?.close().catch(() => {});
    const c = new pg.Client({ connectionString: base });
    await c.connect();
    await c.query(`drop database if exists ${name} with (force)`);
    await c.end();
    await proxy.close();
  });

  const login = () => t.app.request('/v1/auth/login', json(loginBody));
  const list = () => t.app.request('/v1/users?limit=5', { headers: s.auth });
  const health = () => t.app.request('/readyz');
  const alive = () => t.app.request('/healthz');

  /** Each request answers 503 service_unavailable with Retry-After, within 10 s. */
  async function expectUnavailable(requests: Array<() => Response | Promise<Response>>) {
    const timed = await Promise.all(
      requests.map(async (r) => {
        const started = Date.now();
        const res = await r();
        return { res, ms: Date.now() - started };
      }),
    );
    for (const { res, ms } of timed) {
      expect(ms).toBeLessThan(10_000);
      expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
      const e = await errorOf(res);
      expect(e).toMatchObject({ status: 503, code: 'service_unavailable' });
      expect(e.message).toMatch(/try again/i);
    }
    return timed.map((x) => x.ms);
  }

  it('works through the proxy', async () => {
    expect((await login()).status).toBe(200);
    expect((await list()).status).toBe(200);
    expect((await health()).status).toBe(200);
  });

  it('(a) the database refuses connections: login, a list and /readyz answer 503 with Retry-After; /healthz stays 200', async () => {
    await proxy.close();
    await expectUnavailable([login, list, health]);
    expect((await alive()).status).toBe(200);
    // …also one at a time, once the pool has no connection left.
    await expectUnavailable([login]);
    await expectUnavailable([list]);
  }, 30_000);

  it('(b) the database accepts connections and never answers: 503 within 10 s, on open and on new connections', async () => {
    proxy.mode = 'forward';
    await proxy.open();
    // Warm the pool: these connections go silent below (the first requests wait on them, not on a connect).
    await Promise.all([list(), list(), health()]);
    proxy.mode = 'blackhole';
    const first = await expectUnavailable([login, list, health, list, list, list, list]);
    // Connections that timed out were thrown away (none is handed out again); the next ones wait for a connect
    // that never completes: the pool's connect timeout.
    const second = await expectUnavailable([login, list, health]);
    expect(Math.max(...first, ...second)).toBeLessThan(10_000);
    expect(Math.min(...second)).toBeGreaterThanOrEqual(2_500);
  }, 60_000);

  it('(c) the database is back: 200 again without a restart', async () => {
    proxy.mode = 'forward';
    const res = await login();
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toMatch(/roster_session=/);
    const page = await list();
    expect(page.status).toBe(200);
    expect(((await page.json()) as { items: unknown[] }).items.length).toBeGreaterThan(0);
    expect((await health()).status).toBe(200);
  }, 30_000);
});

describe.runIf(base)('statement timeouts (real PostgreSQL)', () => {
  it('a statement over the timeout fails as unavailable; longRunning lifts it for its own statements only', async () => {
    const handle = await createDb({ databaseUrl: base, poolSize: 1, migrate: false, timeouts: { statementMs: 300 } });
    try {
      const slow = sql`select pg_sleep(0.6)`;
      const err = await slow.execute(handle.db).then(() => null, (e: unknown) => e);
      expect(isDatabaseUnavailable(err)).toBe(true);
      expect((err as { code?: string }).code).toBe('57014');
      await longRunning(() => slow.execute(handle.db));
      await longRunning(() => handle.db.transaction().execute((trx) => slow.execute(trx)));
      // The one pooled connection is back to the short timeout.
      const shown = await sql<{ statement_timeout: string }>`show statement_timeout`.execute(handle.db);
      expect(shown.rows[0]!.statement_timeout).toBe('300ms');
      expect(isDatabaseUnavailable(await slow.execute(handle.db).then(() => null, (e: unknown) => e))).toBe(true);
    } finally {
      await handle.close();
    }
  });
});

describe('isDatabaseUnavailable', () => {
  it('knows connection failures and timeouts, and nothing else', () => {
    const coded = (code: string, message = 'x') => Object.assign(new Error(message), { code });
    for (const e of [
      coded('ECONNREFUSED'),
      coded('ETIMEDOUT'),
      coded('57P01', 'terminating connection due to administrator command'),
      coded('57P03', 'the database system is starting up'),
      coded('08006'),
      coded('57014', 'canceling statement due to statement timeout'),
      new Error('timeout exceeded when trying to connect'),
      new Error('Connection terminated due to connection timeout', { cause: new Error('timeout expired') }),
      new Error('Query read timeout'),
      Object.assign(new AggregateError([coded('ECONNREFUSED')]), { code: undefined }),
    ]) {
      expect(isDatabaseUnavailable(e), String(e)).toBe(true);
    }
    for (const e of [new Error('boom'), coded('23505', 'duplicate key'), coded('22021', 'invalid byte sequence'), null, 'text']) {
      expect(isDatabaseUnavailable(e), String(e)).toBe(false);
    }
  });
});
