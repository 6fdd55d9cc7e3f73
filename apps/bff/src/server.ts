import { serve, type ServerType } from '@hono/node-server';
import type { Hono } from 'hono';
import { createDb, type DbHandle } from './db/create-db.js';
import { TokenService } from './auth/tokens.js';
import { TotpService } from './auth/totp.js';
import { ConfigError, loadConfig, type Config } from './env.js';
import { DataDirInUseError } from './db/data-dir-lock.js';
import type { Services } from './services/context.js';
import { configureLogger } from './observability/log.js';

/** The services of one database handle and configuration (the BFF's, the portal's and the tests'). */
export function servicesOf(handle: DbHandle, config: Config): Services {
  return { db: handle.db, platformDb: handle.platformDb, dbKind: handle.kind, config, tokens: new TokenService(config.signingKey), totp: new TotpService(config.signingKey) };
}

export async function createServices(config: Config, options: { poolSize?: number } = {}): Promise<{ services: Services; handle: DbHandle }> {
  const handle = await createDb({
    databaseUrl: config.databaseUrl,
    dataDir: config.databaseUrl ? undefined : `${config.dataDir}/pglite`,
    ...(options.poolSize ? { poolSize: options.poolSize } : {}),
  });
  return { services: servicesOf(handle, config), handle };
}

export async function startServer(app: Hono<any, any, any>, port: number, hostname = '0.0.0.0'): Promise<ServerType> {
  // The OpenAPI document is generated from the routes on its first request (~0.2 s of CPU): before the port opens,
  // so no request waits behind it.
  await app.request('/openapi.json');
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port, hostname }, () => resolve(server));
  });
}

/**
 * The entry points' common life: read the configuration (a bad value prints its message and exits 1), start,
 * listen, and on SIGINT/SIGTERM stop listening, then close what the start opened.
 */
export async function runMain(
  env: Record<string, string | undefined>,
  start: (config: Config) => Promise<{ app: Hono<any, any, any>; close(): Promise<void>; banner: string }>,
): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(env);
    configureLogger({ level: config.logLevel });
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
  let started: Awaited<ReturnType<typeof start>>;
  try {
    started = await start(config);
  } catch (e) {
    // Another process holds the PGlite data directory: one clear message, no stack trace, exit 1.
    if (e instanceof DataDirInUseError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
  const server = await startServer(started.app, config.port);
  // For a person at the terminal, on stderr: stdout carries only the JSON log lines.
  console.error(started.banner);
  const stop = () => server.close(() => void started.close().then(() => process.exit(0)));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
