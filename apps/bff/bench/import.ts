/**
 * Benchmark: the bulk import's service (`bulkImport`, called directly, no HTTP) against a bare COPY of the same rows.
 *
 *   pnpm --filter @roster/bff bench:import
 *
 * Tenant A of the benchmark database holds 1,000,000 users. For 10,000 and 100,000 new technicians (each with a
 * phone number and the role "User"), it measures a dry run and an atomic commit through the product code, and a
 * bare `COPY … FROM STDIN (csv)` of the same user rows into `bench_users_copy`: `like users including all` (same
 * columns, generated columns, defaults, checks and indexes; no foreign keys) filled with tenant A's existing rows.
 * Every measurement runs BENCH_IMPORT_RUNS times (median reported); after each commit and each COPY the new rows
 * (and the commit's role assignments, invitation tokens, outbox messages and audit events) are deleted again, the
 * tables vacuumed and a checkpoint taken, so every run starts from the same state and the database stays at 1M.
 *
 * Environment (all optional):
 *   BENCH_DATABASE_URL   admin connection (default postgres://postgres@127.0.0.1:5432/postgres); loopback hosts only
 *   BENCH_DB             dedicated database, dropped and reseeded when its marker does not match (default roster_bench)
 *   BENCH_USERS_A/B/C    users per tenant (default 1,000,000 / 100,000 / 10,000; the same plan as `bench`)
 *   BENCH_IMPORT_SIZES   rows per import, comma-separated (default 10000,100000; at most 100,000, the API's limit)
 *   BENCH_IMPORT_RUNS    runs per measurement (default 3)
 *   BENCH_IMPORT_RESULTS Markdown output (default bench/results/import.md)
 *   BENCH_IMPORT_MODE    `healthz`: instead of all the above, the no-seed measurement of bench/import-healthz.ts —
 *                        /healthz (and /openapi.json) latency while one import runs over HTTP, on PGlite or PostgreSQL
 *                        (e.g. BENCH_IMPORT_MODE=healthz BENCH_DRY_RUN=1 BENCH_ROWS=100000: a ~9 MB dry run)
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { Kysely, type LogEvent } from 'kysely';
import { RosterPgDialect } from '../src/db/pg-dialect.js';
import { withTenant } from '../src/db/tenant-scope.js';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { checkPhone, type BulkImportResponse, type ImportRowInput } from '@roster/contract';
import { phoneMetadata } from '@roster/contract/phone-metadata';
import type { Database } from '../src/db/tables.js';
import { TokenService } from '../src/auth/tokens.js';
import { TotpService } from '../src/auth/totp.js';
import { loadUserPrincipal, type Principal } from '../src/services/principal.js';
import { bulkImport, type ImportReply } from '../src/services/import/import.service.js';
import { tenantProfile } from '../src/services/tenant-profile.js';
import type { Services } from '../src/services/context.js';
import { adminClient, benchPlans, benchUrls, ensureSeeded, envNumber, stopwatchLog, type BenchTenant, type SeedMarker } from './seed.js';

const here = dirname(fileURLToPath(import.meta.url));
const env = process.env;
const num = envNumber;

const COMMAND = 'pnpm --filter @roster/bff bench:import';
const RUNS = Math.max(1, Math.floor(num('BENCH_IMPORT_RUNS', 3)));
const SIZES = (env.BENCH_IMPORT_SIZES ?? '10000,100000').split(',').map((s) => {
  const n = Number(s.trim());
  if (!Number.isInteger(n) || n < 1 || n > 100_000) throw new Error(`BENCH_IMPORT_SIZES: ${s} is not a row count from 1 to 100,000`);
  return n;
});
const RESULTS = resolve(here, '..', env.BENCH_IMPORT_RESULTS ?? 'bench/results/import.md');
// The same plan as bench/list-users.ts, so both benchmarks share one seeded database.
const PLANS = benchPlans();
const PASS_RATIO = 0.5;
const DOMAIN = 'bench-import.example';
const EMAIL_LIKE = `%@${DOMAIN}`;
const COPY_TABLE = 'bench_users_copy';
/** The columns the import's `insert into users` sets; the rest take their defaults in both tables. */
const COPY_COLUMNS = [
  'tenant_id', 'kind', 'organization_id', 'first_name', 'last_name', 'email', 'email_normalized', 'username',
  'username_normalized', 'phone', 'availability', 'status', 'invitation_expires_at', 'notification_preferences',
] as const;

const { adminUrl, dbName: DB_NAME, benchUrl: BENCH_URL } = benchUrls();

