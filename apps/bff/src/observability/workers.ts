import type { OutboxKind } from '../db/repositories/outbox-backlog.repository.js';
import { log } from './log.js';
import { countDeliveries } from './metrics.js';

/**
 * A sender's round (email, SMS, webhooks) as metrics and a log line: sent, failed (retried later) and dead (never
 * retried). A round that claimed nothing logs nothing.
 */
export function reportRound(kind: OutboxKind, r: { claimed: number; sent: number; failed: number; dead: number }, detail: Record<string, number> = {}) {
  countDeliveries(kind, 'sent', r.sent);
  countDeliveries(kind, 'failed', r.failed);
  countDeliveries(kind, 'dead', r.dead);
  if (r.claimed > 0) log().info({ worker: kind, claimed: r.claimed, sent: r.sent, failed: r.failed, dead: r.dead, ...detail }, 'outbox round');
}

/** One message that was not sent: its id, whether it is dead, and why (the error text is scrubbed like every field). */
export function reportSendFailure(kind: OutboxKind, id: string | number, dead: boolean, error: string) {
  log().warn({ worker: kind, messageId: String(id), dead, error }, 'send failed');
}

/** A round that threw (the database went away…): logged; the worker tries again at its next tick. */
export function reportRoundError(worker: string, err: unknown) {
  log().error({ worker, err }, 'worker round failed');
}
