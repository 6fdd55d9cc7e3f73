import * as z from 'zod/mini';
import {
  BulkImportQuerySchema,
  BulkImportRequestSchema,
  BulkImportResponseSchema,
  AcceptInvitationRequestSchema,
  ActivateUserRequestSchema,
  AuditEventListQuerySchema,
  AuditEventPageSchema,
  ChangePasswordRequestSchema,
  LoginRequestSchema,
  MfaConfirmRequestSchema,
  MfaEnrolmentSchema,
  MfaReEnrolmentRequestSchema,
  StepUpRequestSchema,
  StepUpResponseSchema,
  MfaEnrolmentRequiredSchema,
  MfaEnrolRequestSchema,
  SessionResponseSchema,
  CloneUserRequestSchema,
  CreateOrganizationRequestSchema,
  CreateRoleRequestSchema,
  OrganizationSchema,
  PatchOrganizationRequestSchema,
  PatchRoleRequestSchema,
  RoleSchema,
  SetUserRolesRequestSchema,
  TenantContextSchema,
  createUserSchema,
  patchUserSchema,
  profilePresets,
  CreateTenantRequestSchema,
  CreateTenantResponseSchema,
  ErrorEnvelopeSchema,
  HealthSchema,
  OAuthErrorSchema,
  OrganizationListSchema,
  RoleListSchema,
  TokenResponseSchema,
  UserListQuerySchema,
  UserPageSchema,
  UserSchema,
  WidgetTokenRequestSchema,
  WidgetTokenResponseSchema,
  oauthScopes,
} from '@roster/contract';
import { ConfirmEmailSchema, ForgotSchema, ResetSchema } from '../auth/auth.routes.js';

type Schema = z.ZodMiniType;

interface Operation {
  method: 'get' | 'post' | 'patch' | 'put' | 'delete';
  path: string;
  summary: string;
  tag: string;
  security?: 'bearer' | 'platform' | 'none';
  permission?: string;
  query?: Schema;
  body?: Schema;
  formBody?: boolean;
  responses: Record<number, { description: string; schema?: Schema }>;
}

const errors = (...codes: number[]) =>
  Object.fromEntries([...codes, 503].map((code) => [code, { description: errorText[code] ?? 'Error', schema: ErrorEnvelopeSchema }]));
const errorText: Record<number, string> = {
  400: 'Malformed request (unknown or bad query parameter, bad cursor, invalid JSON)',
  401: 'Missing, invalid or expired token',
  403: 'The caller lacks the permission',
  404: 'Not found (also for another tenant\'s ids)',
  409: 'Conflict',
  413: 'Body too large',
  422: 'Validation failed; `issues` names each field',
  429: 'Rate limited; see Retry-After',
  503: 'The database cannot be reached for a moment; retry after Retry-After seconds',
};

