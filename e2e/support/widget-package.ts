import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const widgets = fileURLToPath(new URL('../../packages/widgets/', import.meta.url));
/** What the tarball is built from: when any of it is newer than the tarball, it is packed again. */
const inputs = ['src', '../contract/src', 'package.json', 'vite.package.config.ts', 'tsconfig.package.json', 'rollup.dts.config.mjs', 'custom-elements-manifest.config.mjs'];

function newest(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))));
}

/** The packed `@roster/widgets` tarball (`pnpm --filter @roster/widgets run pack`), packed again if its sources changed. */
export function widgetTarball(): string {
  const { version } = JSON.parse(readFileSync(join(widgets, 'package.json'), 'utf8')) as { version: string };
  const tarball = join(widgets, '.pack', `roster-widgets-${version}.tgz`);
  const stale = !existsSync(tarball) || Math.max(...inputs.map((p) => newest(join(widgets, p)))) > statSync(tarball).mtimeMs;
  if (stale) execFileSync('pnpm', ['--filter', '@roster/widgets', 'run', 'pack'], { stdio: ['ignore', 'ignore', 'inherit'] });
  return tarball;
}
