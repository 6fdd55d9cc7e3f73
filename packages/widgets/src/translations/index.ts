import type { UserTableStrings } from './user-table.js';
import type { UserDialogStrings } from './user-dialogs.js';
import type { UserFormStrings } from './user-form.js';
import type { SignInMethodStrings } from './sign-in-methods.js';
import type { ImportModalStrings } from './import-modal.js';
import type { RolePickerStrings } from './role-picker.js';
import type { RoleStrings } from './roles.js';
import type { PermissionGroupStrings, PermissionStrings } from './permissions.js';
import type { PermissionPickerStrings } from './permission-picker.js';
import type { RoleEditorStrings } from './role-editor.js';
import type { UserSheetStrings } from './user-sheet.js';
import type { AccountPanelStrings } from './account-panel.js';
import type { OrganizationsPanelStrings } from './organizations-panel.js';
import type { IntegrationsPanelStrings } from './integrations-panel.js';
import type { SignInStateStrings } from './sign-in-state.js';
import type { ViewAsStrings } from './view-as.js';
import type { AttributesPanelStrings } from './attributes-panel.js';
import type { FilterChipsStrings } from './filter-chips.js';
import type { UserAttributesStrings } from './user-attributes.js';
import type { MessageCatalogue } from '@roster/contract';

/**
 * Every string a person sees in the elements, in one typed interface. English is split by part, each in the module
 * of the code that shows it (the table's up front, the dialogs', the form's and the import's with their chunks);
 * every other language is one object of this type in a chunk of its own (`de.ts`, `ar.ts`), loaded on first use —
 * or given by the page with `registerLanguage`. Each element reads its part through `translate`.
 */
export interface Translation extends ScreenParts {
  userTable: UserTableStrings;
  userDialogs: UserDialogStrings;
  userForm: UserFormStrings;
  rolePicker: RolePickerStrings;
  roles: RoleStrings;
  permissions: PermissionStrings;
  permissionGroups: PermissionGroupStrings;
  permissionPicker: PermissionPickerStrings;
  /**
   * The contract's messages (field errors, the import's cell problems) in this language, for a language a page
   * registers; the built-in languages bring theirs with their chunk. Without them those messages are English.
   */
  messages?: MessageCatalogue;
}

/**
 * The words of screens that load on demand, each in a chunk per language of its own (loaded with the screen, see
 * internal/screen-words.ts) rather than in the language's main chunk. A page registering a language may give them too.
 */
export interface ScreenParts {
  importModal?: ImportModalStrings;
  userSheet?: UserSheetStrings;
  accountPanel?: AccountPanelStrings;
  roleEditor?: RoleEditorStrings;
  signInMethods?: SignInMethodStrings;
  organizationsPanel?: OrganizationsPanelStrings;
  integrationsPanel?: IntegrationsPanelStrings;
  signInState?: SignInStateStrings;
  viewAs?: ViewAsStrings;
  attributesPanel?: AttributesPanelStrings;
  filterChips?: FilterChipsStrings;
  userAttributes?: UserAttributesStrings;
}

export type { UserTableStrings, UserDialogStrings, UserFormStrings, SignInMethodStrings, ImportModalStrings, RolePickerStrings, RoleStrings, PermissionStrings, PermissionGroupStrings, PermissionPickerStrings, UserSheetStrings, AccountPanelStrings, RoleEditorStrings, OrganizationsPanelStrings, IntegrationsPanelStrings, SignInStateStrings, AttributesPanelStrings, ViewAsStrings, FilterChipsStrings, UserAttributesStrings };
