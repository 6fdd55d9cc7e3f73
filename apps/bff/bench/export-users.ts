/**
 * Benchmark: `GET /v1/users/export` of every user of a tenant (1,000,000 and 10,000), streamed as CSV.
 *
 *   pnpm --filter @roster/bff bench:export
 *
 * Uses the list benchmark's database (BENCH_DATABASE_URL, BENCH_DB, BENCH_USERS_A/B/C: see list-users.ts; seeded
 * when its marker does not match), starts the BFF in a child process (pool 10), and for each tenant downloads the
 * export once through fetch, reading the body as it comes. Reports the time to the first byte and to the last,
 * rows and bytes per second, and the BFF's resident memory: before, sampled every 50 ms during the download (peak),
 * and the process's high-water mark (VmHWM). Then it starts a 1M export again, reads 1 MB and goes away, and asks
 * PostgreSQL whether the export's statements stopped (pg_stat_activity).
 *
 * Bounded: one download per tenant, each limited to BENCH_EXPORT_MAX_SECONDS (default 600); the child is killed on exit.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { startBenchServer, widgetToken, type BenchServer } from './bench-server.js';
import { children, killAll, stopChild } from './children.js';
import { adminClient, benchPlans, benchUrls, ensureSeeded, envNumber, stopwatchLog, type BenchTenant } from './seed.js';

const here = dirname(fileURLToPath(import.meta.url));
const RESULTS = resolve(here, '..', process.env.BENCH_RESULTS ?? 'bench/results/export-users.md');
const MAX_SECONDS = envNumber('BENCH_EXPORT_MAX_SECONDS', 600);
const log = stopwatchLog();

/** A /proc/<pid>/status field in MB (VmRSS: now; VmHWM: the peak since the process started). */
function memoryMb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

interface ExportRun {
  tenant: string;
  users: number;
  rows: number;
  bytes: number;
  firstByteMs: number;
  seconds: number;
  rssBeforeMb: number;
  rssPeakMb: number;
  hwmBeforeMb: number;
  hwmAfterMb: number;
}

async function download(server: BenchServer, t: BenchTenant, token: string): Promise<ExportRun> {
  const pid = server.child.pid!;
  const rssBeforeMb = memoryMb(pid, 'VmRSS');
  const hwmBeforeMb = memoryMb(pid, 'VmHWM');
  let rssPeakMb = rssBeforeMb;
  const sampler = setInterval(() => (rssPeakMb = Math.max(rssPeakMb, memoryMb(pid, 'VmRSS'))), 50);
  const t0 = performance.now();
  try {
    const res = await fetch(`${server.base}/v1/users/export`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(MAX_SECONDS * 1000) });
    if (res.status !== 200) throw new Error(`export of tenant ${t.key}: ${res.status} ${await res.text()}`);
    const reader = res.body!.getReader();
    let firstByteMs = 0;
    let bytes = 0;
    let lines = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (bytes === 0) firstByteMs = performance.now() - t0;
      bytes += value.length;
      for (let i = 0; i < value.length; i++) if (value[i] === 10) lines += 1;
    }
    const seconds = (performance.now() - t0) / 1000;
    return { tenant: t.key, users: t.users, rows: lines - 1, bytes, firstByteMs, seconds, rssBeforeMb, rssPeakMb, hwmBeforeMb, hwmAfterMb: memoryMb(pid, 'VmHWM') };
  } finally {
    clearInterval(sampler);
  }
}

