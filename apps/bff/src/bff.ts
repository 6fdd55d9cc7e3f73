import { createApp } from './app.js';
import { createServices } from './server.js';
import { startOutboxWorker } from './email/sender.js';
import { startWebhookWorker } from './webhooks/sender.js';
import { startSmsWorker } from './sms/sender.js';
import { startSuspensionWorker } from './services/suspension.service.js';
import { startImpersonationEndWorker } from './services/impersonation.service.js';
import { closeImportPool } from './services/import/engine-pool.js';
import type { Db } from './db/create-db.js';
import type { Config } from './env.js';
import type { Lifecycle } from './services/context.js';

/**
 * The outboxes' senders of a process (the BFF's, the demo portal's): email while SMTP is configured, webhooks, SMS
 * while SMS_URL is; and the tidy workers that clear suspensions past their end and audit the end of "view as" sessions that ran out. `stop()` is a graceful shutdown's: each finishes the message in hand, then the import threads end.
 */
export function startSenders(platformDb: Db, config: Config) {
  const outbox = config.smtpUrl ? startOutboxWorker(platformDb, config.smtpUrl, config.mailFrom, config.signingKey) : null;
  const webhooks = startWebhookWorker(platformDb, { signingKey: config.signingKey, allowPrivate: config.webhooksAllowPrivate === true, allowedNetworks: config.webhooksAllowedNetworks });
  const sms = config.smsUrl ? startSmsWorker(platformDb, config.smsUrl, config.signingKey) : null;
  const suspensions = startSuspensionWorker(platformDb);
  const impersonations = startImpersonationEndWorker(platformDb);
  return {
    async stop() {
      await Promise.all([outbox?.stop(), webhooks.stop(), sms?.stop(), suspensions.stop(), impersonations.stop()]);
      await closeImportPool();
    },
  };
}

/**
 * The BFF alone, with its senders (the demo portal in apps/portal serves it together with the host page):
 * src/main.ts in development, cli/serve.ts in production. `close()` is a graceful shutdown's last step: the
 * senders stop, then the pool closes.
 */
export async function startBff(config: Config, lifecycle: Lifecycle, migrations: 'apply' | 'require-current') {
  const { services, handle } = await createServices(config, { migrations, lifecycle });
  const senders = startSenders(services.platformDb, config);
  return {
    app: createApp(services),
    banner: `Roster BFF listening on ${config.publicUrl} (database: ${handle.kind}; email: ${config.smtpUrl ? 'SMTP' : 'outbox only'}; SMS: ${config.smsUrl ? 'HTTP provider' : 'outbox only'})`,
    async close() {
      await senders.stop();
      await handle.close();
    },
  };
}
