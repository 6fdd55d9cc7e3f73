/**
 * The values of notification preferences (seed 000, General → Notifications), apart from their zod schema
 * (user-input.ts) so that a screen that only shows them (a user's page) does not load the field rules.
 *
 * Where: alerts of all the organizations the user may see, or of the selected ones. How: by email and by SMS, each
 * channel with a minimum severity AND a minimum priority (an alert is sent when it matches both, "and any higher"),
 * and a schedule — always, working hours, or custom days and hours — read in the user's time zone. Outside the
 * schedule nothing is delivered, not even later.
 */
import type { PolicyProfile } from './profile.js';
import type { UserKind } from './domain.js';

export const severities = ['info', 'minor', 'moderate', 'major', 'critical'] as const;
export const priorities = ['low', 'medium', 'high', 'urgent'] as const;
export const notificationSchedules = ['always', 'business_hours', 'custom'] as const;
export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

export type Severity = (typeof severities)[number];
export type Priority = (typeof priorities)[number];
export type NotificationSchedule = (typeof notificationSchedules)[number];
export type Weekday = (typeof weekdays)[number];

/** Days and hours (`HH:MM`, 24-hour clock, in the user's time zone); `to` before `from` runs past midnight. */
export interface NotificationHours {
  days: Weekday[];
  from: string;
  to: string;
}

export interface NotificationChannel {
  enabled: boolean;
  minSeverity: Severity;
  minPriority: Priority;
  schedule: NotificationSchedule;
  /** The days and hours of a `custom` schedule; null otherwise (and kept as given otherwise, for switching back). */
  hours: NotificationHours | null;
}
export interface NotificationPreferences {
  organizations: 'all' | 'selected';
  organizationIds: string[];
  email: NotificationChannel;
  sms: NotificationChannel;
}

/** What `business_hours` means: Monday to Friday, 09:00 to 17:00, in the user's time zone. */
export const workingHours: Readonly<NotificationHours> = Object.freeze({ days: ['mon', 'tue', 'wed', 'thu', 'fri'] as Weekday[], from: '09:00', to: '17:00' });

/** A user's time zone until one is chosen. */
export const defaultTimeZone = 'UTC';

export const defaultNotificationPreferences: NotificationPreferences = {
  organizations: 'all',
  organizationIds: [],
  email: { enabled: true, minSeverity: 'major', minPriority: 'low', schedule: 'always', hours: null },
  sms: { enabled: false, minSeverity: 'critical', minPriority: 'low', schedule: 'always', hours: null },
};

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
const member = <T extends string>(list: readonly T[], v: unknown): v is T => typeof v === 'string' && (list as readonly string[]).includes(v);

function hoursOf(v: unknown): NotificationHours | null {
  if (!v || typeof v !== 'object') return null;
  const h = v as Record<string, unknown>;
  if (!Array.isArray(h.days) || typeof h.from !== 'string' || typeof h.to !== 'string' || !HHMM.test(h.from) || !HHMM.test(h.to)) return null;
  return { days: weekdays.filter((d) => (h.days as unknown[]).includes(d)), from: h.from, to: h.to };
}

function channelOf(v: unknown, fallback: NotificationChannel): NotificationChannel {
  const c = v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
  const hours = hoursOf(c.hours);
  const schedule = member(notificationSchedules, c.schedule) && (c.schedule !== 'custom' || hours) ? c.schedule : fallback.schedule;
  return {
    enabled: typeof c.enabled === 'boolean' ? c.enabled : fallback.enabled,
    minSeverity: member(severities, c.minSeverity) ? c.minSeverity : fallback.minSeverity,
    // Preferences stored before priorities filtered nothing by priority: the lowest keeps them as they were.
    minPriority: member(priorities, c.minPriority) ? c.minPriority : fallback.minPriority,
    schedule,
    hours,
  };
}

/**
 * Stored preferences as they are read: whatever was stored before a field existed (`{}` until first set, channels
 * without a priority or hours) gets that field's default, and a value no longer known falls back to the default.
 * The one reading of stored preferences, for the BFF and the elements alike.
 */
