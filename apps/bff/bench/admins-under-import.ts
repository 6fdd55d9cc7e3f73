/**
 * Load benchmark: 50 admins listing, searching and editing a tenant of 1,000,000 users while a 100,000-row import
 * commits, against the same admins on a database with no import, and the import's time against its time alone.
 *
 *   BENCH_DB=roster_bench_perm pnpm --filter @roster/bff bench:load
 *
 * Everything runs on this machine over loopback: the BFF (the product app, as bench/serve.ts starts it, pool 10) in a
 * child process, the admins in this process. Each admin is a real technician of tenant A holding the System
 * Administrator role, with a widget token of its own, and works like a person at a console (k6-style virtual users
 * with think time): after each answer it waits an exponentially distributed pause (mean BENCH_THINK_MS), then
 *   55 % lists the first page (sorted by last name, with the total),
 *   10 % pages on from its last list (cursor),
 *   25 % searches (q = a 3–4 letter piece of a common name),
 *   10 % edits a user (PATCH firstName of one of 2,000 end users).
 * Phases, in one run:
 *   1. idle: one request at a time, no other load (the list on an idle database);
 *   2. the import alone (100,000 technicians, atomic, over HTTP), then its users are deleted again;
 *   3. the admins for BENCH_DURATION seconds, no import;
 *   4. the admins while the same import commits (the phase lasts as long as the import), then the cleanup.
 *
 * Environment (all optional): BENCH_ADMINS (50), BENCH_THINK_MS (1000), BENCH_DURATION (30 s), BENCH_IMPORT_ROWS
 * (100000), BENCH_LOAD_RESULTS (bench/results/admins-under-import.md), and BENCH_DB / BENCH_DATABASE_URL /
 * BENCH_USERS_A/B/C as for `bench` (same seeded database).
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { startBenchServer, widgetToken } from './bench-server.js';
import { children, stopChild } from './children.js';
import { measureCpu, type CpuShare } from './cpu.js';
import { assertUserChildren, cleanupImported, countTenant, vacuumAll } from './import-cleanup.js';
import { makeRows } from './import-rows.js';
import { adminClient, benchPlans, benchUrls, ensureSeeded, envNumber, stopwatchLog, type BenchTenant } from './seed.js';
import { seconds } from './stats.js';

const here = dirname(fileURLToPath(import.meta.url));
const env = process.env;
const ADMINS = envNumber('BENCH_ADMINS', 50);
const THINK_MS = envNumber('BENCH_THINK_MS', 1000);
const DURATION = envNumber('BENCH_DURATION', 30);
const IMPORT_ROWS = envNumber('BENCH_IMPORT_ROWS', 100_000);
const IDLE_REQUESTS = envNumber('BENCH_IDLE_REQUESTS', 200);
const RESULTS = resolve(here, '..', env.BENCH_LOAD_RESULTS ?? 'bench/results/admins-under-import.md');
const SEARCHES = ['mart', 'john', 'anna', 'will', 'smit', 'mill', 'garc', 'davi', 'rodr', 'lope', 'tayl', 'moor', 'schn', 'mull', 'weber', 'sato'];
const PAGE = 50;
const t0 = performance.now();
const log = stopwatchLog();

type Op = 'list' | 'next' | 'search' | 'edit';
const OPS: readonly Op[] = ['list', 'next', 'search', 'edit'];

class Recorder {
  readonly ms: Record<Op, number[]> = { list: [], next: [], search: [], edit: [] };
  readonly failures: Record<Op, number> = { list: 0, next: 0, search: 0, edit: 0 };
  readonly statuses = new Map<number, number>();
  add(op: Op, ms: number, status: number): void {
    this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1);
    if (status >= 200 && status < 300) this.ms[op].push(ms);
    else this.failures[op]++;
  }
}

function pct(xs: readonly number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** An exponentially distributed pause with the given mean: arrivals like people's, not a metronome. */
const think = (mean: number) => sleep(-Math.log(1 - Math.random()) * mean);

interface Admin {
  id: string;
  token: string;
  cursor: string | null;
}

async function timed(url: string, init: RequestInit): Promise<{ ms: number; status: number; body: string }> {
  const started = performance.now();
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(60_000) });
  const body = await res.text();
  return { ms: performance.now() - started, status: res.status, body };
}

