import * as z from 'zod/mini';

/**
 * Impersonation ("view as", issue 17): support sees the product as one end user sees it, in a session of that user
 * marked with who started it, for a few minutes. `POST /v1/users/:id/impersonate` needs `users.impersonate`, which no
 * built-in role holds; the target must be an active end user the caller sees (never a technician, an administrator or
 * the Root Admin).
 */
export const IMPERSONATION_MINUTES_DEFAULT = 15;
export const IMPERSONATION_MINUTES_MAX = 60;

export const ImpersonateRequestSchema = z.strictObject({
  /** How long the session lasts (default 15, 1 to 60 minutes). */
  minutes: z.optional(
    z.int({ error: 'Must be a whole number of minutes.' }).check(
      z.minimum(1, { error: `Must be 1 to ${IMPERSONATION_MINUTES_MAX} minutes.` }),
      z.maximum(IMPERSONATION_MINUTES_MAX, { error: `Must be 1 to ${IMPERSONATION_MINUTES_MAX} minutes.` }),
    ),
  ),
});
export type ImpersonateRequest = z.input<typeof ImpersonateRequestSchema>;

export const ImpersonationSchema = z.object({
  /** Open this URL in a browser: it signs the browser in as the user (once; the link is single-use) and lands on the tenant's page. */
  url: z.string(),
  sessionId: z.uuid(),
  expiresAt: z.string(),
});
export type Impersonation = z.infer<typeof ImpersonationSchema>;

/** `GET /v1/auth/impersonation?token=`: the landing link's query. */
export const ImpersonationLandingQuerySchema = z.strictObject({
  token: z.string({ error: 'The link has no token.' }).check(z.minLength(1, { error: 'The link has no token.' }), z.maxLength(200, { error: 'Is not a link token.' })),
});
