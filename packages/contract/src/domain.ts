import * as z from 'zod/mini';
import { AttributeValuesSchema } from './attributes.js';
import { PolicyProfileSchema, ProfileInputSchema } from './profile.js';
import { oauthScopes, permissions } from './permissions.js';
import { BrandingInputSchema, BrandingSchema, LinkBaseUrlSchema } from './branding.js';
import { checkOptions, ruleMessage } from './messages/index.js';
import { USER_PAGE_DEFAULT, USER_PAGE_MAX, availabilities, invitationStatuses, mfaStates, signInMethods, availableSignInMethods, userKinds, userSortKeys, userStatuses } from './constants.js';

export { USER_PAGE_DEFAULT, USER_PAGE_MAX, availabilities, invitationStatuses, mfaStates, signInMethods, availableSignInMethods, userKinds, userSortKeys, userStatuses };

export type UserKind = (typeof userKinds)[number];
export type UserStatus = (typeof userStatuses)[number];
export type MfaState = (typeof mfaStates)[number];
export type SignInMethod = (typeof signInMethods)[number];
export type Availability = (typeof availabilities)[number];
export type InvitationStatus = (typeof invitationStatuses)[number];

const Id = z.uuid({ error: 'Must be an ID (a UUID).' });
const Timestamp = z.string(); // ISO 8601, produced by the server

export const RoleRefSchema = z.object({ id: Id, name: z.string() });
export type RoleRef = z.infer<typeof RoleRefSchema>;

/**
 * A timed suspension in force (issue 17): no sign-in while it lasts; the seat, the roles and the tickets stay. It
 * ends by itself at `until` (null: until an admin lifts it), and from then on the user shows `suspension: null`.
 */
export const UserSuspensionSchema = z.object({ reason: z.string(), since: Timestamp, until: z.nullable(Timestamp) });
export type UserSuspension = z.infer<typeof UserSuspensionSchema>;

export const UserSchema = z.object({
  id: Id,
  kind: z.enum(userKinds),
  organizationId: z.nullable(Id),
  firstName: z.string(),
  lastName: z.string(),
  email: z.string(),
  username: z.nullable(z.string()),
  phone: z.nullable(z.string()),
  language: z.string(),
  status: z.enum(userStatuses),
  mfaState: z.enum(mfaStates),
  /** The second factor the admin chose (`mfaState` tells whether it is set up). */
  signInMethod: z.enum(signInMethods),
  availability: z.nullable(z.enum(availabilities)),
  invitationStatus: z.enum(invitationStatuses),
  /** The suspension in force, else null (never suspended, lifted, or past its end). */
  suspension: z.nullable(UserSuspensionSchema),
  isRootAdmin: z.boolean(),
  roles: z.array(RoleRefSchema),
  idleWarningMinutes: z.int(),
  showGettingStarted: z.boolean(),
  ticketPageAccessibility: z.boolean(),
  /** The IANA time zone notification schedules are read in (`UTC` until chosen). */
  timeZone: z.string(),
  /**
   * See NotificationPreferencesSchema: as stored, with the defaults of every field stored before it existed filled in
   * (`readNotificationPreferences`, read by the database the same way).
   */
  notificationPreferences: z.unknown(),
  createdAt: Timestamp,
  /** When anything this representation shows last changed (its roles and their names included). */
  updatedAt: Timestamp,
  /** When the user last signed in; null: never. */
  lastSignInAt: z.nullable(Timestamp),
  /** Deprecated: the same value as `lastSignInAt`, kept so that hosts written against it keep working. */
  lastLoginAt: z.nullable(Timestamp).register(z.globalRegistry, { deprecated: true, description: 'Deprecated: use `lastSignInAt` (the same value).' }),
  /** The user's id in the system they came from (a bulk import's `externalId`, SCIM's `externalId`); unique in the tenant. */
  externalId: z.nullable(z.string()),
  /** The user's custom attribute values by key (`GET /v1/attributes`), in the users list; absent when they have none. */
  attributes: z.optional(AttributeValuesSchema),
});
export type User = z.infer<typeof UserSchema>;

