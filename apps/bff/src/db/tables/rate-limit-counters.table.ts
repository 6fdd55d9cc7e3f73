/** A rate limit's count for one key in its current fixed window (db/repositories/rate-limits.repository.ts writes it). */
export interface RateLimitCountersTable {
  key: string;
  window_ends_at: string;
  count: number;
}
