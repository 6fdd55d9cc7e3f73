import { defineElement } from '../internal/define.js';
import { RosterUserSheet } from './user-sheet.js';

defineElement('roster-user-sheet', RosterUserSheet);

export { RosterUserSheet };
