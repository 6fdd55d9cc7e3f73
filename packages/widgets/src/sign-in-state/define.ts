import { defineElement } from '../internal/define.js';
import { RosterSignInState } from './sign-in-state.js';

defineElement('roster-sign-in-state', RosterSignInState);

export { RosterSignInState };
