import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { AddressInfo } from 'node:net';
import { createApp, createServices, loadConfig, startServer, type Services } from '@roster/bff';
import { selfServicePages } from '@roster/portal';
import { assertNoSecretsLogged, captureBffLogs } from './bff-logs.js';

const PLATFORM_KEY = 'pages-in-process-platform-key-0123456789';

/**
 * The self-service pages and the BFF in-process, on embedded PGlite in a throwaway directory, with one tenant
 * created by the operator (`tenant` is the body of `POST /v1/platform/tenants`): for specs that check what the server
 * sends a person, without a browser — or, with `serve()`, the pages and the BFF on one origin for a browser.
 */
export async function startPagesInProcess(tenant: Record<string, unknown>) {
  const dataDir = mkdtempSync(join(tmpdir(), 'roster-pages-'));
  const config = loadConfig({ ROSTER_DATA_DIR: dataDir, ROSTER_PLATFORM_KEY: PLATFORM_KEY, ROSTER_PUBLIC_URL: 'https://roster.example', PORT: '8787' });
  captureBffLogs();
  const { services, handle } = await createServices(config);
  const bff = createApp(services);
  const pages = selfServicePages(bff, null);
  const res = await bff.request('/v1/platform/tenants', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${PLATFORM_KEY}` },
    body: JSON.stringify(tenant),
  });
  expect(res.status, await res.clone().text()).toBe(201);
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  const created = (await res.json()) as { tenant: { id: string }; rootAdmin: { id: string; email: string } };
  return {
    services: services as Services,
    bff,
    pages,
    tenantId: created.tenant.id,
    rootAdmin: created.rootAdmin,
    /** The pages and the BFF on one origin on a free port of 127.0.0.1, as the demo portal serves them. */
    async serve() {
      server = await startServer(selfServicePages(bff, null).route('/', bff), 0, '127.0.0.1');
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    async stop() {
      if (server) await new Promise<void>((r) => server!.close(() => r()));
      await handle.close();
      rmSync(dataDir, { recursive: true, force: true });
      assertNoSecretsLogged([PLATFORM_KEY]);
    },
  };
}
