import { reportRoundError } from '../observability/workers.js';

/**
 * Runs `round` now and again `intervalMs` after each round ends, while not stopped: never overlapping itself, never
 * crashing the process (a failed round is logged under `label`). `stop()` waits for the round in progress, which
 * asks `stopping()` between messages to end after its current send (a graceful shutdown). The outboxes' senders
 * (email, SMS, webhooks) poll this way.
 */
export function startPolling(label: string, round: (stopping: () => boolean) => Promise<unknown>, intervalMs: number) {
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const tick = () => {
    running = round(() => stopped)
      .catch((e) => reportRoundError(label, e))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, intervalMs);
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
