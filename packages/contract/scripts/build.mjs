// `pnpm --filter @roster/contract build`: the contract as JavaScript in dist/, for the production BFF (apps/bff's
// build links it). The package's own exports keep pointing at src/ (tests, tsx, Vite and the widgets read the
// TypeScript sources, unchanged); dist/ gets a package.json of its own whose exports, imports and sideEffects are
// the same entry points compiled, so `node` resolves `@roster/contract` there without a loader.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const built = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);

/** `./src/x.ts` → `./x.js` in every string of an exports/imports map (conditions kept, `types` dropped). */
function compiled(value) {
  if (typeof value === 'string') return value.replace(/^\.\/src\//, './').replace(/\.ts$/, '.js');
  if (Array.isArray(value)) return value.map(compiled);
  return Object.fromEntries(Object.entries(value).filter(([k]) => k !== 'types').map(([k, v]) => [k, compiled(v)]));
}

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const dist = {
  name: pkg.name,
  version: pkg.version,
  private: true,
  type: pkg.type,
  sideEffects: compiled(pkg.sideEffects),
  exports: compiled(pkg.exports),
  imports: compiled(pkg.imports),
};
writeFileSync(join(root, 'dist', 'package.json'), `${JSON.stringify(dist, null, 2)}\n`);
