import { spawnSync } from 'node:child_process';
import { createServer, request, type ClientRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BulkImportResponse, CreateTenantResponse } from '@roster/contract';
import { connecting, freePort, killChildren, spawnNode, type Run } from '../child-process.js';
import { createTestDatabase } from '../support.js';
import { startPgbouncer, type Pgbouncer } from '../db/pgbouncer.js';
import { startSmtp } from '../email/smtp-server.js';
import { hashPassword } from '../../src/auth/passwords.js';
import { eventIdOf } from '../../src/webhooks/events.js';
import { buildBff, MIGRATE, SERVE } from './built.js';

/**
 * Issue 16, many instances and one database, end to end: a fresh PostgreSQL database migrated by the built
 * `npm run migrate`, Debian's PgBouncer in transaction pooling mode in front of it, and two production instances
 * (`node dist/cli/serve.js`, as `npm run serve` runs them) whose DATABASE_URL goes through PgBouncer and whose
 * mail goes to a real SMTP server in this process. A load balancer's round robin over both: logins, lists, edits,
 * invitations and imports; the login limiter shared by both; one instance stopped with SIGTERM while
 * requests are in flight to it. Needs PgBouncer: in CI (CI set) it must be there, elsewhere the file skips and says
 * why.
 */
const PLATFORM_KEY = 'fleet-platform-key-0123456789abcdef';
const baseEnv = { PATH: process.env.PATH ?? '', ROSTER_SIGNING_KEY: 'f'.repeat(40), ROSTER_PUBLIC_URL: 'https://roster.example', ROSTER_PLATFORM_KEY: PLATFORM_KEY };

/** Rows of the import before the stop, and of the one in flight to the stopped instance. */
const IMPORT = 1000;
const DRAIN = 200;

const upstream = process.env.TEST_DATABASE_URL;
const started: Pgbouncer | { skipped: string } = upstream ? await startPgbouncer(upstream) : { skipped: 'TEST_DATABASE_URL is not set: there is no PostgreSQL to put PgBouncer in front of' };
if ('skipped' in started) {
  // CI installs PgBouncer (packages/devkit/bin/roster.mjs): there, with PostgreSQL given, a missing one is a
  // failure, not a skip.
  if (process.env.CI && upstream) throw new Error(`[fleet.test] PgBouncer is required in CI: ${started.skipped}`);
  console.warn(`[fleet.test] skipped: ${started.skipped}`);
}
const bouncer = 'skipped' in started ? undefined : started;

