import { defineElement } from '../internal/define.js';
import { RosterUserAttributes } from './user-attributes.js';

defineElement('roster-user-attributes', RosterUserAttributes);

export { RosterUserAttributes };
