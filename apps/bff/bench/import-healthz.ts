/**
 * Benchmark: does the BFF keep answering while a bulk import runs? No seed needed (issue 10 #14, #18).
 *
 *   pnpm --filter @roster/bff bench:import:healthz                 # 50,000-row commit on PGlite
 *   BENCH_DRY_RUN=1 BENCH_ROWS=100000 pnpm --filter @roster/bff bench:import:healthz   # ~9 MB dry run
 *   (the same as `BENCH_IMPORT_MODE=healthz pnpm --filter @roster/bff bench:import`)
 *
 * Starts the product (bench/serve.ts) in a child process on a fresh PGlite data directory (or, with
 * BENCH_DATABASE_URL, on a fresh PostgreSQL database created and dropped by the script), creates a tenant, creates
 * BENCH_SINGLE_CREATES users one by one through `POST /v1/users` (what a process serves before an import), then
 * posts one import of BENCH_ROWS technicians as CSV text while this process asks `GET /healthz` in a loop (one
 * request at a time, BENCH_PROBE_GAP_MS apart; liveness, no database) and `GET /readyz` (the database; 10× the gap). Reports the
 * import's wall clock, the latencies (p50, p99, max) of the requests sent while the import ran, and the server's
 * own event-loop delay over the import (bench/serve.ts measures it). On PGlite /readyz runs `select 1` on the one
 * session, so it waits while an import's transaction holds it; /healthz shows whether the process answers. The prober runs in this process and the server in its own, so a
 * blocked server event loop shows up as slow answers instead of as probes that were never sent.
 *
 * Environment: BENCH_ROWS (50000), BENCH_DRY_RUN (0), BENCH_SINGLE_CREATES (5), BENCH_PROBE_GAP_MS (10),
 * BENCH_DATABASE_URL (unset: PGlite), BENCH_RUNS (1).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase } from '../test/support.js';
import { httpJson, startBenchServer, widgetToken } from './bench-server.js';

const env = process.env;
const ROWS = Number(env.BENCH_ROWS ?? 50_000);
const DRY_RUN = env.BENCH_DRY_RUN === '1' || env.BENCH_DRY_RUN === 'true';
const SINGLE = Number(env.BENCH_SINGLE_CREATES ?? 5);
const GAP_MS = Number(env.BENCH_PROBE_GAP_MS ?? 10);
const RUNS = Number(env.BENCH_RUNS ?? 1);
const PG_URL = env.BENCH_DATABASE_URL;
const PLATFORM_KEY = randomBytes(24).toString('hex');

const FIRST = ['James', 'Mary', 'Robert', 'Patricia', 'Michael', 'Jennifer', 'David', 'Linda', 'Lukas', 'Sofia', 'Jörg', 'Zoë', 'Chloé', 'Mehmet', 'Aisha'];
const LAST = ['Smith', 'Johnson', 'Garcia', 'Miller', 'Müller', 'Schneider', 'Fischer', 'Weber', "O'Brien", 'de Vries', 'Nowak', 'Yilmaz', 'Sato'];
const ascii = (s: string) => s.normalize('NFD').replace(/[^A-Za-z]/g, '').toLowerCase();
const csvCell = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** CSV of n technicians with a phone and the role "User" (about 100 bytes a row: 100,000 rows ≈ 10 MB). */
export function importText(n: number, run: number): string {
  const lines = ['First name,Last name,Email,Phone,Username,Roles'];
  for (let i = 0; i < n; i++) {
    const f = FIRST[i % FIRST.length]!;
    const l = LAST[(i * 7) % LAST.length]!;
    const digits = String(i % 10_000).padStart(4, '0');
    const phone = i % 2 === 0 ? `+49 30 9018${digits}` : `+1 650 253 ${digits}`;
    lines.push([f, l, `${ascii(f)}.${ascii(l)}.${run}.${i + 1}@bench-healthz.example`, phone, `u${run}x${i + 1}`, 'User'].map(csvCell).join(','));
  }
  return lines.join('\n');
}

const pct = (xs: number[], p: number) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};

