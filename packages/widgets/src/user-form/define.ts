import { defineElement } from '../internal/define.js';
import { RosterUserForm } from './user-form.js';

defineElement('roster-user-form', RosterUserForm);
