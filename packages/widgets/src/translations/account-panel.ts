import type { Language as UserLanguage } from '@roster/contract';
import { languageNames } from './user-form.js';

type Severity = 'info' | 'minor' | 'moderate' | 'major' | 'critical';

/**
 * The words of `<account-panel>`. Roster's emailed-link pages (apps/portal, words/) take the same steps — a new password
 * and its repetition, an authenticator to scan and its first code — in the same words (e2e/specs/page-languages.spec.ts
 * holds them together).
 */
export interface AccountPanelStrings {
  title: string;
  loading: string;
  loadError: string;
  retry: string;
  unreachable: string;
  save: string;
  saving: string;
  saved: string;
  /** After a password or second-factor change: every session ended, the element signs in again with a fresh token. */
  signedOutEverywhere: string;
  /** The same, when the page gave a fixed token that has now ended. */
  reloadNeeded: string;
  /** Session mode: a change the person saved ended every session, the panel's own included. */
  signedOutHere: string;
  /** Session mode: the server no longer accepts the session (expired, signed out elsewhere). */
  sessionEnded: string;
  /** Session mode: the idle warning's prompt, and what the panel says once nobody answered it. */
  idle: { title: string; warning: (seconds: number) => string; stay: string; signOut: string; signedOut: string };
  profile: { heading: string; firstName: string; lastName: string; email: string; phone: string; phoneHint: string; emailProof: string; confirmationSent: (email: string) => string };
  /** The Display card: language and idle warning. */
  language: { heading: string; label: string; names: Record<UserLanguage, string>; idleWarning: string; idleWarningHint: string };
  password: {
    heading: string;
    lead: string;
    /** The lead in session mode, where the change signs this session out too. */
    leadSession: string;
    current: string;
    next: string;
    /** Under the new password: the tenant's minimum length. */
    hint: (min: number) => string;
    repeat: string;
    differ: string;
    change: string;
    changed: string;
  };
  secondFactor: {
    heading: string;
    enrolled: string;
    notEnrolled: string;
    /** A person who signs in with text messages: where the codes go (the number masked). */
    sms(to: string): string;
    lead: string;
    setUp: string;
    replace: string;
    proofLead: string;
    continue: string;
    cancel: string;
    scan: string;
    /** The label of the QR code's image. */
    qrLabel: string;
    cantScan: string;
    newCode: string;
    /** The new code is not six digits. */
    codeFormat: string;
    confirm: string;
    done: string;
  };
  /** Security keys and passkeys, for a person whose sign-in method they are. */
  keys: {
    heading: string;
    lead: string;
    none: string;
    added: (when: string) => string;
    lastUsed: (when: string) => string;
    add: string;
    name: string;
    nameHint: string;
    remove: string;
    removeNamed: (name: string) => string;
    addedNotice: string;
    removedNotice: string;
    failed: string;
  };
  /** Recovery codes: how many are left, and a new set shown once (the old set stops working). */
  recoveryCodes: {
    heading: string;
    lead: string;
    left: (count: number, of: number) => string;
    none: string;
    notEnrolled: string;
    generate: string;
    shownOnce: string;
    done: string;
  };
  proof: { password: string; code: string; codeHint: string; keyHint: string; keyFailed: string; smsHint: string; smsSent(to: string): string; smsSend: string; smsAgain(seconds: number): string };
  availability: { heading: string; label: string; values: Record<'available' | 'out_of_office', string> };
  notifications: {
    heading: string;
    email: string;
    sms: string;
    enabled: (channel: string) => string;
    minSeverity: string;
    when: string;
    schedules: Record<'always' | 'business_hours' | 'custom', string>;
    severities: Record<Severity, string>;
    minPriority: string;
    priorities: Record<'low' | 'medium' | 'high' | 'urgent', string>;
  };
  sessions: {
    heading: string;
    lead: string;
    empty: string;
    unknownBrowser: string;
    current: string;
    started: (when: string) => string;
    lastUsed: (when: string) => string;
    from: (address: string) => string;
    signOut: string;
    /** The accessible name of one session's Sign out button. */
    signOutNamed: (browser: string, when: string) => string;
    signOutOthers: string;
    signedOut: string;
    signedOutOthers: (count: number) => string;
  };
}

