// Gzip sizes of the widget bundle, held to two budgets (CI runs this; over budget fails):
// - up front: what <user-table> loads before anything happens (the entry and its static imports, Lit included),
//   ≤ 20 KB (ROSTER_SIZE_BUDGET_KB);
// - every screen: what a page has loaded once a person has opened one screen — the up-front bundle, the screen's own
//   chunks and everything they may load in turn (static and dynamic imports, followed through, stopping at another
//   screen's chunks) — ≤ 60 KB (ROSTER_PAGE_BUDGET_KB) for each: the table with its dialogs and form, a user's page,
//   the import, the role editor, the organizations, integrations and attributes panels, the account panel. A screen is found by the source module its chunk holds (the source
//   maps say which). Not counted, each on its own line: data loaded only for the input that needs it (phone metadata
//   when a phone is typed, the email confusables check for the first address beyond ASCII), the import worker's own
//   files (they run in the worker), and the in-page import engine, loaded only where the host page forbids the worker:
//   the import screen with it has its own ceiling (ROSTER_ENGINE_BUDGET_KB, 82 KB: the engine checks custom attribute
//   cells too since issue 17; every other stacked screen stays within ROSTER_FALLBACK_BUDGET_KB, 80 KB). Nor is the idle warning, loaded only by
//   `<account-panel session>` on Roster's own /account page (a host's page, with a token, never loads it): the panel
//   with it has that ceiling too.
//   A page reads one language at a time: English is built in, and of the other catalogues (one chunk per language,
//   loaded when the page's lang asks for it) the largest is counted in every screen.
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
const budgets = { upFront: budget('ROSTER_SIZE_BUDGET_KB', 20), page: budget('ROSTER_PAGE_BUDGET_KB', 60), fallback: budget('ROSTER_FALLBACK_BUDGET_KB', 80), inPageEngine: budget('ROSTER_ENGINE_BUDGET_KB', 82) };
/** Chunks loaded only for some input or some host page, by the name the bundler gives them after their module. */
const onlyFor = {
  'phone-metadata': 'phone metadata, loaded when a phone is typed',
  'email-confusables': 'the email confusables check (Unicode tables), loaded for the first address beyond ASCII',
};
const fallbackEngine = 'engine';
/** The chunk only `<account-panel session>` loads (Roster's own /account page): the idle warning. */
const sessionOnly = 'idle-watch';
/**
 * Each screen by the source modules its own chunks hold, and the screen it is opened from (whose files the page has
 * already): the table loads its dialogs as soon as it knows the caller's permissions, and the form, a user's page, the
 * import, the role editor and the organizations and integrations panels open from it. A screen whose module is not in the build is reported, not counted.
 */
const screens = {
  'the table': { modules: ['src/user-table/dialogs.ts'] },
  'the add/edit form': { modules: ['src/user-form/user-form.ts'], from: 'the table' },
  "a user's page": { modules: ['src/user-sheet/user-sheet.ts'], from: 'the table' },
  'the import': { modules: ['src/import-modal/import-modal.ts'], from: 'the table' },
  'the role editor': { modules: ['src/role-editor/role-editor.ts'], from: 'the table' },
  'the organizations panel': { modules: ['src/organizations-panel/organizations-panel.ts'], from: 'the table' },
  'the integrations panel': { modules: ['src/integrations-panel/integrations-panel.ts'], from: 'the table' },
  'the attributes panel': { modules: ['src/attributes-panel/attributes-panel.ts'], from: 'the table' },
  // The "Add filter" chips: loaded with the table's lookups, on top of its dialogs.
  'the table with its filter chips': { modules: ['src/filter-chips/filter-chips.ts'], from: 'the table' },
  'the account panel': { modules: ['src/account-panel/account-panel.ts'] },
  // A screen opened on top of another keeps both in the page: held to the ceiling of such pages (the import with its
  // in-page engine is the other), not to the budget of one screen.
  "a user's page with its edit form open": { modules: ['src/user-form/user-form.ts'], from: "a user's page", stacked: true },
  // The Status tab's sessions and suspension, loaded with that tab on top of the page.
  "a user's page on its Status tab": { modules: ['src/sign-in-state/sign-in-state.ts'], from: "a user's page", stacked: true },
  // The Attributes tab's editor (with the contract's value rules), loaded with that tab on top of the page.
  "a user's page on its Attributes tab": { modules: ['src/user-attributes/user-attributes.ts'], from: "a user's page", stacked: true },
  // The History tab's rendering, loaded with that tab on top of the page.
  "a user's page on its History tab": { modules: ['src/user-sheet/history-tab.ts'], from: "a user's page", stacked: true },
  // The import's template and its rules, built when a person asks to download them.
  'the import with its template downloaded': { modules: ['src/import-modal/template-download.ts'], from: 'the import', stacked: true },
  // The authenticator's QR code, drawn when a person enrols one.
  'the account panel enrolling an authenticator': { modules: ['src/account-panel/qr-code.ts'], from: 'the account panel', stacked: true },
  // The "View as" dialog, loaded when its button is pressed, on top of the page.
  "a user's page with View as open": { modules: ['src/view-as/view-as.ts'], from: "a user's page", stacked: true },
};

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

