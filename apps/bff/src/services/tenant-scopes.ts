import type { Services } from './context.js';
import { withTenant } from '../db/tenant-scope.js';
import { hashSecret } from '../auth/secrets.js';
import { tenantOfToken } from '../db/repositories/one-time-tokens.repository.js';

/**
 * Runs `fn` in the tenant of a one-time token (an emailed link or an enrolment ticket), found by its hash on the
 * platform path — whether used, expired or live: `fn` decides. An unknown token runs `fn` with no tenant, where
 * `s.db` finds no rows, so it fails like a spent one.
 */
export async function inTenantOfToken<T>(s: Services, token: string, fn: () => Promise<T>): Promise<T> {
  return withTenant((await tenantOfToken(s.platformDb, hashSecret(token))) ?? null, fn);
}

/** Runs `fn` in the tenant a request names in its body (login, forgot-password: validated as a UUID). */
export function inTenant<T>(tenantId: string, fn: () => Promise<T>): Promise<T> {
  return withTenant(tenantId, fn);
}
