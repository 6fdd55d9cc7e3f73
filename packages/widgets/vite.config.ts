import { defineConfig } from 'vite';

/** One ES module with Lit inside, for hosts that drop a <script type="module"> into their page. */
export default defineConfig({
  // Relative URLs: the import worker is found next to the bundle wherever a host serves it.
  base: './',
  worker: { format: 'es' },
  build: {
    lib: { entry: 'src/index.ts', formats: ['es'], fileName: () => 'roster-widgets.js' },
    target: 'es2022',
    minify: 'esbuild',
    sourcemap: true,
    emptyOutDir: true,
  },
  esbuild: { target: 'es2022' },
});
