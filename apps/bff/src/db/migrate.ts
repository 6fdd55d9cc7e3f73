import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import * as initial from './migrations/2026-11-24T0100-initial.js';
import * as lifecycle from './migrations/2026-11-24T0200-lifecycle.js';
import * as searchCovering from './migrations/2026-11-24T0300-search-covering-index.js';
import * as accessGroups from './migrations/2026-11-24T0400-access-groups.js';
import * as roleOrganizations from './migrations/2026-11-24T0500-role-organizations.js';
import * as importRequests from './migrations/2026-11-28T0600-import-requests.js';
import * as tokenSessionUserIndexes from './migrations/2026-11-28T0700-token-session-user-indexes.js';
import * as outboxPayload from './migrations/2026-11-28T0800-outbox-payload.js';
import * as emailDomainAscii from './migrations/2026-12-02T0900-email-domain-ascii.js';
import * as organizationNames from './migrations/2026-12-02T0900-organization-names.js';
import * as outboxNoClearTokens from './migrations/2026-12-02T0900-outbox-no-clear-tokens.js';
import * as rowLevelSecurity from './migrations/2026-12-02T1000-row-level-security.js';
import * as tenantBranding from './migrations/2026-12-02T1100-tenant-branding.js';
import * as searchFoldSortTies from './migrations/2026-12-03T1200-search-fold-sort-ties.js';
import * as sessionActivity from './migrations/2026-12-09T1200-session-activity.js';
import * as profileRoles from './migrations/2026-12-10T1200-profile-roles.js';
import * as userTimeZone from './migrations/2026-12-10T1200-user-time-zone.js';
import * as signInMethod from './migrations/2026-12-11T1200-sign-in-method.js';
import * as recoveryCodes from './migrations/2026-12-11T1300-recovery-codes.js';
import * as webauthnCredentials from './migrations/2026-12-11T1400-webauthn-credentials.js';
import * as oauthApps from './migrations/2026-12-12T1000-oauth-apps.js';
import * as changeFeed from './migrations/2026-12-12T1100-change-feed.js';
import * as ninjaoneProfileRules from './migrations/2026-12-12T1200-ninjaone-profile-rules.js';
import * as webhooks from './migrations/2026-12-12T1200-webhooks.js';
import * as emailSuppressions from './migrations/2026-12-12T1300-email-suppressions.js';
import * as smsOutbox from './migrations/2026-12-12T1300-sms-outbox.js';
import * as scim from './migrations/2026-12-13T1000-scim.js';
import * as rateLimitCounters from './migrations/2026-12-13T1100-rate-limit-counters.js';
import * as userDetailChanges from './migrations/2026-12-13T1500-user-detail-changes.js';
import * as actorFunction from './migrations/2026-12-13T1600-actor-function.js';
import * as actorCheck from './migrations/2026-12-14T0900-actor-check.js';
import * as externalIdUnique from './migrations/2026-12-14T1000-external-id-unique.js';
import * as userSuspension from './migrations/2026-12-14T1100-user-suspension.js';
import * as apiKeys from './migrations/2026-12-14T1200-api-keys.js';
import * as impersonation from './migrations/2026-12-14T1201-impersonation.js';
import * as customAttributes from './migrations/2026-12-14T1300-custom-attributes.js';
import * as apiKeyWidgetTokens from './migrations/2026-12-15T1200-api-key-widget-tokens.js';
import * as impersonationEnd from './migrations/2026-12-15T1201-impersonation-end.js';

