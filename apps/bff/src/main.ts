import { loadConfig, ConfigError } from './env.js';
import { createApp } from './app.js';
import { createServices, startServer } from './server.js';
import { startOutboxWorker } from './email/sender.js';

/** The BFF alone (the demo portal in apps/portal serves it together with the host page). */
try {
  const config = loadConfig();
  const { services, handle } = await createServices(config);
  const server = await startServer(createApp(services), config.port);
  const outbox = config.smtpUrl ? startOutboxWorker(services.db, config.smtpUrl, config.mailFrom) : null;
  console.log(`Roster BFF listening on ${config.publicUrl} (database: ${handle.kind}; email: ${config.smtpUrl ? 'SMTP' : 'outbox only'})`);
  const stop = () => server.close(() => void (outbox?.stop() ?? Promise.resolve()).then(() => handle.close()).then(() => process.exit(0)));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (e) {
  if (e instanceof ConfigError) {
    console.error(e.message);
    process.exit(1);
  }
  throw e;
}
