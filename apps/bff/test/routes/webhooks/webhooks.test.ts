import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { adminSession, createTestContext, dialects, errorOf, insertUsers, json, settled, type TestContext, userRow, widgetToken } from '../../support.js';
import { assignRoles } from '../../../src/db/repositories/roles.repository.js';
import { randomUUID } from 'node:crypto';
import { deliverDueWebhooks, secretContext, webhookSecretBox } from '../../../src/webhooks/sender.js';
import { isInternalAddress, parseNetwork, refusesAddress, webhookUrlRefusal } from '../../../src/webhooks/addresses.js';

const req = (method: string, body: unknown, headers: Record<string, string>): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json', ...headers },
  ...(body === undefined ? {} : { body: JSON.stringify(body) }),
});

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  answered: number;
}

/**
 * A receiver on loopback: records every request; `plan[path]` lists the statuses to answer in turn (then 200);
 * `stall[path]` is how many of the next requests to leave unanswered until `release(path)`.
 */
function receiver() {
  const received: Received[] = [];
  const plan: Record<string, number[]> = {};
  const stall: Record<string, number> = {};
  const stalled: Record<string, (() => void)[]> = {};
  const server: Server = createServer((rq, rs) => {
    let body = '';
    rq.on('data', (c) => (body += c));
    rq.on('end', () => {
      const path = rq.url ?? '';
      const answer = () => {
        const status = plan[path]?.shift() ?? 200;
        received.push({ path, headers: rq.headers, body, answered: status });
        rs.writeHead(status).end();
      };
      if ((stall[path] ?? 0) > 0) {
        stall[path]! -= 1;
        (stalled[path] ??= []).push(answer);
      } else answer();
    });
  });
  return {
    received,
    plan,
    stall,
    stalledCount: (path: string) => stalled[path]?.length ?? 0,
    release(path: string) {
      for (const answer of stalled[path]?.splice(0) ?? []) answer();
    },
    async start() {
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    stop: () => new Promise<void>((r) => server.close(() => r())),
  };
}

describe.each(dialects)('webhooks (/v1/webhook-endpoints, /v1/events) on %s', (dialect) => {
  let t: TestContext;
  let a: Awaited<ReturnType<typeof adminSession>>;
  let b: Awaited<ReturnType<typeof adminSession>>;
  const r = receiver();
  let base = '';
  const post = (path: string, body: unknown, auth = a.auth) => t.app.request(path, json(body, auth));
  /** Runs the sender until nothing is due (retries wait 0 s here). */
  const drain = async (retrySeconds: readonly number[] = [0, 0, 0]) => {
    for (let i = 0; i < 20; i++) {
      const round = await deliverDueWebhooks(t.services.platformDb, { signingKey: t.services.config.signingKey, allowPrivate: true, retrySeconds });
      if (round.claimed === 0) return;
    }
  };
  const create = async (body: Record<string, unknown>) => {
    const res = await post('/v1/webhook-endpoints', body);
    expect(res.status, await res.clone().text()).toBe(201);
    return (await res.json()) as { id: string; secret: string; url: string };
  };
  const events = (path: string) => r.received.filter((x) => x.path === path && x.answered === 200).map((x) => JSON.parse(x.body) as { id: string; type: string; data: any });

  beforeAll(async () => {
    t = await createTestContext(dialect, { webhooksAllowPrivate: true });
    a = await adminSession(t, 'Alpha');
    b = await adminSession(t, 'Beta');
    base = await r.start();
  });
  afterAll(async () => {
    await r.stop();
    await t?.close();
  });

  it('creates an endpoint with a whsec_ secret shown once and stored sealed, and delivers signed events a Standard Webhooks library verifies', async () => {
    const ep = await create({ url: `${base}/all`, description: 'Ticket system' });
    expect(ep.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const row = await t.services.db.selectFrom('webhook_endpoints').selectAll().where('id', '=', ep.id).executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(ep.secret.slice(6));
    expect((await (await t.app.request(`/v1/webhook-endpoints/${ep.id}`, { headers: a.auth })).json()) as object).not.toHaveProperty('secret');

    const created = await post('/v1/users', { kind: 'technician', firstName: 'Wendy', lastName: 'Hook', email: 'wendy@alpha.example' });
    expect(created.status).toBe(201);
    const wendy = (await created.json()) as { id: string };
    await drain();
    const got = r.received.filter((x) => x.path === '/all');
    expect(got.map((x) => JSON.parse(x.body).type).sort()).toEqual(['user.created', 'user.invited']);
    const wh = new Webhook(ep.secret);
    for (const x of got) {
      const verified = wh.verify(x.body, { 'webhook-id': String(x.headers['webhook-id']), 'webhook-timestamp': String(x.headers['webhook-timestamp']), 'webhook-signature': String(x.headers['webhook-signature']) }) as { id: string; data: any };
      expect(verified.id).toBe(x.headers['webhook-id']);
      expect(verified.data.objectId).toBe(wendy.id);
    }
    expect(() => new Webhook(`whsec_${Buffer.alloc(32, 7).toString('base64')}`).verify(got[0]!.body, { 'webhook-id': String(got[0]!.headers['webhook-id']), 'webhook-timestamp': String(got[0]!.headers['webhook-timestamp']), 'webhook-signature': String(got[0]!.headers['webhook-signature']) })).toThrow();
    const audit = await t.services.db.selectFrom('audit_events').select('action').where('target_id', '=', ep.id).execute();
    expect(audit.map((x) => x.action)).toEqual(['webhook_endpoint.created']);
  });

  it('filters by event, tells a deactivation whether to unassign open tickets, and retries a failing endpoint with the same webhook-id until it answers', async () => {
    const ep = await create({ url: `${base}/deact`, events: ['user.deactivated', 'user.roles_changed'] });
    const [u] = await insertUsers(t, [userRow(a.tenantId, { email: 'leaver@alpha.example' })]);
    r.plan['/deact'] = [500, 503];
    expect((await post(`/v1/users/${u!.id}/deactivate`, {})).status).toBe(200);
    await post('/v1/users', { kind: 'technician', firstName: 'Not', lastName: 'Wanted', email: 'notwanted@alpha.example' });
    await drain();
    const tries = r.received.filter((x) => x.path === '/deact');
    expect(tries.map((x) => x.answered)).toEqual([500, 503, 200]);
    expect(new Set(tries.map((x) => x.headers['webhook-id'])).size).toBe(1);
    const [event] = events('/deact');
    expect(event!.type).toBe('user.deactivated');
    expect(event!.data.objectId).toBe(u!.id);
    expect(typeof event!.data.unassignOpenTickets).toBe('boolean');
    const log = (await (await t.app.request(`/v1/webhook-endpoints/${ep.id}/deliveries`, { headers: a.auth })).json()) as { items: any[] };
    expect(log.items).toHaveLength(1);
    expect(log.items[0]).toMatchObject({ type: 'user.deactivated', status: 'succeeded', attempts: 3, lastResponseStatus: 200, eventId: event!.id });
  });

  it('gives up after the retries (dead), and a replay sends it again with the same id', async () => {
    const ep = await create({ url: `${base}/down`, events: ['user.unlocked'] });
    const [u] = await insertUsers(t, [userRow(a.tenantId, { email: 'locked@alpha.example', status: 'locked_out', locked_until: new Date(Date.now() + 3600_000).toISOString() })]);
    r.plan['/down'] = [500, 500, 500];
    expect((await post(`/v1/users/${u!.id}/unlock`, {})).status).toBe(200);
    await drain([0, 0]);
    let log = (await (await t.app.request(`/v1/webhook-endpoints/${ep.id}/deliveries`, { headers: a.auth })).json()) as { items: any[] };
    expect(log.items[0]).toMatchObject({ status: 'dead', attempts: 3, lastResponseStatus: 500, nextAttemptAt: null });
    expect(log.items[0].lastError).toContain('500');
    const replay = await t.app.request(`/v1/webhook-endpoints/${ep.id}/deliveries/${log.items[0].id}/replay`, req('POST', undefined, a.auth));
    expect(replay.status).toBe(202);
    await drain();
    log = (await (await t.app.request(`/v1/webhook-endpoints/${ep.id}/deliveries`, { headers: a.auth })).json()) as { items: any[] };
    expect(log.items[0]).toMatchObject({ status: 'succeeded', attempts: 1, lastResponseStatus: 200 });
    const ids = r.received.filter((x) => x.path === '/down').map((x) => x.headers['webhook-id']);
    expect(ids).toHaveLength(4);
    expect(new Set(ids).size).toBe(1);
    expect((await t.app.request(`/v1/webhook-endpoints/${ep.id}/deliveries/999999/replay`, req('POST', undefined, a.auth))).status).toBe(404);
  });

  it('signs with both secrets during a rotation’s grace period, with the new one only after; sends a test event on request', async () => {
    const ep = await create({ url: `${base}/rot`, events: ['role.created'] });
    const rotated = (await (await post(`/v1/webhook-endpoints/${ep.id}/rotate-secret`, { graceHours: 1 })).json()) as { secret: string; previousSecretExpiresAt: string };
    expect(rotated.secret).not.toBe(ep.secret);
    await post('/v1/roles', { name: 'Rotated', permissions: [] });
    await drain();
    const [x] = r.received.filter((y) => y.path === '/rot');
    expect(String(x!.headers['webhook-signature']).split(' ')).toHaveLength(2);
    const h = { 'webhook-id': String(x!.headers['webhook-id']), 'webhook-timestamp': String(x!.headers['webhook-timestamp']), 'webhook-signature': String(x!.headers['webhook-signature']) };
    expect(() => new Webhook(ep.secret).verify(x!.body, h)).not.toThrow();
    expect(() => new Webhook(rotated.secret).verify(x!.body, h)).not.toThrow();
    const queued = await post(`/v1/webhook-endpoints/${ep.id}/test`, {});
    expect(queued.status).toBe(202);
    await post(`/v1/webhook-endpoints/${ep.id}/rotate-secret`, { graceHours: 0 });
    await drain();
    const test = r.received.filter((y) => y.path === '/rot').at(-1)!;
    expect(JSON.parse(test.body).type).toBe('webhook.test');
    expect(String(test.headers['webhook-signature']).split(' ')).toHaveLength(1);
  });

  it('the event feed carries the same events in order, with a cursor that never goes back; one organization’s caller gets its users’ events', async () => {
    await settled(t);
    const all: { id: string; type: string }[] = [];
    let after: string | undefined;
    for (let i = 0; i < 50; i++) {
      const page = (await (await t.app.request(`/v1/events?limit=3${after ? `&after=${after}` : ''}`, { headers: a.auth })).json()) as { items: { id: string; type: string }[]; cursor: string; hasMore: boolean };
      all.push(...page.items);
      after = page.cursor;
      if (!page.hasMore) break;
    }
    const delivered = new Set(r.received.filter((x) => x.answered === 200).map((x) => String(x.headers['webhook-id'])));
    // Every event a webhook delivered is in the feed, once.
    for (const id of delivered) if (!id.endsWith('webhook_test')) expect(all.filter((e) => e.id === id)).toHaveLength(1);
    expect(new Set(all.map((e) => e.id)).size).toBe(all.length);
    expect(all.map((e) => e.type)).toContain('user.deactivated');
    // Nothing new: the same place, no events.
    const again = (await (await t.app.request(`/v1/events?after=${after}`, { headers: a.auth })).json()) as { items: unknown[]; cursor: string };
    expect(again.items).toEqual([]);
    await post('/v1/users', { kind: 'technician', firstName: 'Late', lastName: 'Comer', email: 'late@alpha.example' });
    await settled(t);
    const late = (await (await t.app.request(`/v1/events?after=${again.cursor}`, { headers: a.auth })).json()) as { items: { type: string }[] };
    expect(late.items.map((e) => e.type)).toEqual(['user.created', 'user.invited']);
    // Another tenant's feed has none of it.
    const other = (await (await t.app.request('/v1/events', { headers: b.auth })).json()) as { items: { data: { objectId: string } }[] };
    expect(other.items.some((e) => JSON.stringify(e).includes('alpha.example'))).toBe(false);
    // A caller bound to one organization: the events about its users only (deleted ones included), nothing tenant-wide.
    const org = ((await (await post('/v1/organizations', { name: 'Org' })).json()) as { id: string }).id;
    const bound = { authorization: `Bearer ${await widgetToken(t, a.access, a.created.rootAdmin.id, { organizationId: org })}` };
    const feedOf = async (auth: Record<string, string>, from?: string) => (await settled(t), await (await t.app.request(`/v1/events${from ? `?after=${from}` : ''}`, { headers: auth })).json()) as { items: { type: string; data: { objectId: string } }[]; cursor: string };
    const start = (await feedOf(bound)).cursor;
    const member = ((await (await post('/v1/users', { kind: 'end_user', organizationId: org, firstName: 'In', lastName: 'Org', email: 'in.org@alpha.example' })).json()) as { id: string }).id;
    await post('/v1/users', { kind: 'end_user', firstName: 'No', lastName: 'Org', email: 'no.org@alpha.example', organizationId: ((await (await post('/v1/organizations', { name: 'Elsewhere' })).json()) as { id: string }).id });
    expect((await t.app.request(`/v1/users/${member}`, { method: 'DELETE', headers: a.auth })).status).toBe(204);
    const mine = await feedOf(bound, start);
    expect(mine.items.map((e) => [e.type, e.data.objectId])).toEqual([['user.created', member], ['user.invited', member], ['user.deleted', member]]);
    // The tenant-wide caller sees the other organization's user too.
    expect((await feedOf(a.auth, start)).items.filter((e) => e.type === 'user.created')).toHaveLength(2);
    expect((await errorOf(await t.app.request('/v1/events?after=nope', { headers: a.auth }))).issues?.[0]?.path).toEqual(['query', 'after']);
  });

  it('refuses bad input naming the field, and keeps each tenant to its own endpoints; only integrations.manage manages them', async () => {
    const before = await t.services.db.selectFrom('webhook_endpoints').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const cases: [unknown, (string | number)[]][] = [
      [{ url: 'ftp://files.example/hook' }, ['body', 'url']],
      [{ url: 'https://user:pw@hooks.example/x' }, ['body', 'url']],
      [{ url: 'not a url' }, ['body', 'url']],
      [{}, ['body', 'url']],
      [{ url: `${base}/x`, events: ['user.teleported'] }, ['body', 'events', 0]],
      [{ url: `${base}/x`, events: [] }, ['body', 'events']],
      [{ url: `${base}/x`, events: ['user.created', 'user.created'] }, ['body', 'events']],
      [{ url: `${base}/x`, description: 'x'.repeat(201) }, ['body', 'description']],
      [{ url: `${base}/x`, secret: 'mine' }, ['body', 'secret']],
    ];
    for (const [body, path] of cases) {
      const e = await errorOf(await post('/v1/webhook-endpoints', body));
      expect(e.status, JSON.stringify(body)).toBe(422);
      expect(e.issues?.map((i) => i.path), JSON.stringify(body)).toContainEqual(path);
    }
    const after = await t.services.db.selectFrom('webhook_endpoints').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
    const ep = await create({ url: `${base}/mine` });
    expect((await t.app.request(`/v1/webhook-endpoints/${ep.id}`, { headers: b.auth })).status).toBe(404);
    expect((await t.app.request(`/v1/webhook-endpoints/${ep.id}`, req('DELETE', undefined, b.auth))).status).toBe(404);
    expect(((await (await t.app.request('/v1/webhook-endpoints', { headers: b.auth })).json()) as { items: unknown[] }).items).toEqual([]);
    const viewerRole = ((await (await post('/v1/roles', { name: 'Viewer', permissions: ['users.read'] })).json()) as { id: string }).id;
    const [viewer] = await insertUsers(t, [userRow(a.tenantId, { email: 'viewer@alpha.example' })]);
    await assignRoles(t.services.db, a.tenantId, [{ userId: viewer!.id, roleId: viewerRole }]);
    const v = { authorization: `Bearer ${await widgetToken(t, a.access, viewer!.id)}` };
    expect((await t.app.request('/v1/webhook-endpoints', { headers: v })).status).toBe(403);
    expect((await post('/v1/webhook-endpoints', { url: `${base}/v` }, v)).status).toBe(403);
    expect((await t.app.request('/v1/webhook-endpoints', { headers: { authorization: `Bearer ${a.access}` } })).status).toBe(403);
    // Deleting the endpoint takes its deliveries with it.
    expect((await t.app.request(`/v1/webhook-endpoints/${ep.id}`, req('DELETE', undefined, a.auth))).status).toBe(204);
    expect((await t.services.db.selectFrom('webhook_deliveries').select('id').where('endpoint_id', '=', ep.id).execute()).length).toBe(0);
  });

  it('a sender whose lease ran out marks nothing: another sender delivers the event once, and the late failure leaves it delivered', async () => {
    await drain();
    // Beta's only endpoint: its one delivery is all there is to send.
    const created = await post('/v1/webhook-endpoints', { url: `${base}/stall`, events: ['user.created'] }, b.auth);
    expect(created.status).toBe(201);
    const ep = (await created.json()) as { id: string };
    r.stall['/stall'] = 1;
    expect((await post('/v1/users', { kind: 'technician', firstName: 'Sta', lastName: 'Ll', email: 'stall@beta.example' }, b.auth)).status).toBe(201);
    const sender = (leaseSeconds: number) => deliverDueWebhooks(t.services.platformDb, { signingKey: t.services.config.signingKey, allowPrivate: true, leaseSeconds, retrySeconds: [0, 0, 0] });
    // The first sender claims it for one second and hangs on the endpoint, as a process that died mid-send.
    const first = sender(1);
    for (let i = 0; i < 100 && r.stalledCount('/stall') === 0; i++) await new Promise((x) => setTimeout(x, 20));
    expect(r.stalledCount('/stall')).toBe(1);
    expect((await sender(60)).claimed).toBe(0); // still leased
    await new Promise((x) => setTimeout(x, 1100));
    expect(await sender(60)).toMatchObject({ claimed: 1, sent: 1 });
    const delivery = () => t.services.db.selectFrom('webhook_deliveries').select(['status', 'attempts', 'next_attempt_at', 'last_response_status']).where('endpoint_id', '=', ep.id).executeTakeFirstOrThrow();
    const delivered = await delivery();
    expect(delivered).toMatchObject({ status: 'succeeded', attempts: 2, next_attempt_at: null, last_response_status: 200 });
    // The stalled sender’s answer comes at last, a 500: its claim is gone, so no retry is scheduled.
    r.plan['/stall'] = [500];
    r.release('/stall');
    expect(await first).toMatchObject({ claimed: 1, sent: 0, failed: 1 });
    expect(await delivery()).toEqual(delivered);
    expect(await sender(60)).toMatchObject({ claimed: 0 });
    // The second sender’s 200, then the stalled one’s late 500: nothing sent it a third time.
    expect(r.received.filter((x) => x.path === '/stall').map((x) => x.answered)).toEqual([200, 500]);
  });
});

describe.each(dialects)('webhooks never go to internal addresses (SSRF) on %s', (dialect) => {
  let t: TestContext;
  let a: Awaited<ReturnType<typeof adminSession>>;
  beforeAll(async () => {
    t = await createTestContext(dialect);
    a = await adminSession(t, 'Gamma');
  });
  afterAll(async () => t?.close());

  it('refuses loopback, private, link-local and local names when the endpoint is saved', async () => {
    for (const url of ['http://127.0.0.1:8080/x', 'http://10.1.2.3/x', 'http://169.254.169.254/latest/meta-data', 'http://[::1]/x', 'http://[::ffff:127.0.0.1]/x', 'http://localhost:3000/x', 'http://192.168.1.1/x', 'http://[fd00::1]/x']) {
      const e = await errorOf(await t.app.request('/v1/webhook-endpoints', json({ url }, a.auth)));
      expect(e.status, url).toBe(422);
      expect(e.issues?.[0]?.path, url).toEqual(['body', 'url']);
    }
    expect(isInternalAddress('8.8.8.8')).toBe(false);
    expect(isInternalAddress('2606:4700:4700::1111')).toBe(false);
  });

  it('refuses to send to an internal address even if one got saved (the address dialled is checked)', async () => {
    const id = randomUUID();
    const sealed = webhookSecretBox(t.services.config.signingKey).seal('whsec_' + Buffer.alloc(32, 1).toString('base64'), secretContext(a.tenantId, id));
    await t.services.db.insertInto('webhook_endpoints').values({ id, tenant_id: a.tenantId, url: 'http://127.0.0.1:9/x', secret_sealed: sealed, created_by: null }).execute();
    await t.app.request('/v1/roles', json({ name: 'Trigger', permissions: [] }, a.auth));
    const round = await deliverDueWebhooks(t.services.platformDb, { signingKey: t.services.config.signingKey, allowPrivate: false, retrySeconds: [0] });
    expect(round.failed).toBeGreaterThan(0);
    const d = await t.services.db.selectFrom('webhook_deliveries').select(['last_error', 'last_response_status']).where('endpoint_id', '=', id).executeTakeFirstOrThrow();
    expect(d.last_response_status).toBe(null);
    expect(d.last_error).toMatch(/internal address/);
  });

  it('an operator lets webhooks reach its own networks (ROSTER_WEBHOOKS_ALLOWED_NETWORKS) and nothing else inside', async () => {
    const reach = { allowPrivate: false, allowedNetworks: ['10.20.0.0/16', '127.0.0.1', 'fd00:1::/64'] };
    expect(refusesAddress('10.20.3.4', reach)).toBe(false);
    expect(refusesAddress('127.0.0.1', reach)).toBe(false);
    expect(refusesAddress('fd00:1::9', reach)).toBe(false);
    expect(refusesAddress('::ffff:10.20.3.4', reach)).toBe(false);
    for (const inside of ['10.21.0.1', '127.0.0.2', '169.254.169.254', 'fd00:2::1', '::1']) expect(refusesAddress(inside, reach), inside).toBe(true);
    expect(refusesAddress('8.8.8.8', reach)).toBe(false);
    expect(await webhookUrlRefusal('http://10.20.0.7:8080/hooks', reach)).toBe(null);
    expect(await webhookUrlRefusal('http://10.30.0.7/hooks', reach)).toMatch(/private/);
    // With networks of its own, a local name is judged by what it resolves to (loopback here, not allowed).
    expect(await webhookUrlRefusal('http://localhost:8080/hooks', { allowPrivate: false, allowedNetworks: ['10.20.0.0/16'] })).toMatch(/private/);
    for (const bad of ['10.0.0.0/33', '10.0.0/8', 'example.com', '::1/129', '10.0.0.1/8/1', '']) expect(parseNetwork(bad), bad).toBe(null);
  });
});
