import { MAX_IMPORT_ROWS, importFieldLabels, importTooLargeMessage, type ImportField, type UserKind } from '@roster/contract';
import type { Catalog } from './index.js';

/**
 * `<import-modal>`'s words, in its own chunk (the table's translations load up front; these only with the dialog).
 * Cell messages come from the contract's rules, in English, as the API's do.
 */
export interface ImportModalStrings {
  title: (kind: UserKind) => string;
  close: string;
  tryAgain: string;
  who: string;
  technicians: string;
  endUsers: string;
  organization: string;
  fromOrganizationColumn: string;
  ifErrors: string;
  atomic: string;
  perRow: string;
  pasteLabel: string;
  pasteLabelRest: string;
  pastePlaceholder: string;
  dropHint: string;
  chooseFile: string;
  dropHintRest: (maxRows: string) => string;
  template: string;
  rules: string;
  reading: string;
  checking: string;
  checkingRows: (n: string) => string;
  checkingAgainstAccount: (n: string) => string;
  importingUsers: (n: string) => string;
  unreadable: string;
  tooManyRows: (rows: string, max: string) => string;
  addSeats: string;
  rowsHaveErrors: (bad: string, all: string, perRow: boolean) => string;
  allValid: (n: string) => string;
  firstRowHeader: string;
  onlyErrors: string;
  removeSelected: (n: number) => string;
  rowsCount: (n: number, selected: number) => string;
  rowsToImport: string;
  selectAll: string;
  fieldOfColumn: (c: number, header: string | undefined) => string;
  ignore: (header: string | undefined) => string;
  column: (c: number) => string;
  problems: string;
  remove: string;
  selectRow: (row: number) => string;
  cell: (row: number, label: string) => string;
  removeRow: (row: number) => string;
  assignToSelected: string;
  rolesForSelected: string;
  giveRoles: (n: number) => string;
  accessGroup: string;
  chooseGroup: string;
  inactive: string;
  putInGroup: (n: number) => string;
  imported: (n: number, formatted: string) => string;
  invitationsOnTheirWay: string;
  importedCount: string;
  skippedCount: string;
  failedCount: string;
  copyLog: string;
  downloadLog: string;
  logRow: string;
  logEmail: string;
  logResult: string;
  logReason: string;
  statuses: Record<'imported' | 'skipped' | 'failed', string>;
  importMore: string;
  done: string;
  cancel: string;
  preview: string;
  startOver: string;
  importUsers: (n: number, formatted: string) => string;
  fields: Record<ImportField, string>;
  errors: {
    tooLarge: (mb: number) => string;
    fileTooLarge: (name: string, mb: number) => string;
    nothing: string;
    stillLoading: string;
    notRead: (why: string) => string;
    noWorker: string;
    stopped: string;
    prepare: string;
    nothingImportable: string;
    network: string;
  };
}

