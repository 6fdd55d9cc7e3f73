import { reportRoundError } from '../observability/workers.js';

/**
 * Runs `round` now and again `intervalMs` after each round ends, while not stopped: never overlapping itself, never
 * crashing the process (a failed round is logged under `label`). `stop()` waits for the round in progress, which
 * asks `stopping()` between messages to end after its current send (a graceful shutdown). The outboxes' senders
 * (email, SMS, webhooks) poll this way. A round that answers `{ full: true }` (it claimed a whole batch) is followed
 * by the next at once.
 */
export function startPolling(label: string, round: (stopping: () => boolean) => Promise<unknown>, intervalMs: number) {
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const tick = () => {
    let full = false;
    running = round(() => stopped)
      .then((result) => {
        full = (result as { full?: unknown } | undefined)?.full === true;
      })
      .catch((e) => reportRoundError(label, e))
      .finally(() => {
        // A round that claimed a full batch leaves more waiting: the next one starts at once (a 5,000-row import's
        // invitations drain at the mail server's pace, not a batch per interval).
        if (!stopped) timer = setTimeout(tick, full ? 0 : intervalMs);
      });
  };
  tick();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
