import { serve, type ServerType } from '@hono/node-server';
import type { Hono } from 'hono';
import { createDb, type DbHandle } from './db/create-db.js';
import { TokenService } from './auth/tokens.js';
import { TotpService } from './auth/totp.js';
import type { Config } from './env.js';
import type { Services } from './services/context.js';

export async function createServices(config: Config, options: { poolSize?: number } = {}): Promise<{ services: Services; handle: DbHandle }> {
  const handle = await createDb({
    databaseUrl: config.databaseUrl,
    dataDir: config.databaseUrl ? undefined : `${config.dataDir}/pglite`,
    ...(options.poolSize ? { poolSize: options.poolSize } : {}),
  });
  return { services: { db: handle.db, dbKind: handle.kind, config, tokens: new TokenService(config.signingKey), totp: new TotpService(config.signingKey) }, handle };
}

export function startServer(app: Hono<any, any, any>, port: number, hostname = '0.0.0.0'): Promise<ServerType> {
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port, hostname }, () => resolve(server));
  });
}
