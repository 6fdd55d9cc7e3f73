#!/usr/bin/env node
// The root scripts' bootstrap. On a fresh machine with only Node 20+ and npm it installs what is missing
// (pnpm, the locked dependencies, Debian's Chromium for the browser tests and pgbouncer for the PgBouncer test),
// then runs one task:
//   start  the demo portal on embedded PGlite with demo data
//   test   every test: contract and BFF (PGlite, plus PostgreSQL when TEST_DATABASE_URL is set),
//          <user-table> in headless Chromium, and the end-to-end flow
//   bench  the list-users benchmark (needs PostgreSQL)
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const PNPM_VERSION = '10.34.9';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...options.env } });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

function must(cmd, args, options) {
  const status = run(cmd, args, options);
  if (status !== 0) {
    console.error(`\n✗ ${cmd} ${args.join(' ')} failed (exit ${status})`);
    process.exit(status);
  }
}

function quiet(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'pipe', encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** pnpm on PATH at the pinned major, else installed globally by npm, else run through npx. */
function pnpm() {
  if (quiet('pnpm', ['--version'])?.startsWith('10.')) return ['pnpm'];
  console.log(`• installing pnpm ${PNPM_VERSION}`);
  if (run('npm', ['install', '-g', `pnpm@${PNPM_VERSION}`, '--no-fund', '--no-audit']) === 0 && quiet('pnpm', ['--version'])) return ['pnpm'];
  return ['npx', '-y', `pnpm@${PNPM_VERSION}`];
}

function ensureDependencies(p) {
  const marker = join(root, 'node_modules', '.modules.yaml');
  const lock = join(root, 'pnpm-lock.yaml');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  console.log('• installing dependencies from the lockfile');
  must(p[0], [...p.slice(1), 'install', '--frozen-lockfile']);
}

function ensureChromium() {
  if (existsSync(CHROMIUM)) return;
  const isRoot = process.getuid?.() === 0;
  if (!isRoot || !existsSync('/usr/bin/apt-get')) {
    console.error(`✗ Chromium is needed for the browser tests: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH.`);
    process.exit(1);
  }
  console.log("• installing Debian's chromium for the browser tests");
  must('apt-get', ['update', '-qq']);
  must('apt-get', ['install', '-y', '-qq', 'chromium'], { env: { DEBIAN_FRONTEND: 'noninteractive' } });
}

/**
 * Debian's pgbouncer for the BFF's PgBouncer test (apps/bff/test/db/pgbouncer.test.ts starts it itself), installed
 * like Chromium when missing and this runs as root with apt-get. Elsewhere that test skips and says why; in CI
 * (CI=true) a failed install fails the run, so there it always runs.
 */
function ensurePgbouncer() {
  if (!process.env.TEST_DATABASE_URL) return;
  if (['/usr/sbin/pgbouncer', '/usr/bin/pgbouncer'].some((b) => existsSync(b))) return;
  const isRoot = process.getuid?.() === 0;
  if (!isRoot || !existsSync('/usr/bin/apt-get')) {
    console.log('• pgbouncer is not installed (apt-get install pgbouncer): the PgBouncer test will be skipped.');
    if (process.env.CI) process.exit(1);
    return;
  }
  console.log("• installing Debian's pgbouncer for the PgBouncer test");
  const env = { env: { DEBIAN_FRONTEND: 'noninteractive' } };
  if (run('apt-get', ['install', '-y', '-qq', 'pgbouncer'], env) === 0) return;
  if (run('apt-get', ['update', '-qq']) === 0 && run('apt-get', ['install', '-y', '-qq', 'pgbouncer'], env) === 0) return;
  console.error('✗ installing pgbouncer failed');
  if (process.env.CI) process.exit(1);
}

const task = process.argv[2];
const p = pnpm();
ensureDependencies(p);
const pn = (args, options) => must(p[0], [...p.slice(1), ...args], options);

if (task === 'start') {
  pn(['--filter', '@roster/widgets', 'build']);
  // pnpm runs the script in apps/portal; keep the embedded database at the repository's root.
  pn(['--filter', '@roster/portal', 'start'], { env: { ROSTER_DATA_DIR: process.env.ROSTER_DATA_DIR ?? join(root, '.data') } });
} else if (task === 'test') {
  ensureChromium();
  ensurePgbouncer();
  if (!process.env.TEST_DATABASE_URL) {
    console.log('• TEST_DATABASE_URL is not set: database tests run on embedded PGlite only (CI sets it to a real PostgreSQL).');
  }
  const suites = [
    ['typecheck', ['-r', '--no-bail', 'typecheck']],
    ['contract', ['--filter', '@roster/contract', 'test']],
    ['bff', ['--filter', '@roster/bff', 'test']],
    ['widgets', ['--filter', '@roster/widgets', 'test']],
    ['widgets build', ['--filter', '@roster/widgets', 'build']],
    ['bundle size', ['--filter', '@roster/widgets', 'size']],
    ['widgets npm package', ['--filter', '@roster/widgets', 'run', 'pack']],
    ['e2e', ['--filter', '@roster/e2e', 'test']],
  ];
  const failed = [];
  let passedTests = 0;
  let failedTests = 0;
  const seconds = new Map();
  for (const [name, args] of suites) {
    console.log(`\n━━ ${name} ━━`);
    const started = Date.now();
    const result = spawnSync(p[0], [...p.slice(1), ...args], {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      env: { ...process.env, CHROME_PATH: CHROMIUM },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    process.stdout.write(result.stdout ?? '');
    process.stderr.write(result.stderr ?? '');
    if (result.status !== 0) failed.push(name);
    seconds.set(name, Math.round((Date.now() - started) / 1000));
    // Count the tests each runner reports: vitest's "Tests  N failed | M passed", web-test-runner's "N passed, M failed".
    const text = `${result.stdout}\n${result.stderr}`.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');
    const vitest = [...text.matchAll(/^\s*Tests\s+(?:(\d+) failed \| )?(?:(\d+) passed)?/gm)].at(-1);
    const wtr = [...text.matchAll(/(\d+) passed, (\d+) failed/g)].at(-1);
    if (vitest) {
      passedTests += Number(vitest[2] ?? 0);
      failedTests += Number(vitest[1] ?? 0);
    } else if (wtr) {
      passedTests += Number(wtr[1]);
      failedTests += Number(wtr[2]);
    }
  }
  console.log(`\nsuites: ${suites.map(([n]) => `${n} ${failed.includes(n) ? 'FAILED' : 'ok'} (${seconds.get(n)} s)`).join(', ')}`);
  console.log(`tests: ${passedTests} passed, ${failedTests} failed`);
  if (failed.length) {
    console.log(`failed: ${failed.join(', ')}`);
    process.exit(1);
  }
} else if (task === 'bench') {
  pn(['--filter', '@roster/widgets', 'build']);
  pn(['--filter', '@roster/widgets', 'size']);
  pn(['--filter', '@roster/bff', 'bench']);
} else {
  console.error('usage: roster.mjs start|test|bench');
  process.exit(2);
}
