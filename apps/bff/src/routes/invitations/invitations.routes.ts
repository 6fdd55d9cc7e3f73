import { Hono } from 'hono';
import * as z from 'zod/mini';
import { AcceptInvitationRequestSchema } from '@roster/contract';
import type { Services } from '../../services/context.js';
import { parseJsonBody } from '../../middleware/validate/index.js';
import { rateLimit } from '../../middleware/rate-limit/index.js';
import { acceptInvitation, confirmMfaEnrolment } from '../../services/invitations.service.js';
import { inTenantOfToken } from '../../services/tenant-scopes.js';

const ConfirmMfaSchema = z.strictObject({ ticket: z.string().check(z.maxLength(200)), code: z.string().check(z.maxLength(12)) });

/**
 * Accepting an invitation is a POST with the token in the body: a GET of the emailed link (a mail scanner, a
 * preview) only loads the page and never spends the token.
 */
export function invitationRoutes(s: Services) {
  return new Hono()
    .use(rateLimit({ max: 20, failuresOnly: true }))
    .post('/accept', async (c) => {
      const body = await parseJsonBody(c, AcceptInvitationRequestSchema);
      return c.json(await inTenantOfToken(s, body.token, () => acceptInvitation(s, body, { requestId: c.get('requestId') })), 200);
    })
    .post('/confirm-mfa', async (c) => {
      const body = await parseJsonBody(c, ConfirmMfaSchema);
      return c.json(await inTenantOfToken(s, body.ticket, () => confirmMfaEnrolment(s, body, { requestId: c.get('requestId') })), 200);
    });
}
