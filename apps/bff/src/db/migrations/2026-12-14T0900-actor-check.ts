import { sql, type Kysely } from 'kysely';

/**
 * The gate's check folded into the statement it guards (middleware/gate, db/pg-dialect.ts). `roster_actor_digest`
 * is a fingerprint of everything the gate derives from `roster_actor` (status, organization, the sessions' cut, the
 * permissions and the roles' organizations, whether the minting OAuth client is active); the gate keeps it with a
 * principal it has loaded. On the routes that opt in, a later request with the same token sends
 * `roster_actor_check(…, digest)` inside the scope statement that already travels with the route's first statement —
 * one message, no round trip of its own — and the check reads the rows afresh and raises SQLSTATE RST01 when the
 * fingerprint differs, which aborts that message's implicit transaction: a revoked permission is still refused on
 * the very next request, on every instance, and nothing of the statement it travelled with happens. Frozen in time.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // PL/pgSQL, not SQL: a SQL function that is not inlined is planned on every call, and this one runs on every kept
  // request; one expression, which PL/pgSQL evaluates without a query of its own. The arrays are taken in the order
  // roster_actor returns them: should a new plan ever order them otherwise, the fingerprint differs and the gate
  // loads the principal again and compares it as sets (tenant-scope.ts) — a reload, never a wrong answer.
  await sql`
    create or replace function roster_actor_digest(p_status text, p_organization_id uuid, p_sessions_valid_after timestamptz,
                                                   p_permissions text[], p_organization_ids text[], p_client_active boolean)
    returns text language plpgsql immutable
    as $fn$
    begin
      return md5(concat_ws('|', p_status, p_organization_id::text, extract(epoch from p_sessions_valid_after)::text,
        array_to_string(p_permissions, ','), array_to_string(p_organization_ids, ','), p_client_active::text));
    end
    $fn$`.execute(db);
  await sql`
    create or replace function roster_actor_check(p_tenant uuid, p_user uuid, p_client uuid, p_digest text)
    returns boolean language plpgsql stable
    as $fn$
    declare
      d text;
    begin
      select roster_actor_digest(a.status, a.organization_id, a.sessions_valid_after, a.permissions, a.organization_ids, a.client_active)
        into d from roster_actor(p_tenant, p_user, p_client) a;
      if d is distinct from p_digest then
        raise exception 'the acting user changed since the gate loaded them' using errcode = 'RST01';
      end if;
      return true;
    end
    $fn$`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop function if exists roster_actor_check(uuid, uuid, uuid, text)`.execute(db);
  await sql`drop function if exists roster_actor_digest(text, uuid, timestamptz, text[], text[], boolean)`.execute(db);
}
