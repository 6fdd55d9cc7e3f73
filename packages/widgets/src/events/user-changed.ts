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

declare global {
  interface GlobalEventHandlersEventMap {
    'user-created': UserChangedEvent;
    'user-updated': UserChangedEvent;
    'user-deactivated': UserChangedEvent;
    'user-activated': UserChangedEvent;
    'user-deleted': UserChangedEvent;
    'invitation-resent': UserChangedEvent;
  }
}