const en: ImportModalStrings = {
  title: (kind) => (kind === 'technician' ? 'Import technicians' : 'Import end users'),
  close: 'Close',
  tryAgain: 'Try again',
  who: 'Who',
  technicians: 'Technicians',
  endUsers: 'End users',
  organization: 'Organization',
  fromOrganizationColumn: 'From the Organization column',
  ifErrors: 'If a row has errors',
  atomic: 'Import nobody (all or nothing)',
  perRow: 'Import the other rows',
  pasteLabel: 'Paste cells from Excel or Google Sheets',
  pasteLabelRest: ', or type CSV',
  pastePlaceholder: 'First name	Last name	Email	Phone',
  dropHint: 'Or drop a CSV or TSV file here, or ',
  chooseFile: 'choose a file',
  dropHintRest: (max) => `. A header row is recognised in English or German. At most ${max} rows.`,
  template: 'Download the template (CSV)',
  rules: 'The rules (README)',
  reading: 'Reading…',
  checking: 'Checking…',
  checkingRows: (n) => `Checking ${n} rows…`,
  checkingAgainstAccount: (n) => `Checking ${n} rows against your account…`,
  importingUsers: (n) => `Importing ${n} users…`,
  unreadable: 'The text cannot be read as a table, so nothing can be imported:',
  tooManyRows: (rows, max) => `This file has ${rows} rows; an import can have at most ${max}. Split it into smaller files.`,
  addSeats: 'Add the seats and import',
  rowsHaveErrors: (bad, all, perRow) => `${bad} of ${all} rows have errors. Fix the marked cells or remove those rows${perRow ? ', or import the other rows' : ''}.`,
  allValid: (n) => `All ${n} rows are valid.`,
  firstRowHeader: 'First row is a header',
  onlyErrors: 'Only rows with errors',
  removeSelected: (n) => `Remove ${n} selected`,
  rowsCount: (n, selected) => `${n.toLocaleString('en')} ${n === 1 ? 'row' : 'rows'}${selected ? ` · ${selected} selected` : ''}`,
  rowsToImport: 'Rows to import',
  selectAll: 'Select all rows shown',
  fieldOfColumn: (c, header) => `Field of column ${c}${header ? ` (“${header}”)` : ''}`,
  ignore: (header) => `Ignore${header ? ` “${header}”` : ''}`,
  column: (c) => `Column ${c}`,
  problems: 'Problems',
  remove: 'Remove',
  selectRow: (row) => `Select row ${row}`,
  cell: (row, label) => `Row ${row}, ${label}`,
  removeRow: (row) => `Remove row ${row}`,
  assignToSelected: 'Assign to the selected rows',
  rolesForSelected: 'Roles for the selected rows',
  giveRoles: (n) => `Give these roles to ${n} ${n === 1 ? 'row' : 'rows'}`,
  accessGroup: 'Access group',
  chooseGroup: 'Choose a group',
  inactive: ' (inactive)',
  putInGroup: (n) => `Put ${n} ${n === 1 ? 'row' : 'rows'} in this group`,
  imported: (n, f) => `${f} ${n === 1 ? 'user' : 'users'} imported.`,
  invitationsOnTheirWay: 'Their invitations are on their way.',
  importedCount: 'imported',
  skippedCount: 'skipped (already exist)',
  failedCount: 'failed',
  copyLog: 'Copy the log',
  downloadLog: 'Download the log (CSV)',
  logRow: 'Row',
  logEmail: 'Email',
  logResult: 'Result',
  logReason: 'Reason',
  statuses: { imported: 'imported', skipped: 'skipped', failed: 'failed' },
  importMore: 'Import more',
  done: 'Done',
  cancel: 'Cancel',
  preview: 'Preview',
  startOver: 'Start over',
  importUsers: (n, f) => `Import ${f} ${n === 1 ? 'user' : 'users'}`,
  fields: importFieldLabels,
  errors: {
    tooLarge: () => importTooLargeMessage,
    fileTooLarge: (name) => `“${name}”: ${importTooLargeMessage}`,
    nothing: 'There is nothing to import yet: paste cells or choose a file.',
    stillLoading: 'Still loading your account’s roles and rules; try again in a moment.',
    notRead: (why) => `The data could not be read: ${why}`,
    noWorker: 'The import could not start in this browser.',
    stopped: 'The import stopped unexpectedly; start over.',
    prepare: 'The import could not be prepared.',
    nothingImportable: 'No row can be imported: every row already exists or has an error.',
    network: 'The import could not be sent. Check the connection and try again; nothing was imported twice.',
  },
};

/** The contract's `importTooLargeMessage` in German. */
const deTooLarge = (mb: number) => `Ein Import kann höchstens ${mb} MB Text oder ${MAX_IMPORT_ROWS.toLocaleString('de')} Zeilen umfassen; teilen Sie ihn in kleinere Dateien.`;

