import { defineConfig, type Plugin } from 'vite';

/**
 * The elements' stylesheets (`css` tagged templates in `*.styles.ts`) lose their comments and layout whitespace in the
 * bundle: what <user-table> loads up front is budgeted. Only spaces that cannot matter go (around braces and semicolons,
 * after colons and commas, runs of spaces); a space before a colon may be a descendant combinator and stays.
 */
const compactCss: Plugin = {
  name: 'roster-compact-css',
  transform(code, id) {
    if (!/widgets\/src\/.*\.styles\.ts$/.test(id)) return null;
    return code.replace(/css`([^`]*)`/g, (_, body: string) => {
      const compact = body
        .replace(/\/\*[^]*?\*\//g, '')
        .replace(/\s+/g, ' ')
        .replace(/\s*([{};])\s*/g, '$1')
        .replace(/([:,])\s+/g, '$1')
        .replace(/;}/g, '}')
        .trim();
      return `css\`${compact}\``;
    });
  },
};

/** One ES module with Lit inside, for hosts that drop a <script type="module"> into their page. */
export default defineConfig({
  plugins: [compactCss],
  // Relative URLs: the import worker is found next to the bundle wherever a host serves it.
  base: './',
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
