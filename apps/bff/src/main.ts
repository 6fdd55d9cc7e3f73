import { createApp } from './app.js';
import { createServices, runMain } from './server.js';
import { startOutboxWorker } from './email/sender.js';
import { startWebhookWorker } from './webhooks/sender.js';
import { startSmsWorker } from './sms/sender.js';

/** The BFF alone (the demo portal in apps/portal serves it together with the host page). */
await runMain(process.env, async (config) => {
  const { services, handle } = await createServices(config);
  const outbox = config.smtpUrl ? startOutboxWorker(services.platformDb, config.smtpUrl, config.mailFrom, config.signingKey) : null;
  const webhooks = startWebhookWorker(services.platformDb, { signingKey: config.signingKey, allowPrivate: config.webhooksAllowPrivate === true });
  const sms = config.smsUrl ? startSmsWorker(services.platformDb, config.smsUrl, config.signingKey) : null;
  return {
    app: createApp(services),
    banner: `Roster BFF listening on ${config.publicUrl} (database: ${handle.kind}; email: ${config.smtpUrl ? 'SMTP' : 'outbox only'}; SMS: ${config.smsUrl ? 'HTTP provider' : 'outbox only'})`,
    async close() {
      await outbox?.stop();
      await webhooks.stop();
      await sms?.stop();
      await handle.close();
    },
  };
});
