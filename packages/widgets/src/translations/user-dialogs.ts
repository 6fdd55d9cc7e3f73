import type { Action } from '../user-table/actions.js';

/** The words of `<user-table>`'s dialogs (row actions, confirmations, roles, bulk results, the form's title). */
export interface UserDialogStrings {
  addUser: string;
  editUser: (name: string) => string;
  cloneUser: (name: string) => string;
  actions: Record<Action, string>;
  /** The question before an action that cannot be taken back lightly. */
  confirm: Record<'deactivate' | 'delete' | 'reset-password' | 'reset-mfa', (name: string) => string>;
  actionList: string;
  addSeatAndActivate: string;
  cancel: string;
  close: string;
  rolesOf: (name: string) => string;
  assignRolesTo: (n: number) => string;
  rolesReplace: string;
  roles: string;
  apply: string;
  bulkDone: (ok: number, total: number) => string;
  /** A bulk action's dialog title: the action, then how far it is. */
  bulkTitle: (action: string, state: string) => string;
  working: string;
  progress: string;
  done: string;
  unreachable: string;
}

export const userDialogsEn: UserDialogStrings = {
  addUser: 'Add user',
  editUser: (name) => `Edit ${name}`,
  cloneUser: (name) => `Clone ${name}`,
  actions: { edit: 'Edit', clone: 'Clone', roles: 'Roles', 'resend-invitation': 'Resend invitation', deactivate: 'Deactivate', activate: 'Activate', unlock: 'Unlock', 'reset-password': 'Send password reset', 'reset-mfa': 'Reset 2FA', delete: 'Delete' },
  confirm: {
    deactivate: (who) => `Deactivate ${who}? They are signed out everywhere at once and cannot sign in until activated again.`,
    delete: (who) => `Delete ${who}? This cannot be undone.`,
    'reset-password': (who) => `Send ${who} a link to choose a new password? They are signed out everywhere.`,
    'reset-mfa': (who) => `Reset two-factor authentication for ${who}? They must set it up again at the next sign-in.`,
  },
  actionList: 'Actions',
  addSeatAndActivate: 'Add a seat and activate',
  cancel: 'Cancel',
  close: 'Close',
  rolesOf: (name) => `Roles of ${name}`,
  assignRolesTo: (n) => `Assign roles to ${n} users`,
  rolesReplace: 'The chosen roles replace each user\'s current roles.',
  roles: 'Roles',
  apply: 'Apply',
  bulkDone: (ok, total) => `${ok} of ${total} done`,
  bulkTitle: (action, state) => `${action}: ${state}`,
  working: 'working…',
  progress: 'Progress',
  done: 'Done',
  unreachable: 'The server could not be reached. Check your connection and try again.',
};
