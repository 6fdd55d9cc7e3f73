import { defineElement } from '../internal/define.js';
import { RosterIntegrationsPanel } from './integrations-panel.js';

defineElement('roster-integrations-panel', RosterIntegrationsPanel);

export { RosterIntegrationsPanel };
