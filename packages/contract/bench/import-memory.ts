/**
 * Memory of a 10 MB paste: how many copies of the text the contract's import pipeline holds at its peak.
 *
 *   pnpm --filter @roster/contract bench:memory
 *
 * Builds a 10 MB tab-separated paste (100,000 rows: names, email, phone), then measures the JS heap (after a full
 * GC) holding the text alone, after parsing, after mapping and after validating, and the peak sampled during the
 * run. Reported as multiples of the text's own size in the heap.
 */
import { detectColumns, MAX_IMPORT_BYTES, parseImportText, profilePresets, rowsFromTable, validateImportRows } from '../src/index.js';
import { phoneMetadata } from '../src/phone-metadata.js';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc (the bench:memory script does)');
const heap = () => {
  gc();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
};

const ROWS = 100_000;
// The paste is written to a file first and read back, so that the heap holds the text and nothing left from making it.
const file = join(tmpdir(), 'roster-import-memory.tsv');
{
  const lines = ['First name\tLast name\tEmail\tPhone\tNotes'];
  for (let i = 0; i < ROWS; i++) {
    const d = String(i % 10000).padStart(4, '0');
    lines.push(`Anna${i}\tBerg\tanna.berg.${i}@example.com\t+49 30 9018${d}\tnotes`);
  }
  // Pad every row's Notes cell so that the paste is 10 MB (the limit), as a real sheet with more columns would be.
  const pad = Math.max(0, Math.floor((MAX_IMPORT_BYTES - lines.join('\r\n').length) / ROWS) - 2);
  writeFileSync(file, lines.map((l, i) => (i === 0 ? l : l + 'x'.repeat(pad))).join('\r\n'));
}
const base = heap();
const text = readFileSync(file, 'latin1');
rmSync(file);
/** One byte per character: the text is ASCII, stored one byte per character in V8. */
const textBytes = text.length;
const withText = heap() - base;

let peak = 0;
const sampler = setInterval(() => {
  const m = process.memoryUsage();
  peak = Math.max(peak, m.heapUsed + m.external - base);
}, 5);
const table = parseImportText(text, 'clipboard');
const afterParse = heap() - base;
const rows = rowsFromTable(table.rows, detectColumns(table.rows, profilePresets.default));
const afterMap = heap() - base;
const result = validateImportRows(rows, { profile: profilePresets.default, metadata: phoneMetadata, kind: 'technician', catalog: { roles: [], groups: [], organizations: [], granted: new Set() } });
const afterValidate = heap() - base;
clearInterval(sampler);
peak = Math.max(peak, afterValidate);

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
/** What the pipeline holds beyond the heap it started with, in copies of the text (one byte per character). */
const x = (n: number) => `${((n - withText) / textBytes).toFixed(1)}×`;
console.log(`# Import memory — a ${(text.length / 1024 / 1024).toFixed(1)} MB paste, ${ROWS.toLocaleString('en')} rows (${result.invalidRows} invalid)`);
console.log('');
console.log('Command: `pnpm --filter @roster/contract bench:memory` (node --expose-gc; JS heap and external strings after a full GC, and the peak sampled every 5 ms).');
console.log('');
console.log('| held | heap above the start | the pipeline’s own, in copies of the text |');
console.log('|---|---:|---:|');
console.log(`| the text | ${mb(withText)} | – |`);
console.log(`| + parsed table | ${mb(afterParse)} | ${x(afterParse)} |`);
console.log(`| + mapped rows | ${mb(afterMap)} | ${x(afterMap)} |`);
console.log(`| + validation results (values kept, as on the server) | ${mb(afterValidate)} | ${x(afterValidate)} |`);
console.log(`| peak while running | ${mb(peak)} | ${x(peak)} |`);
void table;
void rows;
void result;
