/**
 * The import benchmark's database chores: counting tenant A, and putting it back as it was after each commit (the
 * imported users and everything the import wrote for them deleted, the tables vacuumed).
 */
import type pg from 'pg';
import { EMAIL_LIKE } from './import-rows.js';
import type { BenchTenant } from './seed.js';

export async function countTenant(c: pg.Client, tenantId: string): Promise<number> {
  return (await c.query<{ n: number }>(`select count(*)::int as n from users where tenant_id = $1`, [tenantId])).rows[0]!.n;
}

/** Every table with a foreign key to users: the cleanup deletes from each explicitly (checked against the catalog). */
const USER_CHILDREN = ['one_time_tokens', 'recovery_codes', 'role_assignments', 'sessions', 'user_access_groups', 'user_attribute_values', 'user_permissions', 'webauthn_credentials'];

export async function assertUserChildren(c: pg.Client): Promise<void> {
  const found = (await c.query<{ t: string }>(`select distinct conrelid::regclass::text as t from pg_constraint where confrelid = 'users'::regclass and contype = 'f' order by 1`)).rows.map((r) => r.t);
  if (found.join() !== [...USER_CHILDREN].sort().join()) throw new Error(`tables referencing users changed: ${found.join(', ')}; update USER_CHILDREN in bench/import-cleanup.ts`);
}

/**
 * Deletes the imported users and everything the import wrote for them, explicitly, one statement per table; the
 * users themselves with the foreign-key triggers off (session_replication_role = replica), since every child row is
 * gone already: the cascades would run one lookup per user, and one_time_tokens' and sessions' only user indexes are
 * partial, so each lookup scans the whole (just emptied, not yet vacuumed) table — minutes for 100,000 users.
 * Returns the users deleted.
 */
export async function cleanupImported(c: pg.Client, t: BenchTenant): Promise<number> {
  const ids = `select id from users where tenant_id = $1 and email_normalized like $2`;
  await c.query('begin');
  try {
    await c.query(`create temp table bench_import_ids on commit drop as ${ids}`, [t.tenantId, EMAIL_LIKE]);
    await c.query(`delete from email_outbox where tenant_id = $1 and user_id in (select id from bench_import_ids)`, [t.tenantId]);
    for (const table of USER_CHILDREN) await c.query(`delete from ${table} where tenant_id = $1 and user_id in (select id from bench_import_ids)`, [t.tenantId]);
    await c.query(
      `delete from audit_events where tenant_id = $1 and (
         (action = 'user.created' and target_type = 'user' and target_id in (select id::text from bench_import_ids))
         or (action = 'users.imported' and actor_id = $2)
         or (action = 'seat.added' and actor_id = $2 and after->>'reason' = 'bulk import'))`,
      [t.tenantId, t.rootAdminId],
    );
    await c.query(`set local session_replication_role = replica`);
    const users = await c.query(`delete from users where tenant_id = $1 and id in (select id from bench_import_ids)`, [t.tenantId]);
    await c.query('commit');
    return users.rowCount ?? 0;
  } catch (e) {
    await c.query('rollback');
    throw e;
  }
}

export async function vacuumAll(c: pg.Client): Promise<void> {
  await c.query(`vacuum users, role_assignments, one_time_tokens, email_outbox, audit_events`);
}
