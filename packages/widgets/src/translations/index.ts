import { languageOf } from '../internal/language.js';
import type { UserTableStrings } from './user-table.js';
import type { UserDialogStrings } from './user-dialogs.js';
import type { UserFormStrings } from './user-form.js';
import type { ImportModalStrings } from './import-modal.js';
import type { RolePickerStrings } from './role-picker.js';

/** The languages the elements speak: every catalog has each of them (the type says so). */
export type Language = 'en' | 'de';
export type Catalog<T> = Readonly<Record<Language, T>>;

/**
 * Every string a person sees in the elements, in one typed interface. Each part is a catalog of its own module, so
 * that a part loads with the code that shows it (the table's up front, the dialogs', the form's and the import's
 * with their chunks), and each element reads its part through `translate`.
 */
export interface Translation {
  userTable: UserTableStrings;
  userDialogs: UserDialogStrings;
  userForm: UserFormStrings;
  importModal: ImportModalStrings;
  rolePicker: RolePickerStrings;
}

/** The words of `catalog` in the element's language (its `lang`, an ancestor's or the document's); English when unknown. */
export function translate<T>(element: HTMLElement, catalog: Catalog<T>): T {
  return (catalog as Record<string, T>)[languageOf(element)] ?? catalog.en;
}

export type { UserTableStrings, UserDialogStrings, UserFormStrings, ImportModalStrings, RolePickerStrings };
