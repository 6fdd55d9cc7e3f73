/**
 * CPU of the import pipeline in Node, on the browser benchmark's rows (packages/widgets/bench/import-worker.mjs):
 * the floor (bare libphonenumber-js parse + isValid of the phone column) and the contract's pipeline, side by side.
 *
 *   cd packages/contract && flock /tmp/roster-bench.lock node --import tsx bench/import-cpu.ts   (add --cpu-prof to profile)
 *
 * Environment: BENCH_ROWS (default 100000), BENCH_ROUNDS (default 5), NO_FLOOR=1 to run the pipeline alone.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/core';
import { detectColumns, parseImportText, profilePresets, rowsFromTable, validateImportRows } from '../src/index.js';
import { phoneMetadata } from '../src/phone-metadata.js';

const N = Number(process.env.BENCH_ROWS ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const FIRST = ['Anna', 'Jörg', 'Zoë', 'Mehmet', 'Søren', 'Priya', 'José', 'Li', 'Olga', 'Carl'];
const LAST = ['Berg', 'Müller', 'O’Brien', 'Nguyen', 'García', 'Smith', 'Kowalski', 'Dubois', 'Rossi', 'Ivanova'];
const phones: string[] = new Array(N);
const lines = ['First name\tLast name\tEmail\tPhone'];
for (let i = 0; i < N; i++) {
  const d = String(i % 10000).padStart(4, '0');
  const phone = i % 2 ? "'+49 30 9018" + d : '+1 650 253 ' + d;
  phones[i] = phone.replace("'", '');
  lines.push(FIRST[i % 10] + '\t' + LAST[(i * 7) % 10] + '\tuser' + i + '@bench.example\t' + phone);
}
const text = lines.join('\r\n');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const floor: number[] = [];
const pipeline: number[] = [];
for (let r = 0; r < ROUNDS; r++) {
  let t = performance.now();
  let valid = 0;
  if (!process.env.NO_FLOOR) for (const p of phones) if (parsePhoneNumberFromString(p, phoneMetadata)?.isValid()) valid++;
  floor.push(performance.now() - t);
  t = performance.now();
  const table = parseImportText(text, 'clipboard');
  const parsed = performance.now();
  const mapping = detectColumns(table.rows, profilePresets.default);
  const rows = rowsFromTable(table.rows, mapping);
  const mapped = performance.now();
  const result = validateImportRows(rows, { profile: profilePresets.default, metadata: phoneMetadata, kind: 'technician', catalog: { roles: [], groups: [], organizations: [], granted: new Set() } }, undefined, false);
  const end = performance.now();
  pipeline.push(end - t);
  console.log(`round ${r}: floor ${Math.round(floor[r]!)} ms (${valid} valid) · pipeline ${Math.round(end - t)} ms = parse ${Math.round(parsed - t)} + map ${Math.round(mapped - parsed)} + validate ${Math.round(end - mapped)} (${result.invalidRows} invalid)`);
}
console.log(`median: floor ${Math.round(median(floor))} ms · pipeline ${Math.round(median(pipeline))} ms · ratio ${(median(floor) / median(pipeline)).toFixed(2)}`);
