import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { adminSession, createTenantViaApi, createTestContext, dialects, json, type TestContext } from '../support.js';
import { hashSecret } from '../../src/auth/secrets.js';
import { withoutTenant, withTenant } from '../../src/db/tenant-scope.js';
import { inlineParameters, literalOf } from '../../src/db/inline-parameters.js';
import type { Db } from '../../src/db/create-db.js';

/** Every table of the schema with a tenant_id column: the tables RLS must cover (besides tenants, by id). */
async function tenantTables(db: Db): Promise<string[]> {
  const r = await sql<{ name: string }>`
    select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = current_schema() and c.relkind in ('r', 'p')
      and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped)
    order by 1`.execute(db);
  return r.rows.map((x) => x.name);
}

/** Runs `fn` in a transaction of the raw role roster_app, optionally with a tenant set; always rolled back. */
async function asAppRole<T>(db: Db, tenantId: string | null, fn: (trx: Db) => Promise<T>): Promise<T> {
  let out!: T;
  await db
    .transaction()
    .execute(async (trx) => {
      await sql`select set_config('role', 'roster_app', true)`.execute(trx);
      if (tenantId) await sql`select set_config('roster.tenant_id', ${tenantId}, true)`.execute(trx);
      out = await fn(trx);
      throw new RolledBack();
    })
    .catch((e) => {
      if (!(e instanceof RolledBack)) throw e;
    });
  return out;
}
class RolledBack extends Error {}

