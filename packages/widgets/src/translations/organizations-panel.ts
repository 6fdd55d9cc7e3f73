/** The words of the organizations panel `<user-table>`'s toolbar opens (seed 002: find an organization, copy its ID). */
export interface OrganizationsPanelStrings {
  title: string;
  close: string;
  /** The search field's label and its placeholder. */
  search: string;
  searchPlaceholder: string;
  loading: string;
  loadFailed: string;
  retry: string;
  /** No organization in the caller's scope at all. */
  empty: string;
  /** The search found none: `q` as typed. */
  noMatch: (q: string) => string;
  clearSearch: string;
  /** How many organizations are listed (said politely after each search). */
  count: (n: number) => string;
  /** How many users belong to an organization. */
  users: (n: number) => string;
  /** The organization's ID, as the row labels it. */
  orgId: string;
  copyOrgId: string;
  /** Beside the button once the ID is on the clipboard. */
  copied: string;
  /** Said in the live region: the ID of `name` is on the clipboard. */
  copiedOf: (name: string) => string;
  copyFailed: string;
}

export const organizationsPanelEn: OrganizationsPanelStrings = {
  title: 'Organizations',
  close: 'Close',
  search: 'Search organizations',
  searchPlaceholder: 'Name of the organization',
  loading: 'Loading organizations…',
  loadFailed: 'The organizations could not be loaded.',
  retry: 'Try again',
  empty: 'No organizations yet.',
  noMatch: (q) => `No organization matches “${q}”`,
  clearSearch: 'Clear the search',
  count: (n) => (n === 1 ? '1 organization' : `${n.toLocaleString('en')} organizations`),
  users: (n) => (n === 1 ? '1 user' : `${n.toLocaleString('en')} users`),
  orgId: 'Org ID',
  copyOrgId: 'Copy Org ID',
  copied: 'Copied',
  copiedOf: (name) => `Copied the Org ID of ${name}.`,
  copyFailed: 'The browser did not allow copying; select the ID and copy it by hand.',
};
