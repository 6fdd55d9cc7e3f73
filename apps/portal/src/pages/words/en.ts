import type { LinkPurpose, LinkState } from '@roster/contract';

/** The states of a link that no longer works. */
export type DeadLinkState = Exclude<LinkState, 'valid'>;

/**
 * Why the login page opens after a session ended (`/login?ended=…`): `<account-panel>`'s `session-ended` reasons on
 * /account (a credential or phone change ends every session; the server refused the session; or nobody answered the
 * idle warning), and Log out.
 */
export const endedReasons = ['session', 'password', 'second-factor', 'phone', 'idle', 'logout'] as const;
export type EndedReason = (typeof endedReasons)[number];

/**
 * The words of the self-service pages, one catalogue per language (`de.ts`, `ar.ts` satisfy the same interface, so
 * a missing key fails typecheck). The steps the pages share with `<account-panel>` (a new password and its repetition,
 * an authenticator to scan and its first code) read as the panel's do (packages/widgets/src/translations/account-panel*.ts;
 * e2e/specs/page-languages.spec.ts holds them together). `script` is what the pages' scripts show (errors, success notes): it is handed to
 * the page as data, so no script holds a sentence of its own. `{email}` in a script message is filled in there.
 */
export interface PageWords {
  script: {
    fixFields: string;
    somethingWrong: string;
    passwordsDiffer: string;
    passwordSaved: string;
    emailNow: string;
    logIn: string;
  };
  common: {
    setUpTwoFactor: string;
    scanCode: string;
    cantScan: string;
    sixDigitCode: string;
    newPassword: string;
    /** Under the new password: the minimum length. */
    passwordHint(min: number): string;
    repeatPassword: string;
    password: string;
    currentPassword: string;
    logIn: string;
  };
  /** A security key or passkey (WebAuthn), and the recovery codes shown once when a second factor is set up. */
  key: {
    setUp: string;
    setUpLead: string;
    register: string;
    use: string;
    useLead: string;
    continueWithKey: string;
    failed: string;
    recoveryTitle: string;
    recoveryLead: string;
    continueToAccount: string;
    useRecoveryCode: string;
    recoveryCode: string;
    recoveryCodeHint: string;
  };
  /** Text-message sign-in: the mobile number, the code sent to it, a new code after a countdown. `{to}`, `{time}`, `{s}` are filled by the script. */
  sms: {
    setUp: string;
    setUpLead: string;
    mobile: string;
    mobileHint: string;
    send: string;
    code: string;
    sentTo: string;
    resend: string;
    resendIn: string;
    confirm: string;
  };
  acceptInvitation: { title: string; welcome(productName: string): string; lead: string; setPassword: string; confirm: string; ready: string };
  login: {
    lead: string;
    loginName: string;
    twoFactorCode: string;
    forgotPassword: string;
    needsSecondFactor: string;
    confirmAndSignIn: string;
    /** Said above the form when a session just ended (`?ended=`). */
    ended: Record<EndedReason, string>;
  };
  forgotPassword: { title: string; heading: string; lead: string; email: string; send: string };
  resetPassword: { title: string; lead: string; save: string };
  confirmEmail: { title: string; heading: string; lead: string; confirm: string };
  /**
   * An emailed link that no longer works, said when its page opens (issue 13): for each kind of link and each state,
   * what happened and the way forward.
   */
  badLink: Record<LinkPurpose, Record<DeadLinkState, { heading: string; lead: string }>> & { requestNewLink: string };
  /** Roster's /account page: `<account-panel>` speaks for itself; the page has its title and the Log out button. */
  account: { title: string; logOut: string };
}

