import { defineElement } from '../internal/define.js';
import { RosterUserForm } from './user-form.js';

defineElement('roster-user-form', RosterUserForm);

/** The package's `@roster/widgets/user-form` entry point: importing it defines the tag. */
export { RosterUserForm };
