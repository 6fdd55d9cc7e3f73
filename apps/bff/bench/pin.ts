/**
 * BENCH_PIN=1: the database on its own core, as in a fleet where the BFF instances run on other machines.
 *
 * PostgreSQL's processes (the postmaster, so every backend forked later too) are pinned to CPU 0, and this process
 * (so the BFF child, autocannon and pgbench's client started later) to CPU 1. Both the BFF run and the pgbench run of
 * a scenario then measure what one core of PostgreSQL serves, side by side: their ratio is what the BFF's requests
 * cost the shared database against the page's statement alone, without the BFF's own CPU taking from PostgreSQL's.
 * Everything is put back on every core when the script exits. Linux only (taskset); needs the right to set the
 * affinity of PostgreSQL's processes (root, or the postgres user).
 */
import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';

const all = `0-${cpus().length - 1}`;

function postgresPids(): number[] {
  try {
    return execFileSync('pgrep', ['-x', 'postgres'], { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function setAffinity(pid: number, list: string): void {
  try {
    execFileSync('taskset', ['-a', '-p', '-c', list, String(pid)], { stdio: 'ignore' });
  } catch {
    // a backend that ended meanwhile
  }
}

/** Pins PostgreSQL to CPU 0 and this process to CPU 1; returns a description for the report, or null when off. */
export function pinIfAsked(): string | null {
  if (process.env.BENCH_PIN !== '1') return null;
  if (cpus().length < 2) throw new Error('BENCH_PIN=1 needs at least 2 CPUs');
  const pids = postgresPids();
  if (pids.length === 0) throw new Error('BENCH_PIN=1: no postgres process found on this machine (pgrep -x postgres)');
  for (const pid of pids) setAffinity(pid, '0');
  setAffinity(process.pid, '1');
  process.on('exit', () => {
    for (const pid of postgresPids()) setAffinity(pid, all);
  });
  return `pinned: PostgreSQL (${pids.length} processes, and the backends forked later) on CPU 0; the benchmark, the BFF, autocannon and pgbench's client on CPU 1`;
}
