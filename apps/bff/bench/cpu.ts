/**
 * Where the CPU went during one run (Linux /proc; empty elsewhere): the BFF process, the load generator
 * (this process for autocannon, pgbench's process), PostgreSQL's processes, and everything else on the machine.
 * On a small shared machine "other" tells whether a run was disturbed.
 */
import { readFileSync, readdirSync } from 'node:fs';

const TICKS = 100; // USER_HZ on Linux

export interface CpuShare {
  /** Percent of one core. */
  bff: number;
  loadgen: number;
  postgres: number;
  other: number;
  /** Percent of the whole machine busy (all cores). */
  machineBusy: number;
}

interface Snapshot {
  at: number;
  procs: Map<number, { ticks: number; comm: string }>;
  busy: number;
  total: number;
}

function snapshot(): Snapshot | null {
  try {
    const stat = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const idle = (stat[3] ?? 0) + (stat[4] ?? 0);
    const total = stat.slice(0, 8).reduce((a, b) => a + b, 0);
    const procs = new Map<number, { ticks: number; comm: string }>();
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      try {
        const raw = readFileSync(`/proc/${name}/stat`, 'utf8');
        const close = raw.lastIndexOf(')');
        const comm = raw.slice(raw.indexOf('(') + 1, close);
        const fields = raw.slice(close + 2).split(' ');
        procs.set(Number(name), { ticks: Number(fields[11]) + Number(fields[12]), comm });
      } catch {
        // the process exited meanwhile
      }
    }
    return { at: performance.now(), procs, busy: total - idle, total };
  } catch {
    return null;
  }
}

/** Starts a measurement; the returned function ends it. `loadgenComm` names the load generator's processes. */
export function measureCpu(bffPid: number | undefined, loadgenComm?: string): () => CpuShare | null {
  const a = snapshot();
  return () => {
    const b = snapshot();
    if (!a || !b) return null;
    const seconds = (b.at - a.at) / 1000;
    const share = { bff: 0, loadgen: 0, postgres: 0, other: 0 };
    for (const [pid, p] of b.procs) {
      const before = a.procs.get(pid);
      const ticks = p.ticks - (before && before.comm === p.comm ? before.ticks : 0);
      if (ticks <= 0) continue;
      const pct = (ticks / TICKS / seconds) * 100;
      if (pid === bffPid) share.bff += pct;
      else if (pid === process.pid || (loadgenComm && p.comm === loadgenComm)) share.loadgen += pct;
      else if (p.comm === 'postgres') share.postgres += pct;
      else share.other += pct;
    }
    const machineBusy = b.total > a.total ? ((b.busy - a.busy) / (b.total - a.total)) * 100 : 0;
    return { ...share, machineBusy };
  };
}
