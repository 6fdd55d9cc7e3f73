import type { Server } from 'node:http';
import { serve, type ServerType } from '@hono/node-server';
import type { Hono } from 'hono';
import { createDb, type DbHandle } from './db/create-db.js';
import { TokenService } from './auth/tokens.js';
import { TotpService } from './auth/totp.js';
import { ConfigError, loadConfig, type Config } from './env.js';
import { DataDirInUseError } from './db/data-dir-lock.js';
import { assertMigrationsCurrent, MigrationsPendingError } from './db/migrate.js';
import { shutdownOnSignals } from './shutdown.js';
import type { Lifecycle, Services } from './services/context.js';
import { configureLogger } from './observability/log.js';

/** The services of one database handle and configuration (the BFF's, the portal's and the tests'). */
export function servicesOf(handle: DbHandle, config: Config, lifecycle?: Lifecycle): Services {
  return { db: handle.db, platformDb: handle.platformDb, dbKind: handle.kind, config, tokens: new TokenService(config.signingKey), totp: new TotpService(config.signingKey), lifecycle };
}

/**
 * The database and services of one configuration. `migrations`: `apply` (development, and production with
 * ROSTER_MIGRATE_ON_START) migrates at start; `require-current` (production) refuses a database that lacks any.
 */
export async function createServices(
  config: Config,
  options: { poolSize?: number; migrations?: 'apply' | 'require-current'; lifecycle?: Lifecycle } = {},
): Promise<{ services: Services; handle: DbHandle }> {
  const handle = await createDb({
    databaseUrl: config.databaseUrl,
    dataDir: config.databaseUrl ? undefined : `${config.dataDir}/pglite`,
    ...(options.poolSize ? { poolSize: options.poolSize } : {}),
    migrate: options.migrations !== 'require-current',
  });
  if (options.migrations === 'require-current') {
    try {
      await assertMigrationsCurrent(handle.platformDb);
    } catch (e) {
      await handle.close();
      throw e;
    }
  }
  return { services: servicesOf(handle, config, options.lifecycle), handle };
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
 * The entry points' common life: read the configuration (every bad variable named, exit 1), start, listen, and on
 * SIGINT/SIGTERM shut down gracefully (shutdown.ts): drain, then close what the start opened. `production`: the
 * built server's rules (env.ts).
 */
export async function runMain(
  env: Record<string, string | undefined>,
  start: (config: Config, lifecycle: Lifecycle) => Promise<{ app: Hono<any, any, any>; close(): Promise<void>; banner: string }>,
  options: { production?: boolean } = {},
): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(env, options);
    configureLogger({ level: config.logLevel });
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
  const lifecycle: Lifecycle = { draining: false };
  let started: Awaited<ReturnType<typeof start>>;
  try {
    started = await start(config, lifecycle);
  } catch (e) {
    // Another process holds the PGlite data directory, or the database lacks migrations (production): one clear
    // message, no stack trace, exit 1.
    if (e instanceof DataDirInUseError || e instanceof MigrationsPendingError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
  const server = await startServer(started.app, config.port);
  // For a person at the terminal, on stderr: stdout carries only the JSON log lines.
  console.error(started.banner);
  shutdownOnSignals(server as Server, { lifecycle, timeoutMs: config.shutdownTimeoutMs ?? 25_000, close: () => started.close() });
}
