import type { Language as UserLanguage } from '@roster/contract';
import type { Catalog } from './index.js';

/** The words of `<roster-user-form>`. */
export interface UserFormStrings {
  kind: string;
  kinds: Record<'technician' | 'end_user', string>;
  organization: string;
  chooseOrganization: string;
  firstName: string;
  lastName: string;
  email: string;
  username: string;
  usernameHint: string;
  phone: string;
  language: string;
  /** Each language a user may have, by the contract's list. */
  languages: Record<UserLanguage, string>;
  availability: string;
  availabilities: Record<'available' | 'out_of_office', string>;
  roles: string;
  addSeat: string;
  cancel: string;
  saving: string;
  submit: Record<'create' | 'edit' | 'clone', string>;
  unreachable: string;
}

/** Each language by its own name, as people look for it in a list, whatever the page's language. */
const languages: Record<UserLanguage, string> = { en: 'English', de: 'Deutsch', fr: 'Français', es: 'Español', nl: 'Nederlands', it: 'Italiano', pt: 'Português' };

const en: UserFormStrings = {
  kind: 'Type',
  kinds: { technician: 'Technician', end_user: 'End user' },
  organization: 'Organization',
  chooseOrganization: 'Choose…',
  firstName: 'First name',
  lastName: 'Last name',
  email: 'Email',
  username: 'Username',
  usernameHint: 'Defaults to the email; cannot be changed later',
  phone: 'Phone (optional)',
  language: 'Language',
  languages,
  availability: 'Availability',
  availabilities: { available: 'Available', out_of_office: 'Out of office' },
  roles: 'Roles',
  addSeat: 'Add a technician seat to the subscription',
  cancel: 'Cancel',
  saving: 'Saving…',
  submit: { create: 'Add and invite', edit: 'Save changes', clone: 'Clone and invite' },
  unreachable: 'The server could not be reached.',
};

const de: UserFormStrings = {
  kind: 'Typ',
  kinds: { technician: 'Techniker', end_user: 'Endbenutzer' },
  organization: 'Organisation',
  chooseOrganization: 'Auswählen…',
  firstName: 'Vorname',
  lastName: 'Nachname',
  email: 'E-Mail',
  username: 'Benutzername',
  usernameHint: 'Standardmäßig die E-Mail; später nicht änderbar',
  phone: 'Telefon (optional)',
  language: 'Sprache',
  languages,
  availability: 'Verfügbarkeit',
  availabilities: { available: 'Verfügbar', out_of_office: 'Abwesend' },
  roles: 'Rollen',
  addSeat: 'Einen Technikerplatz zum Abonnement hinzufügen',
  cancel: 'Abbrechen',
  saving: 'Wird gespeichert…',
  submit: { create: 'Hinzufügen und einladen', edit: 'Änderungen speichern', clone: 'Klonen und einladen' },
  unreachable: 'Der Server ist nicht erreichbar.',
};

export const userFormStrings: Catalog<UserFormStrings> = { en, de };
