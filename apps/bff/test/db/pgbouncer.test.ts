import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { generateSync } from 'otplib';
import { randomBytes } from 'node:crypto';
import type { BulkImportResponse } from '@roster/contract';
import { adminSession, anotherInstance, createTestContext, insertUsers, json, userRow, type TestContext } from '../support.js';
import { startPgbouncer, type Pgbouncer } from './pgbouncer.js';
import { createDb } from '../../src/db/create-db.js';
import { hashPassword } from '../../src/auth/passwords.js';

/**
 * The BFF through PgBouncer in transaction pooling mode (Debian's package, 1.18: no protocol-level named prepared
 * statements), which the test starts itself with `server_round_robin` (each transaction on the next server
 * connection): nothing may rely on session state. Skipped only when PgBouncer cannot be installed or started, or
 * there is no PostgreSQL to put behind it; CI installs it (npm test), so there it runs.
 */
const upstream = process.env.TEST_DATABASE_URL;
const started: Pgbouncer | { skipped: string } = upstream ? await startPgbouncer(upstream) : { skipped: 'TEST_DATABASE_URL is not set: there is no PostgreSQL to put PgBouncer in front of' };
if ('skipped' in started) console.warn(`[pgbouncer.test] skipped: ${started.skipped}`);
const bouncer = 'skipped' in started ? undefined : started;

async function direct<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

