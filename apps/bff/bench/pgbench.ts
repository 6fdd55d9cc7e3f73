/** The database side of a measured run: pgbench with the very SQL the BFF sends, at the same concurrency. */
import { spawn } from 'node:child_process';
import { children } from './children.js';

/** Where and how pgbench runs: the binary, the bench database, the concurrency (the same as autocannon's). */
export interface PgbenchTarget {
  binary: string;
  benchUrl: string;
  dbName: string;
  connections: number;
}

export interface PgbenchResult {
  tps: number;
  latencyMs: number;
  failed: number;
  /** Average latency per statement (ms), with -r. */
  statementMs: number[];
}

function pgbenchArgs(target: PgbenchTarget, file: string, seconds: number, perStatement: boolean): string[] {
  const u = new URL(target.benchUrl);
  const jobs = Math.min(2, target.connections);
  return ['-h', u.hostname, '-p', u.port || '5432', '-U', decodeURIComponent(u.username || 'postgres'), '-n', ...(perStatement ? ['-r'] : []), '-c', String(target.connections), '-j', String(jobs), '-T', String(seconds), '-f', file, target.dbName];
}

export function runPgbench(target: PgbenchTarget, file: string, seconds: number, perStatement = false): Promise<PgbenchResult> {
  return new Promise((resolveRun, reject) => {
    const u = new URL(target.benchUrl);
    const child = spawn(target.binary, pgbenchArgs(target, file, seconds, perStatement), {
      env: { ...process.env, ...(u.password ? { PGPASSWORD: decodeURIComponent(u.password) } : {}) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.add(child);
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), (seconds + 60) * 1000);
    child.once('error', (e) => {
      clearTimeout(timer);
      children.delete(child);
      reject(e);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      children.delete(child);
      const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(out);
      const lat = /latency average = ([\d.]+) ms/.exec(out);
      const failed = /number of failed transactions: (\d+)/.exec(out);
      if (code !== 0 || !tps) return reject(new Error(`pgbench failed (${code}): ${err.slice(-800)}${out.slice(-400)}`));
      const perLine = out.split(/statement latencies in milliseconds[^\n]*\n/)[1] ?? '';
      const statementMs = [...perLine.matchAll(/^\s+([\d.]+)\s+(?:\d+\s+)?\S/gm)].map((m) => Number(m[1]));
      resolveRun({ tps: Number(tps[1]), latencyMs: lat ? Number(lat[1]) : NaN, failed: failed ? Number(failed[1]) : 0, statementMs });
    });
  });
}
