/**
 * CPU of the import pipeline in Node, on the browser benchmark's rows and with its measurement (bench-rows.ts,
 * side-by-side.ts): the floor (bare libphonenumber-js parse + isValid of the phone column) and the contract's
 * pipeline, side by side. For profiling what the browser bench measures:
 *
 *   cd packages/contract && node --import tsx bench/import-cpu.ts        (add --cpu-prof to profile)
 *
 * Environment: BENCH_ROWS (default 100000), BENCH_ROUNDS (default 5), NO_FLOOR=1 to skip the floor.
 */
import { benchImportRows } from './bench-rows.js';
import { sideBySide } from './side-by-side.js';

const { text, phones } = benchImportRows(Number(process.env.BENCH_ROWS ?? 100_000));
const s = sideBySide(text, phones, Number(process.env.BENCH_ROUNDS ?? 5), !process.env.NO_FLOOR);
s.pipeline.forEach((ms, r) => {
  const p = s.parts[r]!;
  console.log(`round ${r}: floor ${Math.round(s.floor[r]!)} ms · pipeline ${Math.round(ms)} ms = parse ${Math.round(p.parse)} + map ${Math.round(p.map)} + validate ${Math.round(p.validate)}`);
});
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`median: floor ${Math.round(median(s.floor))} ms (${s.valid} valid) · pipeline ${Math.round(median(s.pipeline))} ms (${s.invalid} invalid) · ratio ${(median(s.floor) / median(s.pipeline)).toFixed(2)}`);