/**
 * `GET /v1/users/:id` (and `PUT /v1/users/:id/roles`'s answer): a user with what the console's Access tab shows —
 * the explicit permissions `PUT /v1/users/:id/roles` sets, and the access groups and "All Module Access" `PUT
 * /v1/users/:id/access-groups` sets. Not in the list, whose rows stay lean.
 */
/**
 * Where an address on a tenant's suppression list came from: the mail server refused it for good (`bounce`), or an
 * admin put it there (`admin`). See ./email-suppressions.ts.
 */
export const emailSuppressionSources = ['bounce', 'admin'] as const;
export type EmailSuppressionSource = (typeof emailSuppressionSources)[number];

/** The suppression of a user's address as their page shows it. */
export const UserEmailSuppressionSchema = z.object({ reason: z.string(), source: z.enum(emailSuppressionSources), createdAt: Timestamp });

/**
 * Whether a new user's invitation went to the outbox (`queued`) or was held back because the address is on the
 * suppression list (`suppressed`): the user exists, the admin is told why no invitation goes out.
 */
export const invitationDeliveries = ['queued', 'suppressed'] as const;
export type InvitationDelivery = (typeof invitationDeliveries)[number];

export const UserDetailSchema = z.extend(UserSchema, {
  explicitPermissions: z.array(z.string()),
  accessGroupIds: z.array(Id),
  allModules: z.boolean(),
  /** An email change waiting for its confirmation link (the address it was sent to), else null. */
  pendingEmail: z.nullable(z.string()),
  /**
   * The user receives no notifications whatever their preferences: a technician without a role where the profile's
   * `notificationsNeedRole` says so (NinjaOne). `notificationsWithheld` of the contract decides.
   */
  notificationsWithheld: z.boolean(),
  /**
   * The user's address is on the tenant's suppression list (mail to it bounced, or an admin put it there): no email
   * reaches them until an admin removes it (`DELETE /v1/email-suppressions/:address`). Null when it is not.
   */
  emailSuppression: z.optional(z.nullable(UserEmailSuppressionSchema)),
});
export type UserDetail = z.infer<typeof UserDetailSchema>;

/**
 * `POST /v1/users` and `POST /v1/users/:id/clone`: the new user, and whether their invitation went to the outbox or
 * was held back because the address is on the suppression list (the user is created either way).
 */
export const CreatedUserSchema = z.extend(UserSchema, { invitation: z.enum(invitationDeliveries) });
export type CreatedUser = z.infer<typeof CreatedUserSchema>;

export const OrganizationSchema = z.object({
  id: Id,
  name: z.string(),
  createdAt: Timestamp,
});
export type Organization = z.infer<typeof OrganizationSchema>;

export const RoleSchema = z.object({
  id: Id,
  key: z.nullable(z.string()),
  name: z.string(),
  description: z.string(),
  builtIn: z.boolean(),
  permissions: z.array(z.enum(permissions)),
  /** Organizations this role opens to its holders when it lacks org.access.all. */
  organizationIds: z.array(Id),
});
export type Role = z.infer<typeof RoleSchema>;

export type UserSortKey = (typeof userSortKeys)[number];

/**
 * `limit` of a list query: text on the wire, a whole number from 1 to USER_PAGE_MAX. Its JSON Schema says
 * `integer` (registered metadata replaces the string's), so a client generated from the OpenAPI document sends a number.
 */
export const PageLimitSchema = z
  ._default(
    z.pipe(z.string().check(z.regex(/^\d{1,6}$/, { error: 'Must be a whole number.' })), z.transform(Number)).check(
      z.refine((n) => n >= 1 && n <= USER_PAGE_MAX, { error: `Must be between 1 and ${USER_PAGE_MAX}.` }),
    ),
    USER_PAGE_DEFAULT,
  )
  .register(z.globalRegistry, { type: 'integer', minimum: 1, maximum: USER_PAGE_MAX, default: USER_PAGE_DEFAULT, pattern: undefined });

/** The most characters a search (`q`) may have. */
export const SEARCH_TEXT_MAX = 100;

/**
 * A list's substring search (`q` of `GET /v1/users` and `GET /v1/organizations`): NFC, trimmed, at most
 * SEARCH_TEXT_MAX characters. The server folds it with `searchFold` (no case, no accents) before comparing.
 */
