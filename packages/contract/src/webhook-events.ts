/**
 * The events webhooks carry (issue 15), free of zod: the console's event filter imports the list without pulling the
 * webhooks' schemas (./webhooks.ts builds on it) into its chunk.
 */
export const webhookEventTypes = [
  'user.created',
  'user.updated',
  'user.invited',
  'user.activated',
  'user.deactivated',
  'user.deleted',
  'user.locked',
  'user.unlocked',
  'user.suspended',
  'user.unsuspended',
  'user.sessions_revoked',
  'user.roles_changed',
  'role.created',
  'role.updated',
  'role.deleted',
  'seat.added',
  'import.completed',
] as const;
export type WebhookEventType = (typeof webhookEventTypes)[number];
