import { sql, type Kysely } from 'kysely';

/**
 * The second wall: row-level security on every tenant table, for the role `roster_app` that the BFF's tenant-scoped
 * statements run as (`set_config('role', 'roster_app', true)` with `set_config('roster.tenant_id', …, true)`, both
 * transaction-local; see db/tenant-scope.ts). That role is no superuser and has no BYPASSRLS, so it sees only the
 * rows of the tenant its transaction names, and none without. The connecting role (the owner, which runs the
 * migrations and the platform path) keeps seeing everything: a superuser skips RLS, and an owner that is no
 * superuser gets a policy of its own, since RLS is forced on owners too.
 *
 * Roles belong to the cluster, and several databases of one cluster may migrate at once (each test file has its
 * own): the role is created if missing, and a concurrent creation is taken as done. Tables are found by their
 * `tenant_id` column, so every tenant table that exists at this point is covered; a later migration that adds a
 * tenant table must enable, force and add the policy itself (test/rls.test.ts fails otherwise). Frozen in time.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    do $$
    begin
      if not exists (select 1 from pg_roles where rolname = 'roster_app') then
        create role roster_app nologin;
      end if;
    exception when duplicate_object or unique_violation then
      null; -- created by a concurrent migration of another database of this cluster
    end
    $$`.execute(db);
  await sql`
    do $$
    begin
      if exists (select 1 from pg_roles where rolname = 'roster_app' and (rolsuper or rolbypassrls)) then
        raise exception 'the role roster_app must be neither superuser nor BYPASSRLS: row-level security would not apply to it';
      end if;
      -- A connecting role that is no superuser switches to roster_app only as its member.
      if not (select rolsuper from pg_roles where rolname = current_user) and not pg_has_role(current_user, 'roster_app', 'member') then
        execute format('grant roster_app to %I', current_user);
      end if;
    end
    $$`.execute(db);

  const tables = await sql<{ name: string }>`
    select c.table_name as name from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
    where c.table_schema = current_schema() and c.column_name = 'tenant_id'
    order by 1`.execute(db);

  await sql`grant usage on schema public to roster_app`.execute(db);
  await sql`grant select, update on tenants to roster_app`.execute(db);
  await sql`alter table tenants enable row level security`.execute(db);
  await sql`alter table tenants force row level security`.execute(db);
  await sql`
    create policy tenant_isolation on tenants to roster_app
      using (id = nullif(current_setting('roster.tenant_id', true), '')::uuid)
      with check (id = nullif(current_setting('roster.tenant_id', true), '')::uuid)`.execute(db);
  await sql`create policy platform on tenants to current_user using (true) with check (true)`.execute(db);

  for (const { name } of tables.rows) {
    const table = sql.table(name);
    await sql`grant select, insert, update, delete on ${table} to roster_app`.execute(db);
    await sql`alter table ${table} enable row level security`.execute(db);
    await sql`alter table ${table} force row level security`.execute(db);
    // nullif: once set and reset in a session, an unset custom setting reads as '' rather than null.
    await sql`
      create policy tenant_isolation on ${table} to roster_app
        using (tenant_id = nullif(current_setting('roster.tenant_id', true), '')::uuid)
        with check (tenant_id = nullif(current_setting('roster.tenant_id', true), '')::uuid)`.execute(db);
    await sql`create policy platform on ${table} to current_user using (true) with check (true)`.execute(db);
  }
  // Identity columns (audit events, outbox) draw from sequences; later tables get the same grants by default.
  await sql`grant usage, select on all sequences in schema public to roster_app`.execute(db);
  await sql`alter default privileges in schema public grant select, insert, update, delete on tables to roster_app`.execute(db);
  await sql`alter default privileges in schema public grant usage, select on sequences to roster_app`.execute(db);
  // A bulk import refreshes the statistics of what it wrote (PGlite has no autovacuum: db/statistics.ts), inside
  // the request's scope. PostgreSQL 17 and later (PGlite is 18) let a role that is not the owner do that.
  await sql`
    do $$ begin
      if current_setting('server_version_num')::int >= 170000 then
        execute 'grant maintain on all tables in schema public to roster_app';
        execute 'alter default privileges in schema public grant maintain on tables to roster_app';
      end if;
    end $$`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter default privileges in schema public revoke select, insert, update, delete on tables from roster_app`.execute(db);
  await sql`alter default privileges in schema public revoke usage, select on sequences from roster_app`.execute(db);
  const tables = await sql<{ name: string }>`select tablename as name from pg_policies where schemaname = current_schema() and policyname = 'tenant_isolation'`.execute(db);
  for (const { name } of tables.rows) {
    const table = sql.table(name);
    await sql`drop policy if exists tenant_isolation on ${table}`.execute(db);
    await sql`drop policy if exists platform on ${table}`.execute(db);
    await sql`alter table ${table} no force row level security`.execute(db);
    await sql`alter table ${table} disable row level security`.execute(db);
  }
  await sql`revoke all on all tables in schema public from roster_app`.execute(db);
  await sql`revoke all on all sequences in schema public from roster_app`.execute(db);
  await sql`revoke usage on schema public from roster_app`.execute(db);
}
