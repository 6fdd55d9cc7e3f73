import { defineConfig, type Plugin } from 'vite';

/**
 * The npm package's JavaScript (dist-pkg/): one ES module per entry point, unminified, for a vendor's bundler to
 * rebundle. `lit` and `zod` stay imports (they are dependencies: the elements are LitElements and the contract's
 * types are zod's, so a vendor's app shares one copy of each); the contract and the libraries only it uses
 * (libphonenumber-js, papaparse, ens-normalize) are bundled at the versions the server's rules were tested with.
 * The script-tag bundle served by the BFF is vite.config.ts, not this.
 */
const packageEntries = {
  index: 'src/index.ts',
  'user-table': 'src/user-table/define.ts',
  'role-picker': 'src/role-picker/define.ts',
  'import-modal': 'src/import-modal/define.ts',
  'user-form': 'src/user-form/define.ts',
  'account-panel': 'src/account-panel/define.ts',
  'role-editor': 'src/role-editor/define.ts',
  'permission-picker': 'src/permission-picker/define.ts',
  react: 'src/react.ts',
};

const external = /^(lit|lit-html|lit-element|@lit\/[^/]+|zod)(\/.*)?$/;
/** A module that defines a tag: the chunk it lands in goes to elements/, which package.json's `sideEffects` keeps. */
const defineModule = /\/src\/(?:(user-table|filter-chips|role-picker|user-form|user-sheet|import-modal|account-panel|role-editor|permission-picker|organizations-panel|integrations-panel|attributes-panel|sign-in-state|view-as|user-attributes)\/define|internal\/(idle-watch))\.ts$/;

/**
 * The import worker is bundled on its own (Lit-free, self-contained) into assets/. Vite writes its URL as
 * `new URL(/* @vite-ignore *\/ new URL("assets/x.js", import.meta.url).href, '' + import.meta.url)`, which a vendor's
 * Vite or webpack does not recognise; this writes back the plain `new Worker(new URL("./assets/x.js", import.meta.url),
 * { type: "module" })` that they pick up and bundle again as a worker. The build fails if the pattern is not found.
 */
function plainWorkerUrl(): Plugin {
  const viteWorkerUrl = /new URL\(\s*\/\* @vite-ignore \*\/\s*new URL\((["'])([^"']+)\1, import\.meta\.url\)\.href,\s*(["'])\3 \+ import\.meta\.url\s*\)/g;
  return {
    name: 'roster-plain-worker-url',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      let rewritten = 0;
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk' || !chunk.code.includes('@vite-ignore')) continue;
        chunk.code = chunk.code.replace(viteWorkerUrl, (_match, _q, path: string) => {
          rewritten++;
          return `new URL(${JSON.stringify(path.startsWith('.') ? path : `./${path}`)}, import.meta.url)`;
        });
      }
      if (rewritten !== 1) this.error(`expected one import worker URL to rewrite, found ${rewritten}: has Vite changed how it writes worker URLs?`);
    },
  };
}

export default defineConfig({
  base: './',
  worker: { format: 'es' },
  plugins: [plainWorkerUrl()],
  build: {
    outDir: 'dist-pkg',
    lib: { entry: packageEntries, formats: ['es'], fileName: (_format, name) => `${name}.js` },
    target: 'es2022',
    minify: false,
    emptyOutDir: true,
    rolldownOptions: {
      external: (id) => external.test(id),
      output: {
        chunkFileNames: (chunk) => {
          const tag = chunk.moduleIds.map((id) => { const m = defineModule.exec(id); return m?.[1] ?? m?.[2]; }).find(Boolean);
          return tag ? `elements/${tag}-[hash].js` : 'chunks/[name]-[hash].js';
        },
      },
    },
  },
  esbuild: { target: 'es2022' },
});
