/** The words of a user's custom attributes on their page (Attributes tab). */
export interface UserAttributesStrings {
  heading: string;
  loading: string;
  /** The tenant defines no attributes. */
  none: string;
  /** Said after the inputs' label of a required attribute. */
  required: string;
  /** A required attribute this user has no value of yet (it became required after the user was created). */
  missing: string;
  notSet: string;
  yes: string;
  no: string;
  save: string;
  saved: string;
  nothingChanged: string;
  /** Without the permission to edit this user: the values are shown, not editable. */
  readOnly: string;
  loadFailed: string;
  retry: string;
  unreachable: string;
  failed: (message: string) => string;
}

export const userAttributesEn: UserAttributesStrings = {
  heading: 'Custom attributes',
  loading: 'Loading the attributes…',
  none: 'Your account defines no custom attributes yet. An administrator adds them under Attributes.',
  required: 'required',
  missing: 'Required, not set yet',
  notSet: 'Not set',
  yes: 'Yes',
  no: 'No',
  save: 'Save attributes',
  saved: 'Attributes saved.',
  nothingChanged: 'Nothing changed.',
  readOnly: 'You can see these values but not change them.',
  loadFailed: 'The attributes could not be loaded.',
  retry: 'Try again',
  unreachable: 'Roster could not be reached. Check the connection and try again.',
  failed: (message) => `Not saved: ${message}`,
};
