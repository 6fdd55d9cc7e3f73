/**
 * Benchmark: GET /v1/users (keyset pages, search, deep cursor) against pgbench running the very SQL the BFF sends.
 *
 *   pnpm --filter @roster/bff bench
 *
 * Environment (all optional):
 *   BENCH_DATABASE_URL   admin connection (default postgres://postgres@127.0.0.1:5432/postgres); loopback hosts only
 *   BENCH_DB             dedicated database, dropped and reseeded when its marker does not match (default roster_bench)
 *   BENCH_USERS_A/B/C    users per tenant (default 1,000,000 / 100,000 / 10,000)
 *   BENCH_Q              search term (default "mart": Martin, Martinez, Martha…, and emails containing them)
 *   BENCH_DEEP_OFFSET    rows before the deep cursor (default 500,000, capped to half of tenant A)
 *   BENCH_CONNECTIONS    concurrency for autocannon and pgbench (default 10)
 *   BENCH_DURATION       seconds per measured run (default 10); BENCH_WARMUP seconds of warm-up (default 2)
 *   BENCH_RESULTS        Markdown output (default bench/results/list-users.md)
 *   BENCH_ONLY           comma-separated scenario ids to run (default all: a,b,c,d,e,g,h,i; the bare Hono run always)
 *   BENCH_KEEP_SQL       a directory to keep the SQL files pgbench ran (<scenario>-full.sql, -list-roles.sql, -no-rls.sql)
 *   BENCH_SERVER_NODE_ARGS  extra node flags for the server child (e.g. --cpu-prof --cpu-prof-dir=/tmp/prof)
 *   BENCH_PIN            1: PostgreSQL on CPU 0, the BFF, autocannon and pgbench on CPU 1 (pin.ts): what a request costs the database
 *
 * Bounded: fixed scenario list, every run time-limited, child processes (server, pgbench) killed on exit or error.
 */
import { randomBytes } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kysely, type CompiledQuery } from 'kysely';
import pg from 'pg';
import { UserListQuerySchema, type UserPage } from '@roster/contract';
import type { Database } from '../src/db/tables.js';
import { RosterPgDialect } from '../src/db/pg-dialect.js';
import { inlineParameters as inlineLikeTheBff } from '../src/db/inline-parameters.js';
import { type ActorCheck, scopeStatement, withTenant } from '../src/db/tenant-scope.js';
import { TokenService } from '../src/auth/tokens.js';
import { TotpService } from '../src/auth/totp.js';
import { loadUserPrincipal } from '../src/services/principal.js';
import { encodeCursor, listUsers } from '../src/services/users.service.js';
import type { Services } from '../src/services/context.js';
import { httpJson, startBenchServer, widgetToken, type BenchServer } from './bench-server.js';
import { children, killAll, stopChild } from './children.js';
import { pinIfAsked } from './pin.js';
import { renderReport, type Scenario, type ScenarioResult } from './list-users-report.js';
import { cannon, withCpu } from './load.js';
import { runPgbench, type PgbenchTarget } from './pgbench.js';
import { adminClient, benchPlans, benchUrls, ensureSeeded, envNumber, stopwatchLog, type BenchTenant } from './seed.js';

const here = dirname(fileURLToPath(import.meta.url));
const env = process.env;
const num = envNumber;

const CONNECTIONS = num('BENCH_CONNECTIONS', 10);
const DURATION = num('BENCH_DURATION', 10);
const WARMUP = num('BENCH_WARMUP', 2);
const SEARCH = (env.BENCH_Q ?? 'mart').toLowerCase();
const RESULTS = resolve(here, '..', env.BENCH_RESULTS ?? 'bench/results/list-users.md');
const PGBENCH = env.BENCH_PGBENCH ?? '/usr/bin/pgbench';
const PLANS = benchPlans();
const DEEP_OFFSET = Math.min(num('BENCH_DEEP_OFFSET', 500_000), Math.floor((PLANS[0]?.users ?? 0) / 2));
const PAGE = 50;
/** BENCH_ONLY=a,g: run only these scenarios (by id). */
const ONLY = env.BENCH_ONLY?.split(',').map((x) => x.trim()).filter(Boolean);

