import type { UserAttributesStrings } from './user-attributes.js';

export const userAttributesDe: UserAttributesStrings = {
  heading: 'Eigene Attribute',
  loading: 'Attribute werden geladen…',
  none: 'Ihr Konto hat noch keine eigenen Attribute. Ein Administrator legt sie unter Attribute an.',
  required: 'erforderlich',
  missing: 'Erforderlich, noch nicht gesetzt',
  notSet: 'Nicht gesetzt',
  yes: 'Ja',
  no: 'Nein',
  save: 'Attribute speichern',
  saved: 'Attribute gespeichert.',
  nothingChanged: 'Nichts geändert.',
  readOnly: 'Sie sehen diese Werte, können sie aber nicht ändern.',
  loadFailed: 'Die Attribute konnten nicht geladen werden.',
  retry: 'Erneut versuchen',
  unreachable: 'Roster ist nicht erreichbar. Prüfen Sie die Verbindung und versuchen Sie es erneut.',
  failed: (message) => `Nicht gespeichert: ${message}`,
};