export const SearchTextSchema = z.pipe(z.string(), z.transform((v: string) => v.normalize('NFC').trim())).check(
  z.refine((v) => v.length <= SEARCH_TEXT_MAX, { error: `Search can have at most ${SEARCH_TEXT_MAX} characters.` }),
);

/** A list's keyset cursor, or a sync's (`syncCursor`): opaque text the server handed out. */
export const CursorSchema = z.string().check(z.maxLength(1024));

/**
 * Incremental sync (`updatedSince` of `GET /v1/users` and `GET /v1/organizations`): what changed (and was deleted)
 * since this time, in the order of the changes; the answer's `syncCursor` asks later for what changed after it.
 */
export const UpdatedSinceSchema = z.iso.datetime({ offset: true, error: 'Must be an ISO 8601 date and time, such as 2026-12-01T00:00:00Z.' });

/** Query of `GET /v1/users`. Query values arrive as strings; unknown parameters are refused. */
/** `sort=attr.<key>`: by a custom attribute (its value, then the id; users without a value last). */
const AttributeSortSchema = z.templateLiteral(['attr.', z.string().check(z.regex(/^[a-z][a-z0-9_]{0,39}$/))]);
const userListShape = {
  kind: z.optional(z.enum(userKinds)),
  organizationId: z.optional(Id),
  q: z.optional(SearchTextSchema),
  status: z.optional(z.enum(userStatuses)),
  roleId: z.optional(Id),
  hideDeactivated: z.optional(z.stringbool({ error: 'Must be true or false.' })),
  /** `true`: only the users suspended now; `false`: only those not. */
  suspended: z.optional(z.stringbool({ error: 'Must be true or false.' })),
  sort: z._default(z.union([z.enum(userSortKeys), AttributeSortSchema], { error: checkOptions(ruleMessage('query.sort_invalid', { keys: userSortKeys.join(', ') })).error }), 'lastName'),
  order: z._default(z.enum(['asc', 'desc']), 'asc'),
  limit: PageLimitSchema,
  cursor: z.optional(CursorSchema),
  /** Incremental sync (UpdatedSinceSchema): only `kind`, `organizationId` and `limit` go with it. */
  updatedSince: z.optional(UpdatedSinceSchema),
  /** The user with this external id (exact match; see `externalId`). */
  externalId: z.optional(z.string().check(z.minLength(1, { error: 'Must have at least 1 character.' }), z.maxLength(255, { error: 'Can have at most 255 characters.' }))),
};
/**
 * Besides the named parameters, `attr.<key>=<value>` filters by a custom attribute (the server checks the value
 * against the attribute's definition: `parseAttributeFilter`); any other parameter is refused.
 */
type AttributeParams = { [param: `attr.${string}`]: string };
const withAttributeFilters = <S extends z.ZodMiniObject>(schema: S) =>
  // Typed as the named parameters plus `attr.*` ones (a catchall's index signature would make every parameter a string).
  z.catchall(schema, z.string().check(z.maxLength(200))).check(
    z.superRefine((v, ctx) => {
      for (const key of Object.keys(v)) {
        if (key in schema.shape) continue;
        if (!/^attr\.[a-z][a-z0-9_]{0,39}$/.test(key)) ctx.issues.push({ code: 'unrecognized_keys', keys: [key], input: v, path: [], message: `Unrecognized key: "${key}"` });
      }
      // Also when another parameter failed: every unknown one is named with the rest, as a strict object would.
    }, { when: (payload) => typeof payload.value === 'object' && payload.value !== null }),
  ) as unknown as z.ZodMiniType<z.output<S> & AttributeParams, z.input<S> & AttributeParams>;
export const UserListQuerySchema = withAttributeFilters(z.object(userListShape));
export type UserListQueryInput = z.input<typeof UserListQuerySchema>;
/** Query of `GET /v1/users/export`: the list's filters and sort, without paging (every matching user). */
const { limit: _limit, cursor: _cursor, updatedSince: _updatedSince, ...userExportShape } = userListShape;
export const UserExportQuerySchema = withAttributeFilters(z.object(userExportShape));
export type UserExportQueryInput = z.input<typeof UserExportQuerySchema>;
export type UserExportQuery = z.output<typeof UserExportQuerySchema>;
export type UserListQuery = z.output<typeof UserListQuerySchema>;