export function readNotificationPreferences(stored: unknown): NotificationPreferences {
  const s = stored && typeof stored === 'object' && !Array.isArray(stored) ? (stored as Record<string, unknown>) : {};
  const d = defaultNotificationPreferences;
  const ids = Array.isArray(s.organizationIds) ? s.organizationIds.filter((x): x is string => typeof x === 'string') : [];
  return {
    organizations: s.organizations === 'selected' ? 'selected' : 'all',
    organizationIds: s.organizations === 'selected' ? ids : [],
    email: channelOf(s.email, d.email),
    sms: channelOf(s.sms, d.sms),
  };
}

/** The weekday and `HH:MM` of an instant in an IANA time zone. */
export function localTime(at: Date, timeZone: string): { day: Weekday; time: string } {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return { day: get('weekday').toLowerCase().slice(0, 3) as Weekday, time: `${get('hour')}:${get('minute')}` };
}

const previousDay = (d: Weekday): Weekday => weekdays[(weekdays.indexOf(d) + 6) % 7]!;

/** Whether a channel's schedule delivers at `at`, read in `timeZone` (the user's). */
export function withinSchedule(channel: Pick<NotificationChannel, 'schedule' | 'hours'>, at: Date, timeZone: string): boolean {
  if (channel.schedule === 'always') return true;
  const h = channel.schedule === 'business_hours' ? workingHours : channel.hours;
  if (!h) return false;
  const { day, time } = localTime(at, timeZone);
  if (h.from < h.to) return h.days.includes(day) && time >= h.from && time < h.to;
  // Past midnight (22:00–06:00): the evening of a listed day, or the early morning after one.
  return (h.days.includes(day) && time >= h.from) || (h.days.includes(previousDay(day)) && time < h.to);
}

/**
 * Whether the profile withholds every notification from the user, whatever their preferences: a technician who holds
 * no role where notifications need one (`notificationsNeedRole`; NinjaOne: "You must assign a technician to a role for
 * them to receive notifications"). The one reading of the rule: `notifies`, the user's page and `GET /v1/users/:id`.
 */
export function notificationsWithheld(profile: Pick<PolicyProfile, 'notificationsNeedRole'>, user: { kind: UserKind; roles: readonly unknown[] }): boolean {
  return profile.notificationsNeedRole === true && user.kind === 'technician' && user.roles.length === 0;
}

/** Whom an alert would reach: the user's kind and roles (the profile's rule), preferences and time zone. */
export interface NotificationRecipient {
  kind: UserKind;
  /** The roles the user holds. */
  roles: readonly unknown[];
  preferences: NotificationPreferences;
  /** The IANA time zone schedules are read in. */
  timeZone: string;
}

/**
 * Whether an alert reaches the user by `channel`: the profile not withholding notifications from them
 * (`notificationsWithheld`), the channel on, the alert's organization among the selected ones (or any, with `all` —
 * the caller passes only organizations the user may see), its severity and its priority at least the channel's
 * minimums, and `at` within the schedule in the user's time zone.
 */
export function notifies(
  profile: Pick<PolicyProfile, 'notificationsNeedRole'>,
  recipient: NotificationRecipient,
  channel: 'email' | 'sms',
  alert: { organizationId: string; severity: Severity; priority: Priority; at: Date },
): boolean {
  if (notificationsWithheld(profile, recipient)) return false;
  const prefs = recipient.preferences;
  const c = prefs[channel];
  if (!c.enabled) return false;
  if (prefs.organizations === 'selected' && !prefs.organizationIds.includes(alert.organizationId)) return false;
  if (severities.indexOf(alert.severity) < severities.indexOf(c.minSeverity)) return false;
  if (priorities.indexOf(alert.priority) < priorities.indexOf(c.minPriority)) return false;
  return withinSchedule(c, alert.at, recipient.timeZone);
}

/** The canonical name of an IANA time zone (`europe/berlin` → `Europe/Berlin`), or null when there is no such zone. */
export function canonicalTimeZone(value: string): string | null {
  if (value.length === 0 || value.length > 64) return null;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}
