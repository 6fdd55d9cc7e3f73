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

/**
 * `executeServerCommand('bff', { call, args })`: a real BFF for the element tests that talk to one (`<account-panel>`),
 * on embedded PGlite in memory and a free port of 127.0.0.1 — apps/bff/test/widget-test-server.ts, loaded on first use.
 * `call` is one of its exports (startBff — then bffUrl until it answers —, newPerson, mintToken, totpCode, signIn,
 * sessionWorks, personState, stopBff); the answer is `{ result }`.
 */
let bffHarness;
let bffStarting;
const realBff = {
  name: 'real-bff',
  async executeCommand({ command, payload }) {
    if (command !== 'bff') return undefined;
    bffHarness ??= tsImport('../../apps/bff/test/widget-test-server.ts', import.meta.url);
    // Starting takes longer than a command may (20 s on a busy machine): `startBff` sets it going, `bffUrl` waits for it
    // a few seconds at a time (null: not yet).
    if (payload.call === 'startBff') {
      bffStarting ??= bffHarness.then((h) => h.startBff());
      bffStarting.catch(() => undefined);
      return { result: null };
    }
    if (payload.call === 'bffUrl') return { result: await Promise.race([bffStarting.then((r) => r.baseUrl), new Promise((r) => setTimeout(() => r(null), 5_000))]) };
    if (payload.call === 'stopBff') bffStarting = undefined;
    const harness = await bffHarness;
    if (typeof harness[payload.call] !== 'function') throw new Error(`no BFF test call ${payload.call}`);
    // Wrapped: the runner takes a plugin's null or undefined for "not my command".
    return { result: (await harness[payload.call](...(payload.args ?? []))) ?? null };
  },
};

const chromium = process.env.CHROME_PATH ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Element tests in a real headless Chromium (Debian's), quiet on a closed network. */
export default {
  files: ['src/**/*.test.ts'],
  nodeResolve: { exportConditions: ['browser', 'default'] },
  concurrency: 1,
  testFramework: { config: { timeout: 20000 } },
  plugins: [serverEmailVerdict, realBff, papaparseAsModule, esbuildPlugin({ ts: true, target: 'es2022', tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url)) })],
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
