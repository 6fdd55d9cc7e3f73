import { importFieldLabels, importTooLargeMessage, type ImportField, type UserKind } from '@roster/contract';

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
  /** The header of the row numbers. */
  rowNumber: string;
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
  /** Said beside Copy the log once the log is on the clipboard, or why it is not. */
  logCopied: string;
  copyFailed: string;
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
  /** The "Send invitations" switch (issue 17, migrating in), what turning it off does, and the result's counts by it. */
  sendInvitations: string;
  sendInvitationsOff: string;
  activatedCount: (n: number) => string;
  notInvitedCount: (n: number) => string;
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

export const importModalEn: ImportModalStrings = {
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
  rowNumber: '#',
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
  logCopied: 'Copied to the clipboard.',
  copyFailed: 'The browser did not allow copying; download the log instead.',
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
  sendInvitations: 'Send invitations',
  sendInvitationsOff: 'No email: users with an imported password hash are active at once; the others stay invited.',
  activatedCount: (n) => `${n.toLocaleString('en')} active at once`,
  notInvitedCount: (n) => `${n.toLocaleString('en')} not invited`,
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
