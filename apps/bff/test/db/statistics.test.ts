import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { BulkImportResponse } from '@roster/contract';
import { adminSession, createTestContext, json, type TestContext } from '../support.js';
import { ANALYZE_AFTER_ROWS } from '../../src/db/statistics.js';

/**
 * Issue 10 #18a: PGlite has no autovacuum, so Roster keeps its planner statistics current itself: ANALYZE at start
 * (after the migrations) and after a bulk import. reltuples is -1 for a table never analyzed.
 */
describe('planner statistics on PGlite', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext('pglite');
  });
  afterAll(async () => t?.close());

  const reltuples = async (table: string) =>
    Number((await sql<{ n: number }>`select reltuples::float8 as n from pg_class where relname = ${table} and relkind = 'r'`.execute(t.services.db)).rows[0]!.n);

  it('analyzes every table at start', async () => {
    for (const table of ['users', 'role_assignments', 'one_time_tokens', 'email_outbox', 'audit_events']) expect(await reltuples(table), table).toBeGreaterThanOrEqual(0);
  });

  it('analyzes what a large import wrote', async () => {
    const s = await adminSession(t, 'Stats Co');
    const n = ANALYZE_AFTER_ROWS + 10;
    const lines = ['First name,Last name,Email'];
    for (let i = 0; i < n; i++) lines.push(`Ann,Smith,ann${i}@stats.example`);
    const res = await t.app.request('/v1/users/bulk-import', json({ kind: 'technician', text: lines.join('\n'), confirmAddSeats: true }, s.auth));
    expect(res.status, await res.clone().text()).toBe(201);
    expect(((await res.json()) as BulkImportResponse).imported).toBe(n);
    expect(await reltuples('users')).toBeGreaterThanOrEqual(n);
    expect(await reltuples('one_time_tokens')).toBeGreaterThanOrEqual(n);
    expect(await reltuples('email_outbox')).toBeGreaterThanOrEqual(n);
  });
});
