import { runMain } from '@roster/bff';
import { createPortal } from './server.js';

await runMain({ ROSTER_DEMO: 'true', ...process.env }, async (config, lifecycle) => {
  const portal = await createPortal(config, lifecycle);
  return {
    app: portal.app,
    close: portal.close,
    banner: [
      '',
      `  Roster demo portal: ${config.publicUrl}/   (database: ${portal.databaseKind}${config.databaseUrl ? '' : `, data in ${config.dataDir}`})`,
      `  API reference:      ${config.publicUrl}/docs`,
      config.demo && !(config.smtpUrl && config.smsUrl) ? `  Demo mailbox:       ${config.publicUrl}/mailbox` : '',
      '',
    ].join('\n'),
  };
});
