import type { User } from '@roster/contract';

export type UserChange = 'user-created' | 'user-updated' | 'user-deactivated' | 'user-activated' | 'user-deleted' | 'invitation-resent';

/** Fired after a change made in the element succeeded on the server: `user-created`, `user-updated`, … */
export class UserChangedEvent extends Event {
  constructor(
    type: UserChange,
    readonly user: User,
  ) {
    super(type, { bubbles: true, composed: true });
  }
}

/** Each change's event, by name (one entry per `UserChange`). */
export type UserChangedEventMap = { [K in UserChange]: UserChangedEvent };

declare global {
  interface GlobalEventHandlersEventMap extends UserChangedEventMap {}
}
