/// <reference lib="webworker" />
// The worker is not page weight: it checks addresses beyond ASCII without waiting for the confusables check to load.
import '@roster/contract/email-confusables';

import { createImportEngine } from './engine.js';
import type { FromWorker, ToWorker } from './protocol.js';

/** `<import-modal>`'s worker: the import engine off the main thread. */
const scope = self as unknown as DedicatedWorkerGlobalScope;
const handle = createImportEngine((m: FromWorker) => scope.postMessage(m));
scope.onmessage = (event: MessageEvent<ToWorker>) => handle(event.data);
