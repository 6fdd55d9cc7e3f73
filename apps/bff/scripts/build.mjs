// `pnpm --filter @roster/bff build` (the root's `npm run build` runs it after the contract's): the BFF as
// JavaScript in dist/, run by `node dist/cli/serve.js` and `node dist/cli/migrate.js` without tsx. tsc compiles
// src/ (migrations included: migrate.ts imports each one); the worker threads' CommonJS boot file is copied as it
// is; and dist/node_modules/@roster/contract links to the contract's build (packages/contract/dist, whose
// package.json maps the same entry points to JavaScript), which Node finds before the workspace's link to the
// TypeScript sources.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const contractDist = join(root, '..', '..', 'packages', 'contract', 'dist');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const built = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);

copyFileSync(join(root, 'src', 'worker-boot.cjs'), join(root, 'dist', 'worker-boot.cjs'));

if (!existsSync(join(contractDist, 'package.json'))) {
  console.error('packages/contract/dist is missing: build @roster/contract first (npm run build builds both).');
  process.exit(1);
}
const link = join(root, 'dist', 'node_modules', '@roster', 'contract');
mkdirSync(dirname(link), { recursive: true });
rmSync(link, { recursive: true, force: true });
symlinkSync(relative(dirname(link), contractDist), link, 'junction');