/**
 * `from` and what it reaches: through static imports only, or through dynamic ones too. `stop` ends the walk at a file
 * reached dynamically (another screen, opened from this one); what a file imports statically it needs, and is followed.
 */
function reach(from, { dynamic, stop = () => false }) {
  const seen = new Set();
  const visit = (file, viaDynamic) => {
    if (seen.has(file) || (viaDynamic && stop(file))) return;
    seen.add(file);
    const { statics, dynamics } = importsOf(file);
    for (const f of statics) visit(f, false);
    if (dynamic) for (const f of dynamics) visit(f, true);
  };
  visit(from, false);
  return seen;
}

const chunks = readdirSync(dist).filter((f) => f.endsWith('.js'));
for (const name of [...Object.keys(onlyFor), fallbackEngine, sessionOnly]) {
  if (!chunks.some((f) => kind(f) === name)) {
    console.error(`no chunk named ${name}-*.js in dist: did the chunk names change? Update scripts/size.mjs.`);
    process.exit(1);
  }
}
/** The source modules a chunk was built from, relative to the package (its source map's `sources`). */
const sourcesOf = (file) => {
  const map = join(dist, `${file}.map`);
  return existsSync(map) ? JSON.parse(readFileSync(map, 'utf8')).sources.map((s) => s.replace(/^(\.\.\/)+(packages\/widgets\/)?/, '')) : [];
};
const initial = reach(entry, { dynamic: false });
const excluded = (f) => kind(f) in onlyFor || kind(f) === fallbackEngine || kind(f) === sessionOnly;
/**
 * A language's words: the main catalogue's chunk is named after the language (de, ar, pt-BR…), a screen's words after
 * the screen's module and the language (user-sheet.de). A page shows one language: of each set, the largest counts.
 */
const localeOf = (f) => /^(?:(.+)\.)?([a-z]{2,3}(-[A-Z][A-Za-z]+)?)$/.exec(kind(f));
const isLocale = (f) => localeOf(f) !== null;
const stemOf = (f) => localeOf(f)?.[1] ?? '';
const localeChunks = chunks.filter(isLocale);
const largestOf = (stem) => localeChunks.filter((f) => stemOf(f) === stem).sort((a, b) => gz(b) - gz(a))[0];
const largestLocale = largestOf('');

const rootsOf = Object.fromEntries(Object.entries(screens).map(([name, { modules }]) => [name, chunks.filter((f) => !initial.has(f) && sourcesOf(f).some((s) => modules.includes(s)))]));
const allRoots = new Set(Object.values(rootsOf).flat());
const filesOf = {};
/** A screen: what the page has (the up-front bundle, or the screen it opens from), its own chunks and what they reach, the largest catalogue in place of any other. */
function screenFiles(name, roots) {
  const from = screens[name].from;
  const files = new Set(from && filesOf[from] ? filesOf[from] : initial);
  for (const root of roots) for (const f of reach(root, { dynamic: true, stop: (x) => excluded(x) || (allRoots.has(x) && !roots.includes(x)) })) files.add(f);
  const stems = new Set([...files].filter(isLocale).map(stemOf).concat(largestLocale ? [''] : []));
  for (const f of [...files]) if (isLocale(f)) files.delete(f);
  for (const stem of stems) files.add(largestOf(stem));
  return files;
}