/** How many users match the list's filter: exact up to USER_TOTAL_EXACT_MAX, above that the database's estimate. */
export const UserTotalSchema = z.object({
  count: z.int(),
  /** `false`: `count` is the planner's estimate (show it as "about"), never counted over a million rows per page. */
  exact: z.boolean(),
});
export type UserTotal = z.infer<typeof UserTotalSchema>;

/** Days a deleted user's or organization's tombstone is kept for syncing integrations (and a sync cursor stays valid). */
export const USER_TOMBSTONE_DAYS = 30;

/** Users counted exactly before the total turns into an estimate. */
export const USER_TOTAL_EXACT_MAX = 10_000;

/** A sync's record of a deletion: kept for USER_TOMBSTONE_DAYS. */
export const TombstoneSchema = z.object({ id: Id, deletedAt: Timestamp });
export type Tombstone = z.infer<typeof TombstoneSchema>;

/**
 * A sync's place: pass it as `cursor` later to get only what changed after this page (while `nextCursor` is null
 * there is nothing more yet). Valid for USER_TOMBSTONE_DAYS: older, sync again from `updatedSince`.
 */
const SyncCursorSchema = z.optional(z.string());

export const UserPageSchema = z.object({
  items: z.array(UserSchema),
  nextCursor: z.nullable(z.string()),
  /** On the first page only (a request without `cursor`), not in a sync. */
  total: z.optional(UserTotalSchema),
  /** A sync's users deleted since, in the same change order as `items`. */
  deleted: z.optional(z.array(TombstoneSchema)),
  syncCursor: SyncCursorSchema,
});
export type UserPage = z.infer<typeof UserPageSchema>;

// ---------- organizations ----------

export const ORGANIZATION_NAME_MAX = 100;

/** An organization's name: NFC, trimmed, inner runs of whitespace as one space; unique per tenant without regard to case. */
export const OrganizationNameSchema = z.pipe(z.string({ error: 'Organization name must be text.' }), z.transform((v: string) => v.normalize('NFC').trim().replace(/\s+/g, ' '))).check(
  z.refine((v) => v.length >= 1, { error: 'Organization name is required.' }),
  z.refine((v) => v.length <= ORGANIZATION_NAME_MAX, { error: `Organization name can have at most ${ORGANIZATION_NAME_MAX} characters.` }),
  z.refine((v) => !/[\p{Cc}\p{Cf}]/u.test(v), { error: 'Organization name contains an invisible control character.' }),
);

/** `POST /v1/organizations` (and the platform's `POST /v1/platform/tenants/:tenantId/organizations`). */
export const CreateOrganizationRequestSchema = z.strictObject({ name: OrganizationNameSchema });
export type CreateOrganizationRequest = z.input<typeof CreateOrganizationRequestSchema>;

/** `PATCH /v1/organizations/:id`: the fields to change (today only the name). */
export const PatchOrganizationRequestSchema = z.partial(CreateOrganizationRequestSchema);
export type PatchOrganizationRequest = z.input<typeof PatchOrganizationRequestSchema>;

/**
 * Query of `GET /v1/organizations`: `q`, a substring of the name (no case, no accents); or an incremental sync
 * (`updatedSince`, or a sync's `cursor`, with `limit`). Unknown parameters are refused.
 */
export const OrganizationListQuerySchema = z.strictObject({
  q: z.optional(SearchTextSchema),
  updatedSince: z.optional(UpdatedSinceSchema),
  cursor: z.optional(CursorSchema),
  /** A sync's page size (the list itself is not paged: refused without a sync). */
  limit: PageLimitSchema,
});
export type OrganizationListQueryInput = z.input<typeof OrganizationListQuerySchema>;
export type OrganizationListQuery = z.output<typeof OrganizationListQuerySchema>;

/**
 * An organization as the list (and a sync) shows it: with when its name last changed and how many users (of any
 * status) belong to it — counted when read; users joining or leaving are changes of the users, not of the organization.
 */