/** Starts an export, reads about 1 MB, goes away; then how many of the export's statements still run, over 2 s. */
async function abandon(server: BenchServer, token: string, benchUrl: string): Promise<{ readBytes: number; runningAfter: number[] }> {
  const controller = new AbortController();
  const res = await fetch(`${server.base}/v1/users/export`, { headers: { authorization: `Bearer ${token}` }, signal: controller.signal });
  const reader = res.body!.getReader();
  let readBytes = 0;
  while (readBytes < 1_000_000) {
    const { done, value } = await reader.read();
    if (done) break;
    readBytes += value.length;
  }
  controller.abort();
  const c = new pg.Client({ connectionString: benchUrl });
  await c.connect();
  const runningAfter: number[] = [];
  try {
    for (let i = 0; i < 4; i++) {
      await new Promise((r) => setTimeout(r, 500));
      const q = await c.query<{ n: number }>(`select count(*)::int as n from pg_stat_activity where state = 'active' and query like '%string_agg(r.name%' and pid <> pg_backend_pid()`);
      runningAfter.push(q.rows[0]!.n);
    }
  } finally {
    await c.end();
  }
  return { readBytes, runningAfter };
}

async function main(): Promise<void> {
  const plans = benchPlans();
  const { adminUrl, dbName, benchUrl } = benchUrls();
  const admin = adminClient(adminUrl.toString());
  await admin.connect();
  const exists = (await admin.query(`select 1 from pg_database where datname = $1`, [dbName])).rowCount === 1;
  await admin.end();
  const { marker } = await ensureSeeded({ adminUrl, dbName, benchUrl, plans, exists, log });
  const tenants = ['a', 'c'].map((key) => marker.tenants.find((t) => t.key === key)!);

  const server = await startBenchServer({ databaseUrl: benchUrl, signingKey: randomBytes(32).toString('hex') });
  children.add(server.child);
  try {
    const runs: ExportRun[] = [];
    for (const t of tenants) {
      const token = await widgetToken(server.base, t);
      log(`export of tenant ${t.key.toUpperCase()} (${t.users.toLocaleString('en')} users)`);
      const run = await download(server, t, token);
      log(`  ${run.rows.toLocaleString('en')} rows, ${(run.bytes / 1e6).toFixed(1)} MB in ${run.seconds.toFixed(1)} s; BFF RSS ${run.rssBeforeMb.toFixed(0)} → peak ${run.rssPeakMb.toFixed(0)} MB`);
      runs.push(run);
    }
    const gone = await abandon(server, await widgetToken(server.base, tenants[0]!), benchUrl);
    log(`  abandoned after ${(gone.readBytes / 1e6).toFixed(1)} MB; export statements running 0.5/1/1.5/2 s later: ${gone.runningAfter.join(' / ')}`);

    const lines = [
      '# GET /v1/users/export benchmark',
      '',
      `Generated by \`pnpm --filter @roster/bff bench:export\` (apps/bff/bench/export-users.ts) on ${new Date().toISOString()}; ${cpus().length} CPUs shared by PostgreSQL, the BFF (child process) and this script; Node ${process.version}.`,
      '',
      '| tenant | rows | MB | first byte ms | seconds | rows/s | BFF RSS before MB | BFF RSS peak MB (50 ms samples) | BFF VmHWM before → after MB |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
      ...runs.map((r) => `| ${r.tenant.toUpperCase()} (${r.users.toLocaleString('en')}) | ${r.rows.toLocaleString('en')} | ${(r.bytes / 1e6).toFixed(1)} | ${r.firstByteMs.toFixed(0)} | ${r.seconds.toFixed(1)} | ${Math.round(r.rows / r.seconds).toLocaleString('en')} | ${r.rssBeforeMb.toFixed(0)} | ${r.rssPeakMb.toFixed(0)} | ${r.hwmBeforeMb.toFixed(0)} → ${r.hwmAfterMb.toFixed(0)} |`),
      '',
      `A client that goes away: after reading ${(gone.readBytes / 1e6).toFixed(1)} MB of tenant A's export, the export's statements still running 0.5 / 1 / 1.5 / 2 s later: ${gone.runningAfter.join(' / ')}.`,
      '',
    ];
    mkdirSync(dirname(RESULTS), { recursive: true });
    writeFileSync(RESULTS, lines.join('\n'));
    console.log(`\n${lines.join('\n')}`);
  } finally {
    await stopChild(server.child);
  }
}

main()
  .then(() => process.exit(0))
  .catch((e: unknown) => {
    console.error(e);
    killAll();
    process.exit(1);
  });
