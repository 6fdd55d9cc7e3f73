import type { OrganizationsPanelStrings } from './organizations-panel.js';

/** The organizations panel in German (loaded with the panel). */
export const organizationsPanelDe: OrganizationsPanelStrings = {
  title: 'Organisationen',
  close: 'Schließen',
  search: 'Organisationen durchsuchen',
  searchPlaceholder: 'Name der Organisation',
  loading: 'Organisationen werden geladen…',
  loadFailed: 'Die Organisationen konnten nicht geladen werden.',
  retry: 'Erneut versuchen',
  empty: 'Noch keine Organisationen.',
  noMatch: (q) => `Keine Organisation passt zu „${q}“`,
  clearSearch: 'Suche leeren',
  count: (n) => (n === 1 ? '1 Organisation' : `${n.toLocaleString('de')} Organisationen`),
  users: (n) => (n === 1 ? '1 Benutzer' : `${n.toLocaleString('de')} Benutzer`),
  orgId: 'Org-ID',
  copyOrgId: 'Org-ID kopieren',
  copied: 'Kopiert',
  copiedOf: (name) => `Die Org-ID von ${name} wurde kopiert.`,
  copyFailed: 'Der Browser hat das Kopieren nicht erlaubt; markieren Sie die ID und kopieren Sie sie von Hand.',
};
