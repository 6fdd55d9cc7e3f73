import { defineElement } from '../internal/define.js';
import { AccountPanel } from './account-panel.js';

defineElement('account-panel', AccountPanel);

/** The package's `@roster/widgets/account-panel` entry point: importing it defines the tag. */
export { AccountPanel };
