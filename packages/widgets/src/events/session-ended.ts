/**
 * Why a session ended under `<account-panel session>`: `session` — the server no longer accepts it (it expired, was
 * signed out elsewhere, or the account was deactivated); `password`, `second-factor` — the person changed a credential,
 * which signs out every session, this one included; `phone` — a new phone number does the same; `idle` — nobody answered
 * the idle warning (the person's `idleWarningMinutes` without activity in any of the page's tabs), and the panel signed out.
 */
export type SessionEndReason = 'session' | 'password' | 'second-factor' | 'phone' | 'idle';

/**
 * `<account-panel session>`: the session the panel acted with has ended; the panel says so and stops. The page sends
 * the person to sign in again (Roster's /account page goes to /login). `event.reason` says why. Never fired with a
 * widget token: the panel asks its `tokenProvider` for a new token instead.
 */
export class SessionEndedEvent extends Event {
  static readonly eventName = 'session-ended';
  constructor(readonly reason: SessionEndReason) {
    super(SessionEndedEvent.eventName, { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'session-ended': SessionEndedEvent;
  }
}
