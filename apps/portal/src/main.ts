import { ConfigError, loadConfig, startServer } from '@roster/bff';
import { createPortal } from './server.js';

try {
  const config = loadConfig({ ROSTER_DEMO: 'true', ...process.env });
  const portal = await createPortal(config);
  const server = await startServer(portal.app, config.port);
  console.log(`\n  Roster demo portal: ${config.publicUrl}/   (database: ${portal.databaseKind}${config.databaseUrl ? '' : `, data in ${config.dataDir}`})`);
  console.log(`  API reference:      ${config.publicUrl}/docs\n`);
  const stop = () => server.close(() => void portal.close().then(() => process.exit(0)));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (e) {
  if (e instanceof ConfigError) {
    console.error(e.message);
    process.exit(1);
  }
  throw e;
}
