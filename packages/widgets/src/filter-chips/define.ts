import { defineElement } from '../internal/define.js';
import { RosterFilterChips } from './filter-chips.js';

defineElement('roster-filter-chips', RosterFilterChips);

export { RosterFilterChips };
export { readView, writeView } from './view.js';