export const en: PageWords = {
  script: {
    fixFields: 'Please correct the marked fields.',
    somethingWrong: 'Something went wrong. Please try again.',
    passwordsDiffer: 'The passwords do not match.',
    passwordSaved: 'Your password is saved.',
    emailNow: 'Your email is now {email}.',
    logIn: 'Log in',
  },
  common: {
    setUpTwoFactor: 'Set up two-factor authentication',
    scanCode: 'Scan this code with an authenticator app (Google Authenticator, Microsoft Authenticator, 1Password…), then type the six-digit code it shows.',
    cantScan: "Can't scan? Enter this key:",
    sixDigitCode: 'Six-digit code',
    newPassword: 'New password',
    passwordHint: (min) => `At least ${min} characters; a short sentence works well.`,
    repeatPassword: 'Repeat the new password',
    password: 'Password',
    currentPassword: 'Current password',
    logIn: 'Log in',
  },
  key: {
    setUp: 'Set up your security key or passkey',
    setUpLead: 'Your administrator chose a security key or passkey for signing in. Your browser will ask you to touch the key or confirm on this device.',
    register: 'Register security key',
    use: 'Use your security key or passkey',
    useLead: 'Your browser will ask you to touch the key or confirm on this device.',
    continueWithKey: 'Continue with security key',
    failed: 'The security key did not answer. Try again.',
    recoveryTitle: 'Your recovery codes',
    recoveryLead: 'Each code signs you in once if you lose your second factor. Save them somewhere safe: they are shown only now.',
    continueToAccount: 'Continue to your account',
    useRecoveryCode: 'Lost your second factor? Use a recovery code',
    recoveryCode: 'Recovery code',
    recoveryCodeHint: 'One of the codes you saved when you set up your second factor; each works once.',
  },
  sms: {
    setUp: 'Set up sign-in by text message',
    setUpLead: 'Your administrator chose text messages for signing in: each time, a code is sent to your mobile phone.',
    mobile: 'Mobile number',
    mobileHint: 'With the country code, for example +49 151 23456789.',
    send: 'Send the code',
    code: 'Code from the text message',
    sentTo: 'We sent a code to {to}. It works until {time}.',
    resend: 'Send a new code',
    resendIn: 'Send a new code ({s} s)',
    confirm: 'Confirm',
  },
  acceptInvitation: {
    title: 'Accept your invitation',
    welcome: (productName) => `Welcome to ${productName}`,
    lead: 'Set a password to finish creating your account.',
    setPassword: 'Set password',
    confirm: 'Confirm',
    ready: 'Your account is ready.',
  },
  login: {
    lead: 'Use your email or username.',
    loginName: 'Email or username',
    twoFactorCode: 'Two-factor code',
    forgotPassword: 'Forgot your password?',
    needsSecondFactor: 'Your account needs a second factor before you can sign in.',
    confirmAndSignIn: 'Confirm and sign in',
    ended: {
      session: 'You were signed out. Log in again to continue.',
      password: 'Your password is changed and every session was signed out. Log in with the new password.',
      'second-factor': 'Your new authenticator is set up and every session was signed out. Log in with a code from it.',
      phone: 'Your phone number is changed and every session was signed out. Log in again to continue.',
      idle: 'You were signed out after a time without activity. Log in again to continue.',
      logout: 'You are signed out.',
    },
  },
  forgotPassword: { title: 'Forgot password', heading: 'Reset your password', lead: 'We will email you a link.', email: 'Email', send: 'Send link' },
  resetPassword: { title: 'Choose a new password', lead: 'All your other sessions will be signed out.', save: 'Save password' },
  confirmEmail: { title: 'Confirm your new email', heading: 'Confirm your new email address', lead: 'Press the button to use this address for your account.', confirm: 'Confirm address' },
  badLink: {
    invitation: {
      expired: { heading: 'This invitation link has expired', lead: 'Ask your administrator to send a new one.' },
      used: { heading: 'This invitation was already accepted', lead: 'Your account is set up: log in with the password you chose.' },
      replaced: { heading: 'A newer invitation was sent', lead: 'Only the newest invitation works. Open the link in the newest email, or ask your administrator to send a new one.' },
      unknown: { heading: 'This invitation link is not valid', lead: 'Check that you opened the whole link from the email, or ask your administrator to send a new one.' },
    },
    password_reset: {
      expired: { heading: 'This reset link has expired', lead: 'Reset links work for a limited time. Request a new one.' },
      used: { heading: 'This reset link was already used', lead: 'Each link works once. Request a new one, or log in if you know your password.' },
      replaced: { heading: 'A newer reset link was sent', lead: 'Only the newest link works. Open the newest email, or request a new one.' },
      unknown: { heading: 'This reset link is not valid', lead: 'Check that you opened the whole link from the email, or request a new one.' },
    },
    email_change: {
      expired: { heading: 'This confirmation link has expired', lead: 'Log in and change your email address again to get a new link.' },
      used: { heading: 'This confirmation link was already used', lead: 'Log in to see the address your account uses.' },
      replaced: { heading: 'A newer confirmation link was sent', lead: 'Only the newest link works. Open the newest email.' },
      unknown: { heading: 'This confirmation link is not valid', lead: 'Check that you opened the whole link from the email.' },
    },
    requestNewLink: 'Request a new link',
  },
  account: { title: 'Your account', logOut: 'Log out' },
};
