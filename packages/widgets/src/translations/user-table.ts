
/** `<user-table>`'s words: the table and its toolbar (the bulk bar's and the dialogs' words load with the dialogs). */
export interface UserTableStrings {
  search: string;
  searchPlaceholder: string;
  filters: string;
  kind: string;
  allKinds: string;
  technicians: string;
  endUsers: string;
  organization: string;
  allOrganizations: string;
  status: string;
  allStatuses: string;
  role: string;
  allRoles: string;
  hideDeactivated: string;
  columns: { firstName: string; lastName: string; email: string; username: string; kind: string; organization: string; roles: string; status: string; mfa: string; invitation: string; availability: string; created: string };
  statuses: Record<'invited' | 'active' | 'deactivated' | 'locked_out', string>;
  /** The badge beside the status of a user suspended now. */
  suspended: string;
  kinds: Record<'technician' | 'end_user', string>;
  mfa: Record<'enrolled' | 'not_enrolled', string>;
  invitation: Record<'pending' | 'registered' | 'expired', string>;
  availability: Record<'available' | 'out_of_office', string>;
  loading: string;
  loadingMore: string;
  empty: string;
  emptyFiltered: (q: string) => string;
  clearFilters: string;
  errorTitle: string;
  retry: string;
  sortBy: (column: string) => string;
  count: (n: number, more: boolean) => string;
  /** How many users match the search and filters: counted, or the database's estimate ("about"). */
  total: (n: number, exact: boolean) => string;
  errors: { network: string; unauthorized: string; forbidden: string; generic: string };
  importUsers: string;
  addUser: string;
  actionsColumn: string;
  selectUser: (name: string) => string;
  actionsFor: (name: string) => string;
  /** The header's checkbox: every loaded user. */
  selectPage: string;
}

export const userTableEn: UserTableStrings = {
  search: 'Search users',
  searchPlaceholder: 'Search name, email or username',
  filters: 'Filters',
  kind: 'Type',
  allKinds: 'All types',
  technicians: 'Technicians',
  endUsers: 'End users',
  organization: 'Organization',
  allOrganizations: 'All organizations',
  status: 'Status',
  allStatuses: 'All statuses',
  role: 'Role',
  allRoles: 'All roles',
  hideDeactivated: 'Hide deactivated',
  columns: { firstName: 'First name', lastName: 'Last name', email: 'Email', username: 'Username', kind: 'Type', organization: 'Organization', roles: 'Roles', status: 'Status', mfa: '2FA', invitation: 'Invitation', availability: 'Availability', created: 'Created' },
  statuses: { invited: 'Invited', active: 'Active', deactivated: 'Deactivated', locked_out: 'Locked out' },
  suspended: 'Suspended',
  kinds: { technician: 'Technician', end_user: 'End user' },
  mfa: { enrolled: 'Enrolled', not_enrolled: 'Not enrolled' },
  invitation: { pending: 'Pending', registered: 'Registered', expired: 'Expired' },
  availability: { available: 'Available', out_of_office: 'Out of office' },
  loading: 'Loading users…',
  loadingMore: 'Loading more…',
  empty: 'No users yet.',
  emptyFiltered: (q) => (q ? `No users match “${q}” with these filters.` : 'No users match these filters.'),
  clearFilters: 'Clear search and filters',
  errorTitle: 'The users could not be loaded.',
  retry: 'Try again',
  sortBy: (c) => `Sort by ${c}`,
  count: (n, more) => `${n.toLocaleString('en')}${more ? '+' : ''} ${n === 1 && !more ? 'user' : 'users'}`,
  total: (n, exact) => `${exact ? '' : 'about '}${n.toLocaleString('en')} ${n === 1 && exact ? 'user' : 'users'}`,
  errors: {
    network: 'The server could not be reached. Check your connection.',
    unauthorized: 'Your session has expired. Reload the page to sign in again.',
    forbidden: 'You do not have permission to see users.',
    generic: 'Something went wrong on our side.',
  },
  importUsers: 'Import',
  addUser: 'Add user',
  actionsColumn: 'Actions',
  selectUser: (name) => `Select ${name}`,
  actionsFor: (name) => `Actions for ${name}`,
  selectPage: 'Select all loaded users',
};
