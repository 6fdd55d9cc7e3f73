/** The words of a user's sign-in state on their page (Status tab): their sessions, and a timed suspension. */
export interface SignInStateStrings {
  sessions: string;
  signOutEverywhere: string;
  signOut: string;
  noSessions: string;
  unknownBrowser: string;
  /** A session: where from, when it started, when it was last used. */
  session: (browser: string, address: string | null, started: string, lastUsed: string | null) => string;
  /** The confirmation of "sign out everywhere". */
  confirmSignOut: (name: string) => string;
  signedOut: string;
  cancel: string;
  loadFailed: string;
  unreachable: string;
  failed: (message: string) => string;
  suspension: string;
  /** The suspension in force: since when, until when (null: until lifted), and why. */
  suspendedSince: (since: string, until: string | null) => string;
  reasonWas: (reason: string) => string;
  notSuspended: string;
  suspend: string;
  /** The form's button that sends it. */
  confirmSuspend: string;
  unsuspend: string;
  /** What suspending does, said in the form before it is sent. */
  suspendHint: string;
  reason: string;
  until: string;
  untilHint: string;
  suspended: string;
  unsuspended: string;
}

export const signInStateEn: SignInStateStrings = {
  sessions: 'Sessions',
  signOutEverywhere: 'Sign out everywhere',
  signOut: 'Sign out',
  noSessions: 'No one is signed in as this user on the self-service pages.',
  unknownBrowser: 'Unknown browser',
  session: (browser, address, started, lastUsed) => `${browser}${address ? ` from ${address}` : ''} · signed in ${started}${lastUsed ? ` · last used ${lastUsed}` : ''}`,
  confirmSignOut: (name) => `Sign ${name} out everywhere? Every session and embedded view they have open ends at once; they can sign in again.`,
  signedOut: 'Signed out.',
  cancel: 'Cancel',
  loadFailed: 'The sessions could not be loaded.',
  unreachable: 'The server could not be reached.',
  failed: (message) => `That did not work: ${message}`,
  suspension: 'Suspension',
  suspendedSince: (since, until) => `Suspended since ${since}${until ? ` until ${until}` : ' until lifted'}.`,
  reasonWas: (reason) => `Reason: ${reason}`,
  notSuspended: 'Not suspended: the user may sign in.',
  suspend: 'Suspend…',
  confirmSuspend: 'Suspend',
  unsuspend: 'Lift the suspension',
  suspendHint: 'A suspended user cannot sign in, and every session and embedded view they have open ends at once. Their seat, roles and tickets stay as they are.',
  reason: 'Reason',
  until: 'Ends (optional)',
  untilHint: 'Left empty, the suspension lasts until someone lifts it.',
  suspended: 'Suspended.',
  unsuspended: 'The suspension is lifted.',
};
