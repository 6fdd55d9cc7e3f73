import type { Role } from '@roster/contract';

/** `<role-editor>`: the server created or changed a custom role; `event.role` as saved, `event.created` which of the two. */
export class RoleSavedEvent extends Event {
  static readonly eventName = 'role-saved';
  constructor(
    readonly role: Role,
    readonly created: boolean,
  ) {
    super(RoleSavedEvent.eventName, { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'role-saved': RoleSavedEvent;
  }
}
