import type {
  AccessGroup,
  BulkImportResponse,
  CloneUserRequest,
  CreateRoleRequest,
  CreateUserInput,
  OrganizationList,
  PatchUserInput,
  Role,
  RoleList,
  SetUserRolesRequest,
  TenantContext,
  User,
  UserListQueryInput,
  UserPage,
} from '@roster/contract';

type ById = { params: { id: string } };

/** Lifecycle actions that are a bare POST on a user (activate may carry `confirmAddSeat`). */
export type UserAction = 'resend-invitation' | 'deactivate' | 'activate' | 'unlock' | 'reset-password' | 'reset-mfa';

/**
 * Every BFF route the elements call — `METHOD /path/:param` — with what goes in (path parameters, query, body) and
 * what comes back, in the contract's types. `ApiClient.call` builds each URL from its key, so no element writes a path;
 * `apps/bff/test/routes/widget-endpoints.types.ts` holds every key to a route of the BFF's `AppType`, so the two cannot drift.
 */
export interface Endpoints {
  'GET /v1/users': { query: UserListQueryInput; response: UserPage };
  'POST /v1/users': { body: CreateUserInput; response: User };
  /** The body is the JSON text itself (the import modal's worker writes it), sent as it is. */
  'POST /v1/users/bulk-import': { query: { dryRun?: 'true' | undefined }; body: string; response: BulkImportResponse };
  'PATCH /v1/users/:id': ById & { body: PatchUserInput; response: User };
  'DELETE /v1/users/:id': ById & { response: null };
  'PUT /v1/users/:id/roles': ById & { body: SetUserRolesRequest; response: User };
  'POST /v1/users/:id/clone': ById & { body: CloneUserRequest; response: User };
  'POST /v1/users/:id/activate': ById & { body?: { confirmAddSeat?: boolean }; response: User };
  'POST /v1/users/:id/deactivate': ById & { response: User };
  'POST /v1/users/:id/resend-invitation': ById & { response: User };
  'POST /v1/users/:id/unlock': ById & { response: User };
  'POST /v1/users/:id/reset-password': ById & { response: User };
  'POST /v1/users/:id/reset-mfa': ById & { response: User };
  'GET /v1/organizations': { response: OrganizationList };
  'GET /v1/roles': { response: RoleList };
  'POST /v1/roles': { body: CreateRoleRequest; response: Role };
  'PATCH /v1/roles/:id': ById & { body: Partial<CreateRoleRequest>; response: Role };
  'DELETE /v1/roles/:id': ById & { response: null };
  'GET /v1/tenant': { response: TenantContext };
  'GET /v1/access-groups': { response: { items: AccessGroup[] } };
}