/** Versioned migrations, applied in name order at start. Add new ones here; never edit an applied one. */
const migrations: Record<string, Migration> = {
  '2026-11-24T0100-initial': initial,
  '2026-11-24T0200-lifecycle': lifecycle,
  '2026-11-24T0300-search-covering-index': searchCovering,
  '2026-11-24T0400-access-groups': accessGroups,
  '2026-11-24T0500-role-organizations': roleOrganizations,
  '2026-11-28T0600-import-requests': importRequests,
  '2026-11-28T0700-token-session-user-indexes': tokenSessionUserIndexes,
  '2026-11-28T0800-outbox-payload': outboxPayload,
  '2026-12-02T0900-email-domain-ascii': emailDomainAscii,
  '2026-12-02T0900-organization-names': organizationNames,
  '2026-12-02T0900-outbox-no-clear-tokens': outboxNoClearTokens,
  '2026-12-02T1000-row-level-security': rowLevelSecurity,
  '2026-12-02T1100-tenant-branding': tenantBranding,
  '2026-12-03T1200-search-fold-sort-ties': searchFoldSortTies,
  '2026-12-09T1200-session-activity': sessionActivity,
  '2026-12-10T1200-profile-roles': profileRoles,
  '2026-12-10T1200-user-time-zone': userTimeZone,
  '2026-12-11T1200-sign-in-method': signInMethod,
  '2026-12-11T1300-recovery-codes': recoveryCodes,
  '2026-12-11T1400-webauthn-credentials': webauthnCredentials,
  '2026-12-12T1000-oauth-apps': oauthApps,
  '2026-12-12T1100-change-feed': changeFeed,
  '2026-12-12T1200-ninjaone-profile-rules': ninjaoneProfileRules,
  '2026-12-12T1200-webhooks': webhooks,
  '2026-12-12T1300-email-suppressions': emailSuppressions,
  '2026-12-12T1300-sms-outbox': smsOutbox,
  '2026-12-13T1000-scim': scim,
  '2026-12-13T1100-rate-limit-counters': rateLimitCounters,
  '2026-12-13T1500-user-detail-changes': userDetailChanges,
  '2026-12-13T1600-actor-function': actorFunction,
  '2026-12-14T0900-actor-check': actorCheck,
  '2026-12-14T1000-external-id-unique': externalIdUnique,
  '2026-12-14T1100-user-suspension': userSuspension,
  '2026-12-14T1200-api-keys': apiKeys,
  '2026-12-14T1201-impersonation': impersonation,
  '2026-12-14T1300-custom-attributes': customAttributes,
  '2026-12-15T1200-api-key-widget-tokens': apiKeyWidgetTokens,
  '2026-12-15T1201-impersonation-end': impersonationEnd,
};

class StaticMigrationProvider implements MigrationProvider {
  async getMigrations() {
    return migrations;
  }
}

/** Any number that is ours: the transaction-level advisory lock that lets one instance migrate at a time. */
const MIGRATION_LOCK = 7_384_261_950;

/**
 * Applies what is pending, all in one transaction on one connection, which first takes a transaction-level advisory
 * lock: instances starting together migrate one after the other, and the lock ends with the transaction. (Kysely's
 * own lock is session-level, taken and released outside its transaction, which a pooler in transaction mode would
 * run on different server connections and leave held; inside this transaction its lock and unlock meet on one.)
 */
export async function migrateToLatest(db: Kysely<any>): Promise<void> {
  await db.connection().execute(async (conn) => {
    await sql`begin`.execute(conn);
    try {
      await sql`select pg_advisory_xact_lock(${sql.lit(MIGRATION_LOCK)})`.execute(conn);
      const migrator = new Migrator({ db: conn, provider: new StaticMigrationProvider(), disableTransactions: true });
      const { error, results } = await migrator.migrateToLatest();
      const failed = results?.find((r) => r.status === 'Error');
      if (error || failed) {
        throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${String((error as Error)?.message ?? error)}`);
      }
      await sql`commit`.execute(conn);
    } catch (e) {
      await sql`rollback`.execute(conn).catch(() => {});
      throw e;
    }
  });
}

/** The production server's start without ROSTER_MIGRATE_ON_START, on a database that lacks migrations. */
export class MigrationsPendingError extends Error {}

/** What a database lacking migrations is told (`/readyz`'s 503, the production start's refusal). */
export function pendingMigrationsMessage(pending: string[]): string {
  return `The database lacks ${pending.length} migration${pending.length === 1 ? '' : 's'} this version needs: ${pending.join(', ')}.`;
}

/** Production start without ROSTER_MIGRATE_ON_START: refuses a database that is not current (`npm run migrate` first). */
export async function assertMigrationsCurrent(db: Kysely<any>): Promise<void> {
  const pending = await pendingMigrations(db);
  if (pending.length > 0) {
    throw new MigrationsPendingError(`${pendingMigrationsMessage(pending)} Run \`npm run migrate\` first, or set ROSTER_MIGRATE_ON_START=true.`);
  }
}

/** The migrations this code has that the database has not applied (none when it is current): `/readyz`. */
export async function pendingMigrations(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new StaticMigrationProvider() });
  return (await migrator.getMigrations()).filter((m) => m.executedAt === undefined).map((m) => m.name);
}
