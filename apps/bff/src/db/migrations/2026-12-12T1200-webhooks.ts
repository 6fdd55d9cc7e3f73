import { sql, type Kysely } from 'kysely';

/**
 * Webhooks (issue 15). Endpoints per tenant, their signing secret sealed (it must sign, so it cannot be a hash; the
 * signing key opens it, the database alone does not), and the secret before a rotation for its grace period.
 * Deliveries are written in the transaction of the change (beside its audit entry, which they point at): one per
 * endpoint and event, retried with backoff until they succeed or die; `locked_until` is a sender's lease, so
 * several senders drain them at once and a sender that dies mid-send leaves its deliveries to the next.
 *
 * The audit log is the durable event feed (`GET /v1/events`): each entry records the transaction that wrote it
 * (`xid`), so the feed, like the users' sync, reads only below the oldest running transaction and never skips an
 * entry committed late. Frozen in time.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table audit_events add column xid xid8 not null default pg_current_xact_id()`.execute(db);
  await sql`create index audit_events_feed on audit_events (tenant_id, xid, id)`.execute(db);
  await sql`
    create table webhook_endpoints (
      id uuid primary key default gen_random_uuid(),
      tenant_id uuid not null references tenants(id) on delete cascade,
      url text not null check (char_length(url) between 1 and 2048),
      description text not null default '' check (char_length(description) <= 200),
      events text[],
      enabled boolean not null default true,
      secret_sealed text not null,
      previous_secret_sealed text,
      previous_secret_expires_at timestamptz,
      secret_rotated_at timestamptz,
      created_by text,
      created_at timestamptz not null default now(),
      unique (tenant_id, id),
      check ((previous_secret_sealed is null) = (previous_secret_expires_at is null))
    )`.execute(db);
  await sql`
    create table webhook_deliveries (
      id bigint generated always as identity primary key,
      tenant_id uuid not null,
      endpoint_id uuid not null,
      audit_event_id bigint not null,
      event_type text not null,
      status text not null default 'pending' check (status in ('pending', 'succeeded', 'dead')),
      attempts integer not null default 0,
      next_attempt_at timestamptz default now(),
      locked_until timestamptz,
      last_response_status integer,
      last_error text,
      created_at timestamptz not null default now(),
      delivered_at timestamptz,
      unique (endpoint_id, audit_event_id, event_type),
      foreign key (tenant_id, endpoint_id) references webhook_endpoints (tenant_id, id) on delete cascade
    )`.execute(db);
  await sql`create index webhook_deliveries_due on webhook_deliveries (next_attempt_at) where status = 'pending'`.execute(db);
  await sql`create index webhook_deliveries_log on webhook_deliveries (tenant_id, endpoint_id, id desc)`.execute(db);
  for (const table of ['webhook_endpoints', 'webhook_deliveries']) {
    await sql`alter table ${sql.table(table)} enable row level security`.execute(db);
    await sql`alter table ${sql.table(table)} force row level security`.execute(db);
    await sql`
      create policy tenant_isolation on ${sql.table(table)} to roster_app
        using (tenant_id = nullif(current_setting('roster.tenant_id', true), '')::uuid)
        with check (tenant_id = nullif(current_setting('roster.tenant_id', true), '')::uuid)`.execute(db);
    await sql`create policy platform on ${sql.table(table)} to current_user using (true) with check (true)`.execute(db);
    await sql`grant select, insert, update, delete on ${sql.table(table)} to roster_app`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists webhook_deliveries`.execute(db);
  await sql`drop table if exists webhook_endpoints`.execute(db);
  await sql`drop index if exists audit_events_feed`.execute(db);
  await sql`alter table audit_events drop column xid`.execute(db);
}
