import { sql } from 'kysely';
import type { Db } from '../create-db.js';

/** A new set of recovery codes (their hashes) replaces the user's old one, spent or not. */
export async function replaceRecoveryCodes(trx: Db, tenantId: string, userId: string, hashes: readonly string[]) {
  await deleteRecoveryCodes(trx, tenantId, userId);
  await trx.insertInto('recovery_codes').values(hashes.map((code_hash) => ({ tenant_id: tenantId, user_id: userId, code_hash }))).execute();
}

export async function deleteRecoveryCodes(trx: Db, tenantId: string, userId: string) {
  await trx.deleteFrom('recovery_codes').where('tenant_id', '=', tenantId).where('user_id', '=', userId).execute();
}

/**
 * Spends one unused code by its hash: the statement that checks it marks it used, so two sign-ins with one code
 * get one session. Returns how many stay unused, or null when no unused code has this hash.
 */
export async function spendRecoveryCode(trx: Db, tenantId: string, userId: string, hash: string): Promise<number | null> {
  const spent = await trx
    .updateTable('recovery_codes')
    .set({ used_at: sql<string>`now()` })
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .where('code_hash', '=', hash)
    .where('used_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  if (!spent) return null;
  return countRecoveryCodes(trx, tenantId, userId);
}

/** How many of the user's recovery codes are still unused. */
export async function countRecoveryCodes(db: Db, tenantId: string, userId: string): Promise<number> {
  const row = await db
    .selectFrom('recovery_codes')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
