// Gzip sizes of the widget bundle: what <user-table> loads up front (the entry and its static imports,
// Lit included) against the ≤ 20 KB target, and the chunks loaded on demand (the user form, phone metadata).
import { readFileSync, existsSync, readdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const entry = 'roster-widgets.js';
if (!existsSync(join(dist, entry))) {
  console.error('dist/roster-widgets.js is missing: run `pnpm --filter @roster/widgets build` first');
  process.exit(1);
}
const gz = (file) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
const kb = (n) => (n / 1024).toFixed(1);

const initial = new Set();
const visit = (file) => {
  if (initial.has(file)) return;
  initial.add(file);
  const code = readFileSync(join(dist, file), 'utf8');
  for (const m of code.matchAll(/(?:^|[;\n])\s*import\s*(?:[^'"()]*?from\s*)?["']\.\/([^"']+)["']/g)) visit(m[1]);
};
visit(entry);
const initialGz = [...initial].reduce((sum, f) => sum + gz(f), 0);
const lazy = readdirSync(dist).filter((f) => f.endsWith('.js') && !initial.has(f));
console.log(`user-table bundle: ${kb(initialGz)} KB gzip up front (${[...initial].join(' + ')}) — target ≤ 20 KB gzip`);
for (const f of lazy) console.log(`  on demand: ${f} ${kb(gz(f))} KB gzip`);
const assets = join(dist, 'assets');
if (existsSync(assets)) for (const f of readdirSync(assets).filter((x) => x.endsWith('.js'))) console.log(`  in its worker: assets/${f} ${kb(gz(join('assets', f)))} KB gzip`);
if (initialGz / 1024 > Number(process.env.ROSTER_SIZE_BUDGET_KB ?? 20)) {
  console.error(`over budget: ${kb(initialGz)} KB > ${process.env.ROSTER_SIZE_BUDGET_KB ?? 20} KB`);
  process.exit(1);
}
