import * as z from 'zod/mini';
import { builtInRoleKeys } from './permission-keys.js';
import { availableSignInMethods } from './constants.js';

/**
 * A tenant's policy profile: every rule that differs between the seed systems is one field here (SPEC §3).
 * Presets reproduce each seed's documented behaviour; a tenant may override any field.
 */
const positiveInt = (max: number) => z.int().check(z.gte(1), z.lte(max));

export const NameCharsetSchema = z.enum(['letters', 'international']);
const ImportColumnSchema = z.enum(['firstName', 'lastName', 'email', 'phone', 'username', 'roles', 'groups']);

export const PolicyProfileSchema = z.strictObject({
  /** `letters`: letters (any script) and single spaces between words. `international`: also digits, dashes and apostrophes. */
  nameCharset: NameCharsetSchema,
  nameMaxLength: positiveInt(500),
  emailMaxLength: positiveInt(320),
  /** Refuse non-ASCII characters (umlauts) in email addresses. */
  emailAsciiOnly: z.boolean(),
  /** Refuse an address that starts or ends with `.` or `-`. */
  emailNoEdgeDotOrHyphen: z.boolean(),
  /** `none`: users have no username. `email`: the email is the username. `separate`: own field, defaults to the email. */
  usernameMode: z.enum(['none', 'email', 'separate']),
  usernameMaxLength: positiveInt(320),
  /** `optional`: validated per country and stored E.164 when given. `hidden`: not collected. */
  phoneMode: z.enum(['optional', 'hidden']),
  invitationTtlHours: positiveInt(24 * 90),
  passwordResetTtlHours: positiveInt(24 * 7),
  deletion: z.enum(['allowed', 'never', 'except_root_admin']),
  /** The role new technicians get when the creator gives none; `beginner` may be changed only after the first login. */
  defaultTechnicianRole: z.nullable(z.enum(['beginner', 'user'])),
  /** Cap of active technicians; null for no cap. */
  technicianSeatCap: z.nullable(z.int().check(z.gte(0), z.lte(1_000_000))),
  /** Deactivation emits an event telling the host's ticket system to unassign open and pending tickets. */
  deactivationUnassignsTickets: z.boolean(),
  /** After reactivation the user must set a new password and enrol 2FA again. */
  reactivationRequiresCredentialReset: z.boolean(),
  /** Failed logins before `locked_out`; null disables lockout. */
  lockoutThreshold: z.nullable(positiveInt(100)),
  lockoutMinutes: positiveInt(24 * 60),
  passwordMinLength: z.int().check(z.gte(8), z.lte(128)),
  importMode: z.enum(['atomic', 'per-row']),
  importColumns: z.array(ImportColumnSchema),
  /** Columns every imported row must fill; first name, last name and email when absent. */
  importRequiredColumns: z.optional(z.array(ImportColumnSchema)),
  /**
   * Columns every imported end user's row must fill, where end users differ from technicians (NinjaOne: "You must
   * assign roles to imported users"); `importRequiredColumns` when absent. Read through `importRequiredColumnsOf`.
   */
  endUserImportRequiredColumns: z.optional(z.array(ImportColumnSchema)),
  mfaRequired: z.boolean(),
  /**
   * A technician receives no notifications until they hold a role (NinjaOne: "You must assign a technician to a role
   * for them to receive notifications"); absent: false. Read through `notificationsWithheld` (notifications.ts).
   */
  notificationsNeedRole: z.optional(z.boolean()),
  /** The sign-in method new users get when their creator chooses none (absent: `totp`, the authenticator app); one of `availableSignInMethods`. */
  defaultSignInMethod: z.optional(z.enum(availableSignInMethods)),
  /**
   * The built-in roles a tenant gets, by key, named as its document names them: always `root_admin` and one
   * administrator role, `system_admin` ("System Administrator", NinjaOne) or `admin` ("Admin", KaseyaOne).
   */
  builtInRoles: z.array(z.enum(builtInRoleKeys)).check(z.minLength(2), z.maxLength(builtInRoleKeys.length)),
  /** `one`: every user holds exactly one role, chosen at creation and on every change (KaseyaOne); `many`: any number. */
  rolesPerUser: z.enum(['one', 'many']),
  /** An end user is told by email, once an administrator's "view as" session ends, that it happened (absent: true). */
  impersonationNotifiesUser: z.optional(z.boolean()),
  /**
   * Where an impersonated ("view as") session lands: the host's page for the end user, http(s) (absent or null: the
   * product's own self-service page, `/account` under the tenant's link base).
   */
  impersonationLandingUrl: z.optional(z.nullable(z.url({ protocol: /^https?$/, error: 'Must be an http(s) URL.' }).check(z.maxLength(2048, { error: 'Must have at most 2048 characters.' })))),
  /** How the import's Groups cell names access groups: `exact` (case-sensitive, as KaseyaOne's CSV) or `any_case`. */
  groupNameMatch: z.enum(['exact', 'any_case']),
});
export type PolicyProfile = z.infer<typeof PolicyProfileSchema>;

