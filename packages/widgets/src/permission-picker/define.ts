import { defineElement } from '../internal/define.js';
import { PermissionPicker } from './permission-picker.js';

defineElement('permission-picker', PermissionPicker);

/** The package's `@roster/widgets/permission-picker` entry point: importing it defines the tag. */
export { PermissionPicker };
