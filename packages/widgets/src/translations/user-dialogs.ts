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
  /** Said when a new user was created but their invitation held back: the address is on the suppression list. */
  invitationSuppressed: (name: string) => string;
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
  /** The bar over the table while users are selected. */
  bulk: {
    label: string;
    selected: (n: number) => string;
    /** Every user the search and filters match, not only the loaded ones: `n` when the server counted them. */
    allMatching: (n: number | null) => string;
    selectAllMatching: (n: number | null) => string;
    resendInvitations: string;
    assignRoles: string;
    deactivate: string;
    activate: string;
    delete: string;
    clearSelection: string;
  };
  /** What a bulk action will do to `n` users (`null`: every user matching, not counted yet), asked before it runs. */
  bulkConfirm: Record<'resend-invitation' | 'deactivate' | 'activate' | 'delete' | 'roles', (n: number | null) => string>;
  finding: (n: number) => string;
  /** A user the action does not apply to, left alone. */
  skipped: Record<'notInvited' | 'alreadyDeactivated' | 'notDeactivated' | 'rootAdmin', string>;
  outcomes: (ok: number, skipped: number, failed: number) => string;
  /** The toolbar's download of every user the search and filters match, as a CSV file. */
  exportCsv: string;
  exporting: string;
  exportFailed: (message: string) => string;
  /** The downloaded file's name (a date is added). */
  exportFileName: string;
  /** The column chooser. */
  columns: string;
  columnsTitle: string;
  /** The toolbar's button that opens the organizations (their IDs to copy), for callers with organizations.read. */
  organizations: string;
  /** The toolbar's button that opens the integrations (OAuth apps), for callers with integrations.manage. */
  integrations: string;
  /** The toolbar's button that opens the custom attributes panel. */
  attributes: string;
  columnsHint: string;
  showAllColumns: string;
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
  invitationSuppressed: (name) => `${name} was created, but no invitation was sent: the address is on the suppression list.`,
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
  bulk: {
    label: 'Bulk actions',
    selected: (n) => `${n.toLocaleString('en')} selected`,
    allMatching: (n) => (n === null ? 'All matching users selected' : `All ${n.toLocaleString('en')} matching users selected`),
    selectAllMatching: (n) => (n === null ? 'Select all matching users' : `Select all ${n.toLocaleString('en')} matching users`),
    resendInvitations: 'Resend invitations',
    assignRoles: 'Assign roles',
    deactivate: 'Deactivate',
    activate: 'Activate',
    delete: 'Delete',
    clearSelection: 'Clear selection',
  },
  bulkConfirm: {
    'resend-invitation': (n) => `Send a new invitation to ${n === null ? 'every invited user that matches' : `${n.toLocaleString('en')} users`}? Earlier links stop working; users who already registered are skipped.`,
    deactivate: (n) => `Deactivate ${n === null ? 'every user that matches' : `${n.toLocaleString('en')} users`}? Each is signed out everywhere at once and cannot sign in until activated again.`,
    activate: (n) => `Activate ${n === null ? 'every deactivated user that matches' : `${n.toLocaleString('en')} users`}? They can sign in again; the tenant's policy may ask them to set a new password and 2FA.`,
    delete: (n) => `Delete ${n === null ? 'every user that matches' : `${n.toLocaleString('en')} users`}? This cannot be undone.`,
    roles: (n) => `Replace the roles of ${n === null ? 'every user that matches' : `${n.toLocaleString('en')} users`} with the chosen ones?`,
  },
  finding: (n) => `Finding the matching users… ${n.toLocaleString('en')} so far`,
  skipped: { notInvited: 'Skipped: already registered', alreadyDeactivated: 'Skipped: already deactivated', notDeactivated: 'Skipped: not deactivated', rootAdmin: 'Skipped: the Root Admin' },
  outcomes: (ok, skipped, failed) => `${ok.toLocaleString('en')} done, ${skipped.toLocaleString('en')} skipped, ${failed.toLocaleString('en')} failed`,
  exportCsv: 'Export CSV',
  exporting: 'Exporting…',
  exportFailed: (message) => `The export failed: ${message}`,
  exportFileName: 'users',
  columns: 'Columns',
  organizations: 'Organizations',
  integrations: 'Integrations',
  attributes: 'Attributes',
  columnsTitle: 'Columns shown',
  columnsHint: 'The names and the actions always show. Your choice is kept in this browser for this page.',
  showAllColumns: 'Show all',
};