/** The routes, described with the contract's schemas: the OpenAPI document is generated from this list. */
const operations: Operation[] = [
  { method: 'get', path: '/healthz', summary: 'Liveness: the process answers (asks nothing of the database)', tag: 'Meta', security: 'none', responses: { 200: { description: 'OK', schema: HealthSchema } } },
  { method: 'get', path: '/readyz', summary: 'Readiness: the database answers and has every migration (503 with Retry-After otherwise)', tag: 'Meta', security: 'none', responses: { 200: { description: 'OK', schema: HealthSchema }, ...errors() } },
  {
    method: 'post', path: '/v1/platform/tenants', summary: 'Create a tenant with its Root Admin and a first OAuth client', tag: 'Platform', security: 'platform',
    body: CreateTenantRequestSchema,
    responses: { 201: { description: 'Created. The client secret is shown this once.', schema: CreateTenantResponseSchema }, ...errors(400, 401, 403, 413, 422, 429) },
  },
  {
    method: 'post', path: '/oauth/token', summary: 'OAuth 2.0 client-credentials grant (RFC 6749 §4.4); client_secret_basic or client_secret_post', tag: 'OAuth', security: 'none', formBody: true,
    responses: { 200: { description: 'Access token', schema: TokenResponseSchema }, 400: { description: 'RFC 6749 §5.2 error', schema: OAuthErrorSchema }, 401: { description: 'invalid_client', schema: OAuthErrorSchema }, 429: { description: 'Rate limited', schema: ErrorEnvelopeSchema } },
  },
  {
    method: 'post', path: '/v1/widget-tokens', summary: 'Mint a short-lived widget token acting as one user of the tenant', tag: 'Widgets', permission: 'widgets.mint',
    body: WidgetTokenRequestSchema,
    responses: { 201: { description: 'Widget token', schema: WidgetTokenResponseSchema }, ...errors(400, 401, 403, 404, 409, 422) },
  },
  {
    method: 'get', path: '/v1/users', summary: 'List users: filters, substring search, sort, keyset paging', tag: 'Users', permission: 'users.read',
    query: UserListQuerySchema,
    responses: { 200: { description: 'One page', schema: UserPageSchema }, ...errors(400, 401, 403) },
  },
  { method: 'get', path: '/v1/users/{id}', summary: 'One user', tag: 'Users', permission: 'users.read', responses: { 200: { description: 'The user', schema: UserSchema }, ...errors(401, 403, 404) } },
  { method: 'get', path: '/v1/organizations', summary: 'Organizations the caller may see, with their IDs', tag: 'Organizations', permission: 'organizations.read', responses: { 200: { description: 'Organizations', schema: OrganizationListSchema }, ...errors(401, 403) } },
  { method: 'post', path: '/v1/organizations', summary: 'Create an organization (name unique per tenant without regard to case; callers limited to some organizations cannot create one)', tag: 'Organizations', permission: 'organizations.manage', body: CreateOrganizationRequestSchema, responses: { 201: { description: 'The organization', schema: OrganizationSchema }, ...errors(400, 401, 403, 409, 422) } },
  { method: 'patch', path: '/v1/organizations/{id}', summary: 'Rename an organization the caller may see', tag: 'Organizations', permission: 'organizations.manage', body: PatchOrganizationRequestSchema, responses: { 200: { description: 'The organization', schema: OrganizationSchema }, ...errors(400, 401, 403, 404, 409, 422) } },
  { method: 'delete', path: '/v1/organizations/{id}', summary: 'Delete an organization nobody belongs to (409 while users do)', tag: 'Organizations', permission: 'organizations.manage', responses: { 204: { description: 'Deleted' }, ...errors(401, 403, 404, 409) } },
  { method: 'post', path: '/v1/platform/tenants/{tenantId}/organizations', summary: "Create an organization in a tenant (operator)", tag: 'Platform', security: 'platform', body: CreateOrganizationRequestSchema, responses: { 201: { description: 'The organization', schema: OrganizationSchema }, ...errors(400, 401, 403, 404, 409, 422, 429) } },
  { method: 'patch', path: '/v1/platform/tenants/{tenantId}/organizations/{id}', summary: "Rename a tenant's organization (operator)", tag: 'Platform', security: 'platform', body: PatchOrganizationRequestSchema, responses: { 200: { description: 'The organization', schema: OrganizationSchema }, ...errors(400, 401, 403, 404, 409, 422, 429) } },
  { method: 'delete', path: '/v1/platform/tenants/{tenantId}/organizations/{id}', summary: "Delete a tenant's organization nobody belongs to (operator)", tag: 'Platform', security: 'platform', responses: { 204: { description: 'Deleted' }, ...errors(401, 403, 404, 409, 429) } },
  { method: 'get', path: '/v1/roles', summary: 'Roles of the tenant with their permissions', tag: 'Roles', permission: 'roles.read', responses: { 200: { description: 'Roles', schema: RoleListSchema }, ...errors(401, 403) } },
  { method: 'post', path: '/v1/roles', summary: 'Create a custom role (only with permissions the caller holds)', tag: 'Roles', permission: 'roles.manage', body: CreateRoleRequestSchema, responses: { 201: { description: 'The role', schema: RoleSchema }, ...errors(401, 403, 409, 422) } },
  { method: 'patch', path: '/v1/roles/{id}', summary: 'Change a custom role', tag: 'Roles', permission: 'roles.manage', body: PatchRoleRequestSchema, responses: { 200: { description: 'The role', schema: RoleSchema }, ...errors(401, 403, 404, 409, 422) } },
  { method: 'delete', path: '/v1/roles/{id}', summary: 'Delete a custom role nobody holds', tag: 'Roles', permission: 'roles.manage', responses: { 204: { description: 'Deleted' }, ...errors(401, 403, 404, 409) } },
  { method: 'put', path: '/v1/users/{id}/roles', summary: "Replace a user's roles and explicit permissions", tag: 'Roles', permission: 'roles.manage', body: SetUserRolesRequestSchema, responses: { 200: { description: 'The user', schema: UserSchema }, ...errors(401, 403, 404, 409, 422) } },
  { method: 'post', path: '/v1/users', summary: 'Create a technician or an end user and send the invitation (fields by the tenant profile; shown here for the default profile)', tag: 'Users', permission: 'users.write (integrations: end_users.write)', body: createUserSchema(profilePresets.default, {} as never), responses: { 201: { description: 'The invited user', schema: UserSchema }, ...errors(400, 401, 403, 409, 422) } },
  { method: 'patch', path: '/v1/users/{id}', summary: 'Edit a user (username immutable; email change re-invites or asks for confirmation)', tag: 'Users', permission: 'users.write, or any signed-in user for themself', body: patchUserSchema(profilePresets.default, {} as never), responses: { 200: { description: 'The user', schema: UserSchema }, ...errors(400, 401, 403, 404, 409, 422) } },
  { method: 'delete', path: '/v1/users/{id}', summary: 'Delete a user where the profile allows it (never the Root Admin)', tag: 'Users', permission: 'users.delete', responses: { 204: { description: 'Deleted' }, ...errors(401, 403, 404, 409) } },
  { method: 'post', path: '/v1/users/bulk-import', summary: 'Bulk import from pasted CSV/TSV text or rows: atomic (any bad row → 422 naming every cell as rows.N.field, nothing written) or per-row (imported / skipped / failed). ?dryRun=true validates and writes nothing; Idempotency-Key makes a retry import once. At most 100,000 rows or 10 MB of text (413).', tag: 'Users', permission: 'users.write (integrations: end_users.write)', query: BulkImportQuerySchema, body: BulkImportRequestSchema, responses: { 200: { description: 'Dry run: what the import would do', schema: BulkImportResponseSchema }, 201: { description: 'Imported; invitations are in the outbox', schema: BulkImportResponseSchema }, ...errors(400, 401, 403, 409, 413, 422) } },
  { method: 'post', path: '/v1/users/{id}/clone', summary: "A new person with this user's settings and roles", tag: 'Users', permission: 'users.write', body: CloneUserRequestSchema, responses: { 201: { description: 'The invited clone', schema: UserSchema }, ...errors(401, 403, 404, 409, 422) } },
  ...(['resend-invitation', 'deactivate', 'unlock', 'reset-password', 'reset-mfa'] as const).map((action): Operation => ({
    method: 'post', path: `/v1/users/{id}/${action}`, summary: `${action.replace('-', ' ')}`, tag: 'Lifecycle',
    permission: action === 'deactivate' ? 'users.deactivate' : action === 'resend-invitation' ? 'users.invite' : 'users.reset_credentials',
    responses: { 200: { description: 'The user', schema: UserSchema }, ...errors(401, 403, 404, 409, 429) },
  })),
  { method: 'post', path: '/v1/users/{id}/activate', summary: 'Activate (seat cap: confirmAddSeat)', tag: 'Lifecycle', permission: 'users.deactivate', body: ActivateUserRequestSchema, responses: { 200: { description: 'The user', schema: UserSchema }, ...errors(401, 403, 404, 409) } },
  { method: 'post', path: '/v1/invitations/accept', summary: 'Accept an invitation with a new password; answers the TOTP enrolment where 2FA is required', tag: 'Lifecycle', security: 'none', body: AcceptInvitationRequestSchema, responses: { 200: { description: 'active, or mfa_enrolment_required with otpauth URI and QR code' }, ...errors(400, 422, 429) } },
  { method: 'post', path: '/v1/auth/login', summary: 'Sign in (email or username, password, TOTP code) → session cookie. A locked account answers like a wrong password (401). The right password where 2FA is required and no factor is enrolled answers mfa_enrolment_required (no session, no failure counted): confirm with POST /v1/auth/mfa/enrol', tag: 'Auth', security: 'none', body: LoginRequestSchema, responses: { 200: { description: 'Signed in (Set-Cookie roster_session), or mfa_enrolment_required with ticket, secret, otpauth URI and QR code', schema: z.union([SessionResponseSchema, MfaEnrolmentRequiredSchema]) }, ...errors(400, 401, 422, 429) } },
  { method: 'post', path: '/v1/auth/mfa/enrol', summary: 'Enrol the TOTP factor a sign-in asked for (its ticket and the first code) → active and signed in', tag: 'Auth', security: 'none', body: MfaEnrolRequestSchema, responses: { 200: { description: 'Enrolled and signed in; Set-Cookie roster_session', schema: SessionResponseSchema }, ...errors(400, 422, 429) } },
  { method: 'post', path: '/v1/auth/forgot-password', summary: 'Always 202: a reset link is sent if the address has an account (at most 3 an hour per account)', tag: 'Auth', security: 'none', body: ForgotSchema, responses: { 202: { description: 'Accepted' }, ...errors(400, 422, 429) } },
  { method: 'post', path: '/v1/auth/reset-password', summary: "A new password with the reset link's token (ends every session)", tag: 'Auth', security: 'none', body: ResetSchema, responses: { 200: { description: 'Changed' }, ...errors(400, 422, 429) } },
  { method: 'post', path: '/v1/auth/confirm-email', summary: "Confirm an email change with the link's token", tag: 'Auth', security: 'none', body: ConfirmEmailSchema, responses: { 200: { description: 'Confirmed' }, ...errors(400, 422, 429) } },
  { method: 'post', path: '/v1/auth/change-password', summary: 'Change one’s own password with fresh proof — currentPassword and code (when 2FA is enrolled), or a step-up token in the Roster-Step-Up header; never a session or widget token alone (403). Ends every session and kills outstanding reset and email-change links', tag: 'Auth', body: ChangePasswordRequestSchema, responses: { 204: { description: 'Changed' }, ...errors(401, 403, 422, 429) } },
  { method: 'post', path: '/v1/auth/step-up', summary: 'Fresh proof from the person (session cookie or widget token, plus the current password and, when enrolled, a current TOTP code) → a step-up token for the Roster-Step-Up header of credential changes (password, second factor, one’s own email); valid 5 minutes, dies when the user’s sessions end', tag: 'Auth', body: StepUpRequestSchema, responses: { 200: { description: 'The step-up token', schema: StepUpResponseSchema }, ...errors(401, 403, 422, 429) } },
  { method: 'post', path: '/v1/auth/mfa/enrolment', summary: 'Start replacing one’s own TOTP factor, with fresh proof (password and current code in the body, or the Roster-Step-Up header) → ticket, secret, otpauth URI and QR code', tag: 'Auth', body: MfaReEnrolmentRequestSchema, responses: { 200: { description: 'The new factor to confirm', schema: MfaEnrolmentSchema }, ...errors(401, 403, 422, 429) } },
  { method: 'post', path: '/v1/auth/mfa/confirm', summary: 'Confirm the new TOTP factor with its first code (ends every session, kills outstanding reset and email-change links)', tag: 'Auth', body: MfaConfirmRequestSchema, responses: { 204: { description: 'Replaced' }, ...errors(400, 401, 403, 422, 429) } },
  { method: 'get', path: '/v1/tenant', summary: "The caller's tenant, policy profile and permissions", tag: 'Meta', responses: { 200: { description: 'Tenant context', schema: TenantContextSchema }, ...errors(401) } },
  { method: 'get', path: '/v1/audit-events', summary: 'Audit events, newest first (user.deactivated carries unassignOpenTickets for ticket systems)', tag: 'Audit', permission: 'audit.read', query: AuditEventListQuerySchema, responses: { 200: { description: 'One page', schema: AuditEventPageSchema }, ...errors(400, 401, 403) } },
];

