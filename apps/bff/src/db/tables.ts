import type { TenantsTable } from './tables/tenants.table.js';
import type { OrganizationsTable } from './tables/organizations.table.js';
import type { UsersTable } from './tables/users.table.js';
import type { RolesTable } from './tables/roles.table.js';
import type { RoleAssignmentsTable } from './tables/role-assignments.table.js';
import type { UserPermissionsTable } from './tables/user-permissions.table.js';
import type { OAuthClientsTable } from './tables/oauth-clients.table.js';
import type { AuditEventsTable } from './tables/audit-events.table.js';
import type { OneTimeTokensTable } from './tables/one-time-tokens.table.js';
import type { SessionsTable } from './tables/sessions.table.js';
import type { EmailOutboxTable } from './tables/email-outbox.table.js';
import type { AccessGroupsTable } from './tables/access-groups.table.js';
import type { UserAccessGroupsTable } from './tables/user-access-groups.table.js';
import type { ImportRequestsTable } from './tables/import-requests.table.js';
import type { RecoveryCodesTable } from './tables/recovery-codes.table.js';
import type { WebauthnCredentialsTable } from './tables/webauthn-credentials.table.js';
import type { SmsOutboxTable } from './tables/sms-outbox.table.js';

/** One `*.table.ts` per table, each with its row types. */
export interface Database {
  tenants: TenantsTable;
  organizations: OrganizationsTable;
  users: UsersTable;
  roles: RolesTable;
  role_assignments: RoleAssignmentsTable;
  user_permissions: UserPermissionsTable;
  oauth_clients: OAuthClientsTable;
  audit_events: AuditEventsTable;
  one_time_tokens: OneTimeTokensTable;
  sessions: SessionsTable;
  email_outbox: EmailOutboxTable;
  access_groups: AccessGroupsTable;
  user_access_groups: UserAccessGroupsTable;
  import_requests: ImportRequestsTable;
  recovery_codes: RecoveryCodesTable;
  webauthn_credentials: WebauthnCredentialsTable;
  sms_outbox: SmsOutboxTable;
}

export type * from './tables/tenants.table.js';
export type * from './tables/organizations.table.js';
export type * from './tables/users.table.js';
export type * from './tables/roles.table.js';
export type * from './tables/role-assignments.table.js';
export type * from './tables/user-permissions.table.js';
export type * from './tables/oauth-clients.table.js';
export type * from './tables/audit-events.table.js';
export type * from './tables/one-time-tokens.table.js';
export type * from './tables/sessions.table.js';
export type * from './tables/email-outbox.table.js';
export type * from './tables/access-groups.table.js';
export type * from './tables/user-access-groups.table.js';
export type * from './tables/import-requests.table.js';
export type * from './tables/recovery-codes.table.js';
export type * from './tables/webauthn-credentials.table.js';
export type * from './tables/sms-outbox.table.js';
