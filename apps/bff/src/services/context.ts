import type { Db, DbKind } from '../db/create-db.js';
import type { Config } from '../env.js';
import type { TokenService } from '../auth/tokens.js';
import type { TotpService } from '../auth/totp.js';

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
}
