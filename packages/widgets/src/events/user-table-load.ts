/** Fired after each page arrives: how many users are loaded and whether more follow. */
export class UserTableLoadEvent extends Event {
  static readonly eventName = 'user-table-load';
  constructor(
    readonly loaded: number,
    readonly hasMore: boolean,
  ) {
    super(UserTableLoadEvent.eventName, { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'user-table-load': UserTableLoadEvent;
  }
}
