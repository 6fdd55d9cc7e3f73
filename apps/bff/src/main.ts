import { loadConfig, ConfigError } from './env.js';
import { createApp } from './app.js';
import { createServices, startServer } from './server.js';

/** The BFF alone (the demo portal in apps/portal serves it together with the host page). */
try {
  const config = loadConfig();
  const { services, handle } = await createServices(config);
  const server = await startServer(createApp(services), config.port);
  console.log(`Roster BFF listening on ${config.publicUrl} (database: ${handle.kind})`);
  const stop = () => server.close(() => void handle.close().then(() => process.exit(0)));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (e) {
  if (e instanceof ConfigError) {
    console.error(e.message);
    process.exit(1);
  }
  throw e;
}