function jsonSchema(schema: Schema, io: 'input' | 'output') {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}

export function buildOpenApiDocument(publicUrl: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    const parameters: unknown[] = [];
    for (const [, name] of op.path.matchAll(/\{(\w+)\}/g)) parameters.push({ name, in: 'path', required: true, schema: { type: 'string', format: 'uuid' } });
    if (op.query) {
      const q = jsonSchema(op.query, 'input') as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, schema] of Object.entries(q.properties ?? {})) {
        parameters.push({ name, in: 'query', required: q.required?.includes(name) ?? false, schema });
      }
    }
    const security = op.security === 'none' ? [] : op.security === 'platform' ? [{ platformKey: [] }] : [{ bearer: [] }];
    paths[op.path] ??= {};
    paths[op.path]![op.method] = {
      summary: op.summary,
      tags: [op.tag],
      ...(op.permission ? { description: `Requires the \`${op.permission}\` permission.` } : {}),
      security,
      ...(parameters.length ? { parameters } : {}),
      ...(op.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(op.body, 'input') } } } }
        : op.formBody
          ? {
              requestBody: {
                required: true,
                content: {
                  'application/x-www-form-urlencoded': {
                    schema: {
                      type: 'object',
                      required: ['grant_type'],
                      properties: {
                        grant_type: { type: 'string', enum: ['client_credentials'] },
                        scope: { type: 'string', description: `Space-separated subset of: ${oauthScopes.join(', ')}` },
                        client_id: { type: 'string' },
                        client_secret: { type: 'string' },
                      },
                    },
                  },
                },
              },
            }
          : {}),
      responses: Object.fromEntries(
        Object.entries(op.responses).map(([status, r]) => [
          status,
          { description: r.description, ...(r.schema ? { content: { 'application/json': { schema: jsonSchema(r.schema, 'output') } } } : {}) },
        ]),
      ),
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Roster BFF',
      version: '0.1.0',
      description:
        'Embeddable user administration. Every error is `{error: {code, message, issues?: [{path, message}]}}`. Widget tokens act as one user inside one tenant; OAuth client tokens carry scopes.',
    },
    servers: [{ url: publicUrl }],
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'An OAuth client access token or a widget token' },
        platformKey: { type: 'http', scheme: 'bearer', description: 'ROSTER_PLATFORM_KEY (operator only)' },
        oauth: { type: 'oauth2', flows: { clientCredentials: { tokenUrl: `${publicUrl}/oauth/token`, scopes: Object.fromEntries(oauthScopes.map((s) => [s, s])) } } },
      },
    },
    paths,
  };
}
