import { defineConfig } from 'vite';

/** One ES module with Lit inside, for hosts that drop a <script type="module"> into their page. */
export default defineConfig({
  build: {
    lib: { entry: 'src/index.ts', formats: ['es'], fileName: () => 'roster-widgets.js' },
    target: 'es2022',
    minify: 'esbuild',
    sourcemap: true,
    emptyOutDir: true,
  },
  esbuild: { target: 'es2022' },
});
