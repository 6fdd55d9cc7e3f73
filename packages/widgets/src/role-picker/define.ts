import { defineElement } from '../internal/define.js';
import { RolePicker } from './role-picker.js';

defineElement('role-picker', RolePicker);

/** The package's `@roster/widgets/role-picker` entry point: importing it defines the tag. */
export { RolePicker };
