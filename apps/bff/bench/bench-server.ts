/**
 * The benchmark server (serve.ts) as a child process, and the widget's way to a token: shared by list-users.ts
 * and profile-list.ts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchTenant } from './seed.js';

const here = dirname(fileURLToPath(import.meta.url));

export interface BenchServer {
  base: string;
  child: ChildProcess;
}

/**
 * Starts serve.ts (the product app, pool 10) with extra node flags; resolves once it listens. On PostgreSQL
 * (`databaseUrl`) or on PGlite in `dataDir` (import-healthz.ts).
 */
export async function startBenchServer(o: {
  databaseUrl?: string;
  dataDir?: string;
  signingKey?: string;
  platformKey?: string;
  nodeArgs?: readonly string[];
}): Promise<BenchServer> {
  const { DATABASE_URL: _inherited, ...inherited } = process.env;
  const child = spawn(process.execPath, [...(o.nodeArgs ?? []), '--import', 'tsx', join(here, 'serve.ts')], {
    cwd: resolve(here, '..'),
    env: {
      ...inherited,
      NODE_ENV: 'production',
      // Request lines cost the server a write each and the parent a pipe to drain: off unless LOG_LEVEL asks.
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      BENCH_PORT: '0',
      ...(o.databaseUrl ? { DATABASE_URL: o.databaseUrl } : {}),
      ...(o.dataDir ? { ROSTER_DATA_DIR: o.dataDir } : {}),
      ...(o.signingKey ? { ROSTER_SIGNING_KEY: o.signingKey } : {}),
      ROSTER_PLATFORM_KEY: o.platformKey ?? randomBytes(24).toString('hex'),
      ROSTER_PUBLIC_URL: 'http://127.0.0.1',
      BENCH_POOL_SIZE: '10',
      BENCH_SERVER_MAX_SECONDS: '1800',
    },
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  try {
    const port = await new Promise<number>((resolvePort, reject) => {
      const timer = setTimeout(() => reject(new Error('the bench server did not start within 60 s')), 60_000);
      let out = '';
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /READY (\d+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolvePort(Number(m[1]));
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the bench server exited (${code}) before it was ready`));
      });
    });
    child.stdout!.resume();
    return { base: `http://127.0.0.1:${port}`, child };
  } catch (e) {
    child.kill('SIGKILL');
    throw e;
  }
}

export async function httpJson<T>(url: string, init: RequestInit, expect: number): Promise<T> {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(30_000) });
  const text = await res.text();
  if (res.status !== expect) throw new Error(`${init.method ?? 'GET'} ${url} -> ${res.status}: ${text.slice(0, 300)}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** OAuth client token, then a widget token acting as the tenant's Root Admin: the widget's real path. */
export async function widgetToken(base: string, t: Pick<BenchTenant, 'clientId' | 'clientSecret' | 'rootAdminId'>): Promise<string> {
  const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: t.clientId, client_secret: t.clientSecret });
  const access = await httpJson<{ access_token: string }>(
    `${base}/oauth/token`,
    { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: body.toString() },
    200,
  );
  const minted = await httpJson<{ token: string }>(
    `${base}/v1/widget-tokens`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${access.access_token}` },
      body: JSON.stringify({ actorUserId: t.rootAdminId, ttlSeconds: 900 }),
    },
    201,
  );
  return minted.token;
}
