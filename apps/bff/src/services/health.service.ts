import type { Services } from './context.js';
import { ApiError } from '../errors.js';
import { pingDatabase } from '../db/repositories/health.repository.js';
import { pendingMigrations } from '../db/migrate.js';

/**
 * `/readyz`: the database answers and has every migration this code needs. A database that cannot be reached
 * makes the ping throw (onError answers 503 with Retry-After); missing migrations are a 503 naming them. The
 * migrations table belongs to the connecting role (the product's own role may not read it).
 */
export async function assertReady(s: Services): Promise<void> {
  await pingDatabase(s.db);
  const pending = await pendingMigrations(s.platformDb);
  if (pending.length > 0) {
    throw new ApiError('service_unavailable', `The database lacks ${pending.length} migration${pending.length === 1 ? '' : 's'} this version needs: ${pending.join(', ')}.`, undefined, { 'Retry-After': '30' });
  }
}
