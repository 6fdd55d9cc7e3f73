/** The words of a user's page (`<user-table>`'s side sheet), loaded with it. */
export interface UserSheetStrings {
  /** The sheet's accessible name. */
  title: (name: string) => string;
  close: string;
  loading: string;
  loadFailed: string;
  retry: string;
  tabs: { general: string; access: string; settings: string; status: string; attributes: string; history: string };
  tabList: string;
  // General
  kind: string;
  organization: string;
  organizationId: string;
  noOrganization: string;
  copy: string;
  copied: string;
  userId: string;
  phone: string;
  edit: string;
  pendingEmail: (address: string) => string;
  /** The user's address is on the suppression list: `date` as the language writes it, `reason` the mail server's words (a bounce) or the admin's. */
  suppressed: (source: 'bounce' | 'admin', date: string, reason: string) => string;
  suppressedHint: string;
  removeSuppression: string;
  suppressionRemoved: string;
  sendTestEmail: string;
  testEmailSent: (address: string) => string;
  // Access
  roles: string;
  saveRoles: string;
  explicitPermissions: string;
  explicitPermissionsHint: string;
  accessGroups: string;
  allModules: string;
  allModulesHint: string;
  inactiveGroup: string;
  noGroups: string;
  saveAccess: string;
  visibleOrganizations: string;
  allOrganizations: string;
  ownOrganization: (name: string) => string;
  noOrganizations: string;
  rootAdminRoles: string;
  cannotManageRoles: string;
  // Settings
  display: string;
  language: string;
  idleWarning: string;
  idleWarningHint: string;
  showGettingStarted: string;
  ticketPageAccessibility: string;
  notifications: string;
  /** Said where the profile gives a technician without a role no notifications (NinjaOne). */
  notificationsNeedRole: (name: string) => string;
  notifyOrganizations: string;
  notifyAll: string;
  notifySelected: string;
  email: string;
  sms: string;
  enabled: string;
  minSeverity: string;
  severities: Record<'info' | 'minor' | 'moderate' | 'major' | 'critical', string>;
  schedule: string;
  schedules: Record<'always' | 'business_hours' | 'custom', string>;
  minPriority: string;
  priorities: Record<'low' | 'medium' | 'high' | 'urgent', string>;
  days: string;
  weekdays: Record<'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun', string>;
  from: string;
  to: string;
  timeZone: string;
  timeZoneHint: string;
  security: string;
  signInMethod: string;
  /** Opens the choice of another sign-in method. */
  changeMethod: string;
  newMethod: string;
  twoFactor: string;
  save: string;
  saving: string;
  // Status
  status: string;
  invitation: string;
  lastSignIn: string;
  never: string;
  created: string;
  updated: string;
  availability: string;
  // History
  noHistory: string;
  loadMore: string;
  historyForbidden: string;
  by: (actor: string) => string;
  /** Who acted, when no name is known: a user since deleted, an integration, the operator, Roster itself. */
  byActor: Record<'user' | 'client' | 'platform' | 'system', string>;
  /** An audit action (`user.deactivated`) in words; unknown actions are shown as they are. */
  auditActions: Record<string, string>;
  changed: (fields: string) => string;
  // Actions
  actions: string;
  /** Opens the "View as" dialog (users.impersonate; an active end user only). */
  viewAs: string;
  confirmTitle: string;
  cancel: string;
  /** The consequence of each lifecycle action, stated before it runs. */
  consequences: {
    'resend-invitation': (name: string) => string;
    deactivate: (name: string) => string;
    deactivateTickets: string;
    activate: (name: string) => string;
    activateReset: string;
    unlock: (name: string) => string;
    'reset-password': (name: string) => string;
    'reset-mfa': (name: string) => string;
    delete: (name: string) => string;
    /** Another sign-in method (`method`: its name). */
    signInMethod: (name: string, method: string) => string;
  };
  /** The polite notice once an action is done. */
  doneNotice: Record<'resend-invitation' | 'deactivate' | 'activate' | 'unlock' | 'reset-password' | 'reset-mfa' | 'delete' | 'saved' | 'clone', string>;
  /** The polite notice once the sign-in method is changed. */
  methodChanged: (name: string, method: string) => string;
  failed: (message: string) => string;
  addSeatAndActivate: string;
  unreachable: string;
}