const t0 = performance.now();
const log = stopwatchLog();
const seconds = (from: number) => (performance.now() - from) / 1000;

/** The code measured: the commit, and whether the import's code paths (bff src, contract src) had uncommitted edits at start. */
function codeVersion(): string {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: here, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).replace(/\n$/, '');
    const head = git('rev-parse', '--short', 'HEAD');
    const root = git('rev-parse', '--show-toplevel');
    const dirty = git('-C', root, 'status', '--porcelain', '--', 'apps/bff/src', 'packages/contract/src').split('\n').filter(Boolean).map((l) => l.replace(/^.. /, ''));
    return `commit ${head}${dirty.length ? ` with uncommitted changes in ${dirty.join(', ')}` : ', clean in apps/bff/src and packages/contract/src'}`;
  } catch {
    return 'unknown (no git)';
  }
}
const CODE_VERSION = codeVersion();

// ---------- rows ----------

const FIRST = ['James', 'Mary', 'Robert', 'Patricia', 'Michael', 'Jennifer', 'David', 'Linda', 'Lukas', 'Sofia', 'Jörg', 'Zoë', 'Chloé', 'Mehmet', 'Aisha', 'Hiroshi', 'Priya', 'Søren', 'Olga', 'Mateo'];
const LAST = ['Smith', 'Johnson', 'Garcia', 'Miller', 'Müller', 'Schneider', 'Fischer', 'Weber', "O'Brien", 'de Vries', 'Nowak', 'Yilmaz', 'Sato', 'Kumar', 'Rossi', 'Dubois', 'Lefèvre', 'Nguyen', 'Horváth', 'MacLeod'];

