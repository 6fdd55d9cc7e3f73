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

/**
 * `executeServerCommand('roster-bff', payload)`: the real BFF — apps/bff's app on PGlite in memory, listening on a
 * port of its own (CORS lets the test page call it as a host page would) — started on first use and shared by the
 * run; each test makes its own tenant, so tests do not see each other's roles. Payloads:
 * - `{ action: 'tenant', name }` → `{ url, tenantId, token }`: a new tenant and a widget token acting as its Root Admin;
 * - `{ action: 'member', tenantId, permissions?, roleIds? }` → `{ token, userId, roleId }`: an active technician of
 *   that tenant holding the given roles and, when `permissions` are given, a new custom role with exactly those.
 */
let bff;
const rosterBff = {
  name: 'roster-bff',
  async executeCommand({ command, payload }) {
    if (command !== 'roster-bff') return undefined;
    // The runner gives a command 20 s to answer, and the first start (PGlite, the migrations) may take longer on a
    // busy machine: until it is up, the command answers `{ starting: true }` and the page asks again.
    const started = (bff ??= startBff());
    const b = await Promise.race([started, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    return b ? b.run(payload) : { starting: true };
  },
  async serverStop() {
    if (bff) await (await bff).stop();
  },
};

async function startBff() {
  // tsx's loader for the whole process, not tsImport's namespace: the BFF starts PGlite in a worker thread from its
  // own module's URL, which must stay a plain file URL.
  register();
  const from = (path) => import(new URL(`../../apps/bff/${path}`, import.meta.url).href);
  const [support, { startServer }, { assignRoles }] = await Promise.all([from('test/support.ts'), from('src/server.ts'), from('src/db/repositories/roles.repository.ts')]);
  const t = await support.createTestContext('pglite');
  const server = await startServer(t.app, 0, '127.0.0.1');
  const url = `http://127.0.0.1:${server.address().port}`;
  const sessions = new Map();
  let members = 0;
  return {
    async run(payload) {
      if (payload.action === 'tenant') {
        const s = await support.adminSession(t, payload.name);
        sessions.set(s.tenantId, s);
        return { url, tenantId: s.tenantId, token: s.token };
      }
      if (payload.action === 'member') {
        const s = sessions.get(payload.tenantId);
        const n = ++members;
        const roleIds = [...(payload.roleIds ?? [])];
        let roleId = null;
        if (payload.permissions) {
          const res = await t.app.request('/v1/roles', support.json({ name: `Member role ${n}`, permissions: payload.permissions }, s.auth));
          if (res.status !== 201) throw new Error(`member role: ${res.status} ${await res.text()}`);
          roleId = (await res.json()).id;
          roleIds.push(roleId);
        }
        const [u] = await support.insertUsers(t, [support.userRow(s.tenantId, { email: `member${n}@roster-bff.example` })]);
        await assignRoles(t.services.db, s.tenantId, roleIds.map((r) => ({ userId: u.id, roleId: r })));
        return { token: await support.widgetToken(t, s.access, u.id), userId: u.id, roleId };
      }
      throw new Error(`roster-bff: unknown action ${payload.action}`);
    },
    async stop() {
      await new Promise((resolve) => server.close(resolve));
      await t.close();
    },
  };
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
  plugins: [serverEmailVerdict, realBff, rosterBff, papaparseAsModule, esbuildPlugin({ ts: true, target: 'es2022', tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url)) })],
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
