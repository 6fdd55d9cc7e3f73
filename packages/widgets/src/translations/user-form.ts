import type { Language as UserLanguage } from '@roster/contract';

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
  /** An example number, as the placeholder of the phone field. */
  phoneHint: string;
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
export const languageNames: Record<UserLanguage, string> = { en: 'English', de: 'Deutsch', fr: 'Français', es: 'Español', nl: 'Nederlands', it: 'Italiano', pt: 'Português', ar: 'العربية' };

export const userFormEn: UserFormStrings = {
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
  phoneHint: '+1 888 667 8888',
  language: 'Language',
  languages: languageNames,
  availability: 'Availability',
  availabilities: { available: 'Available', out_of_office: 'Out of office' },
  roles: 'Roles',
  addSeat: 'Add a technician seat to the subscription',
  cancel: 'Cancel',
  saving: 'Saving…',
  submit: { create: 'Add and invite', edit: 'Save changes', clone: 'Clone and invite' },
  unreachable: 'The server could not be reached.',
};
