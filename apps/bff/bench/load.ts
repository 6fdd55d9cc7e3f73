/** The HTTP side of a measured run: autocannon against the BFF, and the CPU shares measured inside a run. */
import autocannon from 'autocannon';
import { measureCpu, type CpuShare } from './cpu.js';

export interface HttpResult {
  rps: number;
  p50: number;
  p99: number;
  meanMs: number;
  non2xx: number;
  errors: number;
}

export async function cannon(url: string, headers: Record<string, string>, duration: number, connections: number): Promise<HttpResult> {
  const r = await autocannon({ url, connections, duration, headers, timeout: 30 });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, meanMs: r.latency.average, non2xx: r.non2xx, errors: r.errors };
}

/** CPU shares measured inside a run (from 1 s after its start to 1 s before its end, while all its processes live). */
export async function withCpu<T>(seconds: number, bffPid: number | undefined, loadgenComm: string | undefined, run: () => Promise<T>): Promise<[T, CpuShare | null]> {
  const from = seconds >= 4 ? 1000 : 0;
  const to = seconds >= 4 ? (seconds - 1) * 1000 : seconds * 800;
  let end: (() => CpuShare | null) | undefined;
  let share: CpuShare | null = null;
  const startTimer = setTimeout(() => (end = measureCpu(bffPid, loadgenComm)), from);
  const endTimer = setTimeout(() => (share = end?.() ?? null), to);
  try {
    const result = await run();
    return [result, share];
  } finally {
    clearTimeout(startTimer);
    clearTimeout(endTimer);
  }
}
