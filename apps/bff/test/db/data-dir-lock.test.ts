import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * Issue 10 #17: two real BFF processes (src/main.ts under tsx) on one ROSTER_DATA_DIR. The second must refuse to
 * start, naming the directory and the first process; after the first dies by kill -9, a new one must start (the
 * stale lock is taken over); a clean stop releases the lock.
 */
const main = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'main.ts');
const dataDir = mkdtempSync(join(tmpdir(), 'roster-lock-'));
const children: ChildProcess[] = [];
const { DATABASE_URL: _unused, ...env } = process.env;

afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

interface Run {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  listening: Promise<void>;
}

async function startBff(): Promise<Run> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', main], {
    env: { ...env, ROSTER_DATA_DIR: dataDir, PORT: String(port), ROSTER_DEMO: 'false' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const listening = new Promise<void>((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d.toString();
      if (out.includes('listening on')) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then(({ code, signal }) => reject(new Error(`exited ${code ?? signal} before listening:\n${out}`)));
  });
  listening.catch(() => {});
  return { child, output: () => out, exited, listening };
}

describe('one process per PGlite data directory', () => {
  it('refuses a second process, takes over the lock of a killed one, releases it on a clean stop', async () => {
    const first = await startBff();
    await first.listening;

    const second = await startBff();
    const { code } = await second.exited;
    expect(code).not.toBe(0);
    expect(second.output()).toContain(`the data directory ${join(dataDir, 'pglite')} is in use by process ${first.child.pid}`);
    expect(second.output()).not.toMatch(/\n\s+at /); // one message, no stack trace
    expect(first.child.exitCode).toBe(null); // the first one goes on

    first.child.kill('SIGKILL');
    await first.exited;
    expect(existsSync(join(dataDir, 'pglite.lock'))).toBe(true); // left behind by the killed process

    const third = await startBff();
    await third.listening;
    const port = /localhost:(\d+)/.exec(third.output())![1];
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);

    third.child.kill('SIGTERM');
    expect((await third.exited).code).toBe(0);
    expect(existsSync(join(dataDir, 'pglite.lock'))).toBe(false);
  }, 90_000);
});