const { adminUrl, dbName: DB_NAME, benchUrl: BENCH_URL } = benchUrls();
const PGBENCH_TARGET: PgbenchTarget = { binary: PGBENCH, benchUrl: BENCH_URL, dbName: DB_NAME, connections: CONNECTIONS };

const t0 = performance.now();
const log = stopwatchLog();

async function startBff(signingKey: string): Promise<BenchServer> {
  const server = await startBenchServer({ databaseUrl: BENCH_URL, signingKey, nodeArgs: (env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean) });
  children.add(server.child);
  return server;
}

// ---------- SQL capture and inlining ----------

/**
 * A statement as the BFF sends it in a tenant scope: the scope's set_config and the statement with its values
 * inlined, in one message (`\;` makes pgbench send both as one simple-protocol query, as the BFF does).
 */
function asSentByTheBff(q: CompiledQuery, tenantId: string): string {
  return `${scopeStatement({ tenantId })} \\; ${inlineLikeTheBff(q.sql, q.parameters)}`;
}

interface Captured {
  page: UserPage;
  queries: CompiledQuery[];
  /** The gate's check of the kept principal, as the BFF folds it into the page's scope statement. */
  check: ActorCheck;
}

/**
 * Runs the product's own code path for one request (the gate's findActor via loadUserPrincipal, then the users
 * service: listUsersQuery, whose rows carry each user's API JSON with roles) on a Kysely that logs every compiled query.
 */
async function captureRequest(services: Services, sink: CompiledQuery[], t: BenchTenant, query: Record<string, string>): Promise<Captured> {
  // In the tenant's scope, as the gate runs them: row-level security applies to the captured statements too.
  // The BFF's widget tokens name the OAuth client that minted them, and the gate checks it (inside findActor): capture
  // that shape. This lookup is the bench's own, not the request's: the sink starts after it.
  const client = await services.platformDb.selectFrom('oauth_clients').select('id').where('client_id', '=', t.clientId).executeTakeFirstOrThrow();
  sink.length = 0;
  return withTenant(t.tenantId, async () => {
    const principal = await loadUserPrincipal(services.db, t.tenantId, t.rootAdminId, Date.now(), undefined, client.id, true);
    if (!principal?.actorDigest) throw new Error(`root admin of tenant ${t.key} cannot act`);
    const check: ActorCheck = { tenantId: t.tenantId, userId: t.rootAdminId, clientId: client.id, digest: principal.actorDigest, verified: false, refresh: async () => {} };
    const page = JSON.parse(await listUsers(services, principal, UserListQuerySchema.parse(query))) as UserPage;
    // The page and the first page's total run side by side and are logged as they finish: the page's statement
    // (the one building users' JSON) goes right after findActor, the total's (EXPLAIN, the capped count) after it.
    const [actor, ...rest] = sink;
    const list = rest.filter((q) => q.sql.includes('json_build_object'));
    return { page, queries: [actor!, ...list, ...rest.filter((q) => !list.includes(q))], check };
  });
}

// ---------- scenarios ----------

function queryString(q: Record<string, string>): string {
  return new URLSearchParams(q).toString();
}

