import { defineElement } from '../internal/define.js';
import { RosterOrganizationsPanel } from './organizations-panel.js';

defineElement('roster-organizations-panel', RosterOrganizationsPanel);

export { RosterOrganizationsPanel };
