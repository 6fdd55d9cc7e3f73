import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The second wall (row-level security). Every tenant table has RLS enabled and forced, with a policy for the
 * role `roster_app` that admits only rows of the tenant named by the transaction-local setting `roster.tenant_id`
 * (migration 2026-12-02T1000-row-level-security). The data layer (db/pg-dialect.ts, db/pglite-dialect.ts) runs every statement of
 * `s.db` that is issued inside a request scope as `roster_app` with that setting, both set transaction-locally:
 *
 * - inside an HTTP request (the app's first middleware opens the scope) the tenant is unknown until the gate has
 *   verified the token, or a route names it (`withTenant`): until then `s.db` sees no tenant rows at all;
 * - `s.platformDb` is the platform path: the connecting role (owner), no RLS, across tenants. Its uses are few and
 *   named: sessions, OAuth clients and one-time tokens looked up by secret hash, tenant creation, the outbox
 *   worker, migrations, the demo seed, the benchmarks' seeding;
 * - outside any request scope (start-up, seed, outbox worker, tests' fixtures) `s.db` runs as the connecting role.
 */
export const APP_ROLE = 'roster_app';
export const TENANT_SETTING = 'roster.tenant_id';

export interface TenantScope {
  /** The tenant whose rows the statements see; null: none (a request whose tenant is not known yet). */
  readonly tenantId: string | null;
  /** The gate's check of a principal it kept (middleware/gate/actor-cache.ts), sent with the scope's first statement. */
  readonly actorCheck?: ActorCheck;
}

/**
 * A kept principal's check, folded into the scope statement (migration 2026-12-14T0900-actor-check): sent with the
 * first statement of the request on PostgreSQL, `verified` after it passed once. When it fails (SQLSTATE RST01,
 * nothing of that message happened), `refresh` loads the principal afresh and either returns (the same principal:
 * the statement is sent again, with the new fingerprint) or throws the answer (401, 403, or 503 to send it again).
 */
export interface ActorCheck {
  readonly tenantId: string;
  readonly userId: string;
  readonly clientId: string | null;
  digest: string;
  verified: boolean;
  refresh(): Promise<void>;
}

/** The SQLSTATE roster_actor_check raises. */
export const ACTOR_CHANGED = 'RST01';

const scopes = new AsyncLocalStorage<TenantScope>();
const NO_TENANT: TenantScope = Object.freeze({ tenantId: null });
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The scope of the statement about to run; undefined outside any request scope. */
export function currentTenantScope(): TenantScope | undefined {
  return scopes.getStore();
}

/** Runs `fn` with `s.db` seeing only `tenantId`'s rows, the first statement carrying the gate's check of a kept principal. */
export function withCheckedTenant<T>(check: ActorCheck, fn: () => T): T {
  if (!UUID.test(check.tenantId)) throw new Error('withCheckedTenant: the tenant id is not a UUID');
  return scopes.run({ tenantId: check.tenantId.toLowerCase(), actorCheck: check }, fn);
}

/** Runs `fn` in a request scope that has no tenant yet: `s.db` sees no tenant rows until `withTenant`. */
export function withoutTenant<T>(fn: () => T): T {
  return scopes.run(NO_TENANT, fn);
}

/**
 * Runs `fn` with `s.db` seeing only `tenantId`'s rows (null: none). The id must be a UUID: it comes from a verified
 * token, a validated body, or a row found on the platform path.
 */
export function withTenant<T>(tenantId: string | null, fn: () => T): T {
  if (tenantId !== null && !UUID.test(tenantId)) throw new Error('withTenant: the tenant id is not a UUID');
  return scopes.run(tenantId === null ? NO_TENANT : { tenantId: tenantId.toLowerCase() }, fn);
}

/**
 * One statement that puts the current transaction into a scope: the role switch and the tenant together (one
 * round trip, or none when it travels with BEGIN or the statement). The id is inlined: it passed the UUID test.
 */
export function scopeStatement(scope: TenantScope): string {
  const tenant = scope.tenantId === null ? '' : `, set_config('${TENANT_SETTING}', '${scope.tenantId}', true)`;
  if (scope.tenantId !== null && !UUID.test(scope.tenantId)) throw new Error('scopeStatement: the tenant id is not a UUID');
  const check = scope.actorCheck && !scope.actorCheck.verified ? `, ${actorCheckCall(scope.actorCheck)}` : '';
  return `select set_config('role', '${APP_ROLE}', true)${tenant}${check}`;
}

const HEX = /^[0-9a-f]{32}$/;
/** `roster_actor_check(…)` with its values inlined: ids that passed the UUID test, a digest of 32 hex digits. */
function actorCheckCall(c: ActorCheck): string {
  if (!UUID.test(c.userId) || (c.clientId !== null && !UUID.test(c.clientId)) || !HEX.test(c.digest)) throw new Error('actorCheckCall: not an id or a digest');
  return `roster_actor_check('${c.tenantId}', '${c.userId}', ${c.clientId === null ? 'null' : `'${c.clientId}'`}, '${c.digest}')`;
}