const upFrontGz = sum(initial);
console.log(`up front (<user-table>): ${kb(upFrontGz)} KB gzip — budget ≤ ${budgets.upFront} KB (${[...initial].join(' + ')})`);
const over = [upFrontGz / 1024 > budgets.upFront && `up front ${kb(upFrontGz)} KB > ${budgets.upFront} KB`];
const counted = new Set(initial);
let importScreen = null;
for (const [name, roots] of Object.entries(rootsOf)) {
  if (!roots.length) {
    console.log(`${name}: not in this build`);
    continue;
  }
  const files = screenFiles(name, roots);
  filesOf[name] = files;
  for (const f of files) counted.add(f);
  if (name === 'the import') importScreen = files;
  const total = sum(files);
  const from = screens[name].from && filesOf[screens[name].from] ? screens[name].from : 'up front';
  const base = from === 'up front' ? initial : filesOf[from];
  const own = [...files].filter((f) => !base.has(f));
  const limit = screens[name].stacked ? budgets.fallback : budgets.page;
  console.log(`${name}: ${kb(total)} KB gzip — ${screens[name].stacked ? 'ceiling' : 'budget'} ≤ ${limit} KB (${from} + ${own.map((f) => `${f} ${kb(gz(f))}`).join(' + ')})`);
  over.push(total / 1024 > limit && `${name} ${kb(total)} KB > ${limit} KB`);
}
// The in-page engine with what it imports statically, minus what the import screen has anyway and the data counted apart.
const engine = chunks.find((f) => kind(f) === fallbackEngine);
const engineExtra = [...reach(engine, { dynamic: false })].filter((f) => !(importScreen ?? initial).has(f) && !(kind(f) in onlyFor));
const fallbackGz = sum(importScreen ?? initial) + sum(engineExtra);
console.log(`the import where the host page forbids its worker: + ${engineExtra.map((f) => `${f} ${kb(gz(f))} KB`).join(' + ')} (the in-page import engine) = ${kb(fallbackGz)} KB gzip — ceiling ≤ ${budgets.inPageEngine} KB`);
over.push(fallbackGz / 1024 > budgets.inPageEngine && `the import with the in-page engine ${kb(fallbackGz)} KB > ${budgets.inPageEngine} KB`);
// The account panel in session mode: with the idle warning and what it imports that the panel has not.
const panel = filesOf['the account panel'];
if (panel) {
  const idle = chunks.find((f) => kind(f) === sessionOnly);
  const idleExtra = [...reach(idle, { dynamic: false })].filter((f) => !panel.has(f));
  const sessionGz = sum(panel) + sum(idleExtra);
  console.log(`the account panel in session mode (Roster's /account): + ${idleExtra.map((f) => `${f} ${kb(gz(f))} KB`).join(' + ')} (the idle warning) = ${kb(sessionGz)} KB gzip — ceiling ≤ ${budgets.fallback} KB`);
  over.push(sessionGz / 1024 > budgets.fallback && `the account panel in session mode ${kb(sessionGz)} KB > ${budgets.fallback} KB`);
}
console.log('not counted:');
for (const f of chunks.filter((x) => kind(x) in onlyFor)) console.log(`  ${f} ${kb(gz(f))} KB gzip: ${onlyFor[kind(f)]}`);
const assets = join(dist, 'assets');
if (existsSync(assets)) for (const f of readdirSync(assets).filter((x) => x.endsWith('.js'))) console.log(`  assets/${f} ${kb(gz(join('assets', f)))} KB gzip: runs in its worker, not in the page`);
for (const f of localeChunks.filter((x) => x !== largestOf(stemOf(x)))) console.log(`  ${f} ${kb(gz(f))} KB gzip: another language's words, loaded instead of ${largestOf(stemOf(f))}`);
const stray = chunks.filter((f) => !counted.has(f) && !excluded(f) && !engineExtra.includes(f) && !localeChunks.includes(f));
if (stray.length) console.log(`  in no screen: ${stray.join(', ')}`);

const overBudget = over.filter(Boolean);
if (overBudget.length) {
  console.error(`over budget: ${overBudget.join('; ')}`);
  process.exit(1);
}
