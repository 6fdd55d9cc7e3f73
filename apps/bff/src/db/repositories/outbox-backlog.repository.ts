import { sql } from 'kysely';
import type { Db } from '../create-db.js';

export type OutboxKind = 'email' | 'sms' | 'webhook';

/**
 * What waits in each outbox (GET /metrics, platform path: every tenant's): the count and the age in seconds of the
 * oldest, by kind. Pending means still to be sent: not sent and not given up (email: no `failure`; SMS: its body is
 * kept; webhook: status `pending`), retries and leased messages included. Each count reads its table's partial
 * "due" index (only unsent rows), so it stays cheap however much the outbox has sent.
 */
export async function outboxBacklog(db: Db): Promise<{ kind: OutboxKind; pending: number; oldestAgeSeconds: number }[]> {
  const r = await sql<{ kind: OutboxKind; pending: number; age: number | string | null }>`
    select 'email' as kind, count(*)::int as pending, extract(epoch from now() - min(created_at))::float8 as age
      from email_outbox where sent_at is null and failure is null
    union all
    select 'sms', count(*)::int, extract(epoch from now() - min(created_at))::float8
      from sms_outbox where sent_at is null and sealed_body is not null
    union all
    select 'webhook', count(*)::int, extract(epoch from now() - min(created_at))::float8
      from webhook_deliveries where status = 'pending'`.execute(db);
  return r.rows.map((row) => ({ kind: row.kind, pending: Number(row.pending), oldestAgeSeconds: Math.max(0, Number(row.age ?? 0)) }));
}
