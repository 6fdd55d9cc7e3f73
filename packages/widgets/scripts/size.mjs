// Gzip sizes of the widget bundle, held to two budgets (CI runs this; over budget fails):
// - up front: what <user-table> loads before anything happens (the entry and its static imports, Lit included),
//   ≤ 20 KB (ROSTER_SIZE_BUDGET_KB);
// - page total: every chunk the elements and the form may load in the page (the entry's static and dynamic imports,
//   followed through), ≤ 60 KB (ROSTER_PAGE_BUDGET_KB). Not counted, each on its own line: data loaded only for the
//   input that needs it (phone metadata when a phone is typed, the email confusables check for the first address
//   beyond ASCII), the import worker's own files (they run in the worker), and the in-page import engine, loaded
//   only where the host page forbids the worker: that page's total has its own ceiling (ROSTER_FALLBACK_BUDGET_KB).
//   A page reads one language at a time: English is built in, and of the other catalogues (one chunk per language,
//   loaded when the page's lang asks for it) the largest is counted.
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
const budget = (name, kb) => Number(process.env[name] ?? kb);
const budgets = { upFront: budget('ROSTER_SIZE_BUDGET_KB', 20), page: budget('ROSTER_PAGE_BUDGET_KB', 60), fallback: budget('ROSTER_FALLBACK_BUDGET_KB', 75) };
/** Chunks loaded only for some input or some host page, by the name the bundler gives them after their module. */
const onlyFor = {
  'phone-metadata': 'phone metadata, loaded when a phone is typed',
  'email-confusables': 'the email confusables check (Unicode tables), loaded for the first address beyond ASCII',
};
const fallbackEngine = 'engine';

const gz = (file) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
const kb = (n) => (n / 1024).toFixed(1);
const sum = (files) => [...files].reduce((s, f) => s + gz(f), 0);
const kind = (file) => file.replace(/-[\w-]{8}\.js$/, '');

/** A chunk's imports of sibling chunks: static (`import … from "./x.js"`, `import "./x.js"`) and dynamic (`import("./x.js")`, any quotes). */
function importsOf(file) {
  const code = readFileSync(join(dist, file), 'utf8');
  const statics = [...code.matchAll(/(?:^|[;\n}])\s*(?:import|export)\s*(?:[^'"`()]*?from\s*)?(["'`])\.\/([^"'`]+\.js)\1/g)].map((m) => m[2]);
  const dynamics = [...code.matchAll(/\bimport\(\s*(["'`])\.\/([^"'`]+\.js)\1\s*\)/g)].map((m) => m[2]);
  return { statics, dynamics };
}

/** `from` and what it reaches: through static imports only, or through dynamic ones too (stopping at `stop`). */
function reach(from, { dynamic, stop = () => false }) {
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file) || stop(file)) return;
    seen.add(file);
    const { statics, dynamics } = importsOf(file);
    for (const f of dynamic ? [...statics, ...dynamics] : statics) visit(f);
  };
  visit(from);
  return seen;
}

const chunks = readdirSync(dist).filter((f) => f.endsWith('.js'));
for (const name of [...Object.keys(onlyFor), fallbackEngine]) {
  if (!chunks.some((f) => kind(f) === name)) {
    console.error(`no chunk named ${name}-*.js in dist: did the chunk names change? Update scripts/size.mjs.`);
    process.exit(1);
  }
}
const initial = reach(entry, { dynamic: false });
const excluded = (f) => kind(f) in onlyFor || kind(f) === fallbackEngine;
const page = reach(entry, { dynamic: true, stop: excluded });
// The in-page engine with what it imports statically, minus what the page has anyway and the data counted apart.
const engine = chunks.find((f) => kind(f) === fallbackEngine);
const engineExtra = [...reach(engine, { dynamic: false })].filter((f) => !page.has(f) && !(kind(f) in onlyFor));

/** A language's catalogue: its chunk is named after the language (de, ar, pt-BR…). */
const isLocale = (f) => /^[a-z]{2,3}(-[A-Z][A-Za-z]+)?$/.test(kind(f));
const localeChunks = [...page].filter(isLocale);
const largestLocale = localeChunks.sort((a, b) => gz(b) - gz(a))[0];
for (const f of localeChunks) if (f !== largestLocale) page.delete(f);

const upFrontGz = sum(initial);
const pageGz = sum(page);
const fallbackGz = pageGz + sum(engineExtra);
console.log(`up front (<user-table>): ${kb(upFrontGz)} KB gzip — budget ≤ ${budgets.upFront} KB (${[...initial].join(' + ')})`);
for (const f of [...page].filter((x) => !initial.has(x))) console.log(`  + on demand: ${f} ${kb(gz(f))} KB gzip${f === largestLocale ? ' (the largest language catalogue; a page loads the one its lang asks for)' : ''}`);
console.log(`page total (all three elements and the form): ${kb(pageGz)} KB gzip — budget ≤ ${budgets.page} KB`);
console.log(`where the host page forbids the import worker: + ${engineExtra.map((f) => `${f} ${kb(gz(f))} KB`).join(' + ')} (the in-page import engine) = ${kb(fallbackGz)} KB gzip — ceiling ≤ ${budgets.fallback} KB`);
console.log('not counted:');
for (const f of chunks.filter((x) => kind(x) in onlyFor)) console.log(`  ${f} ${kb(gz(f))} KB gzip: ${onlyFor[kind(f)]}`);
const assets = join(dist, 'assets');
if (existsSync(assets)) for (const f of readdirSync(assets).filter((x) => x.endsWith('.js'))) console.log(`  assets/${f} ${kb(gz(join('assets', f)))} KB gzip: runs in its worker, not in the page`);
for (const f of localeChunks.filter((x) => x !== largestLocale)) console.log(`  ${f} ${kb(gz(f))} KB gzip: another language's catalogue, loaded instead of ${largestLocale}`);
const stray = chunks.filter((f) => !page.has(f) && !excluded(f) && !engineExtra.includes(f) && !localeChunks.includes(f));
if (stray.length) console.log(`  never loaded by the page: ${stray.join(', ')}`);

const over = [
  upFrontGz / 1024 > budgets.upFront && `up front ${kb(upFrontGz)} KB > ${budgets.upFront} KB`,
  pageGz / 1024 > budgets.page && `page total ${kb(pageGz)} KB > ${budgets.page} KB`,
  fallbackGz / 1024 > budgets.fallback && `page total with the in-page import engine ${kb(fallbackGz)} KB > ${budgets.fallback} KB`,
].filter(Boolean);
if (over.length) {
  console.error(`over budget: ${over.join('; ')}`);
  process.exit(1);
}
