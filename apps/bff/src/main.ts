import { runMain } from './server.js';
import { startBff } from './bff.js';

/** The BFF in development (`pnpm --filter @roster/bff start`, under tsx): PGlite unless DATABASE_URL, migrates at start. */
await runMain(process.env, (config, lifecycle) => startBff(config, lifecycle, 'apply'));
