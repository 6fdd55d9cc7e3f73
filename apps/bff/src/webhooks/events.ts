import type { WebhookEvent } from '@roster/contract';

/** An audit entry as an event is built from it. */
export interface EventSource {
  id: string;
  action: string;
  actor_type: string;
  actor_id: string | null;
  target_type: string | null;
  target_id: string | null;
  before: unknown;
  after: unknown;
  created_at: string;
}

/**
 * The event of one audit entry, as the feed lists it and a delivery's body carries it (Standard Webhooks' `type`,
 * `timestamp`, `data`). Its id is the audit entry's and the type's: the same on every retry and replay, and in the
 * feed, so a receiver deduplicates by it.
 */
export const eventIdOf = (auditId: string, type: string) => `evt_${auditId}_${type.replace('.', '_')}`;

export function eventOf(a: EventSource, type: string): WebhookEvent {
  const after = a.after && typeof a.after === 'object' ? (a.after as Record<string, unknown>) : null;
  return {
    id: eventIdOf(a.id, type),
    type,
    timestamp: a.created_at,
    data: {
      objectType: a.target_type,
      objectId: a.target_id,
      actor: { type: a.actor_type, id: a.actor_id },
      ...(after && 'unassignOpenTickets' in after ? { unassignOpenTickets: after.unassignOpenTickets === true } : {}),
      after: a.after ?? null,
      before: a.before ?? null,
    },
  };
}
