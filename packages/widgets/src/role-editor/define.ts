import { defineElement } from '../internal/define.js';
import { RoleEditor } from './role-editor.js';

defineElement('role-editor', RoleEditor);

/** The package's `@roster/widgets/role-editor` entry point: importing it defines the tag. */
export { RoleEditor };
