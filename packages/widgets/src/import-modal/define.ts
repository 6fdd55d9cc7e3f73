import { defineElement } from '../internal/define.js';
import { ImportModal } from './import-modal.js';

defineElement('import-modal', ImportModal);