interface Answer {
  status: number;
  body: string;
}
/** One HTTP request on its own connection (no keep-alive), so a refused connection is told apart from an accepted one. */
function send(port: number, method: string, path: string, headers: Record<string, string>, body?: string): { req: ClientRequest; answer: Promise<Answer> } {
  const req = request({ host: '127.0.0.1', port, method, path, agent: false, headers: { ...headers, ...(body !== undefined ? { 'content-length': String(Buffer.byteLength(body)) } : {}) } });
  const answer = new Promise<Answer>((resolve, reject) => {
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
  answer.catch(() => {});
  return { req, answer };
}

describe.skipIf(!bouncer)('a fleet: two production instances behind PgBouncer (transaction pooling) on one database', () => {
  let db: { url: string; drop(): Promise<void> };
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let admin: pg.Client;
  /** The tenant's webhook receiver, on loopback: every request's webhook-id and event type. */
  const hooks: { id: string; type: string }[] = [];
  let hookServer: Server;
  let hookUrl: string;
  const instances: (Run & { port: number })[] = [];
  /** Ports a load balancer still sends to; a refused connection takes the instance out. */
  const live: number[] = [];
  let turn = 0;
  const seen = { requests: 0, refusedAndRetried: 0, perInstance: new Map<number, number>() };

  /** The load balancer: round robin over the live instances; a refused connection goes to the next one. */
  async function lb(method: string, path: string, headers: Record<string, string>, body?: string): Promise<Answer> {
    for (let attempt = 0; attempt < 4; attempt++) {
      const port = live[turn++ % live.length]!;
      try {
        const sent = send(port, method, path, headers, body);
        sent.req.end(body);
        const a = await sent.answer;
        seen.requests++;
        seen.perInstance.set(port, (seen.perInstance.get(port) ?? 0) + 1);
        return a;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ECONNREFUSED') throw e; // an accepted request lost its answer
        seen.refusedAndRetried++;
        const i = live.indexOf(port);
        if (i >= 0) live.splice(i, 1);
      }
    }
    throw new Error('no instance took the request');
  }
  const jsonHeaders = (access: string) => ({ authorization: `Bearer ${access}`, 'content-type': 'application/json' });

  beforeAll(async () => {
    buildBff();
    db = await createTestDatabase();
    const through = bouncer!.through(db.url);
    // The migrate command, through PgBouncer as the instances will reach the database.
    const migrate = spawnSync(process.execPath, [MIGRATE], { env: { PATH: baseEnv.PATH, DATABASE_URL: through }, encoding: 'utf8' });
    if (migrate.status !== 0) throw new Error(`migrate failed:\n${migrate.stdout}${migrate.stderr}`);
    smtp = await startSmtp();
    hookServer = createServer((rq, rs) => {
      let body = '';
      rq.on('data', (c: Buffer) => (body += c.toString()));
      rq.on('end', () => {
        hooks.push({ id: String(rq.headers['webhook-id']), type: (JSON.parse(body) as { type: string }).type });
        rs.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => hookServer.listen(0, '127.0.0.1', r));
    hookUrl = `http://127.0.0.1:${(hookServer.address() as AddressInfo).port}/roster`;
    admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    for (let i = 0; i < 2; i++) {
      const port = await freePort();
      const run = spawnNode([SERVE], { ...baseEnv, DATABASE_URL: through, PORT: String(port), SMTP_URL: smtp.url, ROSTER_SHUTDOWN_TIMEOUT_MS: '30000', LOG_LEVEL: 'warn',
        // The receiver is on loopback: the operator names it (production refuses ROSTER_WEBHOOKS_ALLOW_PRIVATE).
        ROSTER_WEBHOOKS_ALLOWED_NETWORKS: '127.0.0.1/32' });
      instances.push(Object.assign(run, { port }));
    }
    await Promise.all(instances.map((r) => r.listening));
    live.push(...instances.map((r) => r.port));
  }, 180_000);

  afterAll(async () => {
    killChildren();
    await admin?.end();
    await smtp?.close();
    await new Promise((r) => (hookServer ? hookServer.close(r) : r(undefined)));
    await db?.drop();
    await bouncer?.stop();
  });

  it('round robin over both: logins, lists, edits, invitations, imports; the login limit shared; one instance stopped mid-load; every invitation mailed and every webhook sent exactly once', async () => {
    // A tenant, through the platform API, without a required second factor (password logins).
    const created = await lb('POST', '/v1/platform/tenants', { 'content-type': 'application/json', authorization: `Bearer ${PLATFORM_KEY}` }, JSON.stringify({ name: 'Fleet Co', profile: { preset: 'default', mfaRequired: false, lockoutThreshold: null }, rootAdmin: { firstName: 'Root', lastName: 'Admin', email: 'root@fleet.example' } }));
    expect(created.status, created.body).toBe(201);
    const tenant = JSON.parse(created.body) as CreateTenantResponse;
    const token = await lb('POST', '/oauth/token', { 'content-type': 'application/x-www-form-urlencoded' }, new URLSearchParams({ grant_type: 'client_credentials', client_id: tenant.oauthClient.clientId, client_secret: tenant.oauthClient.clientSecret }).toString());
    expect(token.status).toBe(200);
    const access = (JSON.parse(token.body) as { access_token: string }).access_token;
    const h = jsonHeaders(access);
    const org = await lb('POST', '/v1/organizations', h, JSON.stringify({ name: 'Fleet Customers' }));
    expect(org.status, org.body).toBe(201);
    const organizationId = (JSON.parse(org.body) as { id: string }).id;
    // Every event to the tenant's receiver: sent by whichever instance claims it.
    // (Webhooks are managed with integrations.manage: the Root Admin's, through a widget token.)
    const minted = await lb('POST', '/v1/widget-tokens', h, JSON.stringify({ actorUserId: tenant.rootAdmin.id, ttlSeconds: 600 }));
    expect(minted.status, minted.body).toBe(201);
    const rootHeaders = jsonHeaders((JSON.parse(minted.body) as { token: string }).token);
    const endpoint = await lb('POST', '/v1/webhook-endpoints', rootHeaders, JSON.stringify({ url: hookUrl, description: 'Fleet receiver' }));
    expect(endpoint.status, endpoint.body).toBe(201);

    // Invitations: 40 technicians created alternately on both instances, 4 at a time.
    const ids: string[] = [];
    for (let i = 0; i < 40; i += 4) {
      const batch = await Promise.all([0, 1, 2, 3].map((j) => lb('POST', '/v1/users', h, JSON.stringify({ kind: 'end_user', organizationId, firstName: `Tech${i + j}`, lastName: 'Fleet', email: `tech${i + j}@fleet.example` }))));
      for (const a of batch) {
        expect(a.status, a.body).toBe(201);
        ids.push((JSON.parse(a.body) as { id: string }).id);
      }
    }
    // Edits and lists, alternately.
    for (let i = 0; i < 20; i++) {
      const edited = await lb('PATCH', `/v1/users/${ids[i]}`, h, JSON.stringify({ lastName: `Edited${i}` }));
      expect(edited.status, edited.body).toBe(200);
      const list = await lb('GET', `/v1/users?q=${encodeURIComponent(`tech${i}@fleet.example`)}`, { authorization: `Bearer ${access}` });
      expect(list.status).toBe(200);
      expect((JSON.parse(list.body) as { items: { lastName: string }[] }).items.map((u) => u.lastName)).toEqual([`Edited${i}`]);
    }
    // Password logins: four technicians given a password (as if they had accepted), each signing in on both instances.
    const hash = await hashPassword('correct horse battery staple');
    await admin.query(`update users set status = 'active', password_hash = $1 where id = any($2::uuid[])`, [hash, ids.slice(0, 4)]);
    for (let i = 0; i < 8; i++) {
      const login = await lb('POST', '/v1/auth/login', { 'content-type': 'application/json' }, JSON.stringify({ tenantId: tenant.tenant.id, login: `tech${i % 4}@fleet.example`, password: 'correct horse battery staple' }));
      expect(login.status, login.body).toBe(200);
    }
    // An import of end users (each invited, each a webhook event), through the balancer; its invitations and events
    // are drained by both instances' senders at once (a full round is followed by the next at once).
    const importText = (n: number, domain: string) => ['First name\tLast name\tEmail', ...Array.from({ length: n }, (_, i) => `First${i}\tLast${i}\tuser${i}@${domain}`)].join('\n');
    const imported = await lb('POST', '/v1/users/bulk-import', h, JSON.stringify({ kind: 'end_user', organizationId, text: importText(IMPORT, 'import.fleet.example'), source: 'clipboard' }));
    expect(imported.status, imported.body.slice(0, 500)).toBe(201);
    expect((JSON.parse(imported.body) as BulkImportResponse).imported).toBe(IMPORT);

    // The login limiter (30 failed sign-ins a minute per address) holds across both instances: not 2 × 30.
    const failed: number[] = [];
    for (let i = 0; i < 40; i++) failed.push((await lb('POST', '/v1/auth/login', { 'content-type': 'application/json' }, JSON.stringify({ tenantId: tenant.tenant.id, login: `nobody${i}@fleet.example`, password: 'wrong password' }))).status);
    expect(failed.filter((s) => s === 401)).toHaveLength(30);
    expect(failed.slice(30)).toEqual(Array(10).fill(429));

    // SIGTERM to the second instance while requests are in flight to it: an import and 6 user creations
    // whose bodies are half sent, and a round robin of lists and edits going on over both.
    const victim = instances[1]!;
    const importBody = JSON.stringify({ kind: 'end_user', organizationId, text: importText(DRAIN, 'drain.fleet.example'), source: 'clipboard' });
    const held = [
      { body: importBody, ...send(victim.port, 'POST', '/v1/users/bulk-import', h, importBody) },
      ...Array.from({ length: 6 }, (_, i) => {
        const body = JSON.stringify({ kind: 'end_user', organizationId, firstName: `Late${i}`, lastName: 'Fleet', email: `late${i}@fleet.example` });
        return { body, ...send(victim.port, 'POST', '/v1/users', h, body) };
      }),
    ];
    for (const r of held) r.req.write(r.body.slice(0, r.body.length >> 1));
    await new Promise((resolve) => setTimeout(resolve, 500));
    let loading = true;
    const background = (async () => {
      let n = 0;
      while (loading) {
        const i = n++ % 20;
        const list = await lb('GET', '/v1/users?limit=50', { authorization: `Bearer ${access}` });
        expect(list.status).toBe(200);
        const edited = await lb('PATCH', `/v1/users/${ids[20 + i]}`, h, JSON.stringify({ firstName: `Busy${n}` }));
        expect(edited.status, edited.body).toBe(200);
      }
      return n;
    })();
    await new Promise((resolve) => setTimeout(resolve, 300));
    victim.child.kill('SIGTERM');
    await victim.printed(/SIGTERM: stopped accepting; draining \d+ request\(s\)/);
    expect(await connecting(victim.port)).toBe('ECONNREFUSED');
    // The survivor takes new work meanwhile: a user created through the balancer lands there.
    const during = await lb('POST', '/v1/users', h, JSON.stringify({ kind: 'end_user', organizationId, firstName: 'During', lastName: 'Fleet', email: 'during@fleet.example' }));
    expect(during.status, during.body).toBe(201);
    for (const r of held) r.req.end(r.body.slice(r.body.length >> 1));
    const answers = await Promise.all(held.map((r) => r.answer));
    expect(answers.map((a) => a.status)).toEqual(Array(7).fill(201));
    expect((JSON.parse(answers[0]!.body) as BulkImportResponse).imported).toBe(DRAIN);
    expect((await victim.exited).code, victim.output()).toBe(0);
    loading = false;
    const backgroundRounds = await background;
    expect(live).toEqual([instances[0]!.port]);

    // The database is consistent: both imports whole, every user invited once, every invitation mailed exactly once
    // (by whichever sender claimed it; the survivor finishes what is left).
    const users = (await admin.query<{ email: string }>('select email from users where tenant_id = $1', [tenant.tenant.id])).rows.map((r) => r.email);
    expect(users.filter((e) => e.endsWith('@import.fleet.example'))).toHaveLength(IMPORT);
    expect(users.filter((e) => e.endsWith('@drain.fleet.example'))).toHaveLength(DRAIN);
    expect(users).toHaveLength(1 + 40 + IMPORT + DRAIN + 6 + 1);
    const deadline = Date.now() + 150_000;
    for (;;) {
      const unsent = Number((await admin.query(`select count(*) as n from email_outbox where tenant_id = $1 and sent_at is null`, [tenant.tenant.id])).rows[0].n);
      if (unsent === 0) break;
      if (Date.now() > deadline) throw new Error(`${unsent} invitations still unsent`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    // Every webhook delivered exactly once: as many requests as deliveries, no webhook-id twice.
    for (;;) {
      const left = Number((await admin.query(`select count(*) as n from webhook_deliveries where tenant_id = $1 and status <> 'succeeded'`, [tenant.tenant.id])).rows[0].n);
      if (left === 0) break;
      if (Date.now() > deadline) throw new Error(`${left} webhook deliveries not delivered`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const deliveries = (await admin.query<{ id: string; type: string }>(`select audit_event_id::text as id, event_type as type from webhook_deliveries where tenant_id = $1`, [tenant.tenant.id])).rows.map((r) => eventIdOf(r.id, r.type));
    expect(deliveries.length).toBeGreaterThanOrEqual(users.length);
    expect(hooks).toHaveLength(deliveries.length);
    expect(new Set(hooks.map((x) => x.id))).toEqual(new Set(deliveries));
    const perRecipient = new Map<string, number>();
    for (const m of smtp.received) {
      const to = (m.to && 'text' in m.to ? m.to.text : '').toLowerCase();
      perRecipient.set(to, (perRecipient.get(to) ?? 0) + 1);
    }
    expect(perRecipient.size).toBe(users.length);
    expect([...perRecipient.values()].every((n) => n === 1)).toBe(true);
    expect(new Set(users.map((e) => e.toLowerCase()))).toEqual(new Set(perRecipient.keys()));
    const survivor = instances[0]!;
    console.log(
      `[fleet.test] requests through the balancer: ${seen.requests} (${[...seen.perInstance].map(([p, n]) => `${p === survivor.port ? 'survivor' : 'stopped'}: ${n}`).join(', ')}), refused and retried: ${seen.refusedAndRetried}, background rounds during the stop: ${backgroundRounds}; failed logins: 401 × ${failed.filter((s) => s === 401).length}, 429 × ${failed.filter((s) => s === 429).length}; users: ${users.length}; mails received: ${smtp.received.length} to ${perRecipient.size} recipients; webhooks received: ${hooks.length} (${new Set(hooks.map((x) => x.type)).size} event types)`,
    );
    survivor.child.kill('SIGTERM');
    expect((await survivor.exited).code).toBe(0);
  }, 300_000);
});