export const profilePresetNames = ['default', 'ninjaone', 'atera', 'kaseyaone'] as const;
export type ProfilePresetName = (typeof profilePresetNames)[number];

/** `default` is the product's own judgement of best practice (ASVS-grade lockout, 24 h links). */
export const profilePresets: Record<ProfilePresetName, PolicyProfile> = {
  default: {
    nameCharset: 'international',
    nameMaxLength: 100,
    emailMaxLength: 254,
    emailAsciiOnly: true,
    emailNoEdgeDotOrHyphen: true,
    usernameMode: 'separate',
    usernameMaxLength: 64,
    phoneMode: 'optional',
    invitationTtlHours: 72,
    passwordResetTtlHours: 1,
    deletion: 'except_root_admin',
    defaultTechnicianRole: null,
    technicianSeatCap: null,
    deactivationUnassignsTickets: false,
    reactivationRequiresCredentialReset: true,
    lockoutThreshold: 10,
    lockoutMinutes: 10,
    passwordMinLength: 12,
    importMode: 'atomic',
    importColumns: ['firstName', 'lastName', 'email', 'phone', 'username', 'roles', 'groups'],
    mfaRequired: true,
    builtInRoles: ['root_admin', 'system_admin', 'billing', 'user', 'co_managed_user', 'beginner'],
    rolesPerUser: 'many',
    groupNameMatch: 'any_case',
  },
  ninjaone: {
    nameCharset: 'letters',
    nameMaxLength: 150,
    emailMaxLength: 64,
    emailAsciiOnly: true,
    emailNoEdgeDotOrHyphen: true,
    usernameMode: 'none',
    usernameMaxLength: 64,
    phoneMode: 'optional',
    invitationTtlHours: 24,
    passwordResetTtlHours: 24,
    deletion: 'allowed',
    defaultTechnicianRole: null,
    technicianSeatCap: null,
    deactivationUnassignsTickets: false,
    reactivationRequiresCredentialReset: false,
    lockoutThreshold: null,
    lockoutMinutes: 10,
    passwordMinLength: 8,
    importMode: 'atomic',
    importColumns: ['firstName', 'lastName', 'email', 'phone'],
    // Seed 001: "You must assign roles to imported users"; seed 000: roles are optional for technicians.
    endUserImportRequiredColumns: ['firstName', 'lastName', 'email', 'roles'],
    mfaRequired: true,
    notificationsNeedRole: true,
    builtInRoles: ['root_admin', 'system_admin', 'billing', 'user', 'co_managed_user', 'beginner'],
    rolesPerUser: 'many',
    groupNameMatch: 'any_case',
  },
  atera: {
    nameCharset: 'international',
    nameMaxLength: 100,
    emailMaxLength: 254,
    emailAsciiOnly: true,
    emailNoEdgeDotOrHyphen: false,
    usernameMode: 'email',
    usernameMaxLength: 254,
    phoneMode: 'optional',
    invitationTtlHours: 24,
    passwordResetTtlHours: 24,
    deletion: 'never',
    defaultTechnicianRole: 'beginner',
    technicianSeatCap: 5,
    deactivationUnassignsTickets: true,
    reactivationRequiresCredentialReset: false,
    lockoutThreshold: 10,
    lockoutMinutes: 10,
    passwordMinLength: 8,
    importMode: 'atomic',
    importColumns: ['firstName', 'lastName', 'email', 'phone'],
    mfaRequired: false,
    builtInRoles: ['root_admin', 'system_admin', 'billing', 'user', 'co_managed_user', 'beginner'],
    rolesPerUser: 'many',
    groupNameMatch: 'any_case',
  },
  kaseyaone: {
    nameCharset: 'international',
    nameMaxLength: 48,
    emailMaxLength: 100,
    emailAsciiOnly: false,
    emailNoEdgeDotOrHyphen: false,
    usernameMode: 'separate',
    usernameMaxLength: 50,
    phoneMode: 'hidden',
    invitationTtlHours: 14 * 24,
    passwordResetTtlHours: 24,
    deletion: 'except_root_admin',
    defaultTechnicianRole: null,
    technicianSeatCap: null,
    deactivationUnassignsTickets: false,
    reactivationRequiresCredentialReset: true,
    lockoutThreshold: 5,
    lockoutMinutes: 10,
    passwordMinLength: 8,
    importMode: 'per-row',
    importColumns: ['username', 'email', 'roles', 'groups', 'firstName', 'lastName'],
    importRequiredColumns: ['username', 'email', 'roles', 'groups', 'firstName', 'lastName'],
    mfaRequired: true,
    builtInRoles: ['root_admin', 'admin', 'billing', 'user', 'co_managed_user'],
    rolesPerUser: 'one',
    groupNameMatch: 'exact',
  },
};

