export { createApp, type AppType } from './app.js';
export { createServices, runMain, startServer } from './server.js';
export { loadConfig, ConfigError, type Config } from './env.js';
export { createDb, type Db, type DbHandle } from './db/create-db.js';
export type { Services } from './services/context.js';
export { createTenant } from './services/tenants.service.js';
export { seedDemo } from './demo/seed.js';
export { listOutbox } from './db/repositories/email-outbox.repository.js';
export { startOutboxWorker, deliverDue, createMailer, readOutboxMessage } from './email/sender.js';
