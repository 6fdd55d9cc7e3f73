import { sql } from 'kysely';
import type { EmailSuppressionSource } from '@roster/contract';
import type { Db } from '../create-db.js';
import { escapeLike } from './user-list.repository.js';
import { literalOf, type ArrayParam } from '../array-literal.js';
import { isoTime } from './users.repository.js';

/**
 * The suppression list's one writer (table `email_suppressions`): addresses, normalised as users' emails are
 * compared (`normalizeEmail`), that no email of the tenant goes to. The outbox's sender adds bounces; admins add
 * and remove addresses through the API (services/email-suppressions.service.ts).
 */

/** The row as the API shows it, its instant as ISO text (both drivers alike). */
const columns = ['address', 'reason', 'source', isoTime('created_at').$castTo<string>().as('created_at')] as const;

/** Puts an address on the list; one already there keeps its first reason. Returns the row as it stands and whether it is new. */
export async function suppressAddress(db: Db, s: { tenantId: string; address: string; reason: string; source: EmailSuppressionSource }) {
  const inserted = await db
    .insertInto('email_suppressions')
    .values({ tenant_id: s.tenantId, address: s.address, reason: s.reason.slice(0, 1000), source: s.source })
    .onConflict((oc) => oc.columns(['tenant_id', 'address']).doNothing())
    .returning(columns)
    .executeTakeFirst();
  if (inserted) return { row: inserted, created: true };
  return { row: (await findSuppression(db, s.tenantId, s.address))!, created: false };
}

export async function findSuppression(db: Db, tenantId: string, address: string) {
  return db.selectFrom('email_suppressions').select(columns).where('tenant_id', '=', tenantId).where('address', '=', address).executeTakeFirst();
}

/** The suppressed ones among these (normalised) addresses of the tenant, by address: a bulk import's rows. */
export async function suppressionsOf(db: Db, tenantId: string, addresses: ArrayParam) {
  if (addresses.length === 0) return new Map<string, { reason: string; created_at: string }>();
  const rows = await db
    .selectFrom('email_suppressions')
    .select(['address', 'reason', isoTime('created_at').$castTo<string>().as('created_at')])
    .where('tenant_id', '=', tenantId)
    .where('address', '=', sql<string>`any(${literalOf(addresses)}::text[])`)
    .execute();
  return new Map(rows.map((r) => [r.address, r]));
}

/**
 * Across tenants (the outbox sender, platform path): the suppression of each (tenant, address) pair that has one,
 * keyed `tenant\naddress`.
 */
export async function suppressionsAmong(db: Db, pairs: readonly { tenantId: string; address: string }[]) {
  const out = new Map<string, { reason: string; created_at: string }>();
  if (pairs.length === 0) return out;
  const rows = await db
    .selectFrom('email_suppressions')
    .select(['tenant_id', 'address', 'reason', isoTime('created_at').$castTo<string>().as('created_at')])
    .where((eb) => eb.or(pairs.map((p) => eb.and([eb('tenant_id', '=', p.tenantId), eb('address', '=', p.address)]))))
    .execute();
  for (const r of rows) out.set(`${r.tenant_id}\n${r.address}`, r);
  return out;
}

/**
 * One page, newest first: keyset on (created_at, address), `after` being the last row's exact instant (microseconds,
 * as text) and address. `q` finds addresses containing it.
 */
export async function listSuppressions(db: Db, tenantId: string, f: { q?: string | undefined; limit: number; after?: { at: string; address: string } | undefined }) {
  let query = db
    .selectFrom('email_suppressions')
    .select([...columns, sql<string>`to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as('keyset_at')])
    .where('tenant_id', '=', tenantId);
  if (f.q) query = query.where('address', 'like', `%${escapeLike(f.q)}%`);
  if (f.after) query = query.where(sql<boolean>`(created_at, address) < (${f.after.at}::timestamptz, ${f.after.address})`);
  return query.orderBy('created_at', 'desc').orderBy('address', 'desc').limit(f.limit + 1).execute();
}

/** Takes an address off the list; the removed row, or undefined when it was not there. */
export async function removeSuppression(db: Db, tenantId: string, address: string) {
  return db.deleteFrom('email_suppressions').where('tenant_id', '=', tenantId).where('address', '=', address).returning(columns).executeTakeFirst();
}
