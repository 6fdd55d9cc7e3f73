/**
 * `@roster/widgets/react`: everything `@roster/widgets` exports (importing it defines the elements) plus typings
 * for React 19's JSX. React 19 sets a prop as a property when the element has one (`baseUrl`, `tokenProvider`, …)
 * and turns an `on<event>` prop into a listener for that exact event name, so
 * `<user-table baseUrl={url} tokenProvider={fn} onuser-select={(e) => e.user}>` needs no wrapper.
 */
import type { HTMLAttributes, RefAttributes } from 'react';
import type { AccountPanelEventMap, ImportModalEventMap, PermissionPickerEventMap, RoleEditorEventMap, RolePickerEventMap, UserFormEventMap, UserTableEventMap } from './events/event-maps.js';
import type { AccountPanel } from './account-panel/account-panel.js';
import type { ImportModal } from './import-modal/import-modal.js';
import type { PermissionPicker } from './permission-picker/permission-picker.js';
import type { RoleEditor } from './role-editor/role-editor.js';
import type { RolePicker } from './role-picker/role-picker.js';
import type { RosterUserForm } from './user-form/user-form.js';
import type { UserTable } from './user-table/user-table.js';

export * from './index.js';

/** `on<event>` props for an element's custom events, each handler typed with the event's class. */
export type EventProps<Events> = { [K in keyof Events as `on${K & string}`]?: (event: Events[K]) => void };

/** The JSX props of a custom element: React's own, the element's public properties, its events. */
export type ElementProps<E extends HTMLElement, Props extends keyof E, Events = object> = HTMLAttributes<E> &
  RefAttributes<E> &
  Partial<Pick<E, Props>> &
  EventProps<Events> & { class?: string | undefined };

export type UserTableProps = ElementProps<UserTable, 'baseUrl' | 'pageSize' | 'token' | 'tokenProvider', UserTableEventMap>;
export type ImportModalProps = ElementProps<ImportModal, 'baseUrl' | 'token' | 'tokenProvider' | 'kind' | 'organizationId' | 'open', ImportModalEventMap>;
export type RolePickerProps = ElementProps<RolePicker, 'roles' | 'grantablePermissions' | 'value' | 'multiple' | 'required' | 'disabled' | 'name' | 'label', RolePickerEventMap>;
export type RoleEditorProps = ElementProps<RoleEditor, 'baseUrl' | 'token' | 'tokenProvider', RoleEditorEventMap>;
export type PermissionPickerProps = ElementProps<PermissionPicker, 'value' | 'grantablePermissions' | 'disabled' | 'name' | 'label', PermissionPickerEventMap>;
export type UserFormProps = ElementProps<RosterUserForm, 'api' | 'tenant' | 'organizations' | 'roles' | 'user' | 'mode', UserFormEventMap>;
export type AccountPanelProps = ElementProps<AccountPanel, 'baseUrl' | 'token' | 'tokenProvider' | 'session', AccountPanelEventMap>;

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'user-table': UserTableProps;
      'import-modal': ImportModalProps;
      'role-picker': RolePickerProps;
      'roster-user-form': UserFormProps;
      'account-panel': AccountPanelProps;
      'role-editor': RoleEditorProps;
      'permission-picker': PermissionPickerProps;
    }
  }
}
