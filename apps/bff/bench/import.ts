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
 *   BENCH_IMPORT_CREDENTIALS `bcrypt`: users migrated in — every row also carries an externalId and a bcrypt hash
 *                        (format-checked, never verified at import) and the request says `sendInvitations: false`,
 *                        so the users are imported active without invitation tokens or emails (docs/migrating-in.md)
 *   BENCH_IMPORT_MODE    `healthz`: instead of all the above, the no-seed measurement of bench/import-healthz.ts —
 *                        /healthz (and /openapi.json) latency while one import runs over HTTP, on PGlite or PostgreSQL
 *                        (e.g. BENCH_IMPORT_MODE=healthz BENCH_DRY_RUN=1 BENCH_ROWS=100000: a ~9 MB dry run)
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kysely, type LogEvent } from 'kysely';
import { RosterPgDialect } from '../src/db/pg-dialect.js';
import { withTenant } from '../src/db/tenant-scope.js';
import pg from 'pg';
import type { BulkImportResponse, ImportRowInput } from '@roster/contract';
import type { Database } from '../src/db/tables.js';
import { TokenService } from '../src/auth/tokens.js';
import { TotpService } from '../src/auth/totp.js';
import { loadUserPrincipal } from '../src/services/principal.js';
import { bulkImport, type ImportReply } from '../src/services/import/import.service.js';
import { tenantProfile } from '../src/services/tenant-profile.js';
import type { Services } from '../src/services/context.js';
import { assertUserChildren, cleanupImported, countTenant, vacuumAll } from './import-cleanup.js';
import { COPY_TABLE, bareCopy, csvOfImported, prepareCopyTable } from './import-copy.js';
import { renderReport, type SizeResult } from './import-report.js';
import bcrypt from 'bcryptjs';
import { BENCH_BCRYPT_PASSWORD, EMAIL_LIKE, assertPhonesValid, makeRows, withBcryptCredentials } from './import-rows.js';
import { collect, labelOf, type StatementTime } from './import-statements.js';
import { adminClient, benchPlans, benchUrls, ensureSeeded, envNumber, stopwatchLog, type BenchTenant } from './seed.js';
import { measured, seconds } from './stats.js';

const here = dirname(fileURLToPath(import.meta.url));
const env = process.env;
const num = envNumber;

const RUNS = Math.max(1, Math.floor(num('BENCH_IMPORT_RUNS', 3)));
const SIZES = (env.BENCH_IMPORT_SIZES ?? '10000,100000').split(',').map((s) => {
  const n = Number(s.trim());
  if (!Number.isInteger(n) || n < 1 || n > 100_000) throw new Error(`BENCH_IMPORT_SIZES: ${s} is not a row count from 1 to 100,000`);
  return n;
});
const RESULTS = resolve(here, '..', env.BENCH_IMPORT_RESULTS ?? 'bench/results/import.md');
// The same plan as bench/list-users.ts, so both benchmarks share one seeded database.
const PLANS = benchPlans();
const { adminUrl, dbName: DB_NAME, benchUrl: BENCH_URL } = benchUrls();

const t0 = performance.now();
const log = stopwatchLog();

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

    const credentials = env.BENCH_IMPORT_CREDENTIALS === 'bcrypt';
    const plainRows = makeRows(Math.max(...SIZES));
    const allRows = credentials ? withBcryptCredentials(plainRows, await bcrypt.hash(BENCH_BCRYPT_PASSWORD, 10)) : plainRows;
    if (credentials) log(`rows carry an externalId and a bcrypt hash (cost 10); sendInvitations: false`);
    // The request body as the route hands it over: JSON bytes (the engine parses them in its worker thread).
    const bodyOf = (rows: ImportRowInput[]) =>
      new TextEncoder().encode(JSON.stringify({ kind: 'technician' as const, mode: 'atomic' as const, rows, ...(seatCap !== null ? { confirmAddSeats: true } : {}), ...(credentials ? { sendInvitations: false } : {}) }));

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
        // Each run gets bytes of its own, as each request does: the service hands its body to a worker thread by
        // transfer, which leaves the caller's buffer empty.
        const request = body.slice();
        sink = [];
        const s0 = performance.now();
        const res = await withTenant(A.tenantId, () => bulkImport(services, principal, request, { dryRun, requestId: undefined }));
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

    const report = renderReport({ results, runs: RUNS, codeVersion: CODE_VERSION, marker, seededNow, pgInfo, baseline, copyInfo, phoneChecks, credentials, seatCap, triggers, fks, totalSeconds: seconds(t0) });
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

(env.BENCH_IMPORT_MODE === 'healthz' ? import('./import-healthz.js').then(() => {}) : main()).then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
