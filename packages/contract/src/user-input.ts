import * as z from 'zod/mini';
import { AttributeValuesSchema } from './attributes.js';
import type { MetadataJson } from 'libphonenumber-js/core';
import { checkPhone, emailSchema, nameSchema, ruleIssue, usernameSchema } from './fields.js';
import { checkOptions, ruleMessage, type RuleMessage } from './messages/index.js';
import type { PolicyProfile } from './profile.js';
import { availabilities, signInMethods, userKinds } from './domain.js';
import { languages } from './constants.js';
import { permissions } from './permissions.js';
import { defaultRoleApplies, roleCountRefusal } from './role-count.js';

export { languages };
export type Language = (typeof languages)[number];

const Id = z.uuid({ error: checkOptions(ruleMessage('value.uuid')).error });
const idleWarningMinutes = z.int({ error: checkOptions(ruleMessage('idle_warning.whole_minutes')).error }).check(
  z.refine((n) => n >= 5 && n <= 24 * 60, checkOptions(ruleMessage('idle_warning.range'))),
);

import {
  canonicalTimeZone,
  notificationSchedules,
  priorities,
  severities,
  weekdays,
  type NotificationPreferences,
} from './notifications.js';

const clockTime = z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, checkOptions(ruleMessage('notifications.time_format'))));

/** A custom schedule's days and hours, in the user's time zone; `to` before `from` runs past midnight. */
const HoursSchema = z
  .strictObject({
    days: z.array(z.enum(weekdays)).check(z.minLength(1, checkOptions(ruleMessage('notifications.days_required'))), z.maxLength(7)),
    from: clockTime,
    to: clockTime,
  })
  .check(
    z.superRefine((h, ctx) => {
      if (h.from === h.to) ctx.issues.push(ruleIssue(ruleMessage('notifications.hours_empty'), h.to, ['to']));
      if (new Set(h.days).size !== h.days.length) ctx.issues.push(ruleIssue(ruleMessage('notifications.days_repeated'), h.days, ['days']));
    }),
  );

const ChannelSchema = z
  .strictObject({
    enabled: z.boolean(),
    /** Alerts of this severity or higher are sent (seed 000: "and any higher severities"). */
    minSeverity: z.enum(severities),
    /** …and of this priority or higher: an alert must match both. Absent: the lowest (as before priorities existed). */
    minPriority: z._default(z.enum(priorities), 'low'),
    /** Outside the schedule nothing is delivered, not even later. */
    schedule: z.enum(notificationSchedules),
    /** The days and hours of a `custom` schedule (required with it). */
    hours: z._default(z.nullable(HoursSchema), null),
  })
  .check(
    z.superRefine((c, ctx) => {
      if (c.schedule === 'custom' && !c.hours) ctx.issues.push(ruleIssue(ruleMessage('notifications.hours_required'), c.hours, ['hours']));
    }),
  );

/**
 * Where and when a person gets alert notifications (seed 000, General → Notifications). The organizations must be
 * ones the person may see (the BFF checks that against their access: 422 naming the id).
 */
export const NotificationPreferencesSchema = z.strictObject({
  organizations: z.enum(['all', 'selected']),
  organizationIds: z.array(Id).check(z.maxLength(1000)),
  email: ChannelSchema,
  sms: ChannelSchema,
});
/** The schema and the plain type of notifications.ts describe the same value (a compile error otherwise). */
type Parsed = z.output<typeof NotificationPreferencesSchema>;
export const notificationTypesAgree: [Parsed] extends [NotificationPreferences] ? ([NotificationPreferences] extends [Parsed] ? true : never) : never = true;

/** An IANA time zone (`Europe/Berlin`), stored by its canonical name; notification schedules are read in it. */
export const timeZoneSchema = z.pipe(
  z.string(),
  z.transform((value: string, ctx) => {
    const zone = canonicalTimeZone(value.trim());
    if (zone) return zone;
    ctx.issues.push(ruleIssue(ruleMessage('time_zone.invalid'), value));
    return z.NEVER;
  }),
);

