import type { User } from '@roster/contract';
import type { UserFormMode } from '../user-form/user-form.js';

/** `<roster-user-form>`: the server accepted the form; `event.user` as saved, `event.mode` what the form did. */
export class UserSavedEvent extends Event {
  static readonly eventName = 'saved';
  constructor(
    readonly user: User,
    readonly mode: UserFormMode,
  ) {
    super(UserSavedEvent.eventName, { bubbles: true, composed: true });
  }
}
