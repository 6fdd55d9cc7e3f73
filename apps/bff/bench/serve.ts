/**
 * Benchmark server, run as a child process of bench/list-users.ts (so autocannon does not share its event loop).
 *
 * Serves the real product app (createServices + createApp + startServer) and, on a separate outer Hono instance
 * that is NOT part of the product, a "bare Hono" route returning a 50-user page from memory:
 *   PUT /bench/static  stores the JSON body (the parent uploads a real page of the product)
 *   GET /bench/static  returns it with c.json()
 *
 * Listens on 127.0.0.1 only, on the port given by BENCH_PORT (0: any free port); prints `READY <port>` when listening.
 * Exits when the parent disconnects (IPC), on SIGTERM/SIGINT, and in any case after BENCH_SERVER_MAX_SECONDS.
 */
import { Hono } from 'hono';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/env.js';
import { createServices, startServer } from '../src/server.js';

// PORT must be >= 1 for the product's config; the bench server takes any free port (BENCH_PORT=0) instead.
const config = { ...loadConfig({ ...process.env, PORT: undefined }), port: Number(process.env.BENCH_PORT ?? 0) };
const poolSize = Number(process.env.BENCH_POOL_SIZE ?? 10);
const { services, handle } = await createServices(config, { poolSize });
const product = createApp(services);

let staticPage: unknown = null;
// The event loop's delays (ms), for benchmarks that ask whether the server kept answering (bench/import-healthz.ts).
const loopDelay = monitorEventLoopDelay({ resolution: 5 });
loopDelay.enable();
const outer = new Hono()
  .post('/bench/loop-delay/reset', (c) => {
    loopDelay.reset();
    return c.body(null, 204);
  })
  .get('/bench/loop-delay', (c) => c.json({ p50: loopDelay.percentile(50) / 1e6, p99: loopDelay.percentile(99) / 1e6, max: loopDelay.max / 1e6, count: loopDelay.count }, 200))
  .get('/bench/static', (c) => (staticPage === null ? c.json({ error: 'not loaded' }, 404) : c.json(staticPage, 200)))
  .put('/bench/static', async (c) => {
    staticPage = await c.req.json();
    return c.body(null, 204);
  })
  .route('/', product);

const server = await startServer(outer, config.port, '127.0.0.1');
const port = (server.address() as AddressInfo).port;

let stopping = false;
function stop(code = 0): void {
  if (stopping) return;
  stopping = true;
  const force = setTimeout(() => process.exit(code), 3000);
  force.unref();
  server.close(() => void handle.close().finally(() => process.exit(code)));
  // Keep-alive sockets from the load generator would hold close() open.
  (server as { closeAllConnections?: () => void }).closeAllConnections?.();
}

process.on('SIGTERM', () => stop(0));
process.on('SIGINT', () => stop(0));
process.on('disconnect', () => stop(0));
const maxSeconds = Number(process.env.BENCH_SERVER_MAX_SECONDS ?? 1800);
setTimeout(() => {
  console.error(`bench server: stopping after ${maxSeconds}s (safety limit)`);
  stop(1);
}, maxSeconds * 1000).unref();

console.log(`READY ${port}`);
