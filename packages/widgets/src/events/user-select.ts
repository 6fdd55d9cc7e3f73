import type { User } from '@roster/contract';

/** Fired when a person activates a row (click or Enter). Cancelable: `preventDefault()` keeps the user's page closed (a host that shows its own). */
export class UserSelectEvent extends Event {
  static readonly eventName = 'user-select';
  constructor(readonly user: User) {
    super(UserSelectEvent.eventName, { bubbles: true, composed: true, cancelable: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'user-select': UserSelectEvent;
  }
}
