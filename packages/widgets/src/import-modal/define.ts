import { defineElement } from '../internal/define.js';
import { ImportModal } from './import-modal.js';

defineElement('import-modal', ImportModal);

/** The package's `@roster/widgets/import-modal` entry point: importing it defines the tag. */
export { ImportModal };
