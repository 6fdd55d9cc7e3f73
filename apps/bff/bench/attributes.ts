/**
 * Benchmark: `GET /v1/users` filtered and sorted by a custom attribute, on tenant A of the bench database.
 *
 *   BENCH_DB=roster_bench_perm pnpm --filter @roster/bff bench:attributes
 *
 * Uses the list benchmark's database (BENCH_DATABASE_URL, BENCH_DB, BENCH_USERS_A/B/C: see list-users.ts). It never
 * reseeds a database whose marker does not match, unless BENCH_ATTR_SEED=1 (for a small database of one's own, e.g.
 * BENCH_DB=roster_bench_attr BENCH_USERS_A=20000 BENCH_USERS_B=1000 BENCH_USERS_C=100 BENCH_ATTR_SEED=1). It runs the
 * migrations (custom attributes' tables), defines two attributes on tenant A — `bench_cost_centre` (text, 200 values
 * CC-000…CC-199 spread evenly) and `bench_badge` (number, 0…999,999) — gives every user of A both, ANALYZEs, starts the
 * BFF in a child process and measures each scenario with autocannon. Then (unless BENCH_ATTR_KEEP=1) it deletes its
 * attributes (their values go with them), so the database is as it was for whoever measures on it next.
 *
 * Environment: BENCH_CONNECTIONS (default 10), BENCH_DURATION seconds per run (default 10), BENCH_WARMUP (default 2),
 * BENCH_RESULTS (default bench/results/attributes.md).
 *
 * Bounded: a fixed scenario list, every run time-limited, the server child killed on exit or error.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createDb } from '../src/db/create-db.js';
import { encodeCursor } from '../src/services/users.service.js';
import { httpJson, startBenchServer, widgetToken } from './bench-server.js';
import { children, killAll, stopChild } from './children.js';
import { cannon } from './load.js';
import { adminClient, benchPlans, benchUrls, envNumber, markerMatches, readMarker, seed, stopwatchLog } from './seed.js';

const here = dirname(fileURLToPath(import.meta.url));
const env = process.env;
const CONNECTIONS = envNumber('BENCH_CONNECTIONS', 10);
const DURATION = envNumber('BENCH_DURATION', 10);
const WARMUP = envNumber('BENCH_WARMUP', 2);
const RESULTS = resolve(here, '..', env.BENCH_RESULTS ?? 'bench/results/attributes.md');
/**
 * The structured filter's case (issue 17): active users who are in cost centre CC-042 or are end users — an AND of an
 * indexed column and an OR of an attribute `exists` and a column, the shape the "Add filter" chips build.
 */
const TREE_TEXT = JSON.stringify({
  all: [
    { field: 'status', op: 'eq', value: 'active' },
    { any: [{ field: 'attr.bench_cost_centre', op: 'eq', value: 'CC-042' }, { field: 'kind', op: 'eq', value: 'end_user' }] },
  ],
});
const log = stopwatchLog();

