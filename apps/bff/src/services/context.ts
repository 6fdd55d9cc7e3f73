import type { Db, DbKind } from '../db/create-db.js';
import type { Config } from '../env.js';
import type { TokenService } from '../auth/tokens.js';
import type { TotpService } from '../auth/totp.js';

/** What services need from the outside world; built once in createApp. */
export interface Services {
  db: Db;
  dbKind: DbKind;
  config: Config;
  tokens: TokenService;
  totp: TotpService;
}
