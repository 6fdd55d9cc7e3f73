import { createDb } from '../db/create-db.js';
import { longRunning } from '../db/db-faults.js';
import { migrateToLatest, pendingMigrations } from '../db/migrate.js';
import { ConfigError, EnvSchema } from '../env.js';

/**
 * `npm run migrate`: applies the pending migrations to DATABASE_URL and exits (0 when the database is current).
 * Safe to run from several deploy jobs at once: the migrator holds a lock while it works.
 */
function databaseUrl(env: Record<string, string | undefined>): string {
  const parsed = EnvSchema.pick({ DATABASE_URL: true }).safeParse(env);
  const url = parsed.data?.DATABASE_URL;
  if (!url) throw new ConfigError(`Invalid configuration:\n  DATABASE_URL: ${parsed.error?.issues[0]?.message ?? 'required: the postgres:// URL of the database to migrate'}`);
  return url;
}

try {
  const handle = await createDb({ databaseUrl: databaseUrl(process.env), poolSize: 2, migrate: false });
  try {
    const pending = await pendingMigrations(handle.platformDb);
    // Migrations may run longer than a request's statement timeout.
    await longRunning(() => migrateToLatest(handle.platformDb));
    console.log(pending.length === 0 ? 'migrate: the database is current' : `migrate: applied ${pending.length} migration(s):\n${pending.map((m) => `  ${m}`).join('\n')}`);
  } finally {
    await handle.close();
  }
  // Done: a closed pool's sockets may keep the event loop a while; nothing is left to do.
  process.exit(0);
} catch (e) {
  console.error(e instanceof ConfigError ? e.message : `migrate: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
