import type { Action } from '../user-table/actions.js';
import type { Catalog } from './index.js';

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
  working: string;
  progress: string;
  done: string;
}

const en: UserDialogStrings = {
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
  working: 'working…',
  progress: 'Progress',
  done: 'Done',
};

const de: UserDialogStrings = {
  addUser: 'Benutzer hinzufügen',
  editUser: (name) => `${name} bearbeiten`,
  cloneUser: (name) => `${name} klonen`,
  actions: { edit: 'Bearbeiten', clone: 'Klonen', roles: 'Rollen', 'resend-invitation': 'Einladung erneut senden', deactivate: 'Deaktivieren', activate: 'Aktivieren', unlock: 'Entsperren', 'reset-password': 'Link zum Zurücksetzen des Passworts senden', 'reset-mfa': '2FA zurücksetzen', delete: 'Löschen' },
  confirm: {
    deactivate: (who) => `${who} deaktivieren? Die Person wird sofort überall abgemeldet und kann sich erst nach einer erneuten Aktivierung anmelden.`,
    delete: (who) => `${who} löschen? Das lässt sich nicht rückgängig machen.`,
    'reset-password': (who) => `${who} einen Link zum Festlegen eines neuen Passworts senden? Die Person wird überall abgemeldet.`,
    'reset-mfa': (who) => `Zwei-Faktor-Authentifizierung für ${who} zurücksetzen? Sie muss bei der nächsten Anmeldung neu eingerichtet werden.`,
  },
  actionList: 'Aktionen',
  addSeatAndActivate: 'Einen Platz hinzufügen und aktivieren',
  cancel: 'Abbrechen',
  close: 'Schließen',
  rolesOf: (name) => `Rollen von ${name}`,
  assignRolesTo: (n) => `Rollen an ${n} Benutzer zuweisen`,
  rolesReplace: 'Die gewählten Rollen ersetzen die bisherigen Rollen jedes Benutzers.',
  roles: 'Rollen',
  apply: 'Übernehmen',
  bulkDone: (ok, total) => `${ok} von ${total} erledigt`,
  working: 'läuft…',
  progress: 'Fortschritt',
  done: 'Erledigt',
};

export const userDialogStrings: Catalog<UserDialogStrings> = { en, de };
