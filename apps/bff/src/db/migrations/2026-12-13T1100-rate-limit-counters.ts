import { sql, type Kysely } from 'kysely';

/**
 * Rate limits shared by every BFF instance (issue 16): one row per limited key (a route and a socket address, a
 * tenant's test emails…) with its window's end and the requests counted in it. UNLOGGED: a counter is worth
 * nothing after a crash (PostgreSQL empties the table on crash recovery, which only resets the windows) and writing
 * it to the WAL on every limited request would cost more than the count itself; an unlogged table is not copied to
 * replicas either, which no reader needs. Not a tenant table (no tenant_id, no row-level security): only the
 * platform path uses it, so `roster_app` gets no rights on it. Frozen in time.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create unlogged table rate_limit_counters (
      key text primary key,
      window_ends_at timestamptz not null,
      count integer not null
    )`.execute(db);
  await sql`revoke all on rate_limit_counters from roster_app`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists rate_limit_counters`.execute(db);
}