const count = async (db: Db, table: string, tenantId?: string) => {
  const column = table === 'tenants' ? 'id' : 'tenant_id';
  const where = tenantId ? sql`where ${sql.ref(column)} = ${tenantId}` : sql``;
  const r = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)} ${where}`.execute(db);
  return r.rows[0]!.n;
};

describe.each(dialects)('row-level security on %s', (dialect) => {
  let t: TestContext;
  let a: Awaited<ReturnType<typeof adminSession>>;
  let b: Awaited<ReturnType<typeof adminSession>>;
  let tables: string[];

  /** A row in every tenant table, so that each one is checked with something in it. */
  async function fill(tenantId: string, userId: string) {
    const db = t.services.platformDb;
    const hash = () => randomBytes(32).toString('hex');
    const [org] = (await sql<{ id: string }>`insert into organizations (tenant_id, name) values (${tenantId}, ${'Org ' + hash().slice(0, 6)}) returning id`.execute(db)).rows;
    expect(org).toBeDefined();
    await sql`insert into user_permissions (tenant_id, user_id, permission) values (${tenantId}, ${userId}, 'audit.read')`.execute(db);
    await sql`insert into one_time_tokens (tenant_id, user_id, purpose, token_hash, expires_at) values (${tenantId}, ${userId}, 'password_reset', ${hash()}, now() + interval '1 hour')`.execute(db);
    await sql`insert into sessions (tenant_id, user_id, token_hash, expires_at) values (${tenantId}, ${userId}, ${hash()}, now() + interval '1 hour')`.execute(db);
    await sql`insert into email_outbox (tenant_id, user_id, template, to_address, subject, text_body, html_body) values (${tenantId}, ${userId}, 'test', 'x@rls.example', 'RLS', 'x', 'x')`.execute(db);
    const [group] = (await sql<{ id: string }>`insert into access_groups (tenant_id, name, modules) values (${tenantId}, 'Group', '{}') returning id`.execute(db)).rows;
    await sql`insert into user_access_groups (tenant_id, user_id, group_id) values (${tenantId}, ${userId}, ${group!.id})`.execute(db);
    await sql`insert into import_requests (tenant_id, idempotency_key, request_hash, response) values (${tenantId}, 'k', 'h', '{}')`.execute(db);
    await sql`insert into recovery_codes (tenant_id, user_id, code_hash) values (${tenantId}, ${userId}, ${hash()})`.execute(db);
    await sql`insert into webauthn_credentials (tenant_id, user_id, credential_id, public_key, name) values (${tenantId}, ${userId}, ${hash()}, 'pk', 'Key')`.execute(db);
    await sql`insert into tombstones (tenant_id, resource, id) values (${tenantId}, 'user', gen_random_uuid())`.execute(db);
    const [endpoint] = (await sql<{ id: string }>`insert into webhook_endpoints (tenant_id, url, secret_sealed) values (${tenantId}, 'https://hooks.example/rls', 'sealed') returning id`.execute(db)).rows;
    const [audit] = (await sql<{ id: string }>`insert into audit_events (tenant_id, actor_type, action) values (${tenantId}, 'system', 'rls.test') returning id`.execute(db)).rows;
    await sql`insert into webhook_deliveries (tenant_id, endpoint_id, audit_event_id, event_type) values (${tenantId}, ${endpoint!.id}, ${audit!.id}, 'user.created')`.execute(db);
    await sql`insert into email_suppressions (tenant_id, address, reason, source) values (${tenantId}, 'bounced@rls.example', '550 No such user', 'bounce')`.execute(db);
    await sql`insert into api_keys (tenant_id, name, prefix, key_hash, scopes, expires_at) values (${tenantId}, 'Key', 'rk_rls', ${hash()}, '{monitoring:read}', now() + interval '1 day')`.execute(db);
    await sql`insert into sms_outbox (tenant_id, user_id, to_number, purpose, sealed_body) values (${tenantId}, ${userId}, '+4915123456789', 'sign_in_code', 'sealed')`.execute(db);
    const [attribute] = (await sql<{ id: string }>`insert into attribute_definitions (tenant_id, key, labels, type) values (${tenantId}, 'cost_centre', '{"en":"Cost centre"}', 'text') returning id`.execute(db)).rows;
    await sql`insert into user_attribute_values (tenant_id, user_id, attribute_id, value_text) values (${tenantId}, ${userId}, ${attribute!.id}, '4711')`.execute(db);
  }

  beforeAll(async () => {
    t = await createTestContext(dialect);
    a = await adminSession(t, 'Alpha');
    b = await adminSession(t, 'Beta');
    await fill(a.tenantId, a.created.rootAdmin.id);
    await fill(b.tenantId, b.created.rootAdmin.id);
    tables = await tenantTables(t.services.platformDb);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('RLS is enabled and forced, with the tenant policy for roster_app, on exactly the tables with a tenant_id, and on tenants', async () => {
    expect(tables.length).toBeGreaterThanOrEqual(13);
    const secured = await sql<{ name: string }>`
      select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = current_schema() and c.relkind in ('r', 'p') and c.relrowsecurity and c.relforcerowsecurity
      order by 1`.execute(t.services.platformDb);
    expect(secured.rows.map((r) => r.name)).toEqual([...tables, 'tenants'].sort());
    const policies = await sql<{ table: string; roles: string; qual: string; with_check: string }>`
      select tablename as table, roles::text as roles, qual, with_check from pg_policies
      where schemaname = current_schema() and policyname = 'tenant_isolation' order by 1`.execute(t.services.platformDb);
    expect(policies.rows.map((p) => p.table)).toEqual([...tables, 'tenants'].sort());
    for (const p of policies.rows) {
      expect(p.roles).toBe('{roster_app}');
      expect(p.qual).toContain("current_setting('roster.tenant_id'::text, true)");
      expect(p.with_check).toBe(p.qual);
    }
    const role = await sql<{ rolsuper: boolean; rolbypassrls: boolean }>`select rolsuper, rolbypassrls from pg_roles where rolname = 'roster_app'`.execute(t.services.platformDb);
    expect(role.rows).toEqual([{ rolsuper: false, rolbypassrls: false }]);
  });

  it('roster_app without the setting sees no row of any tenant table and can insert none', async () => {
    for (const table of [...tables, 'tenants']) {
      expect(await count(t.services.platformDb, table, a.tenantId), `${table} has rows of A`).toBeGreaterThan(0);
      expect(await asAppRole(t.services.platformDb, null, (trx) => count(trx, table)), table).toBe(0);
    }
    await expect(asAppRole(t.services.platformDb, null, (trx) => sql`insert into organizations (tenant_id, name) values (${a.tenantId}, 'Sneaky')`.execute(trx))).rejects.toThrow(/row-level security/);
  });

  it("with tenant A's setting, roster_app sees exactly A's rows, and cannot write B's", async () => {
    for (const table of [...tables, 'tenants']) {
      const own = await count(t.services.platformDb, table, a.tenantId);
      expect(await asAppRole(t.services.platformDb, a.tenantId, (trx) => count(trx, table)), table).toBe(own);
      expect(await asAppRole(t.services.platformDb, a.tenantId, (trx) => count(trx, table, b.tenantId)), table).toBe(0);
    }
    await expect(asAppRole(t.services.platformDb, a.tenantId, (trx) => sql`insert into organizations (tenant_id, name) values (${b.tenantId}, 'Sneaky')`.execute(trx))).rejects.toThrow(/row-level security/);
    // An update of B's rows finds none; moving a row of A to B is refused.
    const updated = await asAppRole(t.services.platformDb, a.tenantId, (trx) => trx.updateTable('users').set({ first_name: 'X' }).where('tenant_id', '=', b.tenantId).executeTakeFirst());
    expect(updated.numUpdatedRows).toBe(0n);
    await expect(asAppRole(t.services.platformDb, a.tenantId, (trx) => trx.updateTable('organizations').set({ tenant_id: b.tenantId }).where('tenant_id', '=', a.tenantId).execute())).rejects.toThrow(/row-level security/);
  });

  it('the data layer: s.db in a request scope sees its tenant only — none before the tenant is known — in and outside transactions', async () => {
    const db = t.services.db;
    const users = () => db.selectFrom('users').select(['id', 'tenant_id']).execute();
    const inTrx = () => db.transaction().execute((trx) => trx.selectFrom('users').select(['id', 'tenant_id']).execute());
    expect(await withoutTenant(users)).toEqual([]);
    expect(await withoutTenant(inTrx)).toEqual([]);
    const ofA = await withTenant(a.tenantId, users);
    expect(ofA.length).toBeGreaterThan(0);
    expect(new Set(ofA.map((u) => u.tenant_id))).toEqual(new Set([a.tenantId]));
    expect(await withTenant(a.tenantId, inTrx)).toEqual(ofA);
    expect(await withTenant(a.tenantId, () => db.selectFrom('users').select('id').where('id', '=', b.created.rootAdmin.id).executeTakeFirst())).toBeUndefined();
    await expect(withTenant(a.tenantId, () => db.insertInto('organizations').values({ tenant_id: b.tenantId, name: 'Sneaky' }).execute())).rejects.toThrow(/row-level security/);
    // The role and the tenant are transaction-local: nothing stays on a pooled connection.
    const who = await withTenant(a.tenantId, () => sql<{ u: string; t: string }>`select current_user as u, current_setting('roster.tenant_id', true) as t`.execute(db));
    expect(who.rows).toEqual([{ u: 'roster_app', t: a.tenantId }]);
    // A statement with bulky values (a bulk import's lookups) runs in a transaction of its own: the same wall.
    const manyIds = [a.created.rootAdmin.id, b.created.rootAdmin.id, ...Array.from({ length: 1000 }, () => randomUUID())];
    const bulky = await withTenant(a.tenantId, () => db.selectFrom('users').select('id').where('id', 'in', manyIds).execute());
    expect(bulky.map((u) => u.id)).toEqual([a.created.rootAdmin.id]);
    const bulkyWho = await withTenant(a.tenantId, () => sql<{ u: string; n: number }>`select current_user as u, cardinality(${manyIds}::uuid[]) as n`.execute(db));
    expect(bulkyWho.rows).toEqual([{ u: 'roster_app', n: manyIds.length }]);
    for (let i = 0; i < 12; i++) {
      const after = await sql<{ u: string; t: string | null }>`select current_user as u, nullif(current_setting('roster.tenant_id', true), '') as t`.execute(t.services.platformDb);
      expect(after.rows).toEqual([{ u: 'postgres', t: null }]);
    }
    // The platform path sees every tenant, also inside a scope.
    const all = await withTenant(a.tenantId, () => t.services.platformDb.selectFrom('tenants').select('id').execute());
    expect(all.map((r) => r.id).sort()).toEqual([a.tenantId, b.tenantId].sort());
  });

  it('through the API, writes run as roster_app in the tenant of the gate, the body or the token; tenant creation on the platform path', async () => {
    const db = t.services.platformDb;
    await sql`create table rls_probe (tbl text, who text, scope text, row_tenant text)`.execute(db);
    await sql`grant insert on rls_probe to public`.execute(db);
    await sql`
      create function rls_probe() returns trigger language plpgsql as $$
      begin
        insert into rls_probe values (tg_table_name, current_user, nullif(current_setting('roster.tenant_id', true), ''), to_jsonb(new)->>'tenant_id');
        return new;
      end $$`.execute(db);
    for (const table of ['audit_events', 'email_outbox', 'sessions']) {
      await sql`create trigger rls_probe before insert on ${sql.table(table)} for each row execute function rls_probe()`.execute(db);
    }
    const probe = async () => (await sql<{ tbl: string; who: string; scope: string | null; row_tenant: string }>`select * from rls_probe`.execute(db)).rows;
    const clear = () => sql`delete from rls_probe`.execute(db);
    try {
      // Platform path: the operator creates a tenant.
      const c = await createTenantViaApi(t, 'Gamma');
      expect((await probe()).length).toBeGreaterThan(0);
      for (const r of await probe()) expect(r).toMatchObject({ who: 'postgres', scope: null, row_tenant: c.tenant.id });
      await clear();
      // The gate: a widget token of tenant A creates a user (audit + invitation in the outbox).
      const res = await t.app.request('/v1/users', json({ kind: 'technician', firstName: 'Probe', lastName: 'User', email: 'probe@alpha.example' }, a.auth));
      expect(res.status, await res.clone().text()).toBe(201);
      // The body: forgot-password names tenant B.
      expect((await t.app.request('/v1/auth/forgot-password', json({ tenantId: b.tenantId, email: 'root@beta.example' }))).status).toBe(202);
      // The token: a reset link of A's Root Admin, found by its hash.
      const token = randomBytes(32).toString('base64url');
      await sql`insert into one_time_tokens (tenant_id, user_id, purpose, token_hash, expires_at) values (${a.tenantId}, ${a.created.rootAdmin.id}, 'password_reset', ${hashSecret(token)}, now() + interval '1 hour')`.execute(db);
      const reset = await t.app.request('/v1/auth/reset-password', json({ token, password: 'a long enough password 1!' }));
      expect(reset.status, await reset.clone().text()).toBe(200);
      const rows = await probe();
      expect(new Set(rows.map((r) => `${r.tbl}:${r.row_tenant === a.tenantId ? 'A' : r.row_tenant === b.tenantId ? 'B' : r.row_tenant}`))).toEqual(
        new Set(['audit_events:A', 'email_outbox:A', 'email_outbox:B']),
      );
      for (const r of rows) expect(r).toMatchObject({ who: 'roster_app', scope: r.row_tenant });
    } finally {
      for (const table of ['audit_events', 'email_outbox', 'sessions']) await sql`drop trigger if exists rls_probe on ${sql.table(table)}`.execute(db);
      await sql`drop function if exists rls_probe()`.execute(db);
      await sql`drop table if exists rls_probe`.execute(db);
    }
  });

  it('statements outside a transaction carry their values as literals with the very same results', async () => {
    const values: unknown[] = [
      "it's", 'back\\slash \\\' end', '$1 $$ $tag$ -- /* */', 'é 漢字 🙂', "E'x'", '', null, 42, -1.5, true, false,
      ['a', "b'c", 'd"e', null, 'f\\g', '{h,i}'], { k: "v'", n: [1, 2] }, 9007199254740991n,
    ];
    for (const v of values) {
      const query = sql<{ a: unknown; b: unknown }>`select ${v} as a, ${v}::text as b, '$1' as c -- $1 '
        /* $1 */`;
      const plain = await query.execute(t.services.platformDb);
      const scoped = await withTenant(a.tenantId, () => query.execute(t.services.db));
      expect(scoped.rows, JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? String(x) : x))).toEqual(plain.rows);
    }
    await expect(withTenant(a.tenantId, () => sql`select ${'a\u0000b'}::text`.execute(t.services.db))).rejects.toMatchObject({ code: '22021' });
  });
});

describe('inlineParameters', () => {
  it('replaces placeholders outside strings, identifiers, dollar quotes and comments', () => {
    expect(inlineParameters(`select $1, '$1', "$1", $2::int, E'\\'$1', $$ $1 $$, $f$ $1 $f$ -- $1\n, /* $1 /* $1 */ */ $10`, ['x', 2, 3, 4, 5, 6, 7, 8, 9, "o'k"])).toBe(
      `select 'x', '$1', "$1", '2'::int, E'\\'$1', $$ $1 $$, $f$ $1 $f$ -- $1\n, /* $1 /* $1 */ */ 'o''k'`,
    );
    expect(() => inlineParameters('select $2', ['only one'])).toThrow(/has no value/);
    expect(literalOf(null)).toBe('NULL');
    expect(literalOf('a\\b')).toBe(" E'a\\\\b'");
  });
});
