import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { createApp, createServices, loadConfig, seedDemo, startServer } from '@roster/bff';
import { assertNoSecretsLogged, captureBffLogs } from './bff-logs.js';

/**
 * The BFF alone, listening on a free port of 127.0.0.1, on embedded PGlite in a throwaway directory with the demo
 * tenant seeded (three organizations, a few hundred users): for specs that talk HTTP to the API as an integration
 * does, without the portal or a browser. `demo` holds the tenant's OAuth client and its Root Admin.
 */
export async function startBffInProcess() {
  const dataDir = mkdtempSync(join(tmpdir(), 'roster-bff-'));
  const config = loadConfig({ ROSTER_DATA_DIR: dataDir, PORT: '8787' });
  captureBffLogs();
  const { services, handle } = await createServices(config);
  const demo = await seedDemo(services);
  const server = await startServer(createApp(services), 0, '127.0.0.1');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    demo,
    async stop() {
      await new Promise<void>((r) => server.close(() => r()));
      await handle.close();
      rmSync(dataDir, { recursive: true, force: true });
      assertNoSecretsLogged([demo.clientSecret]);
    },
  };
}