/** Display and notification settings that create, edit and clone share. */
function settingsShape() {
  return {
    language: z.optional(z.enum(languages)),
    idleWarningMinutes: z.optional(idleWarningMinutes),
    showGettingStarted: z.optional(z.boolean()),
    ticketPageAccessibility: z.optional(z.boolean()),
    availability: z.optional(z.enum(availabilities)),
    timeZone: z.optional(timeZoneSchema),
    notificationPreferences: z.optional(NotificationPreferencesSchema),
  };
}

/** An optional phone, normalized to E.164 by the profile's rules; an empty value means "no phone". */
function optionalPhone(profile: PolicyProfile, metadata: MetadataJson) {
  return z.optional(
    z.nullable(
      z.pipe(
        z.string(),
        z.transform((value: string, ctx) => {
          const r = parseOptionalPhone(profile, metadata, value);
          if (r.ok) return r.value;
          ctx.issues.push(ruleIssue(r.message, value));
          return z.NEVER;
        }),
      ),
    ),
  );
}

/** The fields of a new user: the person fields by the tenant's profile, plus settings and roles. */
function newUserShape(profile: PolicyProfile, metadata: MetadataJson) {
  return {
    kind: z.enum(userKinds),
    organizationId: z.optional(z.nullable(Id)),
    firstName: nameSchema(profile, 'firstName'),
    lastName: nameSchema(profile, 'lastName'),
    email: emailSchema(profile),
    username:
      profile.usernameMode === 'separate'
        ? z.optional(usernameSchema(profile))
        : z.optional(
            z.any().check(
              z.refine((v) => v === null || v === '', checkOptions(ruleMessage(profile.usernameMode === 'email' ? 'username.is_email' : 'username.not_used'))),
            ),
          ),
    phone: optionalPhone(profile, metadata),
    roleIds: z.optional(z.array(Id).check(z.maxLength(50))),
    /** Confirms adding a technician seat when all are taken (recorded as seat.added). */
    confirmAddSeat: z.optional(z.boolean()),
    /** The second factor the user sets up at registration; absent: the profile's default (`totp`). */
    signInMethod: z.optional(z.enum(signInMethods)),
    ...settingsShape(),
  };
}

/**
 * End users belong to an organization and have no availability; where the profile gives every user exactly one role,
 * exactly one is chosen (none where the profile's default role applies).
 */
const newUserCheck = (profile: PolicyProfile) => z.superRefine((value: { kind: string; organizationId?: string | null | undefined; availability?: unknown; roleIds?: readonly string[] | undefined }, ctx) => {
  const roleCount = roleCountRefusal(profile, new Set(value.roleIds ?? []).size, defaultRoleApplies(profile, value.kind));
  if (roleCount) ctx.issues.push(ruleIssue(roleCount, value.roleIds, ['roleIds']));
  if (value.kind === 'end_user' && !value.organizationId) {
    ctx.issues.push(ruleIssue(ruleMessage('user.organization_required'), value.organizationId, ['organizationId']));
  }
  if (value.kind === 'end_user' && value.availability !== undefined) {
    ctx.issues.push(ruleIssue(ruleMessage('user.availability_technicians_only'), value.availability, ['availability']));
  }
});

/**
 * A new user as the form (`<roster-user-form>`) enters it: the person fields by the tenant's profile, plus settings
 * and roles. Unknown fields (`status`, `tenantId`…) are refused, so nothing can be mass-assigned.
 */
export function createUserSchema(profile: PolicyProfile, metadata: MetadataJson) {
  return z.strictObject(newUserShape(profile, metadata)).check(newUserCheck(profile));
}

/**
 * `POST /v1/users`: the form's fields, and what the console's Access tab sets (as `PUT /v1/users/:id/roles` and `PUT
 * /v1/users/:id/access-groups` do later) — apart, so that the form's bundle does not carry fields it never sends.
 */
