import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { messagesOf, type Messages } from '@roster/contract';
import { localeOf } from '../internal/language.js';
import type { FromWorker, ToWorker } from './protocol.js';

/** Characters per message of a pasted or dropped text (at most 2 MB: copied into the message in a few milliseconds). */
const TEXT_SLICE = 1024 * 1024;

type Load = Extract<ToWorker, { type: 'load' }>;
type BodyRequest = Extract<ToWorker, { type: 'body' }>;

/** Why the engine could not go on: it stopped after it had answered, or it could not start at all. */
export type ChannelFailure = 'stopped' | 'no-worker';

/**
 * `<import-modal>`'s channel to its import engine: a module Web Worker, or — where the host page's policy blocks
 * workers — the same engine in the page (slower to check, but the import still works). Messages sent before the
 * worker has answered are kept, so that they can be replayed to the page's engine. The worker ends with the element.
 * It also keeps the protocol's bookkeeping: a text goes in slices, the page asks for one set of rows at a time (an
 * answer to an older request is dropped), and a request body comes back to the promise that asked for it.
 */
export class ImportWorkerChannel implements ReactiveController {
  private channel: { post(m: ToWorker): void; close(): void } | null = null;
  private unconfirmed: ToWorker[] | null = [];
  /** The latest load: the slices of an older one stop being sent. */
  private loadSeq = 0;
  private fetchSeq = 0;
  /** A request for rows is on its way. */
  fetching = false;
  private bodyRequests = new Map<number, (json: string) => void>();
  private nextRequest = 1;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly onMessage: (m: FromWorker) => void,
    private readonly onFailure: (why: ChannelFailure) => void,
  ) {
    host.addController(this);
  }

  post(m: ToWorker): void {
    this.ensureChannel().post(m.type === 'update' ? { ...m, ...this.language() } : m);
  }

  private sentLocale = '';
  /**
   * The element's language as it is now, for the engine to write the cells' problems in: with the contract's
   * messages in it when they were not sent yet (the page has them with its words, whichever language it registered).
   */
  private language(): { locale: string; messages?: Messages } {
    const locale = localeOf(this.host);
    const messages = locale === this.sentLocale ? undefined : messagesOf(locale);
    this.sentLocale = locale;
    return messages ? { locale, messages } : { locale };
  }

  /** Sends a text to be parsed: copying 10 MB into one message blocks the page for ~100 ms, so it goes in slices, one task each. */
  async load(text: string, load: Omit<Load, 'type' | 'id' | 'text' | 'locale'>): Promise<void> {
    const id = ++this.loadSeq;
    let start = 0;
    while (text.length - start > TEXT_SLICE) {
      // A slice never ends between the two halves of a surrogate pair.
      const end = start + TEXT_SLICE - ((text.charCodeAt(start + TEXT_SLICE - 1) & 0xfc00) === 0xd800 ? 1 : 0);
      this.post({ type: 'text', id, part: text.slice(start, end) });
      start = end;
      await new Promise((resolve) => setTimeout(resolve, 0));
      // A newer paste or file took over, or the dialog left the page.
      if (id !== this.loadSeq || !this.host.isConnected) return;
    }
    this.sentLocale = '';
    this.post({ type: 'load', id, text: start === 0 ? text : text.slice(start), ...load, ...this.language() });
  }

  /** Asks for the cells of these data rows; they arrive as a `rows` message. */
  requestRows(indices: number[]): void {
    this.fetching = true;
    this.post({ type: 'rows', requestId: ++this.fetchSeq, indices });
  }

  /** The request body, built in the engine (stringifying 100,000 rows would block the page). */
  requestBody(request: Omit<BodyRequest, 'type' | 'requestId'>): Promise<string> {
    const requestId = this.nextRequest++;
    return new Promise((resolve) => {
      this.bodyRequests.set(requestId, resolve);
      this.post({ type: 'body', requestId, ...request });
    });
  }

  private receive(m: FromWorker) {
    if (m.type === 'body') {
      this.bodyRequests.get(m.requestId)?.(m.json);
      this.bodyRequests.delete(m.requestId);
      return;
    }
    if (m.type === 'rows') {
      if (m.requestId !== this.fetchSeq) return;
      this.fetching = false;
    }
    this.onMessage(m);
  }

  hostDisconnected(): void {
    this.channel?.close();
    this.channel = null;
    this.unconfirmed = [];
  }

  private ensureChannel(): { post(m: ToWorker): void; close(): void } {
    if (this.channel) return this.channel;
    if (inPageOnly()) {
      void this.runInPage();
      return this.channel!;
    }
    try {
      // The bundler finds the worker module by this very expression; `Worker` is the bootstrapping one below.
      const worker = new Worker(new URL('./import.worker.ts', import.meta.url), { type: 'module' });
      worker.onmessage = (e: MessageEvent<FromWorker>) => {
        this.unconfirmed = null;
        this.receive(e.data);
      };
      worker.onerror = (e: ErrorEvent) => {
        e.preventDefault();
        if (this.unconfirmed) void this.runInPage();
        else this.onFailure('stopped');
      };
      this.channel = {
        post: (m) => {
          this.unconfirmed?.push(m);
          worker.postMessage(m);
        },
        close: () => worker.terminate(),
      };
    } catch {
      void this.runInPage();
    }
    return this.channel!;
  }

  private async runInPage() {
    this.channel?.close();
    const replay = this.unconfirmed ?? [];
    this.unconfirmed = null;
    const queued: ToWorker[] = [...replay];
    this.channel = { post: (m) => queued.push(m), close: () => undefined };
    try {
      const { createImportEngine, engineReadyFor } = await import('./engine.js');
      const handle = createImportEngine((m) => queueMicrotask(() => this.receive(m)));
      // In order, each on its own task; a text beyond ASCII first loads the email rules' confusables check (if that
      // fails, the engine says so for the text).
      let previous = Promise.resolve();
      const run = (m: ToWorker) => new Promise<void>((done) => setTimeout(() => (handle(m), done()), 0));
      this.channel = { post: (m) => void (previous = previous.then(() => engineReadyFor(m).catch(() => undefined)).then(() => run(m))), close: () => undefined };
      for (const m of queued) this.channel.post(m);
    } catch {
      this.onFailure('no-worker');
    }
  }
}

