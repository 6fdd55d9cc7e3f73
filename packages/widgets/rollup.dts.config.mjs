import { fileURLToPath } from 'node:url';
import { dts } from 'rollup-plugin-dts';

/**
 * The npm package's declarations (dist-pkg/*.d.ts), one per entry point of vite.package.config.ts, bundled from what
 * `tsc -p tsconfig.package.json` wrote to .dts/. The contract's types are inlined (it is not published); lit, zod
 * and react stay imports, as they do in the JavaScript.
 */
const types = (path) => fileURLToPath(new URL(`./.dts/${path}`, import.meta.url));
const entries = {
  index: 'index',
  'user-table': 'user-table/define',
  'role-picker': 'role-picker/define',
  'import-modal': 'import-modal/define',
  'user-form': 'user-form/define',
  'account-panel': 'account-panel/define',
  'role-editor': 'role-editor/define',
  'permission-picker': 'permission-picker/define',
  react: 'react',
};

/** `@roster/contract` → its emitted declarations (the workspace package points at its .ts sources). */
const contractTypes = {
  name: 'roster-contract-types',
  resolveId(id) {
    if (id === '@roster/contract') return types('contract/src/index.d.ts');
    if (id.startsWith('@roster/contract/')) return types(`contract/src/${id.slice('@roster/contract/'.length)}.d.ts`);
    return null;
  },
};

export default {
  input: Object.fromEntries(Object.entries(entries).map(([name, path]) => [name, types(`widgets/src/${path}.d.ts`)])),
  output: { dir: 'dist-pkg', format: 'es', entryFileNames: '[name].d.ts', chunkFileNames: (chunk) => `types/${chunk.name.replace(/\.d$/, '')}-[hash].d.ts` },
  external: (id) => /^(lit|lit-html|lit-element|@lit\/[^/]+|zod|react)(\/.*)?$/.test(id),
  plugins: [contractTypes, dts({ respectExternal: true })],
};