async function main(): Promise<void> {
  const pinned = pinIfAsked();
  if (pinned) log(pinned);
  log(`roster bench: ${cpus().length} CPUs, node ${process.version}, ${CONNECTIONS} connections, ${DURATION}s runs after ${WARMUP}s warm-up`);

  // ---- 1. database: reuse when the marker matches, else (re)seed
  const admin = adminClient(adminUrl.toString());
  await admin.connect();
  let pgInfo: { version: string; shared_buffers: string; work_mem: string; scs: string };
  let exists: boolean;
  try {
    exists = (await admin.query(`select 1 from pg_database where datname = $1`, [DB_NAME])).rowCount === 1;
    const info = await admin.query<{ version: string; shared_buffers: string; work_mem: string; scs: string }>(
      `select current_setting('server_version') as version, current_setting('shared_buffers') as shared_buffers,
              current_setting('work_mem') as work_mem, current_setting('standard_conforming_strings') as scs`,
    );
    pgInfo = info.rows[0]!;
  } finally {
    await admin.end();
  }
  if (pgInfo.scs !== 'on') throw new Error('standard_conforming_strings must be on (parameters are inlined for pgbench)');

  const { marker, seededNow } = await ensureSeeded({ adminUrl, dbName: DB_NAME, benchUrl: BENCH_URL, plans: PLANS, exists, log });
  const tenantOf = (key: string) => {
    const t = marker!.tenants.find((x) => x.key === key);
    if (!t) throw new Error(`tenant ${key} missing from the marker`);
    return t;
  };
  const A = tenantOf('a');
  const C = tenantOf('c');

  // ---- a Kysely that records the SQL the product code sends
  const sink: CompiledQuery[] = [];
  const pool = new pg.Pool({ connectionString: BENCH_URL, max: 2 });
  const captureDb = new Kysely<Database>({
    dialect: new RosterPgDialect(pool, 'scoped'),
    log: (e) => {
      if (e.level === 'query') sink.push(e.query);
    },
  });
  const signingKey = randomBytes(32).toString('hex');
  const keyBytes = new TextEncoder().encode(signingKey);
  const services: Services = {
    db: captureDb,
    platformDb: captureDb,
    dbKind: 'postgres',
    config: { port: 0, databaseUrl: BENCH_URL, dataDir: '/nonexistent', platformKey: undefined, publicUrl: 'http://127.0.0.1', signingKey: keyBytes, demo: false, smtpUrl: undefined, mailFrom: 'bench@localhost' },
    tokens: new TokenService(keyBytes),
    totp: new TotpService(keyBytes),
  };

  const tmp = mkdtempSync(join(tmpdir(), 'roster-bench-'));
  let server: BenchServer | undefined;
  try {
    // ---- cursors: the row at an offset in the lastName sort's (last_name_key, first_name_key, id) order, as the API would return it
    const rowAt = async (offset: number) => {
      const r = await pool.query<{ last: string; first: string; id: string }>(
        `select last_name_key::text as last, first_name_key::text as first, id::text as id from users where tenant_id = $1
          order by last_name_key, first_name_key, id offset $2 limit 1`,
        [A.tenantId, Math.max(0, offset - 1)],
      );
      if (!r.rows[0]) throw new Error(`tenant A has fewer than ${offset} users`);
      return r.rows[0];
    };
    const deepRow = await rowAt(DEEP_OFFSET);
    const deepCursor = encodeCursor('lastName', 'asc', [deepRow.last, deepRow.first], deepRow.id);
    const secondRow = await rowAt(PAGE);
    const secondCursor = encodeCursor('lastName', 'asc', [secondRow.last, secondRow.first], secondRow.id);

    const allScenarios: Scenario[] = [
      { id: 'a', title: 'first page, sort lastName (1M)', tenant: A, query: { limit: String(PAGE) } },
      { id: 'b', title: `deep cursor after ${DEEP_OFFSET.toLocaleString('en')} rows (1M)`, tenant: A, query: { limit: String(PAGE), cursor: deepCursor } },
      { id: 'c', title: `search q=${SEARCH} (1M)`, tenant: A, query: { limit: String(PAGE), q: SEARCH } },
      { id: 'd', title: 'sort lastName desc (1M)', tenant: A, query: { limit: String(PAGE), sort: 'lastName', order: 'desc' } },
      { id: 'e', title: `search q=${SEARCH} (10k tenant)`, tenant: C, query: { limit: String(PAGE), q: SEARCH } },
      // The first page (a) carries the total; the second page is the same scan without it.
      { id: 'g', title: 'second page, sort lastName, no total (1M)', tenant: A, query: { limit: String(PAGE), cursor: secondCursor } },
      { id: 'h', title: 'first page, sort status (1M)', tenant: A, query: { limit: String(PAGE), sort: 'status' } },
      { id: 'i', title: `search q=${SEARCH}, sort createdAt desc (1M)`, tenant: A, query: { limit: String(PAGE), q: SEARCH, sort: 'createdAt', order: 'desc' } },
    ];
    const scenarios = allScenarios.filter((s) => !ONLY || ONLY.includes(s.id));

    // ---- 2. the BFF in a child process
    server = await startBff(signingKey);
    log(`BFF listening on ${server.base} (pid ${server.child.pid})`);

    const results: ScenarioResult[] = [];
    let staticBody: unknown = null;
    for (const s of scenarios) {
      // ---- 3. a fresh widget token for the tenant's Root Admin (tokens live at most 15 minutes)
      const token = await widgetToken(server.base, s.tenant);
      const headers = { authorization: `Bearer ${token}` };
      const url = `${server.base}/v1/users?${queryString(s.query)}`;

      // The same request through the product code on the capturing Kysely: the statements pgbench will run. Twice: a
      // first page's estimated total is kept for a minute (users.service.ts), so the BFF under load sends what the
      // second capture sends; the first shows what a first page costs before its estimate is kept (timed unloaded).
      const coldStarted = performance.now();
      const cold = await captureRequest(services, sink, s.tenant, s.query);
      const coldMs = performance.now() - coldStarted;
      const warmStarted = performance.now();
      const captured = await captureRequest(services, sink, s.tenant, s.query);
      const warmMs = performance.now() - warmStarted;
      const coldExtra = cold.queries.length - captured.queries.length;
      // Under load the gate keeps the token's principal: the request is the page's statement with the gate's check in
      // its scope statement (one message), then the total's statements if any. The first request of a token sends the
      // gate's own statement before the page instead (captured.queries[0]).
      const [, listQuery, ...others] = captured.queries;
      const statements = [
        `${scopeStatement({ tenantId: s.tenant.tenantId, actorCheck: captured.check })} \\; ${inlineLikeTheBff(listQuery!.sql, listQuery!.parameters)}`,
        ...others.map((q) => asSentByTheBff(q, s.tenant.tenantId)),
      ];
      const pageAlone = [listQuery!, ...others].map((q) => asSentByTheBff(q, s.tenant.tenantId));
      const unscoped = captured.queries.map((q) => inlineLikeTheBff(q.sql, q.parameters));
      if (captured.queries.length < 2) throw new Error(`expected the gate's findActor and the list query, captured ${captured.queries.length} statements`);

      // Sanity: the BFF returns the same page the captured SQL returns.
      const viaHttp = await httpJson<UserPage>(url, { headers }, 200);
      const same = viaHttp.items.length === captured.page.items.length && viaHttp.items.every((u, i) => u.id === captured.page.items[i]?.id);
      if (!same) throw new Error(`scenario ${s.id}: the BFF page differs from the captured query's page`);
      if (s.id === 'a') staticBody = viaHttp;

      // The plan as roster_app in the tenant's scope: with the RLS policy's condition.
      const explainer = await pool.connect();
      let plan: { rows: { 'QUERY PLAN': string }[] };
      try {
        await explainer.query(`begin; ${scopeStatement({ tenantId: s.tenant.tenantId })}`);
        plan = await explainer.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) ${unscoped[1]}`);
      } finally {
        await explainer.query('rollback');
        explainer.release();
      }
      const fullFile = join(tmp, `${s.id}-full.sql`);
      const lrFile = join(tmp, `${s.id}-list-roles.sql`);
      const noRlsFile = join(tmp, `${s.id}-no-rls.sql`);
      writeFileSync(fullFile, statements.map((q) => `${q};\n`).join(''));
      writeFileSync(lrFile, pageAlone.map((q) => `${q};\n`).join(''));
      writeFileSync(noRlsFile, unscoped.slice(1).map((q) => `${q};\n`).join(''));

      // ---- 4. autocannon on the BFF, then pgbench on the same SQL, same concurrency
      log(`(${s.id}) ${s.title}: ${viaHttp.items.length} rows; autocannon ${url.replace(server.base, '')}`);
      if (WARMUP > 0) await cannon(url, headers, WARMUP, CONNECTIONS);
      const [http, httpCpu] = await withCpu(DURATION, server.child.pid, undefined, () => cannon(url, headers, DURATION, CONNECTIONS));
      log(`(${s.id})   BFF ${http.rps.toFixed(0)} req/s, p99 ${http.p99} ms${http.non2xx || http.errors ? `, ${http.non2xx} non-2xx, ${http.errors} errors` : ''}; pgbench`);
      if (WARMUP > 0) await runPgbench(PGBENCH_TARGET, fullFile, WARMUP);
      const [full, sqlCpu] = await withCpu(DURATION, undefined, 'pgbench', () => runPgbench(PGBENCH_TARGET, fullFile, DURATION, true));
      const listRoles = await runPgbench(PGBENCH_TARGET, lrFile, DURATION);
      const noRls = await runPgbench(PGBENCH_TARGET, noRlsFile, DURATION);
      log(`(${s.id})   pgbench ${full.tps.toFixed(0)} tps (${statements.length} messages, the check folded in), ${listRoles.tps.toFixed(0)} tps (the page alone), ${noRls.tps.toFixed(0)} tps (without RLS)`);
      results.push({ scenario: s, http, full, listRoles, noRls, httpCpu, sqlCpu, cold: { extraStatements: coldExtra, coldMs, warmMs }, statements: unscoped, plan: plan.rows.map((r) => r['QUERY PLAN']).join('\n'), rows: viaHttp.items.length });
    }

    // ---- (f) bare Hono: the same 50-user page from memory, on a Hono instance outside the product app
    await httpJson(`${server.base}/bench/static`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(staticBody) }, 204);
    const staticUrl = `${server.base}/bench/static`;
    log(`(f) bare Hono static 50-user JSON: autocannon /bench/static`);
    if (WARMUP > 0) await cannon(staticUrl, {}, WARMUP, CONNECTIONS);
    const pid = server.child.pid;
    const [bare, bareCpu] = await withCpu(DURATION, pid, undefined, () => cannon(staticUrl, {}, DURATION, CONNECTIONS));
    log(`(f)   ${bare.rps.toFixed(0)} req/s, p99 ${bare.p99} ms`);

    await stopChild(server.child);
    server = undefined;

    // ---- 5. report
    const report = renderReport({ results, settings: { connections: CONNECTIONS, duration: DURATION, warmup: WARMUP, search: SEARCH }, bare, bareCpu, marker, seededNow, pgInfo, deepRow, totalSeconds: (performance.now() - t0) / 1000, pinned });
    console.log(`\n${report}`);
    mkdirSync(dirname(RESULTS), { recursive: true });
    writeFileSync(RESULTS, report);
    log(`wrote ${RESULTS}`);
  } finally {
    if (server) await stopChild(server.child);
    await captureDb.destroy();
    if (env.BENCH_KEEP_SQL) cpSync(tmp, resolve(env.BENCH_KEEP_SQL), { recursive: true });
    rmSync(tmp, { recursive: true, force: true });
  }
}

main()
  .then(() => {
    log('done');
    process.exit(0);
  })
  .catch((e: unknown) => {
    console.error(e);
    killAll();
    process.exit(1);
  });
