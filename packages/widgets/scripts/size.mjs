// Prints the gzip size of the widget bundle with everything it loads (Lit included).
import { readFileSync, existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const path = fileURLToPath(new URL('../dist/roster-widgets.js', import.meta.url));
if (!existsSync(path)) {
  console.error('dist/roster-widgets.js is missing: run `pnpm --filter @roster/widgets build` first');
  process.exit(1);
}
const raw = readFileSync(path);
const gz = gzipSync(raw, { level: 9 });
const kb = (n) => (n / 1024).toFixed(1);
console.log(`user-table bundle: ${kb(gz.length)} KB gzip (raw ${kb(raw.length)} KB) — target ≤ 20 KB gzip`);
if (process.env.ROSTER_SIZE_BUDGET_KB && gz.length / 1024 > Number(process.env.ROSTER_SIZE_BUDGET_KB)) process.exit(1);
