import type { Impersonation } from '@roster/contract';

/**
 * A "view as" session was started from a user's page (`<roster-view-as>`): `event.url` is its single-use link (open it
 * in a browser to be signed in as the user), `event.userId` whom it views as. A host that wants to navigate itself
 * (its own window, its own tab) listens for this; it bubbles out of `<user-table>` and `<roster-user-sheet>`.
 */
export class ImpersonationStartedEvent extends Event {
  static readonly eventName = 'roster-impersonation-started';
  readonly url: string;
  readonly sessionId: string;
  readonly expiresAt: string;
  constructor(readonly userId: string, started: Impersonation) {
    super(ImpersonationStartedEvent.eventName, { bubbles: true, composed: true });
    this.url = started.url;
    this.sessionId = started.sessionId;
    this.expiresAt = started.expiresAt;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'roster-impersonation-started': ImpersonationStartedEvent;
  }
}
