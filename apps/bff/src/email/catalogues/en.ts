/**
 * The words of Roster's emails, one catalogue per language (`de.ts`, `ar.ts` satisfy the same interface, so a
 * missing key fails typecheck). Parameters arrive already formatted for the language (Intl): a lifetime reads
 * "in 14 days", a count of minutes "15 minutes".
 */
export interface EmailWords {
  greeting(firstName: string): string;
  /** Shown instead of the link once it is no longer kept (after sending, the token is removed from the outbox). */
  linkNotKept: string;
  /** `lifetime` is a relative time from `Intl.RelativeTimeFormat` ("in 14 days"). */
  linkExpires(lifetime: string): string;
  invitation: { subject(tenantName: string): string; body(tenantName: string): string; action: string };
  passwordReset: { subject(productName: string): string; body: string; action: string; notAsked: string };
  emailChange: { subject(productName: string): string; body(newEmail: string): string; action: string };
  accountLocked: {
    subject(productName: string): string;
    /** `duration` from `Intl.NumberFormat` with the unit ("15 minutes"). */
    body(failures: string, duration: string): string;
    notYou: string;
    action: string;
    footer: string;
  };
  /** An administrator's test email: it checks that mail reaches the address, and asks nothing of the person. */
  testEmail: { subject(productName: string): string; hello: string; body(productName: string): string; footer: string };
  /** After a "view as" session: who looked at the account as the person, from when, for how long (formatted). */
  impersonated: { subject(productName: string): string; body(admin: string, when: string, duration: string): string; footer: string };
}

export const en: EmailWords = {
  greeting: (firstName) => `Hello ${firstName},`,
  linkNotKept: '(the link was sent by email and is not kept)',
  linkExpires: (lifetime) => `This link expires ${lifetime}.`,
  invitation: {
    subject: (tenantName) => `You're invited to ${tenantName}`,
    body: (tenantName) => `You have been invited to ${tenantName}. Set a password and two-factor sign-in to finish your account.`,
    action: 'Accept invitation',
  },
  passwordReset: {
    subject: (productName) => `Choose a new password for ${productName}`,
    body: 'Use the link below to choose a new password.',
    action: 'Choose a new password',
    notAsked: 'If you did not ask for this, ignore this email.',
  },
  emailChange: {
    subject: (productName) => `Confirm your new email address for ${productName}`,
    body: (newEmail) => `Confirm ${newEmail} as the new email address of your account.`,
    action: 'Confirm address',
  },
  accountLocked: {
    subject: (productName) => `Your ${productName} account was locked`,
    body: (failures, duration) => `After ${failures} failed sign-in attempts your account is locked for ${duration}.`,
    notYou: 'If this was not you, reset your password and tell your administrator.',
    action: 'Reset your password',
    footer: 'An administrator can also unlock the account at once.',
  },
  testEmail: {
    subject: (productName) => `Test email from ${productName}`,
    hello: 'Hello,',
    body: (productName) => `Your administrator sent this test email to check that email from ${productName} reaches this address.`,
    footer: 'You do not need to do anything.',
  },
  impersonated: {
    subject: (productName) => `Support viewed your ${productName} account`,
    body: (admin, when, duration) => `${admin} viewed your account as you see it, from ${when}, for up to ${duration}, to help with a support request. They could not change your password, two-factor sign-in, passkeys or email.`,
    footer: 'If you did not ask for help, tell your administrator.',
  },
};
