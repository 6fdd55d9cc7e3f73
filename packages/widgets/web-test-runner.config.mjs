import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { tsImport } from 'tsx/esm/api';

/** papaparse (the import parser) ships a UMD file only: Vite converts it for the build, this wraps it for the tests. */
const papaparseAsModule = {
  name: 'papaparse-as-module',
  transform(context) {
    if (!/\/papaparse\/papaparse(\.min)?\.js$/.test(context.path)) return undefined;
    return { body: `const module = { exports: {} }; const exports = module.exports;\n${context.body}\nexport default module.exports;` };
  },
};

/**
 * `executeServerCommand('server-email-verdict', { profile, email })`: the messages the server's email schema gives
 * (the contract in Node, as the BFF runs it: the confusables check loaded with it), `[]` for a valid address — so
 * that a test can hold the browser's verdict against the server's.
 */
let contractInNode;
const serverEmailVerdict = {
  name: 'server-email-verdict',
  async executeCommand({ command, payload }) {
    if (command !== 'server-email-verdict') return undefined;
    const { emailSchema, profilePresets } = await (contractInNode ??= tsImport('@roster/contract', import.meta.url));
    const result = emailSchema(profilePresets[payload.profile]).safeParse(payload.email);
    return result.success ? [] : result.error.issues.map((i) => i.message);
  },
};

const chromium = process.env.CHROME_PATH ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Element tests in a real headless Chromium (Debian's), quiet on a closed network. */
export default {
  files: ['src/**/*.test.ts'],
  nodeResolve: { exportConditions: ['browser', 'default'] },
  concurrency: 1,
  testFramework: { config: { timeout: 20000 } },
  plugins: [serverEmailVerdict, papaparseAsModule, esbuildPlugin({ ts: true, target: 'es2022', tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url)) })],
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: {
        executablePath: chromium,
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
      },
    }),
  ],
};