/** One admin's loop until `until()` says stop. */
async function adminLoop(base: string, a: Admin, editable: readonly string[], rec: Recorder, until: () => boolean, thinkMean = THINK_MS): Promise<void> {
  const headers = { authorization: `Bearer ${a.token}` };
  await think(thinkMean); // spread the first requests
  while (!until()) {
    const r = Math.random();
    const op: Op = r < 0.55 ? 'list' : r < 0.65 ? (a.cursor ? 'next' : 'list') : r < 0.9 ? 'search' : 'edit';
    let res: { ms: number; status: number; body: string };
    try {
      if (op === 'edit') {
        const id = editable[Math.floor(Math.random() * editable.length)]!;
        res = await timed(`${base}/v1/users/${id}`, {
          method: 'PATCH',
          headers: { ...headers, 'content-type': 'application/json' },
          body: JSON.stringify({ firstName: `Edit${randomBytes(3).toString('hex')}` }),
        });
      } else {
        const q = new URLSearchParams({ limit: String(PAGE) });
        if (op === 'search') q.set('q', SEARCHES[Math.floor(Math.random() * SEARCHES.length)]!);
        if (op === 'next') q.set('cursor', a.cursor!);
        res = await timed(`${base}/v1/users?${q}`, { headers });
        if (res.status === 200 && op !== 'search') a.cursor = (JSON.parse(res.body) as { nextCursor: string | null }).nextCursor;
      }
    } catch {
      res = { ms: 0, status: 599, body: '' };
    }
    rec.add(op, res.ms, res.status);
    if (!until()) await think(thinkMean);
  }
}

async function runAdmins(base: string, admins: Admin[], editable: readonly string[], until: () => boolean): Promise<Recorder> {
  const rec = new Recorder();
  await Promise.all(admins.map((a) => adminLoop(base, a, editable, rec, until)));
  return rec;
}

async function importOnce(base: string, token: string, rows: ReturnType<typeof makeRows>, seatCap: boolean): Promise<{ seconds: number; imported: number }> {
  const started = performance.now();
  const body = JSON.stringify({ kind: 'technician', mode: 'atomic', rows, ...(seatCap ? { confirmAddSeats: true } : {}) });
  // Its own request (not httpJson, whose 30 s bound is shorter than an import of 100,000 rows under load).
  const answer = await fetch(`${base}/v1/users/bulk-import`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(900_000) });
  const text = await answer.text();
  if (answer.status !== 201) throw new Error(`the import answered ${answer.status}: ${text.slice(0, 300)}`);
  const res = JSON.parse(text) as { imported: number };
  return { seconds: seconds(started), imported: res.imported };
}

interface PhaseRow {
  phase: string;
  rec: Recorder;
  seconds: number;
  cpu: CpuShare | null;
}

function fmt(n: number, digits = 1): string {
  return Number.isFinite(n) ? n.toFixed(digits) : '–';
}

