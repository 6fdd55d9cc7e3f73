import { sql, type Kysely } from 'kysely';

/**
 * Incremental sync (issue 15): every user and organization carries the id of the transaction that last changed what
 * the API shows of it (`change_xid`, xid8), and deletions leave a tombstone for 30 days. An integration pages through
 * changes in `(change_xid, id)` order and only ever below the oldest transaction still running
 * (`pg_snapshot_xmin`): every transaction below it has ended, and any later change gets a larger id, so a cursor
 * never passes a change that commits afterwards — not one made in the same millisecond, not one of a long import.
 *
 * Kept by the database, so no writer can forget it: a row's own change (an update of a column the API shows) marks
 * it; gaining or losing a role (an assignment's insert or delete, a role's deletion cascading to them) and a role's
 * new name mark its holders, once per statement and only those not already marked by the same transaction (an
 * import's new users are, by their insert). Tombstones carry what a filtered sync needs (kind, organization) and
 * no foreign key, so that a tenant's deletion cascading to its users still works. Frozen in time.
 */
const USER_FIELDS = [
  'kind', 'organization_id', 'first_name', 'last_name', 'email', 'username', 'phone', 'language', 'idle_warning_minutes',
  'show_getting_started', 'ticket_page_accessibility', 'availability', 'notification_preferences', 'time_zone', 'status',
  'mfa_state', 'sign_in_method', 'is_root_admin', 'invitation_expires_at', 'last_login_at', 'locked_until', 'pending_email', 'all_modules',
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const table of ['users', 'organizations']) {
    await sql`alter table ${sql.table(table)} add column change_xid xid8 not null default pg_current_xact_id()`.execute(db);
    await sql`create index ${sql.raw(`${table}_changes`)} on ${sql.table(table)} (tenant_id, change_xid, id)`.execute(db);
  }
  await sql`alter table organizations add column updated_at timestamptz not null default now()`.execute(db);
  await sql`
    create function roster_mark_changed() returns trigger language plpgsql as $$
    begin
      new.change_xid := pg_current_xact_id();
      new.updated_at := now();
      return new;
    end $$`.execute(db);
  await sql`
    create trigger users_changed before update of ${sql.raw(USER_FIELDS.join(', '))} on users
      for each row when (${sql.raw(`(${USER_FIELDS.map((f) => `old.${f}`).join(', ')}) is distinct from (${USER_FIELDS.map((f) => `new.${f}`).join(', ')})`)})
      execute function roster_mark_changed()`.execute(db);
  await sql`
    create trigger organizations_changed before update of name on organizations
      for each row when (old.name is distinct from new.name) execute function roster_mark_changed()`.execute(db);
  await sql`
    create function roster_mark_role_holders_changed() returns trigger language plpgsql as $$
    begin
      update users u set change_xid = pg_current_xact_id(), updated_at = now()
        from (select distinct tenant_id, user_id from changed) c
       where u.tenant_id = c.tenant_id and u.id = c.user_id and u.change_xid <> pg_current_xact_id();
      return null;
    end $$`.execute(db);
  await sql`
    create trigger role_assignments_added after insert on role_assignments referencing new table as changed
      for each statement execute function roster_mark_role_holders_changed()`.execute(db);
  await sql`
    create trigger role_assignments_removed after delete on role_assignments referencing old table as changed
      for each statement execute function roster_mark_role_holders_changed()`.execute(db);
  await sql`
    create function roster_mark_renamed_role_holders() returns trigger language plpgsql as $$
    begin
      update users u set change_xid = pg_current_xact_id(), updated_at = now()
        from role_assignments ra
       where ra.tenant_id = new.tenant_id and ra.role_id = new.id and u.tenant_id = ra.tenant_id and u.id = ra.user_id
         and u.change_xid <> pg_current_xact_id();
      return null;
    end $$`.execute(db);
  await sql`
    create trigger roles_renamed after update of name on roles
      for each row when (old.name is distinct from new.name) execute function roster_mark_renamed_role_holders()`.execute(db);

  await sql`
    create table tombstones (
      tenant_id uuid not null,
      resource text not null check (resource in ('user', 'organization')),
      id uuid not null,
      kind text,
      organization_id uuid,
      deleted_at timestamptz not null default now(),
      change_xid xid8 not null default pg_current_xact_id(),
      primary key (tenant_id, resource, id)
    )`.execute(db);
  await sql`create index tombstones_changes on tombstones (tenant_id, resource, change_xid, id)`.execute(db);
  await sql`create index tombstones_age on tombstones (tenant_id, deleted_at)`.execute(db);
  await sql`alter table tombstones enable row level security`.execute(db);
  await sql`alter table tombstones force row level security`.execute(db);
  await sql`
    create policy tenant_isolation on tombstones to roster_app
      using (tenant_id = nullif(current_setting('roster.tenant_id', true), '')::uuid)
      with check (tenant_id = nullif(current_setting('roster.tenant_id', true), '')::uuid)`.execute(db);
  await sql`create policy platform on tombstones to current_user using (true) with check (true)`.execute(db);
  await sql`grant select, insert, update, delete on tombstones to roster_app`.execute(db);
  // One function per table: PL/pgSQL resolves every field it names, so an organization's row cannot be asked for a kind.
  for (const [table, resource, kind, organization] of [['users', 'user', 'old.kind', 'old.organization_id'], ['organizations', 'organization', 'null', 'old.id']] as const) {
    await sql`
      create function ${sql.raw(`roster_leave_${resource}_tombstone`)}() returns trigger language plpgsql as $$
      begin
        insert into tombstones (tenant_id, resource, id, kind, organization_id)
        values (old.tenant_id, ${sql.lit(resource)}, old.id, ${sql.raw(kind)}, ${sql.raw(organization)})
        on conflict (tenant_id, resource, id) do update set deleted_at = now(), change_xid = pg_current_xact_id();
        delete from tombstones where tenant_id = old.tenant_id and deleted_at < now() - interval '30 days';
        return null;
      end $$`.execute(db);
    await sql`create trigger ${sql.raw(`${table}_tombstone`)} after delete on ${sql.table(table)} for each row execute function ${sql.raw(`roster_leave_${resource}_tombstone`)}()`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists users_tombstone on users`.execute(db);
  await sql`drop trigger if exists organizations_tombstone on organizations`.execute(db);
  await sql`drop function if exists roster_leave_user_tombstone()`.execute(db);
  await sql`drop function if exists roster_leave_organization_tombstone()`.execute(db);
  await sql`drop table if exists tombstones`.execute(db);
  await sql`drop trigger if exists roles_renamed on roles`.execute(db);
  await sql`drop function if exists roster_mark_renamed_role_holders()`.execute(db);
  await sql`drop trigger if exists role_assignments_added on role_assignments`.execute(db);
  await sql`drop trigger if exists role_assignments_removed on role_assignments`.execute(db);
  await sql`drop function if exists roster_mark_role_holders_changed()`.execute(db);
  await sql`drop trigger if exists users_changed on users`.execute(db);
  await sql`drop trigger if exists organizations_changed on organizations`.execute(db);
  await sql`drop function if exists roster_mark_changed()`.execute(db);
  await sql`alter table organizations drop column updated_at`.execute(db);
  for (const table of ['users', 'organizations']) {
    await sql`drop index if exists ${sql.raw(`${table}_changes`)}`.execute(db);
    await sql`alter table ${sql.table(table)} drop column change_xid`.execute(db);
  }
}
