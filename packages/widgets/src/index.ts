export { UserTable } from './user-table/user-table.js';
export { RolePicker } from './role-picker/role-picker.js';
export { UserSelectEvent } from './events/user-select.js';
export { UserTableLoadEvent } from './events/user-table-load.js';
export { UserChangedEvent, type UserChange } from './events/user-changed.js';
export { ApiClient, ApiError, TokenSource, type TokenGrant, type TokenProvider } from './internal/api-client.js';
export { defineElement } from './internal/define.js';
import './user-table/define.js';
import './role-picker/define.js';
