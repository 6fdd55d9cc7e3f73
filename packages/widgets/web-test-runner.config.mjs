import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { register, tsImport } from 'tsx/esm/api';

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
 * `executeServerCommand('bff', { call, args })`: the real BFF of the element tests — apps/bff/test/element-test-bff.ts,
 * apps/bff's app on PGlite in memory on a port of its own — started on the first command and shared by the whole run,
 * stopped with the runner. `call` is one of its `calls` (src/test-support/bff.ts wraps each for the page). The answer is
 * `{ result }`, or `{ starting: true }` while it starts: the runner gives a command 20 s, and the first start (PGlite,
 * the migrations) may take longer on a busy machine, so the page asks again.
 */
let bffStarted;
const bff = {
  name: 'bff',
  async executeCommand({ command, payload }) {
    if (command !== 'bff') return undefined;
    const started = (bffStarted ??= startBff());
    let timer;
    const harness = await Promise.race([started, new Promise((resolve) => (timer = setTimeout(resolve, 10_000)))]).finally(() => clearTimeout(timer));
    if (!harness) return { starting: true };
    const call = Object.hasOwn(harness.calls, payload.call) ? harness.calls[payload.call] : undefined;
    if (!call) throw new Error(`bff: no call ${payload.call} (one of ${Object.keys(harness.calls).join(', ')})`);
    // Wrapped: the runner takes a plugin's null or undefined for "not my command".
    return { result: (await call(...(payload.args ?? []))) ?? null };
  },
  async serverStop() {
    if (bffStarted) await (await bffStarted.catch(() => undefined))?.stop();
  },
};

async function startBff() {
  // tsx's loader for the whole process, not tsImport's namespace: the BFF starts PGlite in a worker thread from its
  // own module's URL, which must stay a plain file URL.
  register();
  const harness = await import(new URL('../../apps/bff/test/element-test-bff.ts', import.meta.url).href);
  await harness.start();
  return harness;
}

const chromium = process.env.CHROME_PATH ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Element tests in a real headless Chromium (Debian's), quiet on a closed network. */
export default {
  files: ['src/**/*.test.ts'],
  nodeResolve: { exportConditions: ['browser', 'default'] },
  concurrency: 1,
  // A file against the real BFF starts it first (seconds on a busy machine) and then talks to it in every test.
  testsFinishTimeout: 600_000,
  testFramework: { config: { timeout: 20000 } },
  plugins: [serverEmailVerdict, bff, papaparseAsModule, esbuildPlugin({ ts: true, target: 'es2022', tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url)) })],
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
