import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { FromWorker, ToWorker } from './protocol.js';

/** Why the engine could not go on: it stopped after it had answered, or it could not start at all. */
export type ChannelFailure = 'stopped' | 'no-worker';

/**
 * `<import-modal>`'s channel to its import engine: a module Web Worker, or — where the host page's policy blocks
 * workers — the same engine in the page (slower to check, but the import still works). Messages sent before the
 * worker has answered are kept, so that they can be replayed to the page's engine. The worker ends with the element.
 */
export class ImportWorkerChannel implements ReactiveController {
  private channel: { post(m: ToWorker): void; close(): void } | null = null;
  private unconfirmed: ToWorker[] | null = [];

  constructor(
    host: ReactiveControllerHost,
    private readonly onMessage: (m: FromWorker) => void,
    private readonly onFailure: (why: ChannelFailure) => void,
  ) {
    host.addController(this);
  }

  post(m: ToWorker): void {
    this.ensureChannel().post(m);
  }

  hostDisconnected(): void {
    this.channel?.close();
    this.channel = null;
    this.unconfirmed = [];
  }

  private ensureChannel(): { post(m: ToWorker): void; close(): void } {
    if (this.channel) return this.channel;
    try {
      const worker = new Worker(new URL('./import.worker.ts', import.meta.url), { type: 'module' });
      worker.onmessage = (e: MessageEvent<FromWorker>) => {
        this.unconfirmed = null;
        this.onMessage(e.data);
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
      const { createImportEngine } = await import('./engine.js');
      const handle = createImportEngine((m) => queueMicrotask(() => this.onMessage(m)));
      this.channel = { post: (m) => void setTimeout(() => handle(m), 0), close: () => undefined };
      for (const m of queued) this.channel.post(m);
    } catch {
      this.onFailure('no-worker');
    }
  }
}