const de: ImportModalStrings = {
  title: (kind) => (kind === 'technician' ? 'Techniker importieren' : 'Endbenutzer importieren'),
  close: 'Schließen',
  tryAgain: 'Erneut versuchen',
  who: 'Wer',
  technicians: 'Techniker',
  endUsers: 'Endbenutzer',
  organization: 'Organisation',
  fromOrganizationColumn: 'Aus der Spalte Organisation',
  ifErrors: 'Wenn eine Zeile Fehler hat',
  atomic: 'Niemanden importieren (alles oder nichts)',
  perRow: 'Die übrigen Zeilen importieren',
  pasteLabel: 'Zellen aus Excel oder Google Tabellen einfügen',
  pasteLabelRest: ' oder CSV eingeben',
  pastePlaceholder: 'Vorname	Nachname	E-Mail	Telefon',
  dropHint: 'Oder eine CSV- oder TSV-Datei hier ablegen oder ',
  chooseFile: 'eine Datei wählen',
  dropHintRest: (max) => `. Eine Kopfzeile wird auf Deutsch oder Englisch erkannt. Höchstens ${max} Zeilen.`,
  template: 'Vorlage herunterladen (CSV)',
  rules: 'Die Regeln (README)',
  reading: 'Wird gelesen…',
  checking: 'Wird geprüft…',
  checkingRows: (n) => `${n} Zeilen werden geprüft…`,
  checkingAgainstAccount: (n) => `${n} Zeilen werden mit Ihrem Konto abgeglichen…`,
  importingUsers: (n) => `${n} Benutzer werden importiert…`,
  unreadable: 'Der Text lässt sich nicht als Tabelle lesen, daher kann nichts importiert werden:',
  tooManyRows: (rows, max) => `Diese Datei hat ${rows} Zeilen; ein Import kann höchstens ${max} haben. Teilen Sie sie in kleinere Dateien.`,
  addSeats: 'Plätze hinzufügen und importieren',
  rowsHaveErrors: (bad, all, perRow) => `${bad} von ${all} Zeilen haben Fehler. Korrigieren Sie die markierten Zellen oder entfernen Sie diese Zeilen${perRow ? ' – oder importieren Sie die übrigen' : ''}.`,
  allValid: (n) => `Alle ${n} Zeilen sind gültig.`,
  firstRowHeader: 'Erste Zeile ist eine Kopfzeile',
  onlyErrors: 'Nur Zeilen mit Fehlern',
  removeSelected: (n) => `${n} ausgewählte entfernen`,
  rowsCount: (n, selected) => `${n.toLocaleString('de')} ${n === 1 ? 'Zeile' : 'Zeilen'}${selected ? ` · ${selected} ausgewählt` : ''}`,
  rowsToImport: 'Zu importierende Zeilen',
  selectAll: 'Alle angezeigten Zeilen auswählen',
  fieldOfColumn: (c, header) => `Feld der Spalte ${c}${header ? ` („${header}“)` : ''}`,
  ignore: (header) => `Ignorieren${header ? ` „${header}“` : ''}`,
  column: (c) => `Spalte ${c}`,
  problems: 'Probleme',
  remove: 'Entfernen',
  selectRow: (row) => `Zeile ${row} auswählen`,
  cell: (row, label) => `Zeile ${row}, ${label}`,
  removeRow: (row) => `Zeile ${row} entfernen`,
  assignToSelected: 'Den ausgewählten Zeilen zuweisen',
  rolesForSelected: 'Rollen für die ausgewählten Zeilen',
  giveRoles: (n) => `Diese Rollen ${n} ${n === 1 ? 'Zeile' : 'Zeilen'} geben`,
  accessGroup: 'Zugriffsgruppe',
  chooseGroup: 'Gruppe wählen',
  inactive: ' (inaktiv)',
  putInGroup: (n) => `${n} ${n === 1 ? 'Zeile' : 'Zeilen'} in diese Gruppe aufnehmen`,
  imported: (n, f) => `${f} Benutzer importiert.`,
  invitationsOnTheirWay: 'Ihre Einladungen sind unterwegs.',
  importedCount: 'importiert',
  skippedCount: 'übersprungen (bestehen schon)',
  failedCount: 'fehlgeschlagen',
  copyLog: 'Protokoll kopieren',
  downloadLog: 'Protokoll herunterladen (CSV)',
  logRow: 'Zeile',
  logEmail: 'E-Mail',
  logResult: 'Ergebnis',
  logReason: 'Grund',
  statuses: { imported: 'importiert', skipped: 'übersprungen', failed: 'fehlgeschlagen' },
  importMore: 'Weitere importieren',
  done: 'Fertig',
  cancel: 'Abbrechen',
  preview: 'Vorschau',
  startOver: 'Neu beginnen',
  importUsers: (n, f) => `${f} Benutzer importieren`,
  fields: { firstName: 'Vorname', lastName: 'Nachname', email: 'E-Mail', phone: 'Telefon', username: 'Benutzername', roles: 'Rollen', groups: 'Gruppen', organization: 'Organisation' },
  errors: {
    tooLarge: (mb) => deTooLarge(mb),
    fileTooLarge: (name, mb) => `„${name}“: ${deTooLarge(mb)}`,
    nothing: 'Noch nichts zu importieren: Zellen einfügen oder eine Datei wählen.',
    stillLoading: 'Die Rollen und Regeln Ihres Kontos werden noch geladen; gleich noch einmal versuchen.',
    notRead: (why) => `Die Daten konnten nicht gelesen werden: ${why}`,
    noWorker: 'Der Import konnte in diesem Browser nicht starten.',
    stopped: 'Der Import wurde unerwartet beendet; bitte neu beginnen.',
    prepare: 'Der Import konnte nicht vorbereitet werden.',
    nothingImportable: 'Keine Zeile kann importiert werden: Jede Zeile besteht schon oder hat einen Fehler.',
    network: 'Der Import konnte nicht gesendet werden. Prüfen Sie die Verbindung und versuchen Sie es erneut; nichts wird doppelt importiert.',
  },
};

export const importModalStrings: Catalog<ImportModalStrings> = { en, de };
