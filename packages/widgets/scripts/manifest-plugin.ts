// Writes dist/manifest.json after a build: every file the bundle may load, with its Subresource Integrity hash
// (sha384, as browsers check `integrity`), its size, and whether its name carries a content hash (served immutable).
// The BFF serves exactly the files listed here under /widgets/, and a host can pin `integrity` from it.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import type { Plugin, ResolvedConfig } from 'vite';

/** The one file whose name stays the same from build to build: hosts link to it. */
export const ENTRY = 'roster-widgets.js';

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? walk(join(dir, d.name)) : [join(dir, d.name)]));
}

export interface WidgetManifest {
  entry: string;
  files: Record<string, { integrity: string; bytes: number; immutable: boolean }>;
}

export function writeManifest(dist: string): WidgetManifest {
  const files: WidgetManifest['files'] = {};
  for (const path of walk(dist).sort()) {
    const name = relative(dist, path).split(sep).join('/');
    // What the bundle loads: its modules and their source maps (nothing else in the directory is served).
    if (!name.endsWith('.js') && !name.endsWith('.js.map')) continue;
    const bytes = readFileSync(path);
    files[name] = {
      integrity: `sha384-${createHash('sha384').update(bytes).digest('base64')}`,
      bytes: bytes.length,
      immutable: name !== ENTRY && name !== `${ENTRY}.map`,
    };
  }
  const manifest = { entry: ENTRY, files };
  writeFileSync(join(dist, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/** Vite plugin: the manifest is written once every file is on disk (after minification). */
export function sriManifest(): Plugin {
  let outDir = '';
  return {
    name: 'roster-sri-manifest',
    apply: 'build',
    configResolved(config: ResolvedConfig) {
      outDir = resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      writeManifest(outDir);
    },
  };
}
