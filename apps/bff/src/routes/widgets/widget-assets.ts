import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The built elements (`pnpm --filter @roster/widgets build`), served by the BFF under `/widgets/` so a host page on
 * any origin can load them from Roster itself. Only the files the build's `manifest.json` lists are served (no path
 * from a request ever reaches the file system), each read once and kept in memory (the whole bundle is about 1 MB
 * with its source maps). A rebuild while the process runs is picked up: the manifest's modification time is checked
 * at most once a second.
 */
export interface WidgetFile {
  body: Uint8Array;
  type: string;
  /** Content-hashed name: cached for a year. The entry and the manifest are revalidated with their ETag instead. */
  immutable: boolean;
  /** Strong validator: the file's SRI hash (sha384), so it changes exactly when the bytes do. */
  etag: string;
}

interface Manifest {
  entry: string;
  files: Record<string, { integrity: string; bytes: number; immutable: boolean }>;
}

export interface WidgetAssets {
  /** A file by its path under /widgets/ (`roster-widgets.js`, `assets/import.worker-….js`, `manifest.json`); null when not listed. */
  get(path: string): WidgetFile | null;
  /** False when the bundle has not been built (the entry then answers 503 with what to run). */
  built(): boolean;
}

const typeOf = (path: string) => (path.endsWith('.map') || path.endsWith('.json') ? 'application/json; charset=utf-8' : 'text/javascript; charset=utf-8');

export function widgetAssets(dir: string | undefined): WidgetAssets {
  let checkedAt = 0;
  let mtime = -1;
  let manifest: Manifest | null = null;
  let manifestFile: WidgetFile | null = null;
  const cache = new Map<string, WidgetFile>();

  function refresh() {
    const now = Date.now();
    if (!dir || now - checkedAt < 1000) return;
    checkedAt = now;
    const path = join(dir, 'manifest.json');
    let m: number;
    try {
      m = statSync(path).mtimeMs;
    } catch {
      manifest = null;
      manifestFile = null;
      cache.clear();
      return;
    }
    if (m === mtime) return;
    mtime = m;
    const bytes = readFileSync(path);
    manifest = JSON.parse(bytes.toString('utf8')) as Manifest;
    manifestFile = { body: new Uint8Array(bytes), type: typeOf(path), immutable: false, etag: `"sha256-${createHash('sha256').update(bytes).digest('base64')}"` };
    cache.clear();
  }

  return {
    built() {
      refresh();
      return manifest !== null;
    },
    get(path) {
      refresh();
      if (!dir || !manifest) return null;
      if (path === 'manifest.json') return manifestFile;
      const entry = Object.hasOwn(manifest.files, path) ? manifest.files[path]! : null;
      if (!entry) return null;
      let file = cache.get(path);
      if (!file) {
        let body: Uint8Array;
        try {
          body = new Uint8Array(readFileSync(join(dir, path)));
        } catch {
          return null;
        }
        file = { body, type: typeOf(path), immutable: entry.immutable, etag: `"${entry.integrity}"` };
        cache.set(path, file);
      }
      return file;
    },
  };
}
