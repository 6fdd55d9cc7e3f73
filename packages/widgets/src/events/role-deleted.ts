import type { Role } from '@roster/contract';

/** `<role-editor>`: the server deleted a custom role; `event.role` as it was. */
export class RoleDeletedEvent extends Event {
  static readonly eventName = 'role-deleted';
  constructor(readonly role: Role) {
    super(RoleDeletedEvent.eventName, { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'role-deleted': RoleDeletedEvent;
  }
}
