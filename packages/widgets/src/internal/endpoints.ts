import type {
  AttributeValues,
  ApiKey,
  ApiKeyWithSecret,
  Impersonation,
  CreateApiKeyRequest,
  AccessGroup,
  AuditEventPage,
  EffectiveModules,
  EmailTestResult,
  ChangePasswordRequest,
  MfaEnrolment,
  RecoveryCodeCount,
  RecoveryCodes,
  WebauthnAnswer,
  WebauthnChallenge,
  SmsCodeSent,
  WebauthnCredential,
  WebauthnCredentialList,
  SessionList,
  StepUpRequest,
  StepUpResponse,
  BulkImportResponse,
  CloneUserRequest,
  CreateRoleRequest,
  CreateUserInput,
  CreatedUser,
  OrganizationList,
  OAuthClient,
  OAuthClientWithSecret,
  CreateOAuthClientRequest,
  RotateOAuthClientSecretRequest,
  WebhookDelivery,
  WebhookEndpoint,
  WebhookEventType,
  OrganizationListQueryInput,
  PatchUserInput,
  Role,
  RoleList,
  SetUserRolesRequest,
  TenantContext,
  User,
  UserDetail,
  UserExportQueryInput,
  UserListQueryInput,
  UserPage,
  AttributeDefinition,
  AttributeDefinitionList,
  CreateAttributeDefinitionInput,
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
  /** CSV of every user the filters match (the list's query without paging); the client returns it as a Blob. */
  'GET /v1/users/export': { query: UserExportQueryInput; response: Blob };
  /** The new user, and whether the invitation was queued or held back (the address is on the suppression list). */
  'POST /v1/users': { body: CreateUserInput; response: CreatedUser };
  /** The body is the JSON text itself (the import modal's worker writes it), sent as it is. */
  'POST /v1/users/bulk-import': { query: { dryRun?: 'true' | undefined }; body: string; response: BulkImportResponse };
  'PATCH /v1/users/:id': ById & { body: PatchUserInput; response: User };
  'DELETE /v1/users/:id': ById & { response: null };
  'PUT /v1/users/:id/roles': ById & { body: SetUserRolesRequest; response: UserDetail };
  'POST /v1/users/:id/clone': ById & { body: CloneUserRequest; response: CreatedUser };
  'POST /v1/users/:id/activate': ById & { body?: { confirmAddSeat?: boolean }; response: User };
  'POST /v1/users/:id/deactivate': ById & { response: User };
  'POST /v1/users/:id/suspend': ById & { body: { reason: string; until?: string | null }; response: User };
  'POST /v1/users/:id/unsuspend': ById & { response: User };
  'POST /v1/users/:id/impersonate': ById & { body: { minutes?: number }; response: Impersonation };
  'POST /v1/users/:id/resend-invitation': ById & { response: User };
  'POST /v1/users/:id/unlock': ById & { response: User };
  'POST /v1/users/:id/reset-password': ById & { response: User };
  'POST /v1/users/:id/reset-mfa': ById & { response: User };
  /** A test email to the user's address (seed 004: check an address before relying on it). */
  'POST /v1/users/:id/test-email': ById & { response: EmailTestResult };
  /** Takes an address off the suppression list (the person's mailbox works again). */
  'DELETE /v1/email-suppressions/:address': { params: { address: string }; response: null };
  'GET /v1/organizations': { query?: OrganizationListQueryInput; response: OrganizationList };
  'GET /v1/attributes': { response: AttributeDefinitionList };
  'POST /v1/attributes': { body: CreateAttributeDefinitionInput; response: AttributeDefinition };
  'DELETE /v1/attributes/:id': ById & { response: null };
  /** A user's custom attribute values by key (no value: absent); PATCH sets the keys sent, null clears one. */
  'GET /v1/users/:id/attributes': ById & { response: AttributeValues };
  'PATCH /v1/users/:id/attributes': ById & { body: AttributeValues; response: AttributeValues };
  'GET /v1/roles': { response: RoleList };
  'POST /v1/roles': { body: CreateRoleRequest; response: Role };
  'PATCH /v1/roles/:id': ById & { body: Partial<CreateRoleRequest>; response: Role };
  'DELETE /v1/roles/:id': ById & { response: null };
  'GET /v1/tenant': { response: TenantContext };
  'GET /v1/access-groups': { response: { items: AccessGroup[] } };
  'GET /v1/users/:id': ById & { response: UserDetail };
  'PUT /v1/users/:id/access-groups': ById & { body: { groupIds: string[]; allModules: boolean }; response: EffectiveModules };
  'GET /v1/users/:id/sessions': ById & { response: SessionList };
  'DELETE /v1/users/:id/sessions': ById & { response: { revoked: number } };
  'DELETE /v1/users/:id/sessions/:sessionId': { params: { id: string; sessionId: string }; response: null };
  'GET /v1/audit-events': { query: { targetId?: string; limit?: string; cursor?: string | undefined }; response: AuditEventPage };
  // <account-panel>: the person behind the widget token, managing themself.
  'GET /v1/auth/me': { response: User };
  'GET /v1/auth/sessions': { response: SessionList };
  'DELETE /v1/auth/sessions/:id': ById & { response: null };
  /** Ends the session of the cookie (session mode: the idle warning unanswered). */
  'POST /v1/auth/logout': { response: null };
  'POST /v1/auth/sessions/revoke-all': { body?: { includeCurrent?: boolean }; response: { revoked: number } };
  'POST /v1/auth/step-up': { body: StepUpRequest; response: StepUpResponse };
  /** The security-key challenge of a step-up, for a person who signs in with keys. */
  'POST /v1/auth/step-up/webauthn': { response: WebauthnChallenge };
  /** The text-message code of a step-up, for a person who signs in with text messages. */
  'POST /v1/auth/step-up/sms': { response: SmsCodeSent };
  'POST /v1/auth/change-password': { body: ChangePasswordRequest; response: null };
  /** With the Roster-Step-Up header the body may be left out. */
  'POST /v1/auth/mfa/enrolment': { body?: { password?: string; code?: string }; response: MfaEnrolment };
  'POST /v1/auth/mfa/confirm': { body: { ticket: string; code: string }; response: null };
  'GET /v1/auth/recovery-codes': { response: RecoveryCodeCount };
  /** With the Roster-Step-Up header the body may be left out. */
  'POST /v1/auth/recovery-codes': { body?: { password?: string; code?: string }; response: RecoveryCodes };
  'GET /v1/auth/webauthn/credentials': { response: WebauthnCredentialList };
  /** With the Roster-Step-Up header the body may be left out. */
  'POST /v1/auth/webauthn/registration': { body?: { password?: string; code?: string }; response: WebauthnChallenge };
  'POST /v1/auth/webauthn/credentials': { body: WebauthnAnswer; response: { key: WebauthnCredential; recoveryCodes?: string[] } };
  'DELETE /v1/auth/webauthn/credentials/:id': ById & { response: null };
  // <roster-integrations-panel>: the tenant's OAuth apps (integrations.manage); a secret comes once, with creation and rotation.
  'GET /v1/oauth-clients': { response: { items: OAuthClient[] } };
  'POST /v1/oauth-clients': { body: CreateOAuthClientRequest; response: OAuthClientWithSecret };
  'POST /v1/oauth-clients/:id/rotate-secret': ById & { body: RotateOAuthClientSecretRequest; response: OAuthClientWithSecret };
  'DELETE /v1/oauth-clients/:id': ById & { response: null };
  // Its API keys: the key (rk_…) comes once, with creation.
  'GET /v1/api-keys': { response: { items: ApiKey[] } };
  'POST /v1/api-keys': { body: CreateApiKeyRequest; response: ApiKeyWithSecret };
  'DELETE /v1/api-keys/:id': ById & { response: null };
  // Its webhook endpoints: the signing secret (whsec_…) comes once, with creation.
  'GET /v1/webhook-endpoints': { response: { items: WebhookEndpoint[] } };
  'POST /v1/webhook-endpoints': { body: { url: string; events?: WebhookEventType[] | null }; response: WebhookEndpoint & { secret: string } };
  'DELETE /v1/webhook-endpoints/:id': ById & { response: null };
  'POST /v1/webhook-endpoints/:id/test': ById & { response: { deliveryId: string } };
  'GET /v1/webhook-endpoints/:id/deliveries': ById & { response: { items: WebhookDelivery[]; nextCursor: string | null } };
  'POST /v1/webhook-endpoints/:id/deliveries/:deliveryId/replay': { params: { id: string; deliveryId: string }; response: null };
}