/** A tenant's profile in a request: a preset's name, or a preset with overrides (`{ preset, ...fields }`). */
export const ProfileInputSchema = z.union([
  z.enum(profilePresetNames),
  z.extend(z.partial(PolicyProfileSchema), { preset: z.optional(z.enum(profilePresetNames)) }),
]);
export type ProfileInput = z.infer<typeof ProfileInputSchema>;

/**
 * What no single field's schema can say: the built-in roles hold the Root Admin and exactly one administrator role,
 * each once, and the default role of new technicians is one of them. Each conflict names its field.
 */
export function profileConflicts(profile: PolicyProfile): { field: keyof PolicyProfile; message: string }[] {
  const out: { field: keyof PolicyProfile; message: string }[] = [];
  const roles = profile.builtInRoles;
  if (new Set(roles).size !== roles.length) out.push({ field: 'builtInRoles', message: 'Names a built-in role more than once.' });
  if (!roles.includes('root_admin')) out.push({ field: 'builtInRoles', message: 'Must include root_admin: every tenant has a Root Admin.' });
  const admins = roles.filter((r) => r === 'admin' || r === 'system_admin').length;
  if (admins !== 1) out.push({ field: 'builtInRoles', message: 'Must include exactly one administrator role: admin or system_admin.' });
  if (profile.defaultTechnicianRole && !roles.includes(profile.defaultTechnicianRole)) {
    out.push({ field: 'defaultTechnicianRole', message: `Is ${profile.defaultTechnicianRole}, which builtInRoles does not include.` });
  }
  return out;
}

export function resolveProfile(input: ProfileInput | undefined): PolicyProfile {
  if (input === undefined) return profilePresets.default;
  if (typeof input === 'string') return profilePresets[input];
  const { preset = 'default', ...overrides } = input;
  return PolicyProfileSchema.parse({ ...profilePresets[preset], ...overrides });
}
