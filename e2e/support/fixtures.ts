import { mkdtempSync, rmSync, existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createServer, type AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { loadConfig, startServer } from '@roster/bff';
import { createPortal, widgetBundlePath } from '@roster/portal';
import { assertNoSecretsLogged, captureBffLogs } from './bff-logs.js';

export const CHROMIUM = process.env.CHROME_PATH ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The quiet flags: without the background-networking ones Chromium keeps dialling out of a closed network. */
export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

/** The directory of the built elements (what the BFF serves under /widgets/). */
export const widgetDist = () => dirname(widgetBundlePath());

/** A fresh demo portal on embedded PGlite in a throwaway data directory (the database is reset per spec file). */
export async function startDemoPortal(o: { webauthn?: boolean } = {}) {
  if (!existsSync(widgetBundlePath())) throw new Error('Build the widgets first: pnpm --filter @roster/widgets build');
  const dataDir = mkdtempSync(join(tmpdir(), 'roster-e2e-'));
  // Security keys need a domain for their relying party (an address is none): with `webauthn`, the portal is opened
  // as http://localhost:PORT, a port chosen before the start so that the configuration can name its origin.
  const chosen = o.webauthn ? await freePort() : 0;
  const config = loadConfig({
    ROSTER_DATA_DIR: dataDir,
    ROSTER_DEMO: 'true',
    PORT: '8787',
    ...(o.webauthn ? { ROSTER_WEBAUTHN_RP_ID: 'localhost', ROSTER_WEBAUTHN_ORIGINS: `http://localhost:${chosen}` } : {}),
  });
  captureBffLogs();
  const portal = await createPortal(config);
  const server = await startServer(portal.app, chosen, '127.0.0.1');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    /** The same portal by name (security keys' relying party is `localhost`). */
    localUrl: `http://localhost:${port}`,
    /** The data directory: the demo's OAuth client is in demo-credentials.json, as a vendor keeps it in its configuration. */
    dataDir,
    /** The BFF's services: what a spec reads straight from the database (a stored password hash). */
    services: portal.services,
    async stop() {
      await new Promise<void>((r) => server.close(() => r()));
      await portal.close();
      const credentials = join(dataDir, 'demo-credentials.json');
      const demo = (existsSync(credentials) ? JSON.parse(readFileSync(credentials, 'utf8')) : {}) as { clientSecret?: string };
      rmSync(dataDir, { recursive: true, force: true });
      assertNoSecretsLogged([config.platformKey, demo.clientSecret]);
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

/** A port nobody listens on right now (the OS's choice for port 0, released at once). */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', () => r()));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((r) => probe.close(() => r()));
  return port;
}
