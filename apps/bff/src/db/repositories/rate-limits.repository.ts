import { sql } from 'kysely';
import type { Db } from '../create-db.js';

/** A request counted in its key's window: the count with it, and the seconds left until the window ends. */
export interface CountedHit {
  count: number;
  retryAfterSeconds: number;
  /** The window, exactly as the database holds it: what `giveBackHit` names. */
  window: string;
}

/**
 * The one writer of `rate_limit_counters`. Counts one request against `key` in one statement, whichever instance
 * runs it: the first request (or the first after the window ended) opens a window of `windowMs` from now with a
 * count of 1; the others add 1 to the open window. Concurrent hits on one key queue on its row, so none is lost.
 * The database's clock decides the window, so instances whose clocks differ still agree.
 */
export async function countHit(db: Db, key: string, windowMs: number): Promise<CountedHit> {
  const r = await sql<{ count: number; retry_after: number; window: string }>`
    insert into rate_limit_counters as r (key, window_ends_at, count)
    values (${key}, statement_timestamp() + make_interval(secs => ${windowMs / 1000}), 1)
    on conflict (key) do update set
      count = case when r.window_ends_at > statement_timestamp() then r.count + 1 else 1 end,
      window_ends_at = case when r.window_ends_at > statement_timestamp() then r.window_ends_at else excluded.window_ends_at end
    returning count, ceil(extract(epoch from window_ends_at - statement_timestamp()))::int as retry_after, window_ends_at::text as window`.execute(db);
  const row = r.rows[0]!;
  return { count: row.count, retryAfterSeconds: Math.max(1, row.retry_after), window: row.window };
}

/** Takes back a counted request (a success where only failures count), if its window is still the open one. */
export async function giveBackHit(db: Db, key: string, window: string): Promise<void> {
  await sql`update rate_limit_counters set count = count - 1 where key = ${key} and window_ends_at = ${window}::timestamptz and count > 0`.execute(db);
}

/** Drops the windows that ended (a key seen once and never again would otherwise stay for good). */
export async function deleteEndedWindows(db: Db): Promise<number> {
  const r = await db.deleteFrom('rate_limit_counters').where('window_ends_at', '<', sql<string>`statement_timestamp()`).executeTakeFirst();
  return Number(r.numDeletedRows);
}
