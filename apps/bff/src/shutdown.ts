import type { Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Lifecycle } from './services/context.js';

/**
 * Graceful shutdown on SIGTERM and SIGINT, bounded by `timeoutMs`:
 * 1. `lifecycle.draining` (`/readyz` answers 503 on a connection still open) and the listening socket closes: a new
 *    connection is refused, so the load balancer sends the next request to another instance;
 * 2. idle keep-alive connections close now, and a busy one after its response (`Connection: close`);
 * 3. requests in flight finish (a bulk import commits its one transaction, or fails and rolls back);
 * 4. `close()`: the senders finish the message in hand and stop, the pool closes; then exit 0.
 * Still busy after `timeoutMs`: every socket is destroyed and the process exits 1 — PostgreSQL rolls back what a
 * cut-off request had not committed, so nothing is left half-written.
 */
export function shutdownOnSignals(server: Server, options: { lifecycle: Lifecycle; timeoutMs: number; close(): Promise<void> }): void {
  const { lifecycle, timeoutMs } = options;
  const inFlight = new Set<ServerResponse>();
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  /** Closes every connection without a request in flight: kept-alive ones, and ones that never sent a request. */
  const closeIdle = () => {
    const busy = new Set([...inFlight].map((res) => res.socket));
    for (const socket of sockets) if (!busy.has(socket)) socket.destroy();
  };
  server.on('request', (_req, res: ServerResponse) => {
    inFlight.add(res);
    if (lifecycle.draining) res.shouldKeepAlive = false;
    res.on('close', () => {
      inFlight.delete(res);
      if (lifecycle.draining) setImmediate(closeIdle);
    });
  });
  const stop = (signal: string) => {
    // A repeated signal changes nothing: `npm run` and a terminal's Ctrl-C may each deliver one; the bound holds.
    if (lifecycle.draining) return;
    lifecycle.draining = true;
    const deadline = setTimeout(() => {
      console.error(`shutdown: still busy after ${timeoutMs} ms (${inFlight.size} request(s) in flight); closing every connection`);
      server.closeAllConnections();
      process.exit(1);
    }, timeoutMs);
    for (const res of inFlight) if (!res.headersSent) res.shouldKeepAlive = false;
    server.close(() => {
      options.close().then(
        () => {
          clearTimeout(deadline);
          console.log('shutdown: done');
          process.exit(0);
        },
        (e: unknown) => {
          console.error(`shutdown: ${e instanceof Error ? e.message : String(e)}`);
          process.exit(1);
        },
      );
    });
    closeIdle();
    // Said once it is true: a new connection is refused from here on.
    console.log(`${signal}: stopped accepting; draining ${inFlight.size} request(s), at most ${timeoutMs} ms`);
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}
