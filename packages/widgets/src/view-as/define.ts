import { defineElement } from '../internal/define.js';
import { RosterViewAs } from './view-as.js';

defineElement('roster-view-as', RosterViewAs);

export { RosterViewAs };
