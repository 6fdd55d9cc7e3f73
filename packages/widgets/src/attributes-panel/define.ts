import { defineElement } from '../internal/define.js';
import { RosterAttributesPanel } from './attributes-panel.js';

defineElement('roster-attributes-panel', RosterAttributesPanel);

export { RosterAttributesPanel };
