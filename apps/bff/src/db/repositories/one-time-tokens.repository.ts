import { sql } from 'kysely';
import type { Db } from '../create-db.js';
import { literalOf, type ArrayParam } from '../array-literal.js';

type Purpose = 'invitation' | 'password_reset' | 'email_change' | 'mfa_enrolment' | 'webauthn_registration' | 'webauthn_authentication' | 'sms_code' | 'sms_enrolment';

/** Issues a token and kills the user's earlier unused ones of the same purpose. */
export async function replaceOneTimeToken(
  db: Db,
  t: { tenantId: string; userId: string; purpose: Purpose; tokenHash: string; expiresAt: string; data?: unknown },
) {
  await db
    .updateTable('one_time_tokens')
    .set({ used_at: sql`now()` })
    .where('tenant_id', '=', t.tenantId)
    .where('user_id', '=', t.userId)
    .where('purpose', '=', t.purpose)
    .where('used_at', 'is', null)
    .execute();
  await db
    .insertInto('one_time_tokens')
    .values({
      tenant_id: t.tenantId,
      user_id: t.userId,
      purpose: t.purpose,
      token_hash: t.tokenHash,
      expires_at: t.expiresAt,
      data: t.data === undefined ? null : JSON.stringify(t.data),
      used_at: null,
    })
    .execute();
}

/**
 * Uses a token up in one statement: of two concurrent uses exactly one gets the row back. Expired, used,
 * unknown and truncated tokens all come back as undefined.
 */
export async function consumeOneTimeToken(db: Db, tokenHash: string, purpose: Purpose) {
  return db
    .updateTable('one_time_tokens')
    .set({ used_at: sql`now()` })
    .where('token_hash', '=', tokenHash)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', sql<string>`now()`)
    .returning(['id', 'tenant_id', 'user_id', 'data'])
    .executeTakeFirst();
}

/** Looks a token up without using it (a GET of the link, e.g. by a mail scanner, must not spend it). */
export async function peekOneTimeToken(db: Db, tokenHash: string, purpose: Purpose) {
  return db
    .selectFrom('one_time_tokens')
    .select(['id', 'tenant_id', 'user_id', 'expires_at'])
    .where('token_hash', '=', tokenHash)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', sql<string>`now()`)
    .executeTakeFirst();
}

export async function killUserTokens(db: Db, tenantId: string, userId: string, purposes: readonly Purpose[]) {
  await db
    .updateTable('one_time_tokens')
    .set({ used_at: sql`now()` })
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .where('purpose', 'in', purposes)
    .where('used_at', 'is', null)
    .execute();
}

/**
 * How many tokens of a purpose the user was issued in the last `seconds`, and when the oldest of them was; with
 * `unusedOnly`, only those not used (or replaced) since.
 */
export async function recentTokens(db: Db, tenantId: string, userId: string, purpose: Purpose, seconds: number, o: { unusedOnly?: boolean } = {}) {
  let q = db
    .selectFrom('one_time_tokens')
    .select(({ fn }) => [fn.countAll<string>().as('n'), fn.min('created_at').as('oldest')])
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .where('purpose', '=', purpose)
    .where('created_at', '>', sql<string>`now() - make_interval(secs => ${seconds}::int)`);
  if (o.unusedOnly) q = q.where('used_at', 'is', null);
  const row = await q.executeTakeFirstOrThrow();
  return { count: Number(row.n), oldest: row.oldest === null ? null : new Date(row.oldest as string | Date).toISOString() };
}

/** The tenant of a one-time token, used or not (the platform path: called before the tenant is known). */
export async function tenantOfToken(db: Db, tokenHash: string): Promise<string | undefined> {
  const row = await db.selectFrom('one_time_tokens').select('tenant_id').where('token_hash', '=', tokenHash).executeTakeFirst();
  return row?.tenant_id;
}

/** The tenant and user of a one-time token, used or not (the platform path: a self-service page's link). */
export async function ownerOfToken(db: Db, tokenHash: string) {
  return db.selectFrom('one_time_tokens').select(['tenant_id', 'user_id']).where('token_hash', '=', tokenHash).executeTakeFirst();
}

/**
 * What became of a token, without using it (the platform path: a self-service page asks before anyone signs in):
 * its purpose, whether it is used or expired, and whether it was used up by a newer token of the same user and
 * purpose — `replaceOneTimeToken` marks the old one used in the transaction that inserts the new one, so the new
 * one's `created_at` is the old one's `used_at` (both are that transaction's `now()`).
 */
export async function tokenState(db: Db, tokenHash: string) {
  return db
    .selectFrom('one_time_tokens as t')
    .select((eb) => [
      't.purpose',
      eb('t.used_at', 'is not', null).as('used'),
      eb(sql<string>`t.expires_at`, '<=', sql<string>`now()`).as('expired'),
      eb
        .exists(
          eb
            .selectFrom('one_time_tokens as n')
            .select(sql`1`.as('one'))
            .whereRef('n.tenant_id', '=', 't.tenant_id')
            .whereRef('n.user_id', '=', 't.user_id')
            .whereRef('n.purpose', '=', 't.purpose')
            .whereRef('n.created_at', '=', 't.used_at')
            .whereRef('n.id', '<>', 't.id'),
        )
        .as('replaced'),
    ])
    .where('t.token_hash', '=', tokenHash)
    .executeTakeFirst();
}

/** Bulk import (set-based: whole columns as arrays, `unnest`ed; literals built by `arrayLiteral`, faster than the driver). */
export async function insertInvitationTokens(trx: Db, tenantId: string, expiresAt: string, userIds: ArrayParam, tokenHashes: ArrayParam) {
  if (userIds.length === 0) return;
  await sql`
    insert into one_time_tokens (tenant_id, user_id, purpose, token_hash, expires_at)
    select ${tenantId}::uuid, t.u, 'invitation', t.h, ${expiresAt}::timestamptz from unnest(${literalOf(userIds)}::uuid[], ${literalOf(tokenHashes)}::text[]) as t(u, h)`.execute(trx);
}

/** The user's live (unused, unexpired) token of a purpose, newest first — a sent text-message code is checked against it. */
export async function findLiveToken(db: Db, tenantId: string, userId: string, purpose: Purpose) {
  return db
    .selectFrom('one_time_tokens')
    .select(['id', 'data', 'expires_at'])
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', sql<string>`now()`)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
}

/** Spends a token found by `findLiveToken`, if it is still live: of two concurrent spends exactly one gets `true`. */
export async function spendToken(db: Db, tenantId: string, id: string): Promise<boolean> {
  const row = await db
    .updateTable('one_time_tokens')
    .set({ used_at: sql`now()` })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .where('expires_at', '>', sql<string>`now()`)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Counts a wrong try against a live token (`data.tries`, in one statement); the try that reaches `maxTries` spends it.
 * Returns the tries so far, or null when the token was no longer live.
 */
export async function countTokenTry(db: Db, tenantId: string, id: string, maxTries: number): Promise<number | null> {
  const row = await sql<{ tries: number }>`
    update one_time_tokens
       set data = jsonb_set(coalesce(data, '{}'::jsonb), '{tries}', to_jsonb(coalesce((data->>'tries')::int, 0) + 1)),
           used_at = case when coalesce((data->>'tries')::int, 0) + 1 >= ${maxTries}::int then now() else null end
     where tenant_id = ${tenantId}::uuid and id = ${id}::uuid and used_at is null and expires_at > now()
    returning (data->>'tries')::int as tries`.execute(db);
  return row.rows[0]?.tries ?? null;
}
