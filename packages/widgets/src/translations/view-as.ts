/** The words of the "View as" dialog on a user's page (`<roster-view-as>`, issue 17). */
export interface ViewAsStrings {
  title: (name: string) => string;
  /** What starting it does, said before it is started. */
  what: (name: string) => string[];
  minutes: string;
  minutesHint: string;
  minutesInvalid: string;
  start: string;
  cancel: string;
  close: string;
  starting: string;
  /** Once started: the link is ready, works once, until `until`. */
  ready: (until: string) => string;
  open: string;
  copy: string;
  copied: string;
  copyFailed: string;
  /** Why it could not be started, by the server's answer. */
  refused: string;
  notFound: string;
  notActive: string;
  unreachable: string;
}

export const viewAsEn: ViewAsStrings = {
  title: (name) => `View as ${name}`,
  what: (name) => [
    `You are signed in as ${name} in a session of their own, in another tab, for the minutes you choose; it ends by itself then, or when you sign out.`,
    'It is audited: every action in it is recorded with your name and theirs.',
    `${name} may be told by email afterwards that you viewed their account.`,
    'Their password, two-factor methods, passkeys and email cannot be changed in it.',
  ],
  minutes: 'Minutes',
  minutesHint: '1 to 60 minutes.',
  minutesInvalid: 'Enter a whole number of minutes from 1 to 60.',
  start: 'Start viewing',
  cancel: 'Cancel',
  close: 'Close',
  starting: 'Starting…',
  ready: (until) => `The link is ready. It works once, until ${until}.`,
  open: 'Open in a new tab',
  copy: 'Copy link',
  copied: 'Link copied.',
  copyFailed: 'The link could not be copied; open it instead.',
  refused: 'You cannot view as this user: only an active end user can be viewed as — never a technician, an administrator or the Root Admin — and it needs the permission to view as end users.',
  notFound: 'This user is not there any more, or not in an organization you see.',
  notActive: 'Only an active user can be viewed as. Activate the user first.',
  unreachable: 'The server could not be reached. Try again.',
};
