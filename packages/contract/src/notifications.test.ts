import { describe, expect, it } from 'vitest';
import { NotificationPreferencesSchema, patchUserSchema } from './user-input.js';
import { profilePresets } from './profile.js';
import { phoneMetadata } from './phone-metadata.js';
import { toIssues } from './errors.js';
import { defaultNotificationPreferences, notificationsWithheld, notifies, readNotificationPreferences, withinSchedule, type NotificationPreferences } from './notifications.js';

const issuesOf = (r: { success: boolean; error?: { issues: unknown[] } }) => (r.success ? [] : toIssues(r.error!.issues as never));
const ORG = '0190a8a0-0000-7000-8000-000000000001';
const OTHER = '0190a8a0-0000-7000-8000-000000000002';

describe('notification preferences (seed 000, General → Notifications)', () => {
  it('each channel carries a minimum severity and a minimum priority, and a schedule', () => {
    const prefs = NotificationPreferencesSchema.parse({
      organizations: 'selected',
      organizationIds: [ORG],
      email: { enabled: true, minSeverity: 'minor', minPriority: 'high', schedule: 'business_hours', hours: null },
      sms: { enabled: true, minSeverity: 'critical', minPriority: 'urgent', schedule: 'custom', hours: { days: ['sat', 'sun'], from: '08:00', to: '20:00' } },
    });
    expect(prefs.email).toMatchObject({ minSeverity: 'minor', minPriority: 'high', schedule: 'business_hours' });
    expect(prefs.sms.hours).toEqual({ days: ['sat', 'sun'], from: '08:00', to: '20:00' });
  });

  it('a body written before priorities and custom hours existed is still accepted, with their defaults', () => {
    const prefs = NotificationPreferencesSchema.parse({
      organizations: 'all',
      organizationIds: [],
      email: { enabled: true, minSeverity: 'major', schedule: 'always' },
      sms: { enabled: false, minSeverity: 'critical', schedule: 'business_hours' },
    });
    expect(prefs.email).toEqual({ enabled: true, minSeverity: 'major', minPriority: 'low', schedule: 'always', hours: null });
  });

  it('bad values are refused naming the field: an unknown priority, a custom schedule without hours, bad times and days', () => {
    const channel = (patch: Record<string, unknown>) => ({ ...defaultNotificationPreferences.email, ...patch });
    const r = NotificationPreferencesSchema.safeParse({
      organizations: 'all',
      organizationIds: [],
      email: channel({ minPriority: 'whenever', schedule: 'custom', hours: null }),
      sms: channel({ schedule: 'custom', hours: { days: [], from: '25:00', to: '8:00' } }),
    });
    const issues = issuesOf(r);
    expect(issues.map((i) => i.path.join('.'))).toEqual(expect.arrayContaining(['email.minPriority', 'sms.hours.days', 'sms.hours.from', 'sms.hours.to']));
    const same = issuesOf(NotificationPreferencesSchema.safeParse({ ...defaultNotificationPreferences, sms: channel({ schedule: 'custom', hours: { days: ['mon', 'mon'], from: '09:00', to: '09:00' } }) }));
    expect(same).toEqual([
      { path: ['sms', 'hours', 'to'], message: 'Must differ from the start time.', code: 'notifications.hours_empty' },
      { path: ['sms', 'hours', 'days'], message: 'Name each day once.', code: 'notifications.days_repeated' },
    ]);
    const noHours = issuesOf(NotificationPreferencesSchema.safeParse({ ...defaultNotificationPreferences, email: channel({ schedule: 'custom' }) }));
    expect(noHours).toEqual([{ path: ['email', 'hours'], message: 'A custom schedule needs its days and hours.', code: 'notifications.hours_required' }]);
  });

  it('the user’s time zone is an IANA zone, stored by its canonical name', () => {
    const schema = patchUserSchema(profilePresets.ninjaone, phoneMetadata);
    expect(schema.parse({ timeZone: 'europe/berlin' }).timeZone).toBe('Europe/Berlin');
    expect(schema.parse({ timeZone: 'UTC' }).timeZone).toBe('UTC');
    expect(issuesOf(schema.safeParse({ timeZone: 'Mars/Olympus_Mons' }))).toEqual([
      { path: ['timeZone'], message: 'Is not a time zone; use an IANA name such as Europe/Berlin or America/New_York.', code: 'time_zone.invalid' },
    ]);
  });
});

describe('readNotificationPreferences: stored preferences stay readable', () => {
  it('{} (never set) reads as the defaults', () => {
    expect(readNotificationPreferences({})).toEqual(defaultNotificationPreferences);
    expect(readNotificationPreferences(null)).toEqual(defaultNotificationPreferences);
  });

  it('preferences stored before priorities and hours keep their values and gain the defaults', () => {
    const old = { organizations: 'selected', organizationIds: [ORG], email: { enabled: false, minSeverity: 'minor', schedule: 'business_hours' }, sms: { enabled: true, minSeverity: 'major', schedule: 'always' } };
    expect(readNotificationPreferences(old)).toEqual({
      organizations: 'selected',
      organizationIds: [ORG],
      email: { enabled: false, minSeverity: 'minor', minPriority: 'low', schedule: 'business_hours', hours: null },
      sms: { enabled: true, minSeverity: 'major', minPriority: 'low', schedule: 'always', hours: null },
    });
  });

  it('an unknown value falls back to its default; a custom schedule without readable hours to the default schedule', () => {
    const read = readNotificationPreferences({ email: { enabled: 'yes', minSeverity: 'apocalyptic', schedule: 'custom', hours: { days: ['mon'], from: 'noon', to: '13:00' } } });
    expect(read.email).toEqual(defaultNotificationPreferences.email);
  });
});