/** mulberry32: deterministic rows from run to run. */
function prng(seedValue: number): () => number {
  let a = seedValue >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ascii = (s: string) => s.normalize('NFD').replace(/[^A-Za-z]/g, '').toLowerCase();

/** Rows as a spreadsheet would give them: German (Berlin) and US (Mountain View) numbers, valid per libphonenumber. */
function makeRows(n: number): ImportRowInput[] {
  const rnd = prng(20261128);
  const rows: ImportRowInput[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const firstName = FIRST[Math.floor(rnd() * FIRST.length)]!;
    const lastName = LAST[Math.floor(rnd() * LAST.length)]!;
    const digits = String(Math.floor(rnd() * 10_000)).padStart(4, '0');
    const phone = i % 2 === 0 ? `+49 30 9018${digits}` : `+1 650 253 ${digits}`;
    rows[i] = { firstName, lastName, email: `${ascii(firstName)}.${ascii(lastName)}.${i + 1}@${DOMAIN}`, phone, roles: 'User' };
  }
  return rows;
}

function assertPhonesValid(): string[] {
  const samples = ['+49 30 90180000', '+49 30 90189999', '+49 30 90184711', '+1 650 253 0000', '+1 650 253 9999', '+1 650 253 4711'];
  const out: string[] = [];
  for (const s of samples) {
    const r = checkPhone(s, phoneMetadata);
    if (!r.ok) throw new Error(`bench phone ${s} is not valid: ${r.message}`);
    out.push(`${s} → ${r.value}`);
  }
  // The issue names +1 212 555 … as invalid; record what the contract's check says about it (not used in the rows).
  const nyc = checkPhone('+1 212 555 0100', phoneMetadata);
  out.push(`(+1 212 555 0100 → ${nyc.ok ? `accepted as ${nyc.value}` : `refused: ${nyc.message}`})`);
  return out;
}

// ---------- statistics ----------

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

interface Measured {
  runs: number[];
  median: number;
}
const measured = (runs: number[]): Measured => ({ runs, median: median(runs) });

// ---------- statement timing (Kysely's query log: every statement the product code sends, with its duration) ----------

interface StatementTime {
  label: string;
  ms: number;
}

function labelOf(sqlText: string): string {
  const s = sqlText.replace(/\s+/g, ' ').trim().toLowerCase();
  const ins = /^insert into "?(\w+)"?/.exec(s);
  if (ins) return `insert into ${ins[1]}`;
  if (s.startsWith('select u.email_normalized, u.username_normalized from unnest')) return 'existingIdentities (select users by email/username)';
  if (/^select .* for update/.test(s) || s.includes(' for update')) return `lock: ${s.slice(0, 50)}`;
  const from = /from "?(\w+)"?/.exec(s);
  if (s.startsWith('select') && from) return `select from ${from[1]}`;
  return s.slice(0, 40);
}

// ---------- main ----------

interface SizeResult {
  n: number;
  dry: Measured;
  commit: Measured;
  copy: Measured;
  /** Per statement label: the durations in each commit run (ms). */
  commitStatements: Map<string, number[]>;
  dryStatements: Map<string, number[]>;
  cleanupSeconds: number[];
}

async function main(): Promise<void> {
  log(`roster import bench: ${cpus().length} CPUs, node ${process.version}, sizes ${SIZES.join(', ')}, ${RUNS} runs each; ${CODE_VERSION}`);

  // ---- 1. database: reuse when the marker matches, else (re)seed (the same machinery as `bench`)
  const admin = adminClient(adminUrl.toString());
  await admin.connect();
  let exists: boolean;
  try {
    exists = (await admin.query(`select 1 from pg_database where datname = $1`, [DB_NAME])).rowCount === 1;
  } finally {
    await admin.end();
  }
  const { marker, seededNow } = await ensureSeeded({ adminUrl, dbName: DB_NAME, benchUrl: BENCH_URL, plans: PLANS, exists, log });
  const A: BenchTenant | undefined = marker.tenants.find((t) => t.key === 'a');
  if (!A) throw new Error('tenant a missing from the marker');

  // ---- 2. services on a Kysely that logs every statement with its duration
  let sink: StatementTime[] | null = null;
  const pool = new pg.Pool({ connectionString: BENCH_URL, max: 4 });
  const db = new Kysely<Database>({
    // The product's dialect: the service's statements run as roster_app in tenant A's scope (row-level security).
    dialect: new RosterPgDialect(pool, 'scoped'),
    log: (e: LogEvent) => {
      if (sink) sink.push({ label: labelOf(e.query.sql), ms: e.queryDurationMillis });
    },
  });
  const signingKey = new TextEncoder().encode(randomBytes(32).toString('hex'));
  const services: Services = {
    db,
    platformDb: new Kysely<Database>({ dialect: new RosterPgDialect(pool, 'platform') }),
    dbKind: 'postgres',
    config: { port: 0, databaseUrl: BENCH_URL, dataDir: '/nonexistent', platformKey: undefined, publicUrl: 'http://127.0.0.1', signingKey, demo: false, smtpUrl: undefined, mailFrom: 'bench@localhost' },
    tokens: new TokenService(signingKey),
    totp: new TotpService(signingKey),
  };
  const c = new pg.Client({ connectionString: BENCH_URL });
  await c.connect();

  try {
    const pgInfo = (
      await c.query<Record<'version' | 'shared_buffers' | 'work_mem' | 'synchronous_commit' | 'fsync' | 'max_wal_size' | 'wal_level', string>>(
        `select current_setting('server_version') as version, current_setting('shared_buffers') as shared_buffers,
                current_setting('work_mem') as work_mem, current_setting('synchronous_commit') as synchronous_commit,
                current_setting('fsync') as fsync, current_setting('max_wal_size') as max_wal_size, current_setting('wal_level') as wal_level`,
      )
    ).rows[0]!;

    // ---- 3. a clean start: leftovers of an interrupted run, the Root Admin able to act
    await assertUserChildren(c);
    await c.query(`drop table if exists ${COPY_TABLE}`);
    const leftovers = await cleanupImported(c, A);
    if (leftovers > 0) log(`removed ${leftovers.toLocaleString('en')} users left over by an interrupted run`);
    const activated = await c.query(`update users set status = 'active', invitation_expires_at = null where tenant_id = $1 and id = $2 and status <> 'active'`, [A.tenantId, A.rootAdminId]);
    if (activated.rowCount) log(`set the Root Admin of tenant A active`);
    await vacuumAll(c);
    const baseline = await countTenant(c, A.tenantId);
    log(`tenant A has ${baseline.toLocaleString('en')} users`);

    const principal = await withTenant(A.tenantId, () => loadUserPrincipal(db, A.tenantId, A.rootAdminId, Date.now()));
    if (!principal) throw new Error('the Root Admin of tenant A cannot act');
    const tenant = await withTenant(A.tenantId, () => tenantProfile(db, A.tenantId));
    const seatCap = tenant.profile.technicianSeatCap;
    const phoneChecks = assertPhonesValid();
    log(`phones valid per checkPhone: ${phoneChecks.join(', ')}`);

    const allRows = makeRows(Math.max(...SIZES));
    // The request body as the route hands it over: JSON bytes (the engine parses them in its worker thread).
    const bodyOf = (rows: ImportRowInput[]) => new TextEncoder().encode(JSON.stringify({ kind: 'technician' as const, mode: 'atomic' as const, rows, ...(seatCap !== null ? { confirmAddSeats: true } : {}) }));

    // ---- 4. the COPY baseline's table: like users including all, filled with tenant A's existing users
    const copyInfo = await prepareCopyTable(c, A.tenantId);
    log(`${COPY_TABLE}: ${copyInfo.rows.toLocaleString('en')} rows, ${copyInfo.indexes.length} indexes in ${copyInfo.seconds.toFixed(1)} s${copyInfo.indexDiff.length ? `; index differences: ${copyInfo.indexDiff.join('; ')}` : ' (the same index definitions as users)'}`);

    // ---- 5. warm-up: module loading and JIT on a small dry run (not reported)
    await withTenant(A.tenantId, () => bulkImport(services, principal, bodyOf(allRows.slice(0, 1000)), { dryRun: true, requestId: undefined }));

    // ---- 6. measurements
    const results: SizeResult[] = [];
    for (const n of SIZES) {
      const rows = allRows.slice(0, n);
      const body = bodyOf(rows);
      const r: SizeResult = { n, dry: measured([]), commit: measured([]), copy: measured([]), commitStatements: new Map(), dryStatements: new Map(), cleanupSeconds: [] };

      /** One import through the service, timed, its statements collected; returns the wall clock in seconds. */
      const timedImport = async (dryRun: boolean, k: number): Promise<number> => {
        sink = [];
        const s0 = performance.now();
        const res = await withTenant(A.tenantId, () => bulkImport(services, principal, body, { dryRun, requestId: undefined }));
        const s = seconds(s0);
        expectImported(res, n, dryRun);
        collect(dryRun ? r.dryStatements : r.commitStatements, sink, k);
        sink = null;
        log(`${n.toLocaleString('en')} rows: ${dryRun ? 'dry run' : 'commit'} ${k + 1}/${RUNS}: ${s.toFixed(3)} s (${(n / s).toFixed(0)} rows/s)`);
        return s;
      };

      const dryRuns: number[] = [];
      for (let k = 0; k < RUNS; k++) dryRuns.push(await timedImport(true, k));
      r.dry = measured(dryRuns);

      // Commit and COPY alternate, so both see the same machine and database state over the runs.
      const commitRuns: number[] = [];
      const copyRuns: number[] = [];
      let csv: string[] | null = null;
      for (let k = 0; k < RUNS; k++) {
        await c.query('checkpoint');
        commitRuns.push(await timedImport(false, k));
        // The COPY gets exactly the user rows the commit wrote (as PostgreSQL has them), in file order.
        if (!csv) csv = await csvOfImported(c, A.tenantId, rows);
        const c0 = performance.now();
        const removed = await cleanupImported(c, A);
        await vacuumAll(c);
        r.cleanupSeconds.push(seconds(c0));
        if (removed !== n) throw new Error(`cleanup removed ${removed} users, expected ${n}`);

        await c.query('checkpoint');
        const cs = await bareCopy(c, csv, n);
        copyRuns.push(cs);
        log(`${n.toLocaleString('en')} rows: bare COPY ${k + 1}/${RUNS}: ${cs.toFixed(3)} s (${(n / cs).toFixed(0)} rows/s)`);
        const deleted = await c.query(`delete from ${COPY_TABLE} where tenant_id = $1 and email_normalized like $2`, [A.tenantId, EMAIL_LIKE]);
        if (deleted.rowCount !== n) throw new Error(`deleted ${deleted.rowCount} COPY rows, expected ${n}`);
        await c.query(`vacuum ${COPY_TABLE}`);
      }
      r.commit = measured(commitRuns);
      r.copy = measured(copyRuns);
      results.push(r);
    }

    // ---- 7. leave the database as it was
    await c.query(`drop table if exists ${COPY_TABLE}`);
    const after = await countTenant(c, A.tenantId);
    if (after !== baseline) throw new Error(`tenant A has ${after} users after the run, ${baseline} before`);
    log(`dropped ${COPY_TABLE}; tenant A back at ${after.toLocaleString('en')} users`);

    const triggers = (await c.query<{ tgname: string }>(`select tgname from pg_trigger where tgrelid = 'users'::regclass and not tgisinternal`)).rows.map((x) => x.tgname);
    const fks = (await c.query<{ def: string }>(`select pg_get_constraintdef(oid) as def from pg_constraint where conrelid = 'users'::regclass and contype = 'f'`)).rows.map((x) => x.def);

    const report = renderReport({ results, marker, seededNow, pgInfo, baseline, copyInfo, phoneChecks, seatCap, triggers, fks, totalSeconds: seconds(t0) });
    console.log(`\n${report}`);
    mkdirSync(dirname(RESULTS), { recursive: true });
    writeFileSync(RESULTS, report);
    log(`wrote ${RESULTS}`);
  } catch (e) {
    // Best effort: never leave imported rows or the copy table behind.
    try {
      await c.query('rollback').catch(() => undefined);
      await c.query(`drop table if exists ${COPY_TABLE}`);
      await cleanupImported(c, A);
    } catch (cleanupError) {
      console.error('cleanup after the failure failed too:', cleanupError);
    }
    throw e;
  } finally {
    await c.end();
    await db.destroy();
  }
}

function expectImported(res: ImportReply, n: number, dryRun: boolean): void {
  const b = (res.body instanceof Uint8Array ? JSON.parse(new TextDecoder().decode(res.body)) : res.body) as BulkImportResponse;
  if (b.imported !== n || b.failed !== 0 || b.skipped !== 0 || b.dryRun !== dryRun) {
    const firstIssue = b.results.find((o) => o.status !== 'imported');
    throw new Error(`expected ${n} imported (dryRun ${dryRun}), got status ${res.status}: ${b.imported} imported, ${b.skipped} skipped, ${b.failed} failed ${JSON.stringify(firstIssue ?? {})}`);
  }
}

/** Adds one run's statement durations (summed per label) to the per-label series. */
function collect(into: Map<string, number[]>, statements: readonly StatementTime[], run: number): void {
  const sums = new Map<string, number>();
  for (const st of statements) sums.set(st.label, (sums.get(st.label) ?? 0) + st.ms);
  for (const [label, ms] of sums) {
    const series = into.get(label) ?? [];
    series[run] = ms;
    into.set(label, series);
  }
}

async function countTenant(c: pg.Client, tenantId: string): Promise<number> {
  return (await c.query<{ n: number }>(`select count(*)::int as n from users where tenant_id = $1`, [tenantId])).rows[0]!.n;
}

/** Every table with a foreign key to users: the cleanup deletes from each explicitly (checked against the catalog). */
const USER_CHILDREN = ['one_time_tokens', 'role_assignments', 'sessions', 'user_access_groups', 'user_permissions'];

async function assertUserChildren(c: pg.Client): Promise<void> {
  const found = (await c.query<{ t: string }>(`select distinct conrelid::regclass::text as t from pg_constraint where confrelid = 'users'::regclass and contype = 'f' order by 1`)).rows.map((r) => r.t);
  if (found.join() !== [...USER_CHILDREN].sort().join()) throw new Error(`tables referencing users changed: ${found.join(', ')}; update USER_CHILDREN in bench/import.ts`);
}

/**
 * Deletes the imported users and everything the import wrote for them, explicitly, one statement per table; the
 * users themselves with the foreign-key triggers off (session_replication_role = replica), since every child row is
 * gone already: the cascades would run one lookup per user, and one_time_tokens' and sessions' only user indexes are
 * partial, so each lookup scans the whole (just emptied, not yet vacuumed) table — minutes for 100,000 users.
 * Returns the users deleted.
 */
async function cleanupImported(c: pg.Client, t: BenchTenant): Promise<number> {
  const ids = `select id from users where tenant_id = $1 and email_normalized like $2`;
  await c.query('begin');
  try {
    await c.query(`create temp table bench_import_ids on commit drop as ${ids}`, [t.tenantId, EMAIL_LIKE]);
    await c.query(`delete from email_outbox where tenant_id = $1 and user_id in (select id from bench_import_ids)`, [t.tenantId]);
    for (const table of USER_CHILDREN) await c.query(`delete from ${table} where tenant_id = $1 and user_id in (select id from bench_import_ids)`, [t.tenantId]);
    await c.query(
      `delete from audit_events where tenant_id = $1 and (
         (action = 'user.created' and target_type = 'user' and target_id in (select id::text from bench_import_ids))
         or (action = 'users.imported' and actor_id = $2)
         or (action = 'seat.added' and actor_id = $2 and after->>'reason' = 'bulk import'))`,
      [t.tenantId, t.rootAdminId],
    );
    await c.query(`set local session_replication_role = replica`);
    const users = await c.query(`delete from users where tenant_id = $1 and id in (select id from bench_import_ids)`, [t.tenantId]);
    await c.query('commit');
    return users.rowCount ?? 0;
  } catch (e) {
    await c.query('rollback');
    throw e;
  }
}

async function vacuumAll(c: pg.Client): Promise<void> {
  await c.query(`vacuum users, role_assignments, one_time_tokens, email_outbox, audit_events`);
}

interface CopyInfo {
  rows: number;
  indexes: string[];
  indexDiff: string[];
  generated: string[];
  seconds: number;
}

/** `like users including all`, then tenant A's rows (secondary indexes dropped for the load and rebuilt after, as the seed does). */
async function prepareCopyTable(c: pg.Client, tenantId: string): Promise<CopyInfo> {
  const s0 = performance.now();
  await c.query(`create table ${COPY_TABLE} (like users including all)`);
  const normalize = (def: string, table: string) => def.replace(/^CREATE (UNIQUE )?INDEX \S+ ON public\.\S+/, `CREATE $1INDEX ON ${table}`).replace(/\s+/g, ' ');
  const indexesOf = async (table: string) =>
    (await c.query<{ name: string; def: string; constraint: boolean }>(
      `select i.indexname as name, i.indexdef as def, exists (select 1 from pg_constraint k where k.conindid = (quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))::regclass) as constraint
         from pg_indexes i where i.schemaname = 'public' and i.tablename = $1 order by i.indexname`,
      [table],
    )).rows;
  const src = await indexesOf('users');
  const dst = await indexesOf(COPY_TABLE);
  const a = new Set(src.map((x) => normalize(x.def, 'T')));
  const b = new Set(dst.map((x) => normalize(x.def, 'T')));
  const indexDiff = [...[...a].filter((x) => !b.has(x)).map((x) => `missing: ${x}`), ...[...b].filter((x) => !a.has(x)).map((x) => `extra: ${x}`)];

  const cols = await c.query<{ name: string; generated: string; identity: string }>(
    `select attname as name, attgenerated as generated, attidentity as identity from pg_attribute
      where attrelid = $1::regclass and attnum > 0 and not attisdropped order by attnum`,
    [COPY_TABLE],
  );
  const generated = cols.rows.filter((x) => x.generated !== '').map((x) => x.name);
  const insertable = cols.rows.filter((x) => x.generated === '').map((x) => `"${x.name}"`);

  // Load without the secondary indexes, then build them with their exact definitions (the unique constraints stay).
  const secondary = dst.filter((x) => !x.constraint);
  for (const i of secondary) await c.query(`drop index "${i.name}"`);
  await c.query(`set maintenance_work_mem = '512MB'`);
  const inserted = await c.query(`insert into ${COPY_TABLE} (${insertable.join(', ')}) select ${insertable.join(', ')} from users where tenant_id = $1`, [tenantId]);
  for (const i of secondary) await c.query(i.def);
  await c.query(`reset maintenance_work_mem`);
  await c.query(`vacuum (analyze) ${COPY_TABLE}`);
  const final = await indexesOf(COPY_TABLE);
  if (final.length !== dst.length) throw new Error(`${COPY_TABLE} has ${final.length} indexes after the load, ${dst.length} before`);
  return { rows: inserted.rowCount ?? 0, indexes: final.map((x) => x.def), indexDiff, generated, seconds: seconds(s0) };
}

/** A CSV cell: NULL unquoted and empty, every value quoted (so an empty string stays an empty string). */
const cell = (v: string | null) => (v === null ? '' : `"${v.replace(/"/g, '""')}"`);

/** The user rows the commit wrote, as CSV lines in file order, for the COPY of the same rows. */
async function csvOfImported(c: pg.Client, tenantId: string, rows: readonly ImportRowInput[]): Promise<string[]> {
  const res = await c.query<Record<(typeof COPY_COLUMNS)[number], string | null>>(
    `select ${COPY_COLUMNS.map((k) => `${k}::text as ${k}`).join(', ')} from users where tenant_id = $1 and email_normalized like $2`,
    [tenantId, EMAIL_LIKE],
  );
  const byEmail = new Map(res.rows.map((r) => [r.email_normalized, r]));
  const lines: string[] = [];
  for (const row of rows) {
    const r = byEmail.get(String(row.email).toLowerCase());
    if (!r) throw new Error(`imported row ${row.email} not found`);
    lines.push(COPY_COLUMNS.map((k) => cell(r[k])).join(',') + '\n');
  }
  return lines;
}

/** COPY of the prepared CSV into the copy table in one transaction: seconds from the COPY's start to the commit. */
async function bareCopy(c: pg.Client, lines: readonly string[], n: number): Promise<number> {
  // Chunks of about 64 kB, built before the clock starts.
  const chunks: string[] = [];
  let buf = '';
  for (const l of lines) {
    buf += l;
    if (buf.length >= 65_536) {
      chunks.push(buf);
      buf = '';
    }
  }
  if (buf) chunks.push(buf);
  const s0 = performance.now();
  await c.query('begin');
  const stream = c.query(copyFrom(`copy ${COPY_TABLE} (${COPY_COLUMNS.join(', ')}) from stdin with (format csv)`));
  await pipeline(Readable.from(chunks), stream);
  await c.query('commit');
  const s = seconds(s0);
  if (stream.rowCount !== n) throw new Error(`COPY wrote ${stream.rowCount} rows, expected ${n}`);
  return s;
}

// ---------- report ----------

function renderReport(input: {
  results: SizeResult[];
  marker: SeedMarker;
  seededNow: boolean;
  pgInfo: Record<string, string>;
  baseline: number;
  copyInfo: CopyInfo;
  phoneChecks: string[];
  seatCap: number | null;
  triggers: string[];
  fks: string[];
  totalSeconds: number;
}): string {
  const { results, marker, pgInfo, copyInfo } = input;
  const k = (n: number) => (n >= 1000 && n % 1000 === 0 ? `${n / 1000}k` : n.toLocaleString('en'));
  const s3 = (x: number) => x.toFixed(3);
  const rps = (n: number, s: number) => Math.round(n / s).toLocaleString('en');
  const runs = (m: Measured) => m.runs.map(s3).join(' / ');
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const lines: string[] = [];
  lines.push('# Bulk import benchmark', '');
  lines.push(
    `Generated by \`${COMMAND}\` (apps/bff/bench/import.ts) on ${new Date().toISOString()}; the whole run took ${input.totalSeconds.toFixed(0)} s.`,
    '',
    `- Code: ${CODE_VERSION} (read when the run started).`,
    `- Machine: ${cpus().length} × ${cpu}, ${(totalmem() / 1024 ** 3).toFixed(0)} GB RAM, shared by Node and PostgreSQL; Node ${process.version}.`,
    `- PostgreSQL ${pgInfo.version} on 127.0.0.1: shared_buffers ${pgInfo.shared_buffers}, work_mem ${pgInfo.work_mem}, synchronous_commit ${pgInfo.synchronous_commit}, fsync ${pgInfo.fsync}, max_wal_size ${pgInfo.max_wal_size}, wal_level ${pgInfo.wal_level}.`,
    `- Data: ${Object.entries(marker.counts).map(([key, n]) => `tenant ${key.toUpperCase()} ${n.toLocaleString('en')} users`).join(', ')} (seeded in ${marker.seedSeconds.toFixed(0)} s${input.seededNow ? ', this run' : `, reused from ${marker.seededAt}`}); tenant A, the import's target, has ${input.baseline.toLocaleString('en')} users including its Root Admin.`,
    `- Import: \`bulkImport(services, principal, { kind: 'technician', mode: 'atomic', rows }, { dryRun, requestId: undefined })\` called in process (no HTTP), principal = tenant A's Root Admin via \`loadUserPrincipal\`; technician seat cap ${input.seatCap === null ? 'none' : `${input.seatCap} (confirmAddSeats: true sent)`}. Each row: firstName, lastName, a new email \`…@${DOMAIN}\`, a phone (\`+49 30 9018xxxx\` or \`+1 650 253 xxxx\`, checked with the contract's \`checkPhone\`: ${input.phoneChecks.join(', ')}), roles \`User\`.`,
    `- Bare COPY: \`create table ${COPY_TABLE} (like users including all)\` (${copyInfo.indexes.length} indexes, ${copyInfo.indexDiff.length === 0 ? 'the same definitions as users' : `differences: ${copyInfo.indexDiff.join('; ')}`}; generated columns ${copyInfo.generated.join(', ')} copied as generated; no foreign keys), filled with tenant A's ${copyInfo.rows.toLocaleString('en')} existing rows (${copyInfo.seconds.toFixed(0)} s), then \`COPY ${COPY_TABLE} (${COPY_COLUMNS.join(', ')}) FROM STDIN (FORMAT csv)\` through pg-copy-streams with the very values the commit wrote, timed from \`BEGIN\` to \`COMMIT\` (CSV built before the clock starts).`,
    `- Wall clock (performance.now()) around the whole call; ${RUNS} runs each, the median reported. Commit and COPY runs alternate; before each, the previous rows are deleted, the tables vacuumed and a CHECKPOINT taken. A 1,000-row dry run warms up first (not reported).`,
    '',
  );
  lines.push('| measurement | rows | median s | rows/s | runs (s) |', '|---|---:|---:|---:|---|');
  for (const r of results) lines.push(`| dry run ${k(r.n)} | ${r.n.toLocaleString('en')} | ${s3(r.dry.median)} | ${rps(r.n, r.dry.median)} | ${runs(r.dry)} |`);
  for (const r of results) lines.push(`| commit ${k(r.n)} (atomic) | ${r.n.toLocaleString('en')} | ${s3(r.commit.median)} | ${rps(r.n, r.commit.median)} | ${runs(r.commit)} |`);
  for (const r of results) lines.push(`| bare COPY ${k(r.n)} | ${r.n.toLocaleString('en')} | ${s3(r.copy.median)} | ${rps(r.n, r.copy.median)} | ${runs(r.copy)} |`);
  lines.push('');
  lines.push('| rows | commit rows/s | bare COPY rows/s | ratio commit/COPY | target (≥ 0.5) |', '|---:|---:|---:|---:|---|');
  for (const r of results) {
    const ratio = r.copy.median / r.commit.median;
    lines.push(`| ${r.n.toLocaleString('en')} | ${rps(r.n, r.commit.median)} | ${rps(r.n, r.copy.median)} | ${ratio.toFixed(2)} | ${ratio >= PASS_RATIO ? 'ok' : '**MISS**'} |`);
  }
  lines.push('');

  lines.push(
    '## Where the commit goes',
    '',
    'Per statement the product code sent (Kysely query log: from sending the statement, parameters serialised by the driver, to its result), median over the runs, in ms; "JavaScript" is the median wall clock minus the statement medians (parsing, validation, invitation mails, token hashing, building the arrays), so it is approximate.',
    '',
  );
  for (const r of results) {
    lines.push(`### ${r.n.toLocaleString('en')} rows`, '', '| part | commit ms | share | dry run ms |', '|---|---:|---:|---:|');
    const labels = [...new Set([...r.commitStatements.keys(), ...r.dryStatements.keys()])];
    const med = (m: Map<string, number[]>, l: string) => {
      const xs = (m.get(l) ?? []).filter((x) => x !== undefined);
      return xs.length ? median(xs) : null;
    };
    const rowsOut = labels.map((l) => ({ l, commit: med(r.commitStatements, l), dry: med(r.dryStatements, l) })).sort((x, y) => (y.commit ?? 0) - (x.commit ?? 0));
    const sumCommit = rowsOut.reduce((a, x) => a + (x.commit ?? 0), 0);
    const sumDry = rowsOut.reduce((a, x) => a + (x.dry ?? 0), 0);
    const total = r.commit.median * 1000;
    const pct = (x: number) => `${((100 * x) / total).toFixed(0)}%`;
    for (const x of rowsOut) lines.push(`| ${x.l} | ${x.commit === null ? '–' : x.commit.toFixed(0)} | ${x.commit === null ? '' : pct(x.commit)} | ${x.dry === null ? '–' : x.dry.toFixed(0)} |`);
    lines.push(`| JavaScript (wall clock − statements) | ${(total - sumCommit).toFixed(0)} | ${pct(total - sumCommit)} | ${(r.dry.median * 1000 - sumDry).toFixed(0)} |`);
    lines.push(`| **total (median wall clock)** | **${total.toFixed(0)}** | | **${(r.dry.median * 1000).toFixed(0)}** |`, '');
    lines.push(`Cleanup after each commit (deletes + vacuum, not measured): ${r.cleanupSeconds.map((x) => x.toFixed(1)).join(' / ')} s.`, '');
  }

  lines.push(
    '## Notes',
    '',
    `- The commit writes more than the COPY: besides the ${'users'} rows, one role assignment, one invitation token, one outbox message (the invitation's parameters, rendered when sent) and one \`user.created\` audit event per row, plus the summary audit event; and its users insert checks foreign keys (${input.fks.join('; ') || 'none'}) and \`on conflict do nothing\` per row. The COPY table has the same indexes but no foreign keys.`,
    `- Triggers on users: ${input.triggers.length ? input.triggers.join(', ') : 'none'}.`,
    `- The users table also holds tenants B and C (${Object.entries(marker.counts).filter(([key]) => key !== 'a').map(([, n]) => n.toLocaleString('en')).join(' + ')} rows); ${COPY_TABLE} holds tenant A only.`,
    '',
  );
  return lines.join('\n');
}

(env.BENCH_IMPORT_MODE === 'healthz' ? import('./import-healthz.js').then(() => {}) : main()).then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
