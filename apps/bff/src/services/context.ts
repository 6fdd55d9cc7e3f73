import type { Db, DbKind } from '../db/create-db.js';
import type { Config } from '../env.js';
import type { TokenService } from '../auth/tokens.js';
import type { TotpService } from '../auth/totp.js';
import type { Principal } from './principal.js';

/** What services need from the outside world; built once in createApp. */
export interface Services {
  /** Tenant-scoped: inside a request, only the rows of the tenant in scope (row-level security; db/tenant-scope.ts). */
  db: Db;
  /** The platform path (connecting role, across tenants): lookups by secret hash, tenant creation, the outbox worker. */
  platformDb: Db;
  dbKind: DbKind;
  config: Config;
  tokens: TokenService;
  totp: TotpService;
  /** The process's life as requests see it (server.ts's runMain): absent in tests and embedded uses. */
  lifecycle?: Lifecycle | undefined;
}

/** Set by a graceful shutdown (shutdown.ts) from the signal on: `/readyz` answers 503 while requests drain. */
export interface Lifecycle {
  draining: boolean;
}

/** What a use case records of the request that made it (audit events carry the request id). */
export type Meta = {
  requestId?: string | undefined;
  /** A sign-in's User-Agent and socket address, kept with the session it starts (the sessions list). */
  userAgent?: string | undefined;
  address?: string | undefined;
};

/** The principal as an audit event's actor. */
export function actorOf(p: Pick<Principal, 'type' | 'id'>) {
  return { actorType: p.type, actorId: p.id } as const;
}

/** An ISO time `h` hours from now (a link's or ticket's expiry). */
export const hoursFromNow = (h: number) => new Date(Date.now() + h * 3600_000).toISOString();
