import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join, normalize } from 'node:path';
import type { AddressInfo } from 'node:net';

/**
 * A vendor's host page on its own origin (another port than the BFF): a tiny static server with a host backend that
 * mints widget tokens for its signed-in admin — here by asking the demo portal's `/host/widget-token` — exactly
 * what a vendor's backend does with its OAuth client (README, "Embedding").
 */
export interface HostRoute {
  type?: string;
  headers?: Record<string, string>;
  body: string | Uint8Array | (() => Promise<string | Uint8Array>);
}

/** `dirs`: URL prefixes served from directories (e.g. a copy of the built elements on the host's own origin). */
export async function startHost(bffUrl: string, routes: Record<string, HostRoute>, dirs: Record<string, string> = {}) {
  const mint = async () => {
    const res = await fetch(`${bffUrl}/host/widget-token`, { method: 'POST' });
    if (!res.ok) throw new Error(`widget token: ${res.status}`);
    return (await res.json()) as { token: string; expiresAt: string };
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const path = new URL(req.url ?? '/', 'http://host').pathname;
      if (path === '/token' && req.method === 'POST') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(await mint()));
        return;
      }
      if (path === '/favicon.ico') {
        res.writeHead(204).end();
        return;
      }
      const prefix = Object.keys(dirs).find((p) => path.startsWith(p));
      if (prefix) {
        const file = normalize(path.slice(prefix.length));
        if (file.startsWith('..')) return void res.writeHead(404).end();
        const body = await readFile(join(dirs[prefix]!, file)).catch(() => null);
        if (!body) return void res.writeHead(404).end();
        res.writeHead(200, { 'content-type': file.endsWith('.js') ? 'text/javascript' : 'application/json' }).end(body);
        return;
      }
      const route = routes[path];
      if (!route) {
        res.writeHead(404).end();
        return;
      }
      const body = typeof route.body === 'function' ? await route.body() : route.body;
      res.writeHead(200, { 'content-type': route.type ?? 'text/html; charset=utf-8', ...route.headers }).end(body);
    })().catch((error: unknown) => res.writeHead(500).end(String(error)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    mint,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
