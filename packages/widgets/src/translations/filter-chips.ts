import type { FilterOp, UserFilterField } from '@roster/contract';

/** The words of `<user-table>`'s "Add filter" chips (a chunk loaded with the table's lookups). */
export interface FilterChipsStrings {
  /** The chips' group, for screen readers. */
  filters: string;
  addFilter: string;
  field: string;
  operator: string;
  value: string;
  /** Several values of `in`: a hint under the field. */
  valuesHint: string;
  add: string;
  cancel: string;
  /** The top group's toggle. */
  match: string;
  matchAll: string;
  matchAny: string;
  yes: string;
  no: string;
  /** A chip's accessible name: what it filters and how to remove it. */
  remove: (label: string) => string;
  /** A nested group (from a saved view or the API) as one chip. */
  group: (count: number) => string;
  saveView: string;
  viewSaved: string;
  resetView: string;
  /** The form's value is missing or not valid. */
  valueNeeded: string;
  attributesFailed: string;
  fields: Record<UserFilterField, string>;
  ops: Record<FilterOp, string>;
}

export const filterChipsEn: FilterChipsStrings = {
  filters: 'Filters',
  addFilter: 'Add filter',
  field: 'Field',
  operator: 'Condition',
  value: 'Value',
  valuesHint: 'Separate several values with commas.',
  add: 'Add',
  cancel: 'Cancel',
  match: 'Match',
  matchAll: 'all filters',
  matchAny: 'any filter',
  yes: 'Yes',
  no: 'No',
  remove: (label) => `Remove filter: ${label}`,
  group: (count) => (count === 1 ? '1 condition' : `${count} conditions`),
  saveView: 'Save view',
  viewSaved: 'View saved for this page.',
  resetView: 'Reset',
  valueNeeded: 'Enter a value.',
  attributesFailed: 'Custom attributes could not be loaded; the built-in fields still filter.',
  fields: {
    kind: 'Type',
    status: 'Status',
    organizationId: 'Organization',
    roleId: 'Role',
    email: 'Email',
    firstName: 'First name',
    lastName: 'Last name',
    username: 'Username',
    phone: 'Phone',
    externalId: 'External ID',
    mfaState: '2FA',
    invitationStatus: 'Invitation',
    suspended: 'Suspended',
    createdAt: 'Created',
    lastSignInAt: 'Last sign-in',
  },
  ops: { eq: 'is', ne: 'is not', in: 'is one of', contains: 'contains', startsWith: 'starts with', gt: 'after / above', gte: 'from / at least', lt: 'before / below', lte: 'until / at most', isSet: 'is set', isNotSet: 'is empty' },
};
