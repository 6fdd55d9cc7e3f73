import { sql, type Kysely } from 'kysely';

/**
 * A widget token minted with an API key names that key (its `cid`, as a token minted by an OAuth app names the app),
 * and the gate's per-request statement `roster_actor` now counts a key that is neither revoked nor expired as an
 * active minter: revoking a key (or its expiry) ends the widget tokens it minted on their next request, on every
 * instance — before, they lived on for their few minutes. Only the minter's check changes; `roster_actor_check`'s
 * fingerprint includes `client_active`, so a kept principal is refused the same way. Frozen in time.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create or replace function roster_actor(p_tenant uuid, p_user uuid, p_client uuid)
    returns table (id uuid, status text, organization_id uuid, sessions_valid_after timestamptz, language text,
                   permissions text[], organization_ids text[], client_active boolean)
    language plpgsql stable
    as $fn$
    #variable_conflict use_column
    begin
      return query
      select u.id, u.status, u.organization_id, u.sessions_valid_after, u.language,
        array(
          select unnest(r.permissions) from role_assignments ra join roles r on r.id = ra.role_id
          where ra.user_id = u.id and ra.tenant_id = u.tenant_id
          union
          select up.permission from user_permissions up where up.user_id = u.id and up.tenant_id = u.tenant_id
        ),
        array(
          select distinct unnest(r.organization_ids)::text from role_assignments ra join roles r on r.id = ra.role_id
          where ra.user_id = u.id and ra.tenant_id = u.tenant_id
        ),
        p_client is null or exists(
          select 1 from oauth_clients oc where oc.id = p_client and oc.tenant_id = u.tenant_id and oc.revoked_at is null
        ) or exists(
          select 1 from api_keys k where k.id = p_client and k.tenant_id = u.tenant_id and k.revoked_at is null and k.expires_at > now()
        )
      from users u
      where u.tenant_id = p_tenant and u.id = p_user;
    end
    $fn$`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    create or replace function roster_actor(p_tenant uuid, p_user uuid, p_client uuid)
    returns table (id uuid, status text, organization_id uuid, sessions_valid_after timestamptz, language text,
                   permissions text[], organization_ids text[], client_active boolean)
    language plpgsql stable
    as $fn$
    #variable_conflict use_column
    begin
      return query
      select u.id, u.status, u.organization_id, u.sessions_valid_after, u.language,
        array(
          select unnest(r.permissions) from role_assignments ra join roles r on r.id = ra.role_id
          where ra.user_id = u.id and ra.tenant_id = u.tenant_id
          union
          select up.permission from user_permissions up where up.user_id = u.id and up.tenant_id = u.tenant_id
        ),
        array(
          select distinct unnest(r.organization_ids)::text from role_assignments ra join roles r on r.id = ra.role_id
          where ra.user_id = u.id and ra.tenant_id = u.tenant_id
        ),
        p_client is null or exists(
          select 1 from oauth_clients oc where oc.id = p_client and oc.tenant_id = u.tenant_id and oc.revoked_at is null
        )
      from users u
      where u.tenant_id = p_tenant and u.id = p_user;
    end
    $fn$`.execute(db);
}