/**
 * A host whose Content-Security-Policy admits no `blob:` worker (e.g. `worker-src` limited to Roster's origin) says
 * so in its page, and the engine then runs in the page without trying a worker — which would only make the browser
 * report a violation: `<meta name="roster-import-engine" content="in-page">`.
 */
const inPageOnly = () => document.querySelector('meta[name="roster-import-engine" i]')?.getAttribute('content')?.trim().toLowerCase() === 'in-page';

/**
 * The import engine's module worker. A worker's script must come from the page's own origin, so when the elements
 * are loaded from Roster's origin into a host page elsewhere, the worker starts from a same-origin `blob:` module
 * that imports the real one across origins (the BFF serves it with CORS); its chunks then load next to it. Where
 * the page's policy refuses that too, construction throws or the worker reports an error before its first answer,
 * and the channel falls back to the in-page engine.
 */
// A function, not a subclass: the page's `Worker` is looked up when one starts (a subclass would bind the one there
// was when this module loaded, and a host or test that replaces it later would not be heard).
const Worker = function (url: URL, options: WorkerOptions): globalThis.Worker {
  if (url.origin === location.origin) return new globalThis.Worker(url, options);
  const bootstrap = URL.createObjectURL(new Blob([`import ${JSON.stringify(url.href)};`], { type: 'text/javascript' }));
  let worker: globalThis.Worker;
  try {
    worker = new globalThis.Worker(bootstrap, options);
  } catch (error) {
    URL.revokeObjectURL(bootstrap);
    throw error;
  }
  // The bootstrap lives as long as its worker.
  const terminate = worker.terminate.bind(worker);
  worker.terminate = () => {
    terminate();
    URL.revokeObjectURL(bootstrap);
  };
  return worker;
} as unknown as new (url: URL, options: WorkerOptions) => globalThis.Worker;
