import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, killChildren, spawnNode, type Run } from '../child-process.js';

/**
 * Issue 10 #17: two real BFF processes (src/main.ts under tsx) on one ROSTER_DATA_DIR. The second must refuse to
 * start, naming the directory and the first process; after the first dies by kill -9, a new one must start (the
 * stale lock is taken over); a clean stop releases the lock.
 */
const main = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'main.ts');
const dataDir = mkdtempSync(join(tmpdir(), 'roster-lock-'));
const { DATABASE_URL: _unused, ...env } = process.env;

afterAll(() => {
  killChildren();
  rmSync(dataDir, { recursive: true, force: true });
});

async function startBff(): Promise<Run> {
  return spawnNode(['--import', 'tsx', main], { ...env, ROSTER_DATA_DIR: dataDir, PORT: String(await freePort()), ROSTER_DEMO: 'false' });
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