export const userSheetEn: UserSheetStrings = {
  title: (name) => `User: ${name}`,
  close: 'Close',
  loading: 'Loading the user…',
  loadFailed: 'The user could not be loaded.',
  retry: 'Try again',
  tabs: { general: 'General', access: 'Access', settings: 'Settings', status: 'Status', attributes: 'Attributes', history: 'History' },
  tabList: 'Sections',
  kind: 'Type',
  organization: 'Organization',
  organizationId: 'Organization ID',
  noOrganization: 'None (technician)',
  copy: 'Copy',
  copied: 'Copied to the clipboard.',
  userId: 'User ID',
  phone: 'Phone',
  edit: 'Edit',
  pendingEmail: (address) => `Email change pending: a confirmation link was sent to ${address}. The address changes when it is confirmed.`,
  suppressed: (source, date, reason) => (source === 'bounce' ? `Mail to this address bounced on ${date}: ${reason}` : `This address was put on the suppression list on ${date}: ${reason}`),
  suppressedHint: 'No email reaches this person until the address is removed from the list.',
  removeSuppression: 'Remove from suppression list',
  suppressionRemoved: 'Removed from the suppression list.',
  sendTestEmail: 'Send test email',
  testEmailSent: (address) => `Test email sent to ${address}. If it bounces, this page will say so.`,
  roles: 'Roles',
  saveRoles: 'Save roles and permissions',
  explicitPermissions: 'Explicit permissions',
  explicitPermissionsHint: 'Given on top of the roles. You can give only permissions you hold yourself.',
  accessGroups: 'Access groups',
  allModules: 'All modules',
  allModulesHint: 'Opens every module, whatever the groups say.',
  inactiveGroup: 'inactive',
  noGroups: 'This tenant has no access groups.',
  saveAccess: 'Save access groups',
  visibleOrganizations: 'Organizations this user can see',
  allOrganizations: 'All organizations (a role gives access to all)',
  ownOrganization: (name) => `Only their own organization: ${name}`,
  noOrganizations: 'None: no role opens an organization.',
  rootAdminRoles: 'The Root Admin keeps every permission; that changes only when the platform operator promotes another active admin to Root Admin (POST /v1/platform/tenants/:tenantId/root-admin).',
  cannotManageRoles: 'You cannot change roles: that needs the permission to manage roles.',
  display: 'Display',
  language: 'Language',
  idleWarning: 'Idle warning (minutes)',
  idleWarningHint: 'From 5 minutes to 24 hours (1,440 minutes).',
  showGettingStarted: 'Show Getting Started',
  ticketPageAccessibility: 'Accessible ticket page',
  notifications: 'Notifications',
  notificationsNeedRole: (name) => `Assign a role for ${name} to receive notifications.`,
  notifyOrganizations: 'Alerts from',
  notifyAll: 'All organizations the user can access',
  notifySelected: 'Selected organizations',
  email: 'Email',
  sms: 'Text message (SMS)',
  enabled: 'On',
  minSeverity: 'Minimum severity',
  severities: { info: 'Info', minor: 'Minor', moderate: 'Moderate', major: 'Major', critical: 'Critical' },
  schedule: 'When',
  schedules: { always: 'Always', business_hours: 'Working hours (Mon–Fri 09:00–17:00)', custom: 'Custom days and hours' },
  minPriority: 'Minimum priority',
  priorities: { low: 'Low', medium: 'Medium', high: 'High', urgent: 'Urgent' },
  days: 'Days',
  weekdays: { mon: 'Monday', tue: 'Tuesday', wed: 'Wednesday', thu: 'Thursday', fri: 'Friday', sat: 'Saturday', sun: 'Sunday' },
  from: 'From',
  to: 'To',
  timeZone: 'Time zone',
  timeZoneHint: 'Schedules are read in this zone, for example Europe/Berlin.',
  security: 'Security',
  signInMethod: 'Sign-in method',
  changeMethod: 'Change sign-in method',
  newMethod: 'New sign-in method',
  twoFactor: 'Two-factor authentication',
  save: 'Save',
  saving: 'Saving…',
  status: 'Status',
  invitation: 'Invitation',
  lastSignIn: 'Last sign-in',
  never: 'Never',
  created: 'Created',
  updated: 'Last changed',
  availability: 'Availability',
  noHistory: 'Nothing recorded yet.',
  loadMore: 'Show older',
  historyForbidden: 'You cannot see the history: that needs the permission to read the audit log.',
  by: (actor) => `by ${actor}`,
  byActor: { user: 'by a user', client: 'by an integration', platform: 'by the operator', system: 'automatically' },
  auditActions: {
    'user.created': 'Created',
    'user.updated': 'Changed',
    'user.invitation_resent': 'Invitation sent again',
    'user.invitation_accepted': 'Invitation accepted',
    'user.activated': 'Activated',
    'user.deactivated': 'Deactivated',
    'user.deleted': 'Deleted',
    'user.locked_out': 'Locked out after failed sign-ins',
    'user.unlocked': 'Unlocked',
    'user.logged_in': 'Signed in',
    'user.stepped_up': 'Confirmed their password',
    'user.roles_changed': 'Roles or permissions changed',
    'user.access_groups_changed': 'Access groups changed',
    'user.password_reset_sent': 'Password reset link sent',
    'user.password_reset': 'Password reset',
    'user.password_changed': 'Password changed',
    'user.mfa_reset': '2FA reset',
    'user.mfa_enrolled': '2FA set up',
    'user.email_changed': 'Email changed',
    'email.test_sent': 'Test email sent',
    'email.suppressed': 'Address put on the suppression list',
    'email.suppression_removed': 'Address removed from the suppression list',
    'user.sessions_revoked': 'Signed out everywhere',
    'user.sign_in_method_changed': 'Sign-in method changed',
    'user.suspended': 'Suspended',
    'user.unsuspended': 'Suspension lifted',
  },
  changed: (fields) => `Changed: ${fields}`,
  actions: 'Actions',
  viewAs: 'View as…',
  confirmTitle: 'Please confirm',
  cancel: 'Cancel',
  consequences: {
    'resend-invitation': (name) => `Send ${name} a new invitation? The earlier link stops working.`,
    deactivate: (name) => `Deactivate ${name}? They are signed out everywhere at once and cannot sign in until activated again. Their settings and groups are kept.`,
    deactivateTickets: 'Their open and pending tickets are unassigned.',
    activate: (name) => `Activate ${name}? They can sign in again.`,
    activateReset: 'Under this tenant’s policy their password and two-factor authentication are cleared: they get an email to set both up again.',
    unlock: (name) => `Unlock ${name}? They can try to sign in again at once.`,
    'reset-password': (name) => `Send ${name} a link to choose a new password? They are signed out everywhere.`,
    'reset-mfa': (name) => `Reset two-factor authentication for ${name}? They must set it up again at the next sign-in, and are signed out everywhere.`,
    delete: (name) => `Delete ${name}? This cannot be undone.`,
    signInMethod: (name, method) => `${name} will set up ${method} at the next sign-in; their current second factor stops working, and they are signed out everywhere.`,
  },
  doneNotice: {
    'resend-invitation': 'The invitation was sent again.',
    deactivate: 'The user was deactivated.',
    activate: 'The user was activated.',
    unlock: 'The user was unlocked.',
    'reset-password': 'A password reset link was sent.',
    'reset-mfa': 'Two-factor authentication was reset.',
    delete: 'The user was deleted.',
    saved: 'Saved.',
    clone: 'The copy was created and invited.',
  },
  methodChanged: (name, method) => `${name} will set up ${method} at the next sign-in.`,
  failed: (message) => `That did not work: ${message}`,
  addSeatAndActivate: 'Add a seat and activate',
  unreachable: 'The server could not be reached. Check your connection and try again.',
};