export function createUserRequestSchema(profile: PolicyProfile, metadata: MetadataJson) {
  return z
    .strictObject({
      ...newUserShape(profile, metadata),
      /** Permissions beyond the roles': only ones the caller holds. */
      explicitPermissions: z.optional(z.array(z.enum(permissions)).check(z.maxLength(permissions.length))),
      /** Access groups, and "All Module Access" (on unless turned off): anything but the default with `roles.manage`. */
      accessGroupIds: z.optional(z.array(Id).check(z.maxLength(100))),
      allModules: z.optional(z.boolean()),
      /** Custom attribute values by key (`GET /v1/attributes`); every required one must be given. Checked per definition by the server. */
      attributes: z.optional(AttributeValuesSchema),
    })
    .check(newUserCheck(profile));
}
export type CreateUserRequest = z.input<ReturnType<typeof createUserRequestSchema>>;
export type CreateUserInput = z.input<ReturnType<typeof createUserSchema>>;

/** `PATCH /v1/users/:id`: every editable field; the username is immutable once saved. */
export function patchUserSchema(profile: PolicyProfile, metadata: MetadataJson) {
  return z.strictObject({
    firstName: z.optional(nameSchema(profile, 'firstName')),
    lastName: z.optional(nameSchema(profile, 'lastName')),
    email: z.optional(emailSchema(profile)),
    username: z.optional(
      z.any().check(z.refine(() => false, checkOptions(ruleMessage('username.immutable')))),
    ),
    phone: optionalPhone(profile, metadata),
    /** Another sign-in method (an admin, `users.write`): enrolment starts over, sessions end. */
    signInMethod: z.optional(z.enum(signInMethods)),
    ...settingsShape(),
  });
}
export type PatchUserInput = z.input<ReturnType<typeof patchUserSchema>>;

/** Normalizes an optional phone by the profile, or returns the issue's message. */
export function parseOptionalPhone(profile: PolicyProfile, metadata: MetadataJson, value: string | null | undefined):
  | { ok: true; value: string | null }
  | { ok: false; message: RuleMessage } {
  if (value === undefined || value === null || value.trim() === '' || value.trim() === "'") return { ok: true, value: null };
  if (profile.phoneMode === 'hidden') return { ok: false, message: ruleMessage('phone.not_collected') };
  return checkPhone(value, metadata);
}

export const CloneUserRequestSchema = z.strictObject({
  firstName: z.string(),
  lastName: z.string(),
  email: z.string(),
  phone: z.optional(z.nullable(z.string())),
  username: z.optional(z.string()),
});
export type CloneUserRequest = z.infer<typeof CloneUserRequestSchema>;

export const ActivateUserRequestSchema = z.strictObject({
  /** Confirms adding a seat when the tenant's technician seats are all taken. */
  confirmAddSeat: z.optional(z.boolean()),
});

const PASSWORD_TOO_LONG = ruleMessage('password.too_long', { max: 200 });

export const AcceptInvitationRequestSchema = z.strictObject({
  token: z.string().check(z.minLength(1, checkOptions(ruleMessage('token.required'))), z.maxLength(200)),
  password: z.string().check(z.maxLength(200, checkOptions(PASSWORD_TOO_LONG))),
  /** For text-message sign-in: the mobile number the codes go to (checked by `checkMobilePhone`); the number on file when absent. */
  phone: z.optional(z.string().check(z.maxLength(40))),
});

export function passwordRules(profile: PolicyProfile) {
  return z.string().check(
    z.refine((v) => [...v].length >= profile.passwordMinLength, checkOptions(ruleMessage('password.too_short', { min: profile.passwordMinLength }))),
    z.refine((v) => v.length <= 200, checkOptions(PASSWORD_TOO_LONG)),
    z.refine((v) => v.trim().length > 0, checkOptions(ruleMessage('password.blank'))),
  );
}

/**
 * Fresh proof is the current password (and `code`, the current TOTP code, when a factor is enrolled), or a step-up
 * token in the Roster-Step-Up header instead of both.
 */
export const ChangePasswordRequestSchema = z.strictObject({
  currentPassword: z.optional(z.string().check(z.minLength(1, checkOptions(ruleMessage('password.current_required'))), z.maxLength(200))),
  newPassword: z.string().check(z.maxLength(200, checkOptions(PASSWORD_TOO_LONG))),
  code: z.optional(z.string().check(z.maxLength(12))),
});
export type ChangePasswordRequest = z.infer<typeof ChangePasswordRequestSchema>;