export const OrganizationListItemSchema = z.extend(OrganizationSchema, { updatedAt: Timestamp, userCount: z.int() });
export type OrganizationListItem = z.infer<typeof OrganizationListItemSchema>;
export const OrganizationListSchema = z.object({
  items: z.array(OrganizationListItemSchema),
  /** A sync's organizations deleted since, in the same change order as `items`. */
  deleted: z.optional(z.array(TombstoneSchema)),
  /** A sync's next page (null: caught up); absent from the list, which is not paged. */
  nextCursor: z.optional(z.nullable(z.string())),
  syncCursor: SyncCursorSchema,
});
export type OrganizationList = z.infer<typeof OrganizationListSchema>;
export const RoleListSchema = z.object({ items: z.array(RoleSchema) });
export type RoleList = z.infer<typeof RoleListSchema>;

// ---------- platform (operator) API ----------

export const CreateTenantRequestSchema = z.strictObject({
  name: z.pipe(z.string(), z.transform((v: string) => v.trim())).check(
    z.refine((v) => v.length >= 1, { error: 'Tenant name is required.' }),
    z.refine((v) => v.length <= 200, { error: 'Tenant name can have at most 200 characters.' }),
  ),
  profile: z.optional(ProfileInputSchema),
  rootAdmin: z.strictObject({
    firstName: z.string(),
    lastName: z.string(),
    email: z.string(),
  }),
  /** The tenant's branding (white-label); every field optional. */
  branding: z.optional(BrandingInputSchema),
  /** The base of the links in the tenant's emails (an MSP's own domain); ROSTER_PUBLIC_URL when absent. */
  linkBaseUrl: z.optional(z.nullable(LinkBaseUrlSchema)),
});
export type CreateTenantRequest = z.input<typeof CreateTenantRequestSchema>;

export const TenantSchema = z.object({
  id: Id,
  name: z.string(),
  profile: PolicyProfileSchema,
  branding: BrandingSchema,
  linkBaseUrl: z.nullable(z.string()),
  createdAt: Timestamp,
});
export type Tenant = z.infer<typeof TenantSchema>;

export const OAuthClientCredentialsSchema = z.object({
  clientId: z.string(),
  clientSecret: z.string(),
  scopes: z.array(z.enum(oauthScopes)),
});

export const CreateTenantResponseSchema = z.object({
  tenant: TenantSchema,
  rootAdmin: UserSchema,
  oauthClient: OAuthClientCredentialsSchema,
});
export type CreateTenantResponse = z.infer<typeof CreateTenantResponseSchema>;

/**
 * `POST /v1/platform/tenants/:tenantId/root-admin`: the operator makes another active admin of the tenant its Root
 * Admin (seed 004: "Only Kaseya support can promote a user to Root Admin").
 */
export const PromoteRootAdminRequestSchema = z.strictObject({ userId: Id });
export type PromoteRootAdminRequest = z.input<typeof PromoteRootAdminRequestSchema>;

/** The new Root Admin, and the previous one, who now holds the profile's administrator role (Admin or System Administrator). */
export const PromoteRootAdminResponseSchema = z.object({ rootAdmin: UserSchema, previousRootAdmin: z.nullable(UserSchema) });
export type PromoteRootAdminResponse = z.infer<typeof PromoteRootAdminResponseSchema>;

// ---------- OAuth and widget tokens ----------

export const TokenResponseSchema = z.object({
  access_token: z.string(),
  token_type: z.literal('Bearer'),
  expires_in: z.int(),
  scope: z.string(),
});
export type TokenResponse = z.infer<typeof TokenResponseSchema>;

/** RFC 6749 §5.2 error body. */
export const OAuthErrorSchema = z.object({
  error: z.enum(['invalid_request', 'invalid_client', 'invalid_grant', 'unauthorized_client', 'unsupported_grant_type', 'invalid_scope']),
  error_description: z.optional(z.string()),
});

export const WIDGET_TOKEN_MAX_TTL = 900;
export const WidgetTokenRequestSchema = z.strictObject({
  actorUserId: Id,
  organizationId: z.optional(Id),
  ttlSeconds: z.optional(
    z.int({ error: 'Must be a whole number of seconds.' }).check(
      z.refine((n) => n >= 30 && n <= WIDGET_TOKEN_MAX_TTL, {
        error: `Must be between 30 and ${WIDGET_TOKEN_MAX_TTL} seconds.`,
      }),
    ),
  ),
});
export type WidgetTokenRequest = z.infer<typeof WidgetTokenRequestSchema>;

