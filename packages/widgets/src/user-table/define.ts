import { defineElement } from '../internal/define.js';
import { UserTable } from './user-table.js';

defineElement('user-table', UserTable);
