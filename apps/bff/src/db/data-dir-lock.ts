import { mkdirSync, readFileSync, statSync, writeFileSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import lockfile from 'proper-lockfile';
import { log } from '../observability/log.js';

/**
 * One process per PGlite data directory. PGlite is PostgreSQL in single-user mode: it takes no lock of its own, so
 * two processes on one directory both start and both write, and lose rows and corrupt indexes between them.
 *
 * The lock is proper-lockfile's: an atomic `mkdir` of `<dir>.lock`, whose mtime the holder refreshes every
 * UPDATE_MS. A holder that died without releasing it (kill -9, power cut) stops refreshing it, and after STALE_MS
 * the next process takes it over. Besides the lock, `<dir>.lock.json` names the holder (pid, host, start): the
 * message says who holds the directory, and a holder alive on this host is refused at once even when its event
 * loop was too busy to refresh the mtime in time (proper-lockfile alone would then call the lock stale).
 */
const STALE_MS = 10_000;
const UPDATE_MS = 2_000;
/** A lock not refreshed for this long is stale whatever its holder file says (its pid may have been reused). */
const ABANDONED_MS = 6 * STALE_MS;

interface Owner {
  pid: number;
  host: string;
  startedAt: string;
}

export class DataDirInUseError extends Error {
  readonly code = 'ROSTER_DATA_DIR_IN_USE';
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOwner(file: string): Owner | null {
  try {
    const o = JSON.parse(readFileSync(file, 'utf8')) as Partial<Owner>;
    return typeof o.pid === 'number' && typeof o.host === 'string' ? { pid: o.pid, host: o.host, startedAt: String(o.startedAt ?? '') } : null;
  } catch {
    return null;
  }
}

function lockAgeMs(lockPath: string): number | null {
  try {
    return Date.now() - statSync(lockPath).mtimeMs;
  } catch {
    return null;
  }
}

function inUse(dir: string, owner: Owner | null): DataDirInUseError {
  const who = owner ? `process ${owner.pid} on ${owner.host}${owner.startedAt ? `, running since ${owner.startedAt}` : ''}` : 'another process';
  return new DataDirInUseError(
    `Roster cannot start: the data directory ${dir} is in use by ${who}. ` +
      'Only one process may use a PGlite data directory at a time (two corrupt it): stop the other process first, ' +
      'or give this one its own ROSTER_DATA_DIR (or use PostgreSQL with DATABASE_URL for several instances).',
  );
}

/**
 * Takes the data directory for this process, or throws DataDirInUseError naming the directory and its holder.
 * Resolves to the release function (also run by proper-lockfile when the process exits normally).
 */
export async function lockDataDir(dir: string, options: { onCompromised?: (err: Error) => void } = {}): Promise<() => Promise<void>> {
  mkdirSync(dir, { recursive: true });
  const lockPath = `${dir}.lock`;
  const ownerPath = `${dir}.lock.json`;
  const previous = readOwner(ownerPath);
  if (previous && previous.host === hostname() && previous.pid !== process.pid && pidAlive(previous.pid)) {
    const age = lockAgeMs(lockPath);
    if (age !== null && age < ABANDONED_MS) throw inUse(dir, previous);
  }
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(dir, {
      lockfilePath: lockPath,
      realpath: false,
      stale: STALE_MS,
      update: UPDATE_MS,
      // A holder that died moments ago left a fresh lock: wait until proper-lockfile calls it stale, then take it.
      retries: { retries: Math.ceil((STALE_MS + 2_000) / 500), factor: 1, minTimeout: 500, maxTimeout: 500 },
      onCompromised:
        options.onCompromised ??
        ((err) => {
          // Another process took the directory (this one's lock went stale or was removed): stop writing at once.
          log().fatal({ dataDir: dir, err }, 'Roster stops: the lock on the data directory was lost; another process may be using it');
          process.exit(1);
        }),
    });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ELOCKED') throw inUse(dir, readOwner(ownerPath));
    throw e;
  }
  const owner: Owner = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
  writeFileSync(ownerPath, JSON.stringify(owner));
  let released = false;
  return async () => {
    if (released) return;
    released = true;
    const current = readOwner(ownerPath);
    if (current?.pid === owner.pid && current.host === owner.host) rmSync(ownerPath, { force: true });
    await release();
  };
}