describe('who is notified when', () => {
  const prefs: NotificationPreferences = {
    organizations: 'selected',
    organizationIds: [ORG],
    email: { enabled: true, minSeverity: 'major', minPriority: 'medium', schedule: 'business_hours', hours: null },
    sms: { enabled: true, minSeverity: 'critical', minPriority: 'low', schedule: 'custom', hours: { days: ['fri'], from: '22:00', to: '06:00' } },
  };
  // Wednesday 2026-03-04 10:30 in Berlin (09:30 UTC); 08:30 in New York is 13:30 UTC.
  const wednesdayBerlin = new Date('2026-03-04T09:30:00Z');

  const technician = { kind: 'technician' as const, roles: [{ name: 'User' }], preferences: prefs, timeZone: 'Europe/Berlin' };
  const alert = { organizationId: ORG, severity: 'major' as const, priority: 'medium' as const, at: wednesdayBerlin };

  it('severity AND priority at least the minimums, of a selected organization, the channel on', () => {
    const d = profilePresets.default;
    expect(notifies(d, technician, 'email', alert)).toBe(true);
    expect(notifies(d, technician, 'email', { ...alert, severity: 'critical', priority: 'urgent' })).toBe(true);
    expect(notifies(d, technician, 'email', { ...alert, severity: 'moderate' })).toBe(false);
    expect(notifies(d, technician, 'email', { ...alert, priority: 'low' })).toBe(false);
    expect(notifies(d, technician, 'email', { ...alert, organizationId: OTHER })).toBe(false);
    expect(notifies(d, { ...technician, preferences: { ...prefs, email: { ...prefs.email, enabled: false } } }, 'email', alert)).toBe(false);
  });

  it('ninjaone (seed 000): a technician without a role receives no notifications, whatever their preferences; with a role, end users and other profiles as before', () => {
    const ninja = profilePresets.ninjaone;
    const roleless = { ...technician, roles: [] };
    expect(ninja.notificationsNeedRole).toBe(true);
    expect(notificationsWithheld(ninja, roleless)).toBe(true);
    expect(notifies(ninja, roleless, 'email', alert)).toBe(false);
    const fridayNight = { ...alert, severity: 'critical' as const, at: new Date('2026-03-06T22:30:00Z') };
    expect(notifies(ninja, roleless, 'sms', fridayNight)).toBe(false);
    expect(notifies(ninja, technician, 'sms', fridayNight)).toBe(true);
    expect(notifies(ninja, technician, 'email', alert)).toBe(true);
    expect(notificationsWithheld(ninja, { kind: 'end_user', roles: [] })).toBe(false);
    expect(notifies(ninja, { ...roleless, kind: 'end_user' }, 'email', alert)).toBe(true);
    for (const preset of ['default', 'atera', 'kaseyaone'] as const) {
      expect(notificationsWithheld(profilePresets[preset], roleless), preset).toBe(false);
      expect(notifies(profilePresets[preset], roleless, 'email', alert), preset).toBe(true);
    }
    // A tenant that overrides the rule follows its own profile.
    expect(notificationsWithheld({ ...ninja, notificationsNeedRole: false }, roleless)).toBe(false);
    expect(notificationsWithheld({ ...profilePresets.atera, notificationsNeedRole: true }, roleless)).toBe(true);
  });

  it('working hours are read in the user’s time zone: 10:30 in Berlin is 04:30 in New York', () => {
    expect(withinSchedule(prefs.email, wednesdayBerlin, 'Europe/Berlin')).toBe(true);
    expect(withinSchedule(prefs.email, wednesdayBerlin, 'America/New_York')).toBe(false);
    // Saturday noon is outside working hours anywhere.
    expect(withinSchedule(prefs.email, new Date('2026-03-07T12:00:00Z'), 'UTC')).toBe(false);
    expect(withinSchedule({ schedule: 'always', hours: null }, new Date('2026-03-07T12:00:00Z'), 'UTC')).toBe(true);
  });

  it('custom hours past midnight: Friday 22:00 to Saturday 06:00, in the user’s zone', () => {
    const tz = 'Asia/Tokyo'; // UTC+9, no daylight saving
    expect(withinSchedule(prefs.sms, new Date('2026-03-06T13:30:00Z'), tz)).toBe(true); // Fri 22:30
    expect(withinSchedule(prefs.sms, new Date('2026-03-06T20:00:00Z'), tz)).toBe(true); // Sat 05:00
    expect(withinSchedule(prefs.sms, new Date('2026-03-06T21:30:00Z'), tz)).toBe(false); // Sat 06:30
    expect(withinSchedule(prefs.sms, new Date('2026-03-05T13:30:00Z'), tz)).toBe(false); // Thu 22:30
  });
});
