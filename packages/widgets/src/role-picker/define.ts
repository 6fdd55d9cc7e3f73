import { defineElement } from '../internal/define.js';
import { RolePicker } from './role-picker.js';

defineElement('role-picker', RolePicker);
