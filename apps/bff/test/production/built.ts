import { spawnSync } from 'node:child_process';
import { mkdirSync, rmdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The production build of the BFF, as the production tests run it (plain `node` on apps/bff/dist). */
export const bff = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const root = join(bff, '..', '..');
export const SERVE = join(bff, 'dist', 'cli', 'serve.js');
export const MIGRATE = join(bff, 'dist', 'cli', 'migrate.js');

/**
 * The build the root's `npm run build` makes of the BFF: the contract, then the BFF (incremental after the first).
 * Test files run in parallel workers: a lock directory keeps two of them from building into dist/ at once.
 */
export function buildBff(): void {
  const lock = join(bff, '.build-lock');
  const deadline = Date.now() + 90_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      // A lock left by a run killed mid-build: taken over once a build has had ample time.
      if (Date.now() > deadline) rmdirSync(lock);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
  try {
    for (const script of [join(root, 'packages', 'contract', 'scripts', 'build.mjs'), join(bff, 'scripts', 'build.mjs')]) {
      const r = spawnSync(process.execPath, [script], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`${script} failed:\n${r.stdout}${r.stderr}`);
    }
  } finally {
    rmdirSync(lock);
  }
}
