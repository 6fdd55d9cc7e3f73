export { UserTable } from './user-table/user-table.js';
export { RolePicker } from './role-picker/role-picker.js';
export { UserSelectEvent } from './events/user-select.js';
export { UserTableLoadEvent } from './events/user-table-load.js';
export { UserChangedEvent, type UserChange } from './events/user-changed.js';
export type { UserSavedEvent } from './events/user-saved.js';
export type { AccountPanelEventMap, ImportModalEventMap, RolePickerEventMap, UserFormEventMap, UserTableEventMap } from './events/event-maps.js';
export type { AccountChangedEvent, AccountSection } from './events/account-changed.js';
export type { BulkImportResponse, Organization, Role, TenantContext, User } from '@roster/contract';
export { ApiClient, ApiError, TokenSource, type TokenGrant, type TokenProvider } from './internal/api-client.js';
export { defineElement } from './internal/define.js';
export { registerLanguage, loadLanguage } from './internal/language.js';
export type { Translation } from './translations/index.js';
import './user-table/define.js';
import './role-picker/define.js';
export type { ImportCompletedEvent } from './events/import-completed.js';
export type { ImportModal } from './import-modal/import-modal.js';
export type { RosterUserForm, UserFormMode } from './user-form/user-form.js';

/**
 * `<import-modal>` is a chunk of its own: it is defined when a page uses the tag, or when `loadImportModal()` is
 * called (as `<user-table>`'s Import button does). Set its properties after `customElements.whenDefined('import-modal')`.
 */
export const loadImportModal = (): Promise<void> => import('./import-modal/define.js').then(() => undefined);

/**
 * `<account-panel>` (a person's own account) is a chunk of its own too, never loaded by `<user-table>`: it is defined
 * when a page uses the tag, or when `loadAccountPanel()` is called.
 */
export const loadAccountPanel = (): Promise<void> => import('./account-panel/define.js').then(() => undefined);
export type { AccountPanel } from './account-panel/account-panel.js';
if (typeof document !== 'undefined') {
  const check = () => {
    if (document.querySelector('import-modal')) void loadImportModal();
    if (document.querySelector('account-panel')) void loadAccountPanel();
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', check, { once: true });
  else check();
}
