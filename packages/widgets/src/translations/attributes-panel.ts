import type { AttributeType } from '@roster/contract';

/** The words of the custom attributes panel `<user-table>`'s toolbar opens (integrations.manage). */
export interface AttributesPanelStrings {
  title: string;
  close: string;
  loading: string;
  loadFailed: string;
  retry: string;
  /** No attribute defined yet. */
  empty: string;
  /** The list's caption. */
  defined: string;
  types: Record<AttributeType, string>;
  required: string;
  showAsColumn: string;
  /** The form that defines one. */
  add: string;
  key: string;
  keyHint: string;
  labelEn: string;
  labelDe: string;
  labelAr: string;
  type: string;
  /** The one-of list's options, one per line. */
  options: string;
  optionsHint: string;
  create: string;
  creating: string;
  remove: (label: string) => string;
  /** Asked before deleting: the values go too. */
  confirmRemove: (label: string) => string;
  created: (label: string) => string;
  removed: (label: string) => string;
  failed: (message: string) => string;
}

export const attributesPanelEn: AttributesPanelStrings = {
  title: 'Custom attributes',
  close: 'Close',
  loading: 'Loading attributes…',
  loadFailed: 'The attributes could not be loaded.',
  retry: 'Try again',
  empty: 'No custom attributes yet.',
  defined: 'Attributes',
  types: { text: 'Text', number: 'Number', boolean: 'Yes/no', date: 'Date', oneOf: 'One of a list' },
  required: 'Required',
  showAsColumn: 'Shown as a column',
  add: 'Add an attribute',
  key: 'Key',
  keyHint: 'Lowercase letters, digits and _; used in the API, imports and exports.',
  labelEn: 'Label (English)',
  labelDe: 'Label (German)',
  labelAr: 'Label (Arabic)',
  type: 'Type',
  options: 'Options',
  optionsHint: 'One per line.',
  create: 'Add attribute',
  creating: 'Adding…',
  remove: (label) => `Delete ${label}`,
  confirmRemove: (label) => `Delete “${label}” and every user’s value of it?`,
  created: (label) => `“${label}” added.`,
  removed: (label) => `“${label}” deleted.`,
  failed: (message) => `Not saved: ${message}`,
};
