import { sql } from 'kysely';
import type { Db, DbKind } from './create-db.js';

/**
 * Planner statistics. PostgreSQL's autovacuum keeps them current; PGlite has no autovacuum, so without these
 * calls its tables keep the statistics (and the cached plans, e.g. of the foreign-key checks) of the moment they
 * were tiny. Issue 10 #18 reports a 50,000-row import after a few single creates taking 135–190 s instead of
 * 11–17 s; bench/import-healthz.ts did not reproduce that here (13.7–21.5 s without ANALYZE, after 0, 5 or 20
 * single creates), so these calls are kept as the cheap guard the issue asks for: at 50,000 rows they cost
 * ~0.6 s (users, inside the import) + ~0.8 s (the other tables, after it).
 */

/** Rows written at once from which a bulk write refreshes the statistics of what it wrote. */
export const ANALYZE_AFTER_ROWS = 1_000;

/** The whole database's statistics, at start (after the migrations). PGlite only: autovacuum does it on PostgreSQL. */
export async function analyzeAtStart(db: Db, kind: DbKind): Promise<void> {
  if (kind === 'pglite') await sql`analyze`.execute(db);
}

/**
 * The statistics of `tables` after `rows` rows were written to them, on PGlite. Inside a transaction (allowed for
 * ANALYZE, which counts the transaction's own new rows) it also replans what follows in that transaction: the
 * foreign-key checks of the rows that point at the new users. Not on PostgreSQL: there ANALYZE inside the
 * transaction would hold a self-conflicting lock on the table until commit (two imports would queue), and
 * autovacuum refreshes the statistics after commit anyway.
 */
export async function analyzeAfterBulkWrite(db: Db, kind: DbKind, rows: number, tables: readonly string[]): Promise<void> {
  if (kind !== 'pglite' || rows < ANALYZE_AFTER_ROWS || tables.length === 0) return;
  await sql`analyze ${sql.join(tables.map((t) => sql.table(t)))}`.execute(db);
}
