export { UserTable } from './user-table/user-table.js';
export type { RolePicker } from './role-picker/role-picker.js';
export { UserSelectEvent } from './events/user-select.js';
export { UserTableLoadEvent } from './events/user-table-load.js';
export { UserChangedEvent, type UserChange } from './events/user-changed.js';
export type { UserSavedEvent } from './events/user-saved.js';
export type { AccountPanelEventMap, ImportModalEventMap, PermissionPickerEventMap, RoleEditorEventMap, RolePickerEventMap, UserFormEventMap, UserTableEventMap } from './events/event-maps.js';
export type { AccountChangedEvent, AccountSection } from './events/account-changed.js';
export type { SessionEndedEvent, SessionEndReason } from './events/session-ended.js';
export type { RoleSavedEvent } from './events/role-saved.js';
export type { RoleDeletedEvent } from './events/role-deleted.js';
export type { BulkImportResponse, Organization, Role, TenantContext, User } from '@roster/contract';
export { ApiClient, ApiError, TokenSource, type TokenGrant, type TokenProvider } from './internal/api-client.js';
export { defineElement } from './internal/define.js';
export { registerLanguage, loadLanguage } from './internal/language.js';
export type { Translation } from './translations/index.js';
import './user-table/define.js';
export type { ImportCompletedEvent } from './events/import-completed.js';
export type { ImpersonationStartedEvent } from './events/impersonation-started.js';
export type { ImportModal } from './import-modal/import-modal.js';
export type { RosterUserForm, UserFormMode } from './user-form/user-form.js';
export type { RoleEditor } from './role-editor/role-editor.js';
export type { PermissionPicker } from './permission-picker/permission-picker.js';

/**
 * `<import-modal>` and `<role-editor>` are chunks of their own: each is defined when a page uses its tag, or when its
 * `load…()` is called (as `<user-table>`'s Import button does). Set their properties after
 * `customElements.whenDefined(tag)`. (`<permission-picker>` comes with `<role-editor>`, or from its own entry point.)
 */
export const loadImportModal = (): Promise<void> => import('./import-modal/define.js').then(() => undefined);
/** `<role-picker>` comes with the screens that use it (the dialogs, the form, the import, a user's page); alone, as the others. */
export const loadRolePicker = (): Promise<void> => import('./role-picker/define.js').then(() => undefined);
export const loadRoleEditor = (): Promise<void> => import('./role-editor/define.js').then(() => undefined);

/**
 * `<account-panel>` (a person's own account) is a chunk of its own too, never loaded by `<user-table>`: it is defined
 * when a page uses the tag, or when `loadAccountPanel()` is called.
 */
export const loadAccountPanel = (): Promise<void> => import('./account-panel/define.js').then(() => undefined);
export type { AccountPanel } from './account-panel/account-panel.js';
if (typeof document !== 'undefined') {
  const check = () => {
    if (document.querySelector('import-modal')) void loadImportModal();
    if (document.querySelector('role-picker')) void loadRolePicker();
    if (document.querySelector('role-editor')) void loadRoleEditor();
    if (document.querySelector('account-panel')) void loadAccountPanel();
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', check, { once: true });
  else check();
}
