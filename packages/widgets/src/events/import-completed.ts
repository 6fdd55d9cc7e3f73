import type { BulkImportResponse } from '@roster/contract';

/** `<import-modal>` imported users: `event.result` holds the counts and the per-row results. */
export class ImportCompletedEvent extends Event {
  static readonly eventName = 'import-completed';
  constructor(readonly result: BulkImportResponse) {
    super(ImportCompletedEvent.eventName, { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'import-completed': ImportCompletedEvent;
  }
}