async function main() {
  let dataDir: string | null = null;
  let databaseUrl: string | undefined;
  let dropDb = async () => {};
  if (PG_URL) {
    const created = await createTestDatabase(PG_URL, 'roster_healthz');
    databaseUrl = created.url;
    dropDb = created.drop;
  } else {
    dataDir = mkdtempSync(join(tmpdir(), 'roster-healthz-'));
  }
  const t0 = performance.now();
  const { base, child } = await startBenchServer({
    ...(databaseUrl ? { databaseUrl, signingKey: randomBytes(32).toString('hex') } : { dataDir: dataDir! }),
    platformKey: PLATFORM_KEY,
    nodeArgs: env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${env.BENCH_CPU_PROF}`] : [],
  });
  const startSeconds = (performance.now() - t0) / 1000;
  const call = <T>(path: string, init: RequestInit, expect: number) => httpJson<T>(base + path, init, expect);
  try {
    const platform = { authorization: `Bearer ${PLATFORM_KEY}`, 'content-type': 'application/json' };
    const tenant = await call<{ rootAdmin: { id: string }; oauthClient: { clientId: string; clientSecret: string } }>(
      '/v1/platform/tenants',
      { method: 'POST', headers: platform, body: JSON.stringify({ name: 'Healthz', rootAdmin: { firstName: 'Root', lastName: 'Admin', email: 'root@healthz.example' } }) },
      201,
    );
    const token = await widgetToken(base, { ...tenant.oauthClient, rootAdminId: tenant.rootAdmin.id });
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const s0 = performance.now();
    for (let i = 0; i < SINGLE; i++) {
      await call('/v1/users', { method: 'POST', headers: auth, body: JSON.stringify({ kind: 'technician', firstName: 'Single', lastName: `Create${i}`, email: `single${i}@healthz.example` }) }, 201);
    }
    const singleSeconds = (performance.now() - s0) / 1000;
    console.log(
      `database ${PG_URL ? 'PostgreSQL' : 'PGlite'}; server started in ${startSeconds.toFixed(1)} s; ${SINGLE} single creates in ${singleSeconds.toFixed(2)} s`,
    );

    for (let run = 0; run < RUNS; run++) {
      const text = importText(ROWS, run);
      const payload = JSON.stringify({ kind: 'technician', mode: 'atomic', text, confirmAddSeats: true });
      // A few probes before, for the idle latency.
      const idle: number[] = [];
      for (let i = 0; i < 20; i++) {
        const p0 = performance.now();
        await call('/healthz', {}, 200);
        idle.push(performance.now() - p0);
      }
      let importing = true;
      /** One request at a time to `path` while the import runs: each answer's latency, and how many failed. */
      const probe = (path: string, gapMs: number) => {
        const latencies: number[] = [];
        let failed = 0;
        const done = (async () => {
          while (importing) {
            const p0 = performance.now();
            try {
              const res = await fetch(base + path);
              await res.arrayBuffer();
              if (res.status !== 200) failed += 1;
            } catch {
              // A connection the server closed while its event loop was blocked: counted, and its wait kept.
              failed += 1;
            }
            if (importing) latencies.push(performance.now() - p0);
            await new Promise((r) => setTimeout(r, gapMs));
          }
        })();
        return { latencies, failed: () => failed, done };
      };
      await call('/bench/loop-delay/reset', { method: 'POST' }, 204);
      const health = probe('/healthz', GAP_MS);
      // Readiness asks the database: on PGlite it waits while the import's transaction holds the one session.
      const spec = probe('/readyz', 10 * GAP_MS);
      const i0 = performance.now();
      const res = await fetch(`${base}/v1/users/bulk-import${DRY_RUN ? '?dryRun=true' : ''}`, { method: 'POST', headers: auth, body: payload });
      const result = (await res.json()) as { imported?: number; error?: unknown };
      const importSeconds = (performance.now() - i0) / 1000;
      importing = false;
      await Promise.all([health.done, spec.done]);
      const loop = await call<{ p50: number; p99: number; max: number }>('/bench/loop-delay', {}, 200);
      if (res.status !== (DRY_RUN ? 200 : 201) || result.imported !== ROWS) throw new Error(`import answered ${res.status}: ${JSON.stringify(result).slice(0, 400)}`);
      const f = (x: number) => x.toFixed(1);
      const stats = (name: string, p: ReturnType<typeof probe>) =>
        `${name}: ${p.latencies.length} answers (${p.failed()} failed), p50 ${f(pct(p.latencies, 50))} ms, p99 ${f(pct(p.latencies, 99))} ms, max ${f(Math.max(...p.latencies))} ms`;
      console.log(
        `run ${run + 1}: ${DRY_RUN ? 'dry run' : 'commit'} of ${ROWS.toLocaleString('en')} rows (${(Buffer.byteLength(text) / 1e6).toFixed(2)} MB) in ${importSeconds.toFixed(2)} s; ` +
          `/healthz idle p50 ${f(pct(idle, 50))} ms\n  during the import: ${stats('/healthz', health)}\n  ${stats('/readyz', spec)}\n  ` +
          `server event-loop delay p99 ${f(loop.p99)} ms, max ${f(loop.max)} ms`,
      );
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    await dropDb();
  }
}

await main();
