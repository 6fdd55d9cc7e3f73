import { defineElement } from '../internal/define.js';
import { UserTable } from './user-table.js';

defineElement('user-table', UserTable);

/** The package's `@roster/widgets/user-table` entry point: importing it defines the tag. */
export { UserTable };