export const accountPanelEn: AccountPanelStrings = {
  title: 'Your account',
  loading: 'Loading your account…',
  loadError: 'Your account could not be loaded.',
  retry: 'Try again',
  unreachable: 'The server could not be reached.',
  save: 'Save',
  saving: 'Saving…',
  saved: 'Saved.',
  signedOutEverywhere: 'Every session was signed out; you stay signed in here.',
  reloadNeeded: 'Every session was signed out. Reload the page to continue.',
  signedOutHere: 'Every session was signed out, this one too. Log in again to continue.',
  sessionEnded: 'You are signed out. Log in again to continue.',
  idle: {
    title: 'Are you still there?',
    warning: (seconds) => `You will be signed out in ${seconds} s.`,
    stay: 'Stay signed in',
    signOut: 'Sign out',
    signedOut: 'You were signed out after a time without activity. Log in again to continue.',
  },
  profile: {
    heading: 'Profile',
    firstName: 'First name',
    lastName: 'Last name',
    email: 'Email',
    phone: 'Mobile phone',
    phoneHint: 'With the country code, e.g. +1 888 667 8888. Changing it signs you out everywhere.',
    emailProof: 'A new email address needs your current password (and two-factor code) to confirm it is you.',
    confirmationSent: (email) => `A confirmation link was sent to ${email}. Your email changes once you open it.`,
  },
  language: { heading: 'Display', label: 'Language', names: languageNames, idleWarning: 'Idle warning after (minutes)', idleWarningHint: 'From 5 minutes to 24 hours (1,440 minutes).' },
  password: {
    heading: 'Password',
    lead: 'Changing your password signs you out everywhere else.',
    leadSession: 'Changing your password signs you out everywhere, here too.',
    current: 'Current password',
    next: 'New password',
    hint: (min) => `At least ${min} characters; a short sentence works well.`,
    repeat: 'Repeat the new password',
    differ: 'The passwords do not match.',
    change: 'Change password',
    changed: 'Your password is saved.',
  },
  secondFactor: {
    heading: 'Two-factor authentication',
    enrolled: 'An authenticator app is set up.',
    notEnrolled: 'No authenticator app is set up.',
    sms: (to) => `Your sign-in codes come by text message to ${to}. Another number is confirmed with a code at your next sign-in.`,
    lead: 'Move to a new phone or authenticator app. You stay signed in with the current one until the new code is confirmed; then every session signs out.',
    setUp: 'Set up an authenticator',
    replace: 'Set up a new authenticator',
    proofLead: 'Confirm it is you first.',
    continue: 'Continue',
    cancel: 'Cancel',
    scan: 'Scan this code with an authenticator app (Google Authenticator, Microsoft Authenticator, 1Password…), then type the six-digit code it shows.',
    qrLabel: 'QR code for your authenticator app',
    cantScan: "Can't scan? Enter this key:",
    newCode: 'Six-digit code',
    codeFormat: 'Type the six-digit code the app shows.',
    confirm: 'Confirm the new authenticator',
    done: 'Your new authenticator is set up.',
  },
  keys: {
    heading: 'Security keys and passkeys',
    lead: 'You sign in with a security key or passkey. Add another so that losing one does not lock you out.',
    none: 'No security key is registered yet.',
    added: (when) => `Added ${when}`,
    lastUsed: (when) => `last used ${when}`,
    add: 'Add a security key',
    name: 'Name of the new key',
    nameHint: 'For example “Blue key” or “Work laptop”.',
    remove: 'Remove',
    removeNamed: (name) => `Remove ${name}`,
    addedNotice: 'The security key is added.',
    removedNotice: 'The security key is removed.',
    failed: 'The security key did not answer. Try again.',
  },
  recoveryCodes: {
    heading: 'Recovery codes',
    lead: 'Each code signs you in once when your second factor is not at hand.',
    left: (count, of) => `${count} of ${of} codes left.`,
    none: 'No recovery codes left: make a new set.',
    notEnrolled: 'Set up your second factor first; its recovery codes come with it.',
    generate: 'Make new recovery codes',
    shownOnce: 'Save these codes somewhere safe now: they are shown only once. Your earlier codes no longer work.',
    done: 'I have saved them',
  },
  proof: { password: 'Current password', code: 'Current two-factor code', codeHint: 'From your authenticator app; a new code each time you confirm it is you.', keyHint: 'Then confirm with your security key or passkey when your browser asks.', keyFailed: 'Your security key did not confirm it is you. Try again, with a key registered for this account.', smsHint: 'Send a code to your mobile phone, then type it here.', smsSent: (to) => `We sent a code to ${to}; it works for 5 minutes.`, smsSend: 'Send a code', smsAgain: (s) => (s > 0 ? `Send a new code (${s} s)` : 'Send a new code') },
  availability: { heading: 'Availability', label: 'Availability', values: { available: 'Available', out_of_office: 'Out of office' } },
  notifications: {
    heading: 'Alert notifications',
    email: 'Email',
    sms: 'SMS',
    enabled: (channel) => `Send alerts by ${channel}`,
    minSeverity: 'Minimum severity',
    when: 'When',
    schedules: { always: 'Any time', business_hours: 'Business hours only', custom: 'On the days and hours your admin set' },
    minPriority: 'Minimum priority',
    priorities: { low: 'Low and higher', medium: 'Medium and higher', high: 'High and higher', urgent: 'Urgent' },
    severities: { info: 'Info and higher', minor: 'Minor and higher', moderate: 'Moderate and higher', major: 'Major and higher', critical: 'Critical and higher' },
  },
  sessions: {
    heading: 'Sessions',
    lead: 'Where you are signed in with your password.',
    empty: 'You are not signed in anywhere else.',
    unknownBrowser: 'Unknown browser',
    current: 'This session',
    started: (when) => `Signed in ${when}`,
    lastUsed: (when) => `last used ${when}`,
    from: (address) => `from ${address}`,
    signOut: 'Sign out',
    signOutNamed: (browser, when) => `Sign out ${browser}, signed in ${when}`,
    signOutOthers: 'Sign out everywhere else',
    signedOut: 'The session was signed out.',
    signedOutOthers: (count) => (count === 1 ? '1 session was signed out.' : `${count} sessions were signed out.`),
  },
};
