import type { TenantsTable } from './tables/tenants.table.js';
import type { OrganizationsTable } from './tables/organizations.table.js';
import type { UsersTable } from './tables/users.table.js';
import type { AccessGroupsTable, RoleAssignmentsTable, RolesTable, UserAccessGroupsTable, UserPermissionsTable } from './tables/roles.table.js';
import type { OAuthClientsTable } from './tables/oauth-clients.table.js';
import type { AuditEventsTable } from './tables/audit-events.table.js';
import type { EmailOutboxTable, ImportRequestsTable, OneTimeTokensTable, SessionsTable } from './tables/lifecycle.table.js';

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
}

export type * from './tables/tenants.table.js';
export type * from './tables/organizations.table.js';
export type * from './tables/users.table.js';
export type * from './tables/roles.table.js';
export type * from './tables/oauth-clients.table.js';
export type * from './tables/audit-events.table.js';
export type * from './tables/lifecycle.table.js';
