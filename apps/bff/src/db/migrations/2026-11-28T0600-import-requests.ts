import { sql, type Kysely } from 'kysely';

/**
 * Idempotency of bulk imports: a retried request with the same `Idempotency-Key` gets the stored response
 * instead of importing again. The row is written in the import's own transaction. Frozen in time.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table import_requests (
      tenant_id uuid not null references tenants(id) on delete cascade,
      idempotency_key text not null,
      request_hash text not null,
      response jsonb not null,
      created_at timestamptz not null default now(),
      primary key (tenant_id, idempotency_key)
    )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists import_requests`.execute(db);
}
