import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { adminSession, createTestContext, dialects, errorOf, json, type TestContext } from '../support.js';
import { createApp } from '../../src/app.js';
import { createDb } from '../../src/db/create-db.js';
import { createMailer, deliverDue } from '../../src/email/sender.js';
import { deliverDueWebhooks } from '../../src/webhooks/sender.js';
import { startSmtp } from '../email/smtp-server.js';

const TOKEN = 'metrics-token-0123456789abcdef';

/** One sample of the exposition text: the series `name` with exactly these labels; undefined when absent. */
export function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const found = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1], l[2]]));
    if (Object.keys(found).length !== Object.keys(labels).length) continue;
    if (Object.entries(labels).every(([k, v]) => found[k] === v)) return Number(m[3]);
  }
  return undefined;
}

describe.each(dialects)('GET /metrics on %s', (dialect) => {
  let t: TestContext;
  let s: Awaited<ReturnType<typeof adminSession>>;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let hook: Server;
  let hookUrl = '';
  beforeAll(async () => {
    t = await createTestContext(dialect, { metricsToken: TOKEN, webhooksAllowPrivate: true });
    s = await adminSession(t, 'Metrics Co');
    smtp = await startSmtp();
    hook = createServer((rq, rs) => rq.resume().on('end', () => rs.writeHead(rq.url === '/gone' ? 410 : 204).end()));
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
    hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await smtp?.close();
    await new Promise((r) => hook?.close(r));
    await t?.close();
  });

  const scrape = async () => {
    const res = await t.app.request('/metrics', { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return res.text();
  };
  const value = async (name: string, labels: Record<string, string> = {}) => sample(await scrape(), name, labels) ?? 0;

  it('is off without ROSTER_METRICS_TOKEN (404) and refuses a missing or wrong token (401), answering no series', async () => {
    const off = createApp({ ...t.services, config: { ...t.services.config, metricsToken: undefined } });
    const closed = await off.request('/metrics', { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(await errorOf(closed)).toMatchObject({ status: 404, code: 'not_found' });
    const missing = await t.app.request('/metrics');
    expect(await errorOf(missing)).toMatchObject({ status: 401, code: 'unauthorized' });
    const wrong = await t.app.request('/metrics', { headers: { authorization: `Bearer ${TOKEN}x` } });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).not.toContain('roster_');
    // A widget token is no metrics token.
    expect((await t.app.request('/metrics', { headers: s.auth })).status).toBe(401);
  });

  it('a list request moves the duration histogram under its route pattern; a user’s page under /v1/users/:id, never its id', async () => {
    const before = await value('roster_http_request_duration_seconds_count', { route: '/v1/users', method: 'GET', status: '200' });
    expect((await t.app.request('/v1/users?limit=5', { headers: s.auth })).status).toBe(200);
    expect((await t.app.request('/v1/users', { headers: s.auth })).status).toBe(200);
    const text = await scrape();
    expect(sample(text, 'roster_http_request_duration_seconds_count', { route: '/v1/users', method: 'GET', status: '200' })).toBe(before + 2);
    expect(sample(text, 'roster_http_request_duration_seconds_bucket', { route: '/v1/users', method: 'GET', status: '200', le: '+Inf' })).toBe(before + 2);
    const id = s.created.rootAdmin.id;
    expect((await t.app.request(`/v1/users/${id}`, { headers: s.auth })).status).toBe(200);
    // A 401 from the gate counts under the route too; an unknown path under `unmatched`.
    expect((await t.app.request('/v1/users')).status).toBe(401);
    expect((await t.app.request(`/v1/nothing-here/${id}`, { headers: s.auth })).status).toBe(404);
    const after = await scrape();
    expect(sample(after, 'roster_http_request_duration_seconds_count', { route: '/v1/users/:id', method: 'GET', status: '200' })).toBeGreaterThanOrEqual(1);
    expect(sample(after, 'roster_http_request_duration_seconds_count', { route: '/v1/users', method: 'GET', status: '401' })).toBeGreaterThanOrEqual(1);
    expect(sample(after, 'roster_http_request_duration_seconds_count', { route: 'unmatched', method: 'GET', status: '404' })).toBeGreaterThanOrEqual(1);
    expect(after).not.toContain(id);
  });

  it('outbox depth and age reflect the pending rows of each kind, as the database counts them', async () => {
    const created = await t.app.request('/v1/users', json({ kind: 'technician', firstName: 'Pen', lastName: 'Ding', email: 'pen@metrics.example' }, s.auth));
    expect(created.status).toBe(201);
    // The oldest pending email is an hour old.
    await sql`update email_outbox set created_at = now() - interval '1 hour' where to_address = 'pen@metrics.example'`.execute(t.services.platformDb);
    const pending = async (q: string) => Number(((await sql.raw(q).execute(t.services.platformDb)).rows[0] as { n: number }).n);
    const text = await scrape();
    const email = await pending(`select count(*)::int as n from email_outbox where sent_at is null and failure is null`);
    expect(email).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'roster_outbox_pending_messages', { kind: 'email' })).toBe(email);
    expect(sample(text, 'roster_outbox_oldest_pending_age_seconds', { kind: 'email' })).toBeGreaterThanOrEqual(3600);
    expect(sample(text, 'roster_outbox_pending_messages', { kind: 'sms' })).toBe(await pending(`select count(*)::int as n from sms_outbox where sent_at is null and sealed_body is not null`));
    expect(sample(text, 'roster_outbox_pending_messages', { kind: 'webhook' })).toBe(await pending(`select count(*)::int as n from webhook_deliveries where status = 'pending'`));
    // Sent, the message leaves the count.
    const transport = createMailer(smtp.url);
    await deliverDue(t.services.platformDb, transport, { from: 'Roster <no-reply@roster.test>', signingKey: t.services.config.signingKey, batch: 1000 });
    transport.close();
    expect(sample(await scrape(), 'roster_outbox_pending_messages', { kind: 'email' })).toBe(await pending(`select count(*)::int as n from email_outbox where sent_at is null and failure is null`));
  });

  it('an email sent moves the delivery counter (sent), a refused recipient moves dead', async () => {
    const sent0 = await value('roster_outbox_deliveries_total', { kind: 'email', outcome: 'sent' });
    const dead0 = await value('roster_outbox_deliveries_total', { kind: 'email', outcome: 'dead' });
    smtp.refusals.set('nobody@metrics.example', 550);
    for (const [first, email] of [['Sam', 'sam@metrics.example'], ['No', 'nobody@metrics.example']]) {
      expect((await t.app.request('/v1/users', json({ kind: 'technician', firstName: first, lastName: 'Mail', email }, s.auth))).status).toBe(201);
    }
    const transport = createMailer(smtp.url);
    const round = await deliverDue(t.services.platformDb, transport, { from: 'Roster <no-reply@roster.test>', signingKey: t.services.config.signingKey, batch: 1000 });
    transport.close();
    expect(round).toMatchObject({ sent: 1, rejected: 1 });
    const text = await scrape();
    expect(sample(text, 'roster_outbox_deliveries_total', { kind: 'email', outcome: 'sent' })).toBe(sent0 + 1);
    expect(sample(text, 'roster_outbox_deliveries_total', { kind: 'email', outcome: 'dead' })).toBe(dead0 + 1);
  });

  it('webhook deliveries count as sent, and as dead once an endpoint refuses past its retries', async () => {
    const sent0 = await value('roster_outbox_deliveries_total', { kind: 'webhook', outcome: 'sent' });
    const dead0 = await value('roster_outbox_deliveries_total', { kind: 'webhook', outcome: 'dead' });
    for (const path of ['/ok', '/gone']) expect((await t.app.request('/v1/webhook-endpoints', json({ url: `${hookUrl}${path}`, events: ['user.created'] }, s.auth))).status).toBe(201);
    expect((await t.app.request('/v1/users', json({ kind: 'technician', firstName: 'Web', lastName: 'Hook', email: 'web@metrics.example' }, s.auth))).status).toBe(201);
    for (let i = 0; i < 5; i++) await deliverDueWebhooks(t.services.platformDb, { signingKey: t.services.config.signingKey, allowPrivate: true, retrySeconds: [0] });
    const text = await scrape();
    expect(sample(text, 'roster_outbox_deliveries_total', { kind: 'webhook', outcome: 'sent' })).toBe(sent0 + 1);
    expect(sample(text, 'roster_outbox_deliveries_total', { kind: 'webhook', outcome: 'dead' })).toBe(dead0 + 1);
    expect(sample(text, 'roster_outbox_deliveries_total', { kind: 'webhook', outcome: 'failed' })).toBeGreaterThanOrEqual(1);
  });

  it('a bulk import moves the rows counter and the duration histogram; a dry run only the histogram', async () => {
    const imported0 = await value('roster_import_rows_total', { outcome: 'imported' });
    const committed0 = await value('roster_import_duration_seconds_count', { result: 'committed' });
    const dry0 = await value('roster_import_duration_seconds_count', { result: 'dry_run' });
    const text = 'First name\tLast name\tEmail\r\nImo\tOne\timo1@metrics.example\r\nImo\tTwo\timo2@metrics.example\r\nImo\tThree\timo3@metrics.example\r\n';
    expect((await t.app.request('/v1/users/bulk-import?dryRun=true', json({ kind: 'technician', text }, s.auth))).status).toBe(200);
    expect(await value('roster_import_rows_total', { outcome: 'imported' })).toBe(imported0);
    expect((await t.app.request('/v1/users/bulk-import', json({ kind: 'technician', text }, s.auth))).status).toBe(201);
    const after = await scrape();
    expect(sample(after, 'roster_import_rows_total', { outcome: 'imported' })).toBe(imported0 + 3);
    expect(sample(after, 'roster_import_duration_seconds_count', { result: 'committed' })).toBe(committed0 + 1);
    expect(sample(after, 'roster_import_duration_seconds_count', { result: 'dry_run' })).toBe(dry0 + 1);
  });

  it('a 429 moves the refusals counter of its limiter (the route it guards)', async () => {
    const before = await value('roster_rate_limit_refusals_total', { limiter: '/v1/auth/login' });
    const env = { incoming: { socket: { remoteAddress: `127.77.${dialect === 'pglite' ? 1 : 2}.1` } } };
    const login = () => t.app.request('/v1/auth/login', json({ tenantId: s.tenantId, login: 'nobody@metrics.example', password: 'wrong password here' }), env);
    const statuses = [];
    for (let i = 0; i < 32; i++) statuses.push((await login()).status);
    expect(statuses.filter((x) => x === 429)).toHaveLength(2);
    expect(await value('roster_rate_limit_refusals_total', { limiter: '/v1/auth/login' })).toBe(before + 2);
  });

  it('a limit a service keeps per person counts under its route, marked per person (invitation resends)', async () => {
    const limiter = '/v1/users/:id/resend-invitation (per person)';
    const before = await value('roster_rate_limit_refusals_total', { limiter });
    const created = await t.app.request('/v1/users', json({ kind: 'technician', firstName: 'Res', lastName: 'End', email: 'resend@metrics.example' }, s.auth));
    const { id } = (await created.json()) as { id: string };
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await t.app.request(`/v1/users/${id}/resend-invitation`, { method: 'POST', headers: s.auth })).status);
    expect(statuses.at(-1)).toBe(429);
    const refused = statuses.filter((x) => x === 429).length;
    expect(refused).toBeGreaterThanOrEqual(1);
    const text = await scrape();
    expect(sample(text, 'roster_rate_limit_refusals_total', { limiter })).toBe(before + refused);
    expect(text).not.toContain(id);
  });

  it('answers while the database is down: the outbox gauges keep their last values', async () => {
    const pending = sample(await scrape(), 'roster_outbox_pending_messages', { kind: 'email' });
    const dead = await createDb({ databaseUrl: 'postgres://postgres@127.0.0.1:1/none', migrate: false, timeouts: { connectMs: 300 } });
    try {
      const app = createApp({ ...t.services, db: dead.db, platformDb: dead.platformDb });
      const res = await app.request('/metrics', { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(sample(text, 'roster_outbox_pending_messages', { kind: 'email' })).toBe(pending);
      expect(sample(text, 'roster_db_pool_connections', { state: 'total' })).toBe(0);
      expect(sample(text, 'roster_http_request_duration_seconds_count', { route: '/v1/users', method: 'GET', status: '200' })).toBeGreaterThan(0);
    } finally {
      await dead.close();
    }
  });

  it('reports the pool and the process', async () => {
    const text = await scrape();
    expect(sample(text, 'roster_db_pool_connections', { state: 'total' })).toBeGreaterThanOrEqual(1);
    for (const state of ['idle', 'in_use', 'waiting']) expect(sample(text, 'roster_db_pool_connections', { state })).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'roster_process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(sample(text, 'roster_nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
  });
});
