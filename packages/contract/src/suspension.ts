import * as z from 'zod/mini';
import { checkOptions, ruleMessage } from './messages/index.js';

/**
 * Timed suspension (issue 17). Its messages are the API's (./messages/en-api.ts): the user's page shows the server's
 * field issues, so no element carries these words.
 */

/**
 * What a reason may not hold: control characters but tab and line feed, the bidirectional embeddings, overrides and
 * isolates (U+202A–U+202E, U+2066–U+2069: "‮evil" reads backwards on the user's page and in the audit log) and the
 * line and paragraph separators. Marks such as U+200E/U+200F and joiners stay: mixed-direction text needs them.
 */
const REASON_UNSAFE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\u2028\u2029]/;

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
    z.refine((v) => !REASON_UNSAFE.test(v), checkOptions(ruleMessage('suspension.reason_invisible'))),
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
