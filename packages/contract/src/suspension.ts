import * as z from 'zod/mini';
import { checkOptions, ruleMessage } from './messages/index.js';

/**
 * Timed suspension (issue 17). Its messages are the API's (./messages/en-api.ts): the user's page shows the server's
 * field issues, so no element carries these words.
 */

/** The most characters a suspension's reason may have. */
export const SUSPENSION_REASON_MAX = 500;

/**
 * `POST /v1/users/:id/suspend`: why (shown on the user's page and in the audit log) and, optionally, when it ends by
 * itself — a time in the future, with its offset. Without `until` it lasts until an admin lifts it.
 */
export const SuspendUserRequestSchema = z.strictObject({
  reason: z.string({ error: checkOptions(ruleMessage('suspension.reason_required')).error }).check(
    z.refine((v) => v.trim().length > 0, checkOptions(ruleMessage('suspension.reason_required'))),
    z.maxLength(SUSPENSION_REASON_MAX, checkOptions(ruleMessage('suspension.reason_too_long', { max: SUSPENSION_REASON_MAX }))),
  ),
  until: z.optional(
    z.nullable(
      z.iso.datetime({ offset: true, error: checkOptions(ruleMessage('suspension.until_format')).error }).check(
        z.refine((v) => Date.parse(v) > Date.now(), checkOptions(ruleMessage('suspension.until_past'))),
      ),
    ),
  ),
});
export type SuspendUserRequest = z.infer<typeof SuspendUserRequestSchema>;
