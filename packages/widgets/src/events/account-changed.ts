import type { User } from '@roster/contract';

/** What `<account-panel>` saved: a section of the person's own account. */
export type AccountSection = 'profile' | 'language' | 'password' | 'second-factor' | 'recovery-codes' | 'availability' | 'notifications' | 'sessions';

/**
 * `<account-panel>`: the person changed their own account; `event.user` as the server now has it, `event.section` what
 * changed. A host that shows the person's name or language elsewhere updates it from here (e.g. its page's `lang`
 * after a language change).
 */
export class AccountChangedEvent extends Event {
  static readonly eventName = 'account-changed';
  constructor(
    readonly user: User,
    readonly section: AccountSection,
  ) {
    super(AccountChangedEvent.eventName, { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'account-changed': AccountChangedEvent;
  }
}
