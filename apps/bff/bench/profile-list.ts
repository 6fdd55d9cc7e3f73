/**
 * Where the BFF's CPU goes on one list request: starts bench/serve.ts with `--cpu-prof` on the seeded benchmark
 * database, drives `GET /v1/users?<BENCH_QUERY>` with autocannon (10 connections, BENCH_SECONDS), and prints the
 * self time per function (top 40) and per package. Run `pnpm --filter @roster/bff bench` once first (it seeds).
 *
 *   pnpm --filter @roster/bff bench:profile            # first page, sort lastName, tenant A (1M users)
 *   BENCH_QUERY='limit=50&q=mart' pnpm --filter @roster/bff bench:profile
 */
import autocannon from 'autocannon';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchUrls, envNumber, readMarker } from './seed.js';
import { startBenchServer, widgetToken } from './bench-server.js';

const { benchUrl } = benchUrls();
const marker = await readMarker(benchUrl);
if (!marker) throw new Error('roster_bench is not seeded: run `pnpm --filter @roster/bff bench` once first');
const tenant = marker.tenants.find((t) => t.key === (process.env.BENCH_TENANT ?? 'a'))!;
const query = process.env.BENCH_QUERY ?? 'limit=50&sort=lastName';
const seconds = envNumber('BENCH_SECONDS', 10);
const profDir = mkdtempSync(join(tmpdir(), 'roster-prof-'));

const server = await startBenchServer({ databaseUrl: benchUrl, signingKey: randomBytes(32).toString('hex'), nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${profDir}`] });
const { child, base } = server;
const token = await widgetToken(base, tenant);

const result = await autocannon({ url: `${base}/v1/users?${query}`, connections: 10, duration: seconds, headers: { authorization: `Bearer ${token}` } });
console.log(`${result.requests.average} req/s, p99 ${result.latency.p99} ms, non-2xx ${result.non2xx}`);
// Let the requests autocannon left in flight finish before the server closes its pool.
await new Promise((r) => setTimeout(r, 1000));
child.kill('SIGTERM');
await new Promise((r) => child.once('exit', r));

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount: number;
}
// tsx's loader thread writes a profile too: the main thread's is the largest.
const file = readdirSync(profDir)
  .filter((f) => f.endsWith('.cpuprofile'))
  .sort((x, y) => statSync(join(profDir, y)).size - statSync(join(profDir, x)).size)[0]!;
const profile = JSON.parse(readFileSync(join(profDir, file), 'utf8')) as { nodes: Node[]; startTime: number; endTime: number };
const total = profile.nodes.reduce((n, x) => n + x.hitCount, 0);
const byFn = new Map<string, number>();
const byPkg = new Map<string, number>();
for (const n of profile.nodes) {
  const url = n.callFrame.url;
  const pkg = /node_modules\/\.pnpm\/([^/]+)/.exec(url)?.[1]?.replace(/@[\d.]+(_.*)?$/, '') ?? (url.includes('/src/') ? 'roster ' + url.replace(/.*\/(apps|packages)\//, '') : url.startsWith('node:') ? url : url || '(native) ' + n.callFrame.functionName);
  const fn = `${n.callFrame.functionName || '(anonymous)'}  ${url.replace(/.*node_modules\/\.pnpm\//, '').replace(/.*\/(apps|packages)\//, '')}:${n.callFrame.lineNumber + 1}`;
  byFn.set(fn, (byFn.get(fn) ?? 0) + n.hitCount);
  byPkg.set(pkg, (byPkg.get(pkg) ?? 0) + n.hitCount);
}
const pct = (n: number) => ((100 * n) / total).toFixed(1).padStart(5) + '%';
console.log(`\nsamples ${total}; per request ≈ ${(((profile.endTime - profile.startTime) / 1000 / (result.requests.total || 1))).toFixed(2)} ms wall`);
console.log('\n-- self time by package/file --');
for (const [k, v] of [...byPkg].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(pct(v), k);
console.log('\n-- self time by function --');
for (const [k, v] of [...byFn].sort((a, b) => b[1] - a[1]).slice(0, 45)) console.log(pct(v), k);
