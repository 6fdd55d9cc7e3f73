/** Statistics helpers of the benchmark reports. */

/** The median (the mean of the two middle values for an even count). */
export const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

export interface Measured {
  runs: number[];
  median: number;
}
export const measured = (runs: number[]): Measured => ({ runs, median: median(runs) });

/** Seconds since `from` (a performance.now() reading). */
export const seconds = (from: number) => (performance.now() - from) / 1000;