export const WidgetTokenResponseSchema = z.object({ token: z.string(), expiresAt: Timestamp });
export type WidgetTokenResponse = z.infer<typeof WidgetTokenResponseSchema>;

export const HealthSchema = z.object({ status: z.literal('ok'), database: z.enum(['postgres', 'pglite']) });

// ---------- audit events ----------

export const AuditEventSchema = z.object({
  id: z.string(),
  actorType: z.enum(['user', 'client', 'platform', 'system']),
  actorId: z.nullable(z.string()),
  action: z.string(),
  targetType: z.nullable(z.string()),
  targetId: z.nullable(z.string()),
  before: z.unknown(),
  after: z.unknown(),
  requestId: z.nullable(z.string()),
  createdAt: Timestamp,
  /** Written in a "view as" session: the administrator behind the acting user (null or absent: none). */
  impersonatedBy: z.optional(z.nullable(z.string())),
});
export type AuditEvent = z.infer<typeof AuditEventSchema>;

export const AuditEventListQuerySchema = z.strictObject({
  action: z.optional(z.string().check(z.regex(/^[a-z_]+\.[a-z_]+$/, { error: 'Must be an action such as user.deactivated.' }))),
  targetId: z.optional(Id),
  actorId: z.optional(z.string().check(z.maxLength(100))),
  limit: PageLimitSchema,
  cursor: z.optional(z.string().check(z.regex(/^\d{1,18}$/, { error: 'Is not a cursor returned by this API.' }))),
});
export type AuditEventListQuery = z.output<typeof AuditEventListQuerySchema>;

export const AuditEventPageSchema = z.object({ items: z.array(AuditEventSchema), nextCursor: z.nullable(z.string()) });
export type AuditEventPage = z.infer<typeof AuditEventPageSchema>;

/** `GET /v1/tenant`: what an element needs to validate and to offer only the actions the caller may take. */
export const TenantContextSchema = z.object({
  id: Id,
  name: z.string(),
  profile: PolicyProfileSchema,
  permissions: z.array(z.enum(permissions)),
});
export type TenantContext = z.infer<typeof TenantContextSchema>;

// ---------- roles ----------

// The custom roles' requests (POST and PATCH /v1/roles) are in ./role-input.ts: `<role-editor>` checks them without this module.
export { CreateRoleRequestSchema, PatchRoleRequestSchema, type CreateRoleRequest } from './role-input.js';

/** `PUT /v1/users/:id/roles`: the user's roles and explicit permissions, replaced as a whole. */
export const SetUserRolesRequestSchema = z.strictObject({
  roleIds: z.array(Id).check(z.maxLength(50)),
  permissions: z.optional(z.array(z.enum(permissions)).check(z.maxLength(permissions.length))),
});
export type SetUserRolesRequest = z.input<typeof SetUserRolesRequestSchema>;

// ---------- access groups (seed 004) ----------

const ModuleName = z.string().check(z.regex(/^[a-z0-9][a-z0-9_.-]{0,63}$/, { error: 'Must be a module key such as rmm or psa.tickets.' }));

export const AccessGroupSchema = z.object({ id: Id, name: z.string(), active: z.boolean(), modules: z.array(z.string()) });
export type AccessGroup = z.infer<typeof AccessGroupSchema>;

export const CreateAccessGroupRequestSchema = z.strictObject({
  name: z.pipe(z.string(), z.transform((v: string) => v.trim())).check(
    z.refine((v) => v.length >= 1 && v.length <= 80, { error: 'Group name must have 1 to 80 characters.' }),
  ),
  active: z.optional(z.boolean()),
  modules: z.array(ModuleName).check(z.maxLength(200)),
});
export const PatchAccessGroupRequestSchema = z.partial(CreateAccessGroupRequestSchema);

export const SetUserAccessGroupsRequestSchema = z.strictObject({
  groupIds: z.array(Id).check(z.maxLength(100)),
  /** "All Module Access": every module whatever the groups say. */
  allModules: z.boolean(),
});

/** What a host shows: `all`, or the modules of the user's active groups. */
export const EffectiveModulesSchema = z.object({
  allModules: z.boolean(),
  modules: z.array(z.string()),
  groups: z.array(AccessGroupSchema),
});
export type EffectiveModules = z.infer<typeof EffectiveModulesSchema>;
