import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { Availability, MfaState, SignInMethod, UserKind, UserStatus } from '@roster/contract';

export interface UsersTable {
  id: Generated<string>;
  tenant_id: string;
  kind: UserKind;
  organization_id: string | null;
  first_name: string;
  last_name: string;
  email: string;
  /** NFC, trimmed, lower-cased: the uniqueness key within the tenant. */
  email_normalized: string;
  username: string | null;
  username_normalized: string | null;
  phone: string | null;
  language: Generated<string>;
  idle_warning_minutes: Generated<number>;
  show_getting_started: Generated<boolean>;
  ticket_page_accessibility: Generated<boolean>;
  availability: Availability | null;
  notification_preferences: ColumnType<unknown, string | undefined, string>;
  /** IANA time zone of the notification schedules (`UTC` until chosen). */
  time_zone: Generated<string>;
  status: UserStatus;
  mfa_state: Generated<MfaState>;
  /** The second factor an admin chose: `mfa_state` tells whether it is set up. */
  sign_in_method: Generated<SignInMethod>;
  is_root_admin: Generated<boolean>;
  password_hash: string | null;
  /** Tokens and sessions issued before this instant are refused (deactivation, password reset…). */
  sessions_valid_after: Generated<string>;
  failed_login_count: Generated<number>;
  locked_until: string | null;
  /** A timed suspension (no sign-in while it lasts): its start and reason, and its end (null: until lifted). */
  suspended_at: ColumnType<string | null, string | null | undefined, string | null>;
  suspended_until: ColumnType<string | null, string | null | undefined, string | null>;
  suspension_reason: ColumnType<string | null, string | null | undefined, string | null>;
  invitation_expires_at: string | null;
  last_login_at: string | null;
  mfa_secret_encrypted: ColumnType<string | null, string | null | undefined, string | null>;
  mfa_last_step: ColumnType<number | null, number | null | undefined, number | null>;
  pending_email: ColumnType<string | null, string | null | undefined, string | null>;
  credential_reset_required: Generated<boolean>;
  /** "All Module Access" (seed 004): every module, whatever the groups say. */
  all_modules: Generated<boolean>;
  /** SCIM: the identity provider's id of the user (`externalId`), as sent. */
  external_id: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: Generated<string>;
  updated_at: Generated<string>;
  // generated columns: sort keys
  first_name_key: ColumnType<string, never, never>;
  last_name_key: ColumnType<string, never, never>;
  username_key: ColumnType<string, never, never>;
  /**
   * Names, email and username folded by the contract's `searchFold` (no case, no accents): written only by the users
   * writer (users.repository.ts), which computes it whenever it writes one of those columns.
   */
  search_text: string;
}
export type UserRow = Selectable<UsersTable>;
/** A new user as the services give it; the writer adds `search_text`. */
export type NewUserRow = Omit<Insertable<UsersTable>, 'search_text'>;
export type UserUpdate = Omit<Updateable<UsersTable>, 'search_text'>;
