import { Hono } from 'hono';
import * as z from 'zod/mini';
import { AcceptInvitationRequestSchema, MfaEnrolmentSchema } from '@roster/contract';
import type { Services } from '../../services/context.js';
import { jsonBody } from '../../middleware/validate/validator.js';
import { rateLimit } from '../../middleware/rate-limit/index.js';
import { describe, ok } from '../../openapi/describe.js';
import { acceptInvitation, confirmMfaEnrolment } from '../../services/invitations.service.js';
import { inTenantOfToken } from '../../services/tenant-scopes.js';

const ConfirmMfaSchema = z.strictObject({ ticket: z.string().check(z.maxLength(200)), code: z.string().check(z.maxLength(12)) });

const Accepted = z.union([
  z.object({ status: z.literal('active'), mfa: z.null() }),
  z.object({ status: z.literal('mfa_enrolment_required'), mfa: MfaEnrolmentSchema }),
]);

/**
 * Accepting an invitation is a POST with the token in the body: a GET of the emailed link (a mail scanner, a
 * preview) only loads the page and never spends the token.
 */
export function invitationRoutes(s: Services) {
  return new Hono()
    .use(rateLimit({ max: 20, failuresOnly: true }))
    .post(
      '/accept',
      describe({ operationId: 'acceptInvitation', tag: 'Lifecycle', summary: 'Accept an invitation with a new password; answers the TOTP enrolment where 2FA is required', responses: { 200: ok('Active, or the second factor to enrol (otpauth URI and QR code)', Accepted) } }),
      jsonBody(AcceptInvitationRequestSchema),
      async (c) => {
        const body = c.req.valid('json');
        return c.json(await inTenantOfToken(s, body.token, () => acceptInvitation(s, body, { requestId: c.get('requestId') })), 200);
      },
    )
    .post(
      '/confirm-mfa',
      describe({ operationId: 'confirmInvitationMfa', tag: 'Lifecycle', summary: 'Confirm the TOTP factor of an accepted invitation with its first code → active, with the recovery codes shown this once', responses: { 200: ok('Active', z.object({ status: z.literal('active'), recoveryCodes: z.array(z.string()) })) } }),
      // Wrong codes are counted like a sign-in's: a ticket does not buy unlimited guesses.
      rateLimit({ max: 20, failuresOnly: true }),
      jsonBody(ConfirmMfaSchema),
      async (c) => {
        const body = c.req.valid('json');
        return c.json(await inTenantOfToken(s, body.ticket, () => confirmMfaEnrolment(s, body, { requestId: c.get('requestId') })), 200);
      },
    );
}
