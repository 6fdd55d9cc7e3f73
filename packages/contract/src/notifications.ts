/**
 * The values of notification preferences (seed 000, General → Notifications), apart from their zod schema
 * (user-input.ts) so that a screen that only shows them (a user's page) does not load the field rules.
 */
export const severities = ['info', 'minor', 'moderate', 'major', 'critical'] as const;
export const notificationSchedules = ['always', 'business_hours'] as const;

export interface NotificationChannel {
  enabled: boolean;
  minSeverity: (typeof severities)[number];
  schedule: (typeof notificationSchedules)[number];
}
export interface NotificationPreferences {
  organizations: 'all' | 'selected';
  organizationIds: string[];
  email: NotificationChannel;
  sms: NotificationChannel;
}

export const defaultNotificationPreferences: NotificationPreferences = {
  organizations: 'all',
  organizationIds: [],
  email: { enabled: true, minSeverity: 'major', schedule: 'always' },
  sms: { enabled: false, minSeverity: 'critical', schedule: 'always' },
};
