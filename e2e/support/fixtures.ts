import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { loadConfig, startServer } from '@roster/bff';
import { createPortal, widgetBundlePath } from '@roster/portal';

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
export async function startDemoPortal() {
  if (!existsSync(widgetBundlePath())) throw new Error('Build the widgets first: pnpm --filter @roster/widgets build');
  const dataDir = mkdtempSync(join(tmpdir(), 'roster-e2e-'));
  const config = loadConfig({ ROSTER_DATA_DIR: dataDir, ROSTER_DEMO: 'true', PORT: '8787' });
  const portal = await createPortal(config);
  const server = await startServer(portal.app, 0, '127.0.0.1');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    /** The data directory: the demo's OAuth client is in demo-credentials.json, as a vendor keeps it in its configuration. */
    dataDir,
    async stop() {
      await new Promise<void>((r) => server.close(() => r()));
      await portal.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}
