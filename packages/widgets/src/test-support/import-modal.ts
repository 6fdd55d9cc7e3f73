import { waitUntil } from '@open-wc/testing';
import type { ImportModal } from '../import-modal/import-modal.js';

/** What the import-modal tests share: pasting cells, waiting for the worker's answer, and finding cells and buttons. */

/** Pastes `text` into the modal's paste area, as a person's Ctrl+V does. */
export function paste(el: ImportModal, text: string): void {
  const data = new DataTransfer();
  data.setData('text/plain', text);
  el.shadowRoot!.querySelector('textarea')!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
}

/** The worker has answered: the grid is shown, no check is running, no edit waits to be sent and the rows in view are fetched. */
export async function settled(el: ImportModal): Promise<void> {
  const internal = el as unknown as { progress: unknown; table: { pendingEdits: unknown[] } };
  await waitUntil(() => el.shadowRoot!.querySelector('.grid') && internal.progress === null && internal.table.pendingEdits.length === 0, 'validation finished', { timeout: 10_000 });
  // The rows in view come from the worker: wait until none is a placeholder.
  await waitUntil(() => !el.shadowRoot!.querySelector('.grid-row[aria-busy="true"]'), 'rows in view fetched', { timeout: 10_000 });
  await el.updateComplete;
}

/** The preview's input of row `row` (1-based) in the column labelled `label`. */
export const cell = (el: ImportModal, row: number, label: string) => el.shadowRoot!.querySelector<HTMLInputElement>(`input[aria-label="Row ${row}, ${label}"]`)!;

/** The footer's primary button (Check, Import, Done…). */
export const importButton = (el: ImportModal) => el.shadowRoot!.querySelector<HTMLButtonElement>('footer .primary')!;
