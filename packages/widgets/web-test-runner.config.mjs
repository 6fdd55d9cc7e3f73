import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { playwrightLauncher } from '@web/test-runner-playwright';

/** papaparse (the import parser) ships a UMD file only: Vite converts it for the build, this wraps it for the tests. */
const papaparseAsModule = {
  name: 'papaparse-as-module',
  transform(context) {
    if (!/\/papaparse\/papaparse(\.min)?\.js$/.test(context.path)) return undefined;
    return { body: `const module = { exports: {} }; const exports = module.exports;\n${context.body}\nexport default module.exports;` };
  },
};

const chromium = process.env.CHROME_PATH ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Element tests in a real headless Chromium (Debian's), quiet on a closed network. */
export default {
  files: ['src/**/*.test.ts'],
  nodeResolve: { exportConditions: ['browser', 'default'] },
  concurrency: 1,
  testFramework: { config: { timeout: 20000 } },
  plugins: [papaparseAsModule, esbuildPlugin({ ts: true, target: 'es2022', tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url)) })],
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
