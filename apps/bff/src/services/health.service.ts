import type { Services } from './context.js';
import { ApiError } from '../errors.js';
import { pingDatabase } from '../db/repositories/health.repository.js';
import { pendingMigrations, pendingMigrationsMessage } from '../db/migrate.js';

/**
 * `/readyz`: the database answers and has every migration this code needs. A database that cannot be reached
 * makes the ping throw (onError answers 503 with Retry-After); missing migrations are a 503 naming them. The
 * migrations table belongs to the connecting role (the product's own role may not read it). A process that is
 * shutting down is not ready either: the load balancer stops sending while its requests drain.
 */
export async function assertReady(s: Services): Promise<void> {
  if (s.lifecycle?.draining) {
    throw new ApiError('service_unavailable', 'This instance is shutting down.', undefined, { 'Retry-After': '5' });
  }
  await pingDatabase(s.db);
  const pending = await pendingMigrations(s.platformDb);
  if (pending.length > 0) {
    throw new ApiError('service_unavailable', pendingMigrationsMessage(pending), undefined, { 'Retry-After': '30' });
  }
}
