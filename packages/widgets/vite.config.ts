import { defineConfig } from 'vite';
import { minifyHTMLLiterals } from 'minify-literals';
import { sriManifest } from './scripts/manifest-plugin.js';
import { modernLibphonenumber } from './scripts/weight-plugins.js';

/** One ES module with Lit inside, for hosts that drop a <script type="module"> into their page. */
export default defineConfig({
  // Relative URLs: the import worker is found next to the bundle wherever a host serves it.
  base: './',
  // dist/manifest.json: each file with its SRI hash; the BFF serves what it lists under /widgets/.
  plugins: [
    {
      // Lit's css`` templates ship as written (indentation, comments): minified with Lightning CSS at build time.
      // The html`` templates stay as written — whitespace between inline elements is meaningful there.
      name: 'roster-minify-css-literals',
      apply: 'build',
      async transform(code, id) {
        if (!/widgets\/src\/.*\.ts$/.test(id) || !code.includes('css`')) return null;
        const out = await minifyHTMLLiterals(code, { fileName: id, html: false });
        return out ? { code: out.code, map: out.map } : null;
      },
    },
    sriManifest(),
    modernLibphonenumber(),
  ],
  worker: { format: 'es', plugins: () => [modernLibphonenumber()] },
  build: {
    lib: { entry: 'src/index.ts', formats: ['es'], fileName: () => 'roster-widgets.js' },
    target: 'es2022',
    minify: true,
    sourcemap: true,
    emptyOutDir: true,
    rolldownOptions: {
      // The contract's schemas are zod calls, which a bundler must keep unless told they are pure: without this every
      // screen shipped every schema of each contract module it imports from (the account panel all the sign-in and
      // enrolment answers of auth.ts, for its step-up and password bodies). No zod call is made for its effect.
      treeshake: { manualPureFunctions: ['z'] },
      output: {
        // Vite keeps white space and /* @__PURE__ */ in a library's ES output for bundlers to tree-shake; this one
        // goes to browsers as it is (the BFF serves dist/), so it is minified in full.
        minify: true,
        comments: false,
        // What <user-table> loads up front and the lazy chunks share (Lit, the API client, the events, <role-picker>, the
        // contract's constants) goes in one chunk: each extra up-front chunk costs its own gzip overhead. <role-editor>'s
        // events stay in its chunk (no other element fires them), and the focus helper of the dialogs with theirs, the copy helper with the screens that copy, the side sheet with the toolbar's panels, the form issues' helper with the forms that use it; the idle warning (loaded only by
        // <account-panel session>) in its own.
        codeSplitting: { groups: [{ name: 'shared', test: /@oxc-project\+runtime@[^/]*\/helpers\/esm\/decorate|node_modules\/(\.pnpm\/)?(lit|lit-html|lit-element|@lit)|widgets\/src\/(internal\/(?!focus|idle-watch|clipboard|side-sheet|field-issues)|events\/(?!role-))|widgets\/src\/user-table\/(actions|row)\.ts|widgets\/src\/translations\/(index|user-table|roles)\.ts|contract\/src\/constants\.ts/ }] },
      },
    },
  },
  esbuild: { target: 'es2022' },
});
