import * as z from 'zod/mini';
import type { PolicyProfile } from './profile.js';
import { emailSchema } from './fields.js';
import { PageLimitSchema, emailSuppressionSources } from './domain.js';

/**
 * The tenant's suppression list (seed 004: "undeliverable email addresses are added to an internal suppression
 * list; once on this list, subsequent emails, including invitations, are blocked"). An address lands on it when the
 * mail server refuses it for good (SMTP 5xx on the recipient: `bounce`) or when an admin puts it there (`admin`);
 * only an admin takes it off. Addresses are kept as users' emails are compared (`normalizeEmail`).
 */
const Timestamp = z.string();

export const EmailSuppressionSchema = z.object({
  /** The address as users' emails are compared: NFC, trimmed, lower case, the domain in its ASCII form. */
  address: z.string(),
  /** Why: the mail server's answer to a bounce, or the admin's words. */
  reason: z.string(),
  source: z.enum(emailSuppressionSources),
  createdAt: Timestamp,
});
export type EmailSuppression = z.infer<typeof EmailSuppressionSchema>;

export const EmailSuppressionPageSchema = z.object({ items: z.array(EmailSuppressionSchema), nextCursor: z.nullable(z.string()) });
export type EmailSuppressionPage = z.infer<typeof EmailSuppressionPageSchema>;

/** `GET /v1/email-suppressions`: newest first, keyset paging; `q` finds addresses containing it (any case). */
export const EmailSuppressionListQuerySchema = z.strictObject({
  q: z.optional(
    z.pipe(z.string(), z.transform((v: string) => v.normalize('NFC').trim().toLowerCase())).check(
      z.refine((v) => v.length <= 254, { error: 'Search can have at most 254 characters.' }),
    ),
  ),
  limit: PageLimitSchema,
  cursor: z.optional(z.string().check(z.regex(/^[A-Za-z0-9_-]{1,800}$/, { error: 'Is not a cursor returned by this API.' }))),
});
export type EmailSuppressionListQuery = z.output<typeof EmailSuppressionListQuerySchema>;

const REASON_MAX = 500;
/** `POST /v1/email-suppressions`: an admin blocks an address (the person left, the mailbox is gone). */
export function addEmailSuppressionSchema(profile: PolicyProfile) {
  return z.strictObject({
    email: emailSchema(profile),
    reason: z.optional(
      z.pipe(z.string({ error: 'Must be text.' }), z.transform((v: string) => v.normalize('NFC').trim())).check(
        z.refine((v) => v.length <= REASON_MAX, { error: `Can have at most ${REASON_MAX} characters.` }),
      ),
    ),
  });
}

/** `POST /v1/email-tests`: a test email to an address before a user is created with it. */
export function emailTestRequestSchema(profile: PolicyProfile) {
  return z.strictObject({ email: emailSchema(profile) });
}

/** What a test email request answers: queued in the outbox, to this address. */
export const EmailTestResultSchema = z.object({ to: z.string(), queuedAt: Timestamp });
export type EmailTestResult = z.infer<typeof EmailTestResultSchema>;
