import type { AccountChangedEvent } from './account-changed.js';
import type { ImportCompletedEvent } from './import-completed.js';
import type { RoleDeletedEvent } from './role-deleted.js';
import type { SessionEndedEvent } from './session-ended.js';
import type { RoleSavedEvent } from './role-saved.js';
import type { UserChangedEventMap } from './user-changed.js';
import type { UserSavedEvent } from './user-saved.js';
import type { UserSelectEvent } from './user-select.js';
import type { UserTableLoadEvent } from './user-table-load.js';
import type { ImpersonationStartedEvent } from './impersonation-started.js';

/**
 * The events each element fires, by name: for typed listeners and for framework typings (React 19's
 * `on<event>` props, see react.ts). The element-specific names are also in `GlobalEventHandlersEventMap`.
 */
export interface UserTableEventMap extends UserChangedEventMap {
  'user-select': UserSelectEvent;
  'user-table-load': UserTableLoadEvent;
  /** A user's page opened or closed (`detail.userId`, null when closed). */
  'selected-user-change': CustomEvent<{ userId: string | null }>;
  /** "View as" was started on a user's page: `event.url` is the single-use link (a host may navigate itself). */
  'roster-impersonation-started': ImpersonationStartedEvent;
}

export interface ImportModalEventMap {
  'import-completed': ImportCompletedEvent;
}

/** Native form events: `value` holds the chosen role ids. */
export interface RolePickerEventMap {
  change: Event;
  input: Event;
}

/** `saved` is too common a name for the global map: it is typed for `<roster-user-form>` only. */
export interface UserFormEventMap {
  saved: UserSavedEvent;
  cancel: Event;
}

export interface AccountPanelEventMap {
  'account-changed': AccountChangedEvent;
  /** Session mode only: the session ended (a credential change, or the server refused it); `event.reason`. */
  'session-ended': SessionEndedEvent;
}

export interface RoleEditorEventMap {
  'role-saved': RoleSavedEvent;
  'role-deleted': RoleDeletedEvent;
}

/** Native form events: `value` holds the ticked permissions. */
export interface PermissionPickerEventMap {
  change: Event;
  input: Event;
}