function renderReport(o: {
  marker: { seededAt: string };
  pgVersion: string;
  baseline: number;
  idle: Recorder;
  importAlone: number;
  importLoaded: number;
  phases: PhaseRow[];
}): string {
  const idleList = o.idle.ms.list;
  const lines = [
    '# 50 admins while a 100,000-row import commits',
    '',
    `Generated by \`BENCH_DB=${env.BENCH_DB ?? 'roster_bench'} pnpm --filter @roster/bff bench:load\` (apps/bff/bench/admins-under-import.ts) on ${new Date().toISOString()}.`,
    `Machine: ${cpus().length} CPUs shared by PostgreSQL ${o.pgVersion}, the BFF (child process, pool 10) and the load generator; Node ${process.version}. Loopback only.`,
    `Data: tenant A with ${o.baseline.toLocaleString('en')} users (seeded ${o.marker.seededAt}).`,
    `Load: ${ADMINS} admins (technicians with the System Administrator role, a widget token each), think time exponential with mean ${THINK_MS} ms; 55 % first page (sort lastName, with total), 10 % next page, 25 % search, 10 % edit (PATCH firstName). Import: ${IMPORT_ROWS.toLocaleString('en')} technicians with phone numbers, atomic, over HTTP.`,
    '',
    '| phase | requests | first page p50 ms | first page p99 ms | next page p50 / p99 | search p50 / p99 | edit p50 / p99 | failed | duration s | CPU BFF / postgres / other |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  const row = (phase: string, rec: Recorder, secs: number, cpu: CpuShare | null) => {
    const n = OPS.reduce((s, op) => s + rec.ms[op].length + rec.failures[op], 0);
    const failed = OPS.reduce((s, op) => s + rec.failures[op], 0);
    const pair = (op: Op) => (rec.ms[op].length ? `${fmt(pct(rec.ms[op], 50))} / ${fmt(pct(rec.ms[op], 99))}` : '–');
    const c = cpu ? `${Math.round(cpu.bff ?? 0)}% / ${Math.round(cpu.postgres)}% / ${Math.round(cpu.other)}%` : '–';
    lines.push(`| ${phase} | ${n} | ${fmt(pct(rec.ms.list, 50))} | ${fmt(pct(rec.ms.list, 99))} | ${pair('next')} | ${pair('search')} | ${pair('edit')} | ${failed} | ${fmt(secs, 0)} | ${c} |`);
  };
  row('idle: one request at a time', o.idle, NaN, null);
  for (const p of o.phases) row(p.phase, p.rec, p.seconds, p.cpu);
  const admins = o.phases[0]!.rec.ms.list;
  const loaded = o.phases[1]!.rec.ms.list;
  lines.push(
    '',
    `**The first page's p99 while the import commits: ${fmt(pct(loaded, 99))} ms** — ${fmt(pct(loaded, 99) / pct(idleList, 99), 2)}× the idle database's ${fmt(pct(idleList, 99))} ms (target ≤ 2×), ${fmt(pct(loaded, 99) / pct(admins, 99), 2)}× the same admins without the import (${fmt(pct(admins, 99))} ms). p50: ${fmt(pct(loaded, 50))} ms against ${fmt(pct(idleList, 50))} ms idle.`,
    '',
    `**The import**: ${fmt(o.importLoaded)} s under the admins' load against ${fmt(o.importAlone)} s alone (${fmt(o.importLoaded / o.importAlone, 2)}×).`,
    '',
    'Status codes seen under load: ' + o.phases.map((p) => `${p.phase}: ${[...p.rec.statuses].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}×${n}`).join(', ')}`).join('; ') + '.',
    '',
    'Notes:',
    '- "idle" is one admin sending one request after another on the same database with nothing else running: the same list, searches and edits.',
    '- The import is the product\'s atomic import (validation in worker threads, one transaction, COPY into users and role assignments); the phase with the admins lasts exactly as long as the import.',
    '- CPU is the share of one core (200 % = both) measured during the phase; on 2 shared cores the BFF, PostgreSQL and the load generator take from each other, so compare the phases, not absolute figures.',
  );
  return lines.join('\n') + '\n';
}

async function main(): Promise<void> {
  log(`roster load bench: ${cpus().length} CPUs, node ${process.version}, ${ADMINS} admins, think ${THINK_MS} ms, ${DURATION} s, import ${IMPORT_ROWS}`);
  const { adminUrl, dbName, benchUrl } = benchUrls();
  const admin = adminClient(adminUrl.toString());
  await admin.connect();
  let exists: boolean;
  let pgVersion: string;
  try {
    exists = (await admin.query(`select 1 from pg_database where datname = $1`, [dbName])).rowCount === 1;
    pgVersion = (await admin.query<{ v: string }>(`select current_setting('server_version') as v`)).rows[0]!.v;
  } finally {
    await admin.end();
  }
  const { marker } = await ensureSeeded({ adminUrl, dbName, benchUrl, plans: benchPlans(), exists, log });
  const A: BenchTenant = marker.tenants.find((t) => t.key === 'a')!;

  const c = new pg.Client({ connectionString: benchUrl });
  await c.connect();
  const signingKey = randomBytes(32).toString('hex');
  const server = await startBenchServer({ databaseUrl: benchUrl, signingKey });
  children.add(server.child);
  try {
    await assertUserChildren(c);
    const leftovers = await cleanupImported(c, A);
    if (leftovers) log(`removed ${leftovers} users left over by an interrupted run`);
    await c.query(`update users set status = 'active', invitation_expires_at = null where tenant_id = $1 and id = $2 and status <> 'active'`, [A.tenantId, A.rootAdminId]);
    const baseline = await countTenant(c, A.tenantId);
    const seatCap = (await c.query<{ p: { technicianSeatCap?: number | null } }>(`select profile as p from tenants where id = $1`, [A.tenantId])).rows[0]?.p?.technicianSeatCap != null;

    // The admins: active technicians holding System Administrator (the seed gives a fifth of technicians that role).
    const adminIds = (
      await c.query<{ id: string }>(
        `select u.id from users u join role_assignments ra on ra.user_id = u.id and ra.tenant_id = u.tenant_id
           join roles r on r.id = ra.role_id and r.key = 'system_admin'
          where u.tenant_id = $1 and u.kind = 'technician' and u.status = 'active' and not u.is_root_admin
          order by u.id limit $2`,
        [A.tenantId, ADMINS],
      )
    ).rows.map((r) => r.id);
    if (adminIds.length < ADMINS) throw new Error(`tenant A has only ${adminIds.length} active system admins`);
    const editable = (
      await c.query<{ id: string }>(`select id from users where tenant_id = $1 and kind = 'end_user' and status = 'active' order by id limit 2000`, [A.tenantId])
    ).rows.map((r) => r.id);
    const rootToken = await widgetToken(server.base, A);
    const admins: Admin[] = [];
    for (const id of adminIds) admins.push({ id, token: await widgetToken(server.base, { ...A, rootAdminId: id }), cursor: null });
    log(`${admins.length} admins with tokens; ${editable.length} editable end users; tenant A has ${baseline.toLocaleString('en')} users`);

    // ---- 1. idle: one admin, back to back, nothing else running
    const idle = new Recorder();
    {
      let left = IDLE_REQUESTS;
      await adminLoop(server.base, { ...admins[0]!, cursor: null }, editable, idle, () => left-- <= 0, 0);
      log(`idle: ${IDLE_REQUESTS} requests, first page p50 ${fmt(pct(idle.ms.list, 50))} ms p99 ${fmt(pct(idle.ms.list, 99))} ms`);
    }

    // ---- 2. the import alone (after a small one that warms the import's threads and the server's code up)
    const rows = makeRows(IMPORT_ROWS);
    await importOnce(server.base, rootToken, rows.slice(0, Math.min(1000, rows.length)), seatCap);
    await cleanupImported(c, A);
    await vacuumAll(c);
    const alone = await importOnce(server.base, rootToken, rows, seatCap);
    log(`import alone: ${alone.imported.toLocaleString('en')} rows in ${fmt(alone.seconds)} s`);
    await cleanupImported(c, A);
    await vacuumAll(c);

    // ---- 3. the admins, no import
    const phases: PhaseRow[] = [];
    {
      const started = performance.now();
      const end = started + DURATION * 1000;
      const cpu = measureCpu(server.child.pid, undefined);
      const done = new Promise((r) => setTimeout(r, DURATION * 1000)).then(() => cpu());
      const rec = await runAdmins(server.base, admins, editable, () => performance.now() >= end);
      // The window requests were sent in (the admins then finish the pause they were in).
      phases.push({ phase: `${ADMINS} admins, no import`, rec, seconds: DURATION, cpu: await done });
      log(`admins: first page p50 ${fmt(pct(rec.ms.list, 50))} ms p99 ${fmt(pct(rec.ms.list, 99))} ms`);
    }

    // ---- 4. the admins while the import commits
    let loadedSeconds = NaN;
    {
      const started = performance.now();
      let done = false;
      const cpu = measureCpu(server.child.pid, undefined);
      const load = runAdmins(server.base, admins, editable, () => done);
      await sleep(2000); // the admins are at their pace before the import starts
      try {
        const under = await importOnce(server.base, rootToken, rows, seatCap);
        loadedSeconds = under.seconds;
      } finally {
        done = true;
      }
      const window = seconds(started);
      const share = cpu();
      const rec = await load;
      phases.push({ phase: `${ADMINS} admins while the import commits`, rec, seconds: window, cpu: share });
      log(`admins + import: import ${fmt(loadedSeconds)} s; first page p50 ${fmt(pct(rec.ms.list, 50))} ms p99 ${fmt(pct(rec.ms.list, 99))} ms`);
    }
    await cleanupImported(c, A);
    await vacuumAll(c);

    const report = renderReport({ marker, pgVersion, baseline, idle, importAlone: alone.seconds, importLoaded: loadedSeconds, phases });
    mkdirSync(dirname(RESULTS), { recursive: true });
    writeFileSync(RESULTS, report);
    console.log('\n' + report);
    log(`wrote ${RESULTS} in ${fmt(seconds(t0), 0)} s`);
  } finally {
    await stopChild(server.child);
    await c.end();
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
