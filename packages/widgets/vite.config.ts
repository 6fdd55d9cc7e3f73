import { defineConfig } from 'vite';
import { sriManifest } from './scripts/manifest-plugin.js';

/** One ES module with Lit inside, for hosts that drop a <script type="module"> into their page. */
export default defineConfig({
  // Relative URLs: the import worker is found next to the bundle wherever a host serves it.
  base: './',
  // dist/manifest.json: each file with its SRI hash; the BFF serves what it lists under /widgets/.
  plugins: [sriManifest()],
  worker: { format: 'es' },
  build: {
    lib: { entry: 'src/index.ts', formats: ['es'], fileName: () => 'roster-widgets.js' },
    target: 'es2022',
    minify: 'esbuild',
    sourcemap: true,
    emptyOutDir: true,
    rolldownOptions: {
      output: {
        // What <user-table> loads up front and the lazy chunks share (Lit, the API client, the events, <role-picker>, the
        // contract's constants) goes in one chunk: each extra up-front chunk costs its own gzip overhead.
        codeSplitting: { groups: [{ name: 'shared', test: /node_modules\/(\.pnpm\/)?(lit|lit-html|lit-element|@lit)|widgets\/src\/(internal|role-picker|events)\/|widgets\/src\/user-table\/actions\.ts|widgets\/src\/translations\/index\.ts|contract\/src\/constants\.ts/ }] },
      },
    },
  },
  esbuild: { target: 'es2022' },
});