async function main(): Promise<void> {
  const plans = benchPlans();
  const { adminUrl, dbName, benchUrl } = benchUrls();
  const admin = adminClient(adminUrl.toString());
  await admin.connect();
  const exists = (await admin.query(`select 1 from pg_database where datname = $1`, [dbName])).rowCount === 1;
  await admin.end();
  let marker = exists ? await readMarker(benchUrl) : null;
  if (!markerMatches(marker, plans)) {
    if (env.BENCH_ATTR_SEED !== '1') throw new Error(`${dbName} is not seeded for ${plans.map((p) => `${p.key}=${p.users}`).join(', ')}; set BENCH_ATTR_SEED=1 to (re)seed a database of your own`);
    log(`seeding ${dbName}`);
    marker = await seed(adminUrl.toString(), dbName, plans, log);
  }
  const tenant = marker.tenants.find((t) => t.key === 'a')!;
  const c = new pg.Client({ connectionString: benchUrl });
  await c.connect();
  // A shared database may have migrations of a newer main this branch does not have (Kysely refuses to run beside an
  // executed migration it does not know): their rows are set aside for the run and put back after it, as they were.
  const branchMigrations = new Set(readdirSync(resolve(here, '..', 'src/db/migrations')).map((f) => f.replace(/\.ts$/, '')));
  const executed = (await c.query<{ name: string; timestamp: string }>(`select name, timestamp from kysely_migration order by name`)).rows;
  const foreign = executed.filter((r) => !branchMigrations.has(r.name));
  if (foreign.length > 0) {
    writeFileSync(join(tmpdir(), 'roster-bench-attributes-set-aside.json'), JSON.stringify(foreign)); // to put back by hand, should this process die
    log(`setting aside ${foreign.length} migration row(s) this branch does not have, for the run: ${foreign.map((r) => r.name).join(', ')}`);
    await c.query(`delete from kysely_migration where name = any($1::text[])`, [foreign.map((r) => r.name)]);
  }
  try {
    const handle = await createDb({ databaseUrl: benchUrl, poolSize: 1 }); // the custom attributes' migration
    await handle.close();
    log(`defining bench_cost_centre and bench_badge on tenant A (${tenant.users.toLocaleString('en')} users) and giving every user both`);
    await c.query(`delete from attribute_definitions where tenant_id = $1 and key in ('bench_cost_centre', 'bench_badge')`, [tenant.tenantId]);
    const defs = await c.query<{ id: string; key: string }>(
      `insert into attribute_definitions (tenant_id, key, labels, type, show_as_column, position) values
         ($1, 'bench_cost_centre', '{"en":"Cost centre"}', 'text', true, 0), ($1, 'bench_badge', '{"en":"Badge"}', 'number', true, 1)
       returning id, key`,
      [tenant.tenantId],
    );
    const id = (key: string) => defs.rows.find((d) => d.key === key)!.id;
    const t0 = performance.now();
    // Deterministic values from the user id's hash: spread evenly, unrelated to name order.
    await c.query(
      `insert into user_attribute_values (tenant_id, user_id, attribute_id, value_text)
       select tenant_id, id, $2, 'CC-' || lpad((abs(hashtext(id::text)) % 200)::text, 3, '0') from users where tenant_id = $1`,
      [tenant.tenantId, id('bench_cost_centre')],
    );
    await c.query(
      `insert into user_attribute_values (tenant_id, user_id, attribute_id, value_number)
       select tenant_id, id, $2, abs(hashtext(id::text || 'badge')) % 1000000 from users where tenant_id = $1`,
      [tenant.tenantId, id('bench_badge')],
    );
    const seedSeconds = (performance.now() - t0) / 1000;
    await c.query(`vacuum analyze user_attribute_values`); // the visibility map too: index-only scans
    log(`  ${(2 * tenant.users).toLocaleString('en')} values in ${seedSeconds.toFixed(1)} s`);

    // A deep cursor: after the user at the middle of the badge order.
    const middle = await c.query<{ user_id: string; value_number: string }>(
      `select user_id, value_number::text as value_number from user_attribute_values where tenant_id = $1 and attribute_id = $2 order by value_number, user_id offset $3 limit 1`,
      [tenant.tenantId, id('bench_badge'), Math.floor(tenant.users / 2)],
    );
    const deep = encodeCursor('attr.bench_badge', 'asc', [middle.rows[0]!.value_number], middle.rows[0]!.user_id);
    const scenarios: { id: string; what: string; query: string }[] = [
      { id: 'eq', what: 'filter attr.bench_cost_centre=CC-042 (0.5% of users), sort lastName, first page with total', query: 'attr.bench_cost_centre=CC-042&limit=50' },
      { id: 'range', what: 'filter attr.bench_badge=1000..1999 (0.1%), sort lastName, first page with total', query: 'attr.bench_badge=1000..1999&limit=50' },
      { id: 'sort', what: 'sort=attr.bench_badge, first page (total estimated)', query: 'sort=attr.bench_badge&limit=50' },
      { id: 'sort-desc', what: 'sort=attr.bench_badge&order=desc, first page', query: 'sort=attr.bench_badge&order=desc&limit=50' },
      { id: 'sort-deep', what: 'sort=attr.bench_badge, page after the 500,000th user (cursor)', query: `sort=attr.bench_badge&limit=50&cursor=${deep}` },
      { id: 'sort-filter', what: 'sort=attr.bench_badge with attr.bench_cost_centre=CC-042, first page', query: 'sort=attr.bench_badge&attr.bench_cost_centre=CC-042&limit=50' },
      { id: 'tree', what: `structured filter ${TREE_TEXT}, sort lastName, first page with total`, query: `filter=${encodeURIComponent(TREE_TEXT)}&limit=50` },
      { id: 'plain', what: 'no attribute (baseline: sort lastName, first page)', query: 'limit=50' },
    ];

    const server = await startBenchServer({ databaseUrl: benchUrl, signingKey: randomBytes(32).toString('hex') });
    children.add(server.child);
    const rows: string[] = [];
    try {
      const token = await widgetToken(server.base, tenant);
      const headers = { authorization: `Bearer ${token}` };
      // The structured filter's second page: after the first page's last user (its cursor carries the filter's digest).
      const firstTree = await httpJson<{ nextCursor: string | null }>(`${server.base}/v1/users?filter=${encodeURIComponent(TREE_TEXT)}&limit=50`, { headers }, 200);
      if (!firstTree.nextCursor) throw new Error('tree: no second page');
      scenarios.splice(scenarios.length - 1, 0, { id: 'tree-page-2', what: 'the same structured filter, second page (cursor)', query: `filter=${encodeURIComponent(TREE_TEXT)}&limit=50&cursor=${firstTree.nextCursor}` });
      for (const s of scenarios) {
        const url = `${server.base}/v1/users?${s.query}`;
        const page = await httpJson<{ items: { id: string; attributes?: Record<string, unknown> }[]; total?: { count: number; exact: boolean } }>(url, { headers }, 200);
        if (page.items.length === 0) throw new Error(`${s.id}: no items`);
        if (s.id !== 'plain' && !page.items.every((u) => u.attributes && 'bench_badge' in u.attributes)) throw new Error(`${s.id}: items without attributes`);
        await cannon(url, headers, WARMUP, CONNECTIONS);
        const r = await cannon(url, headers, DURATION, CONNECTIONS);
        if (r.non2xx > 0 || r.errors > 0) throw new Error(`${s.id}: ${r.non2xx} non-2xx, ${r.errors} errors`);
        const total = page.total ? `${page.total.exact ? '' : '≈'}${page.total.count.toLocaleString('en')}` : '–';
        log(`  ${s.id}: ${r.rps.toFixed(0)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms (total ${total})`);
        rows.push(`| ${s.id} | ${s.what} | ${total} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} |`);
      }
    } finally {
      await stopChild(server.child);
    }
    const lines = [
      '# GET /v1/users by a custom attribute',
      '',
      `Generated by \`BENCH_DB=${dbName} pnpm --filter @roster/bff bench:attributes\` (apps/bff/bench/attributes.ts) on ${new Date().toISOString()}; tenant A with ${tenant.users.toLocaleString('en')} users, each with two attribute values (${(2 * tenant.users).toLocaleString('en')} rows, inserted in ${seedSeconds.toFixed(0)} s); ${CONNECTIONS} connections, ${DURATION} s per run after ${WARMUP} s of warm-up; ${cpus().length} CPUs shared by PostgreSQL, the BFF (child process) and autocannon; Node ${process.version}.`,
      '',
      '| scenario | request | total | req/s | p50 ms | p99 ms |',
      '|---|---|---:|---:|---:|---:|',
      ...rows,
      '',
    ];
    mkdirSync(dirname(RESULTS), { recursive: true });
    writeFileSync(RESULTS, lines.join('\n'));
    console.log(`\n${lines.join('\n')}`);
  } finally {
    if (env.BENCH_ATTR_KEEP !== '1') {
      // Only its own two attributes (their values go with them): the tables are main's schema now, and later
      // migrations were recorded after theirs — forgetting it would make the next run's migrations refuse the order.
      log('removing the attributes and their values');
      await c.query(`delete from attribute_definitions where tenant_id = $1 and key in ('bench_cost_centre', 'bench_badge')`, [tenant.tenantId]);
      await c.query(`vacuum analyze user_attribute_values`);
    }
    for (const r of foreign) await c.query(`insert into kysely_migration (name, timestamp) values ($1, $2) on conflict do nothing`, [r.name, r.timestamp]);
    if (foreign.length > 0) log(`put back ${foreign.length} migration row(s)`);
    await c.end();
  }
}

main()
  .then(() => process.exit(0))
  .catch((e: unknown) => {
    console.error(e);
    killAll();
    process.exit(1);
  });
