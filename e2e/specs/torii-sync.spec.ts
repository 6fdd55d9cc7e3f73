import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import createClient, { type Client } from 'openapi-fetch';
import type { paths } from '../clients/roster-api.js';
import { startBffInProcess } from '../support/bff-in-process.js';

/**
 * Issue 15's "done means": a SaaS-management tool (Torii-style, seed 002) written only against the client generated
 * from /openapi.json (clients/roster-api.ts + openapi-fetch), talking HTTP to a real BFF. An admin creates an OAuth
 * app bound to one organization; the integration takes a token, syncs every user it may see, creates, updates and
 * deletes end users, syncs again and sees exactly those changes, and is refused what is not its organization's.
 */
type Api = Client<paths>;
type User = paths['/v1/users']['get']['responses'][200]['content']['application/json']['items'][number];

/** The structured error an answer carries: its status, code and the paths of its issues. */
function refusal(r: { error?: unknown; response: Response }) {
  const e = r.error as { error: { code: string; message: string; issues?: { path: (string | number)[] }[] } } | undefined;
  return { status: r.response.status, code: e?.error.code, message: e?.error.message, paths: e?.error.issues?.map((i) => i.path) ?? [] };
}

describe('a Torii-style sync against the client generated from /openapi.json', () => {
  let bff: Awaited<ReturnType<typeof startBffInProcess>>;
  let admin: Api;
  let integration: Api;
  let mine: string;
  let other: string;

  /** A token by OAuth client credentials (POST /oauth/token, form-encoded as the document says). */
  const tokenOf = async (clientId: string, clientSecret: string) => {
    const anonymous = createClient<paths>({ baseUrl: bff.url });
    const { data, error } = await anonymous.POST('/oauth/token', {
      body: { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret },
      bodySerializer: (body) => new URLSearchParams(body as Record<string, string>).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    if (error) throw new Error(`token: ${JSON.stringify(error)}`);
    return data.access_token;
  };
  const as = (token: string) => createClient<paths>({ baseUrl: bff.url, headers: { authorization: `Bearer ${token}` } });

  /** Follows nextCursor to the end: every user changed and deleted, and the place to resume from. */
  async function sync(api: Api, from: { updatedSince: string } | { cursor: string }) {
    const users = new Map<string, User>();
    const deleted: string[] = [];
    let query: { updatedSince?: string; cursor?: string; limit: number } = { ...from, limit: 100 };
    for (;;) {
      const { data, error } = await api.GET('/v1/users', { params: { query } });
      if (error) throw new Error(`sync: ${JSON.stringify(error)}`);
      for (const u of data.items) users.set(u.id, u);
      for (const d of data.deleted ?? []) {
        users.delete(d.id);
        deleted.push(d.id);
      }
      if (!data.nextCursor) return { users, deleted, syncCursor: data.syncCursor! };
      query = { cursor: data.nextCursor, limit: 100 };
    }
  }

  beforeAll(async () => {
    bff = await startBffInProcess();
    const vendor = as(await tokenOf(bff.demo.clientId, bff.demo.clientSecret));
    // The admin: the demo tenant's Root Admin, through a widget token the vendor's backend mints.
    const minted = await vendor.POST('/v1/widget-tokens', { body: { actorUserId: bff.demo.adminUserId } });
    if (minted.error) throw new Error(JSON.stringify(minted.error));
    admin = as(minted.data.token);
    const orgs = await admin.GET('/v1/organizations');
    [mine, other] = orgs.data!.items.map((o) => o.id) as [string, string];
  });
  afterAll(async () => bff?.stop());

  it('creates an app bound to one organization, syncs, changes end users, syncs again and sees exactly those changes', async () => {
    const app = await admin.POST('/v1/oauth-clients', { body: { name: 'Torii', scopes: ['monitoring:read', 'management:write'], organizationId: mine } });
    expect(app.response.status).toBe(201);
    expect(app.data).toMatchObject({ organizationId: mine, scopes: ['monitoring:read', 'management:write'] });
    integration = as(await tokenOf(app.data!.clientId, app.data!.clientSecret));

    // A full sync from the epoch: every user of its organization (and nobody else), as the admin lists them.
    const full = await sync(integration, { updatedSince: '1970-01-01T00:00:00Z' });
    expect(full.deleted).toEqual([]);
    const listed = new Set<string>();
    for (let cursor: string | undefined; ; ) {
      const { data } = await admin.GET('/v1/users', { params: { query: { organizationId: mine, limit: 200, ...(cursor ? { cursor } : {}) } } });
      for (const u of data!.items) listed.add(u.id);
      if (!data!.nextCursor) break;
      cursor = data!.nextCursor;
    }
    expect(full.users.size).toBeGreaterThan(50);
    expect(new Set(full.users.keys())).toEqual(listed);
    expect([...full.users.values()].every((u) => u.organizationId === mine && u.kind === 'end_user')).toBe(true);
    const sample = [...full.users.values()][0]!;
    expect(typeof sample.createdAt === 'string' && typeof sample.updatedAt === 'string' && 'lastSignInAt' in sample).toBe(true);

    // Nothing changed: the place holds.
    const quiet = await sync(integration, { cursor: full.syncCursor });
    expect([quiet.users.size, quiet.deleted]).toEqual([0, []]);

    // Create, update and delete end users of its organization.
    const created = await integration.POST('/v1/users', { body: { kind: 'end_user', organizationId: mine, firstName: 'Tori', lastName: 'Synced', email: 'tori.synced@example.com' } });
    expect(created.response.status, JSON.stringify(created.error)).toBe(201);
    const newcomer = created.data!.id;
    const [renamed, leaving] = [...full.users.keys()] as [string, string];
    const patched = await integration.PATCH('/v1/users/{id}', { params: { path: { id: renamed } }, body: { firstName: 'Renamed' } });
    expect(patched.response.status, JSON.stringify(patched.error)).toBe(200);
    expect(Date.parse(patched.data!.updatedAt)).toBeGreaterThan(Date.parse(full.users.get(renamed)!.updatedAt));
    const removed = await integration.DELETE('/v1/users/{id}', { params: { path: { id: leaving } } });
    expect(removed.response.status, JSON.stringify(removed.error)).toBe(204);

    const next = await sync(integration, { cursor: quiet.syncCursor });
    expect([...next.users.keys()].sort()).toEqual([newcomer, renamed].sort());
    expect(next.users.get(renamed)!.firstName).toBe('Renamed');
    expect(next.users.get(newcomer)).toMatchObject({ email: 'tori.synced@example.com', organizationId: mine, lastSignInAt: null });
    expect(next.deleted).toEqual([leaving]);
    // And then nothing more.
    const after = await sync(integration, { cursor: next.syncCursor });
    expect([after.users.size, after.deleted]).toEqual([0, []]);

    // Meanwhile the admin changes a user of the other organization: none of the integration's business.
    const theirs = (await admin.GET('/v1/users', { params: { query: { organizationId: other, limit: 1 } } })).data!.items[0]!;
    expect((await admin.PATCH('/v1/users/{id}', { params: { path: { id: theirs.id } }, body: { lastName: 'Elsewhere' } })).response.status).toBe(200);
    expect((await sync(integration, { cursor: next.syncCursor })).users.size).toBe(0);

    // The same changes as events, from the durable feed (for an app bound to one organization: its users' events).
    const events: { type: string; data: { objectType: string | null; objectId: string | null } }[] = [];
    for (let cursor: string | undefined; ; ) {
      const { data, error } = await integration.GET('/v1/events', { params: { query: { limit: 500, ...(cursor ? { after: cursor } : {}) } } });
      if (error) throw new Error(JSON.stringify(error));
      events.push(...data.items);
      cursor = data.cursor;
      if (!data.hasMore) break;
    }
    const ours = new Set([...full.users.keys(), newcomer]);
    expect(events.every((e) => e.data.objectType === 'user' && ours.has(e.data.objectId!))).toBe(true);
    const about = (id: string) => events.filter((e) => e.data.objectId === id).map((e) => e.type);
    expect(about(newcomer)).toEqual(['user.created', 'user.invited']);
    expect(about(renamed)).toEqual(['user.updated']);
    expect(about(leaving)).toEqual(['user.deleted']);
  });

  it('is refused technicians, users of another organization and the other organization itself, each with a structured error', async () => {
    const technician = await integration.POST('/v1/users', { body: { kind: 'technician', firstName: 'Tech', lastName: 'Nope', email: 'tech.nope@example.com' } });
    expect(refusal(technician)).toMatchObject({ status: 403, code: 'forbidden' });
    const theirs = await admin.GET('/v1/users', { params: { query: { organizationId: other, limit: 1 } } });
    const stranger = theirs.data!.items[0]!.id;
    expect(refusal(await integration.GET('/v1/users/{id}', { params: { path: { id: stranger } } }))).toMatchObject({ status: 404, code: 'not_found' });
    expect(refusal(await integration.PATCH('/v1/users/{id}', { params: { path: { id: stranger } }, body: { firstName: 'Hijacked' } }))).toMatchObject({ status: 404, code: 'not_found' });
    expect(refusal(await integration.DELETE('/v1/users/{id}', { params: { path: { id: stranger } } }))).toMatchObject({ status: 404, code: 'not_found' });
    const elsewhere = await integration.POST('/v1/users', { body: { kind: 'end_user', organizationId: other, firstName: 'Wrong', lastName: 'Place', email: 'wrong.place@example.com' } });
    expect(refusal(elsewhere)).toMatchObject({ status: 422, code: 'validation_failed', paths: [['body', 'organizationId']] });
    // Listing (or syncing) another organization's users.
    expect(refusal(await integration.GET('/v1/users', { params: { query: { organizationId: other } } }))).toMatchObject({ status: 404, code: 'not_found', paths: [['query', 'organizationId']] });
    expect(refusal(await integration.GET('/v1/users', { params: { query: { organizationId: other, updatedSince: '1970-01-01T00:00:00Z' } } }))).toMatchObject({ status: 404, code: 'not_found' });
    // The organizations it sees: its own; the other cannot be changed.
    const orgs = await integration.GET('/v1/organizations');
    expect(orgs.data!.items.map((o) => o.id)).toEqual([mine]);
    const orgSync = await integration.GET('/v1/organizations', { params: { query: { updatedSince: '1970-01-01T00:00:00Z' } } });
    expect(orgSync.data!.items.map((o) => o.id)).toEqual([mine]);
    expect(refusal(await integration.PATCH('/v1/organizations/{id}', { params: { path: { id: other } }, body: { name: 'Taken over' } }))).toMatchObject({ status: 403, code: 'forbidden' });
    // A sync cursor of the organizations is not one of the users'.
    expect(refusal(await integration.GET('/v1/users', { params: { query: { cursor: orgSync.data!.syncCursor! } } }))).toMatchObject({ status: 400, code: 'bad_request', paths: [['query', 'cursor']] });
    // Nothing of theirs changed.
    const still = await admin.GET('/v1/users/{id}', { params: { path: { id: stranger } } });
    expect(still.data!.firstName).not.toBe('Hijacked');
  });
});
