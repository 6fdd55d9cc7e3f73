import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readMarker } from './seed.js';
const url = 'postgres://postgres@127.0.0.1:5432/roster_bench_small';
const m = (await readMarker(url))!;
const A = m.tenants[0]!;
const key = randomBytes(32).toString('hex');
const child = spawn(process.execPath, [...(process.env.PROF ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof2'] : []), '--import', 'tsx', 'bench/serve.ts'], { env: { ...process.env, BENCH_PORT: '0', DATABASE_URL: url, ROSTER_SIGNING_KEY: key, ROSTER_PUBLIC_URL: 'http://127.0.0.1' }, stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
const port = await new Promise<number>((r) => child.stdout!.on('data', (d: Buffer) => { const x = /READY (\d+)/.exec(d.toString()); if (x) r(Number(x[1])); }));
const base = `http://127.0.0.1:${port}`;
const acc = (await (await fetch(`${base}/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ grant_type: 'client_credentials', client_id: A.clientId, client_secret: A.clientSecret }).toString() })).json()) as { access_token: string };
const tok = ((await (await fetch(`${base}/v1/widget-tokens`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${acc.access_token}` }, body: JSON.stringify({ actorUserId: A.rootAdminId }) })).json()) as { token: string }).token;
const h = { authorization: `Bearer ${tok}` };
for (const path of process.env.SKIPSEQ ? [] : ['/healthz', '/v1/users?limit=50', '/v1/users?limit=5', '/v1/organizations', '/v1/roles']) {
  const ts: number[] = [];
  for (let i = 0; i < 30; i++) { const t = performance.now(); const r = await fetch(base + path, { headers: h }); await r.arrayBuffer(); ts.push(performance.now() - t); }
  ts.sort((a, b) => a - b);
  console.log(path, 'median', ts[15]!.toFixed(1), 'ms min', ts[0]!.toFixed(1));
}
const { default: ac } = await import('autocannon');
for (const path of (process.env.PATHS ?? '/v1/users?limit=50').split(',')) {
  const r = await ac({ url: base + path, connections: 10, duration: 8, headers: h });
  console.log('autocannon', path, r.requests.average, 'req/s p99', r.latency.p99, 'non2xx', r.non2xx);
}
child.kill('SIGTERM');