describe.skipIf(!bouncer)('the BFF through PgBouncer in transaction pooling mode', () => {
  afterAll(async () => bouncer?.stop());

  it('PgBouncer pools in transaction mode', async () => {
    const pools = await direct(bouncer!.through(new URL('/pgbouncer', upstream).toString()), async (c) => (await c.query({ text: 'show config', rowMode: 'array' })).rows as string[][]);
    expect(pools.find((r) => r[0] === 'pool_mode')?.[1]).toBe('transaction');
    expect(pools.find((r) => r[0] === 'server_round_robin')?.[1]).toBe('1');
  });

  it('migrations from two instances starting at once, each transaction on another server connection, leave no advisory lock behind', async () => {
    const name = `roster_test_${randomBytes(6).toString('hex')}`;
    await direct(upstream!, (c) => c.query(`create database ${name}`));
    const url = new URL(upstream!);
    url.pathname = `/${name}`;
    try {
      // Several server connections in the pool first, so that round robin has somewhere else to go.
      const warm = new pg.Pool({ connectionString: bouncer!.through(url.toString()), max: 4 });
      await Promise.all(Array.from({ length: 4 }, () => warm.query('select pg_sleep(0.2)')));
      await warm.end();
      const [a, b] = await Promise.all([createDb({ databaseUrl: bouncer!.through(url.toString()), poolSize: 3 }), createDb({ databaseUrl: bouncer!.through(url.toString()), poolSize: 3 })]);
      try {
        const locks = await direct(url.toString(), (c) => c.query(`select count(*)::int as n from pg_locks l join pg_database d on d.oid = l.database where l.locktype = 'advisory' and d.datname = $1`, [name]));
        expect(locks.rows[0].n).toBe(0);
        // A third start finds everything applied and is not kept waiting by a lock.
        const c = await createDb({ databaseUrl: bouncer!.through(url.toString()), poolSize: 1 });
        await c.close();
      } finally {
        await a.close();
        await b.close();
      }
    } finally {
      await direct(upstream!, (c) => c.query(`drop database if exists ${name} with (force)`));
    }
  });

  describe('two instances, sign-in, lists, edits, an import, invitations and tenant isolation', () => {
    let t: TestContext;
    let other: Awaited<ReturnType<typeof anotherInstance>>;
    beforeAll(async () => {
      t = await createTestContext('postgres', {}, { pooler: bouncer! });
      other = await anotherInstance(t);
    });
    afterAll(async () => {
      await other?.close();
      await t?.close();
    });

    it('signs in on one instance and is refused a wrong password on the other', async () => {
      const s = await adminSession(t, 'Bounce Login', { preset: 'default', lockoutThreshold: null });
      const [u] = await insertUsers(t, [userRow(s.tenantId, { email: 'pw@bounce.example', status: 'active', password_hash: await hashPassword('correct horse battery') })]);
      const secret = t.services.totp.newSecret();
      await t.services.db.updateTable('users').set({ mfa_state: 'enrolled', mfa_secret_encrypted: t.services.totp.encrypt(secret) }).where('id', '=', u!.id).execute();
      const ok = await t.app.request('/v1/auth/login', json({ tenantId: s.tenantId, login: 'pw@bounce.example', password: 'correct horse battery', code: generateSync({ secret }) }));
      expect(ok.status, await ok.clone().text()).toBe(200);
      expect(ok.headers.get('set-cookie')).toMatch(/roster_session=/);
      expect((await other.app.request('/v1/auth/login', json({ tenantId: s.tenantId, login: 'pw@bounce.example', password: 'wrong' }))).status).toBe(401);
    });

    it('creates a user with an invitation, edits it on the other instance, imports more, and lists them all', async () => {
      const s = await adminSession(t, 'Bounce Edit');
      const created = await t.app.request('/v1/users', json({ kind: 'technician', firstName: 'Ina', lastName: 'Vite', email: 'ina@bounce.example' }, s.auth));
      expect(created.status).toBe(201);
      const id = ((await created.json()) as { id: string }).id;
      const invitations = await t.services.platformDb.selectFrom('email_outbox').select('template').where('to_address', '=', 'ina@bounce.example').execute();
      expect(invitations.map((m) => m.template)).toEqual(['invitation']);
      const edited = await other.app.request(`/v1/users/${id}`, { method: 'PATCH', headers: { ...s.auth, 'content-type': 'application/json' }, body: JSON.stringify({ firstName: 'Irene' }) });
      expect(edited.status, await edited.clone().text()).toBe(200);
      const text = 'First name\tLast name\tEmail\r\n' + Array.from({ length: 300 }, (_, i) => `P${i}\tRow\tp${i}@bounce.example`).join('\r\n');
      const imported = await other.app.request('/v1/users/bulk-import', json({ kind: 'technician', text, source: 'clipboard' }, s.auth));
      expect(imported.status, await imported.clone().text()).toBe(201);
      expect((await imported.json()) as BulkImportResponse).toMatchObject({ imported: 300, failed: 0 });
      const ina = (await (await t.app.request('/v1/users?q=ina@bounce.example', { headers: s.auth })).json()) as { items: { email: string; firstName: string }[] };
      expect(ina.items.map((u) => [u.email, u.firstName])).toEqual([['ina@bounce.example', 'Irene']]);
      const listed = (await (await t.app.request('/v1/users?q=bounce.example&limit=200', { headers: s.auth })).json()) as { items: unknown[] };
      expect(listed.items).toHaveLength(200);
    });

    it('60 requests of two tenants at once on both instances each see only their own tenant’s users', async () => {
      const a = await adminSession(t, 'Bounce Alpha');
      const b = await adminSession(t, 'Bounce Beta');
      await insertUsers(t, Array.from({ length: 5 }, (_, i) => userRow(a.tenantId, { email: `a${i}@alpha-bounce.example` })));
      await insertUsers(t, Array.from({ length: 5 }, (_, i) => userRow(b.tenantId, { email: `b${i}@beta-bounce.example` })));
      const pages = await Promise.all(
        Array.from({ length: 60 }, async (_, i) => {
          const who = i % 2 ? a : b;
          const res = await [t.app, other.app][Math.floor(i / 2) % 2]!.request('/v1/users?limit=200', { headers: who.auth });
          expect(res.status).toBe(200);
          return { who, emails: ((await res.json()) as { items: { email: string }[] }).items.map((u) => u.email) };
        }),
      );
      for (const { who, emails } of pages) {
        const own = who === a ? '@alpha-bounce.example' : '@beta-bounce.example';
        const foreign = who === a ? '@beta-bounce.example' : '@alpha-bounce.example';
        expect(emails.filter((e) => e.endsWith(own))).toHaveLength(5);
        expect(emails.filter((e) => e.endsWith(foreign))).toHaveLength(0);
        expect(emails).toContain(who.created.rootAdmin.email);
      }
      // Another tenant’s user is not found, through whichever server connection the request lands on.
      const [foreignUser] = await t.services.platformDb.selectFrom('users').select('id').where('tenant_id', '=', b.tenantId).limit(1).execute();
      for (const app of [t.app, other.app]) expect((await app.request(`/v1/users/${foreignUser!.id}`, { headers: a.auth })).status).toBe(404);
    });
  });
});
