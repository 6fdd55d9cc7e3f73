import { sql, type Kysely } from 'kysely';

/**
 * Custom attributes (issue 17). Definitions per tenant, and the users' values in one typed table rather than a jsonb
 * column with an expression index per definition: an index built at runtime when a definition is created would scan
 * a million users inside a request (or need CREATE INDEX CONCURRENTLY outside any transaction, on every instance's
 * schedule); the typed table's two indexes exist once, and each definition's values are a contiguous range of them.
 *
 * A value lives in `value_text` (text, one-of, a date as `YYYY-MM-DD`, a boolean as `false`/`true`: all sort as
 * their meaning) or `value_number` (numbers). `(tenant_id, attribute_id, value_…, user_id)` answers an equality or
 * range filter and a keyset sort (ties by user id) by an index scan that stops after a page. Deleting a definition or a
 * user deletes its values (foreign keys). Numbers are `double precision`, not `numeric`: the tables have row-level
 * security, under which only a leakproof operator may be an index condition, and float8's comparisons are leakproof
 * (numeric's are not: a range filter on numeric read every value of the attribute). Integers up to 2^53 are exact.
 * Text comparisons are leakproof too. Frozen in time.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table attribute_definitions (
      id uuid primary key default gen_random_uuid(),
      tenant_id uuid not null references tenants(id) on delete cascade,
      key text not null check (key ~ '^[a-z][a-z0-9_]{0,39}$'),
      labels jsonb not null,
      type text not null check (type in ('text', 'number', 'boolean', 'date', 'oneOf')),
      options jsonb,
      required boolean not null default false,
      show_as_column boolean not null default false,
      position integer not null default 0,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (tenant_id, id),
      unique (tenant_id, key)
    )`.execute(db);
  await sql`
    create table user_attribute_values (
      tenant_id uuid not null,
      user_id uuid not null,
      attribute_id uuid not null,
      value_text text,
      value_number double precision,
      primary key (tenant_id, user_id, attribute_id),
      check ((value_text is null) <> (value_number is null)),
      foreign key (tenant_id, attribute_id) references attribute_definitions (tenant_id, id) on delete cascade,
      foreign key (tenant_id, user_id) references users (tenant_id, id) on delete cascade
    )`.execute(db);
  await sql`create index user_attribute_values_text on user_attribute_values (tenant_id, attribute_id, value_text, user_id) where value_text is not null`.execute(db);
  await sql`create index user_attribute_values_number on user_attribute_values (tenant_id, attribute_id, value_number, user_id) where value_number is not null`.execute(db);
  for (const table of ['attribute_definitions', 'user_attribute_values']) {
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
  await sql`drop table if exists user_attribute_values`.execute(db);
  await sql`drop table if exists attribute_definitions`.execute(db);
}
