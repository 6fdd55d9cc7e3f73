import { createDb } from '../db/create-db.js';
import { pendingMigrations } from '../db/migrate.js';
import { ConfigError, EnvSchema } from '../env.js';

/**
 * `npm run migrate`: applies the pending migrations to DATABASE_URL and exits (0 when the database is current).
 * Safe to run from several deploy jobs at once: the migrator holds a lock while it works.
 */
function databaseUrl(env: Record<string, string | undefined>): string {
  const parsed = EnvSchema.pick({ DATABASE_URL: true }).safeParse(env);
  const problem = !parsed.success ? parsed.error.issues[0]?.message : !parsed.data.DATABASE_URL ? 'required: the postgres:// URL of the database to migrate' : undefined;
  if (problem || !parsed.data?.DATABASE_URL) throw new ConfigError(`Invalid configuration:\n  DATABASE_URL: ${problem}`);
  return parsed.data.DATABASE_URL;
}

try {
  const url = databaseUrl(process.env);
  const check = await createDb({ databaseUrl: url, poolSize: 2, migrate: false });
  const pending = await pendingMigrations(check.platformDb).finally(() => check.close());
  if (pending.length === 0) {
    console.log('migrate: the database is current');
  } else {
    const handle = await createDb({ databaseUrl: url, poolSize: 2 });
    await handle.close();
    console.log(`migrate: applied ${pending.length} migration(s):\n${pending.map((m) => `  ${m}`).join('\n')}`);
  }
  // Done: the pool's sockets, once closed, may keep the event loop a while (pg's idle timer); nothing is left to do.
  process.exit(0);
} catch (e) {
  console.error(e instanceof ConfigError ? e.message : `migrate: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
