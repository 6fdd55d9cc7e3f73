import { runMain } from '../server.js';
import { startBff } from '../bff.js';

/**
 * `npm run serve`: the production BFF from the build (`node apps/bff/dist/cli/serve.js`). PostgreSQL only
 * (DATABASE_URL), no demo; the production rules of env.ts refuse a bad configuration, naming every variable.
 * Migrations run at start only with ROSTER_MIGRATE_ON_START=true; otherwise a database that lacks any is refused
 * (`npm run migrate` first). SIGTERM/SIGINT drain within ROSTER_SHUTDOWN_TIMEOUT_MS (shutdown.ts).
 */
await runMain(process.env, (config, lifecycle) => startBff(config, lifecycle, config.migrateOnStart ? 'apply' : 'require-current'), { production: true });
