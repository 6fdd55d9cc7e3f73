import { Hono } from 'hono';
import * as z from 'zod/mini';
import { AcceptInvitationRequestSchema, MfaEnrolmentSchema, SmsEnrolmentSchema, WebauthnAnswerSchema, WebauthnChallengeSchema } from '@roster/contract';
import { confirmSmsEnrolment } from '../../services/sms.service.js';
import { confirmInvitationKey } from '../../services/webauthn.service.js';
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
  z.object({ status: z.literal('webauthn_registration_required'), mfa: z.null(), webauthn: WebauthnChallengeSchema }),
  z.object({ status: z.literal('sms_enrolment_required'), mfa: z.null(), sms: SmsEnrolmentSchema }),
]);

/**
 * Accepting an invitation is a POST with the token in the body: a GET of the emailed link (a mail scanner, a
 * preview) only loads the page and never spends the token.
 */
export function invitationRoutes(s: Services) {
  return new Hono()
    .use(rateLimit(s, { max: 20, failuresOnly: true }))
    .post(
      '/accept',
      describe({ operationId: 'acceptInvitation', tag: 'Lifecycle', summary: 'Accept an invitation with a new password; answers the second factor to set up where 2FA is required', description: 'By the sign-in method an administrator chose: an authenticator app (`mfa`: otpauth URI and QR code, confirmed with POST /v1/invitations/confirm-mfa) or a security key or passkey (`webauthn`: the registration options and their ticket, answered with POST /v1/invitations/confirm-webauthn), or text messages (`sms`: a code is sent to `phone` — a mobile number, required when none is on file, else 422 naming `body.phone` — and confirmed with POST /v1/invitations/confirm-sms; POST /v1/auth/sms/enrolment-code sends another).', responses: { 200: ok('Active, or the second factor to set up', Accepted) } }),
      jsonBody(AcceptInvitationRequestSchema),
      async (c) => {
        const body = c.req.valid('json');
        return c.json(await inTenantOfToken(s, body.token, () => acceptInvitation(s, body, { requestId: c.get('requestId') })), 200);
      },
    )
    .post(
      '/confirm-mfa',
      describe({ operationId: 'confirmInvitationMfa', tag: 'Lifecycle', summary: 'Confirm the TOTP factor of an accepted invitation with its first code → active, with the recovery codes shown this once', responses: { 200: ok('Active', z.object({ status: z.literal('active'), recoveryCodes: z.array(z.string()) })) } }),
      jsonBody(ConfirmMfaSchema),
      async (c) => {
        const body = c.req.valid('json');
        return c.json(await inTenantOfToken(s, body.ticket, () => confirmMfaEnrolment(s, body, { requestId: c.get('requestId') })), 200);
      },
    )
    .post(
      '/confirm-sms',
      describe({ operationId: 'confirmInvitationSms', tag: 'Lifecycle', summary: 'Confirm the mobile number of an accepted invitation with the code sent to it → active, the number the person’s, with the recovery codes shown this once', description: 'A wrong code keeps the ticket and counts a try against the code (5 burn it): 422 naming `body.code`.', responses: { 200: ok('Active', z.object({ status: z.literal('active'), recoveryCodes: z.array(z.string()) })) }, errors: [400, 422] }),
      jsonBody(ConfirmMfaSchema),
      async (c) => {
        const body = c.req.valid('json');
        const done = await inTenantOfToken(s, body.ticket, () => confirmSmsEnrolment(s, body, 'invitation', { requestId: c.get('requestId') }));
        return c.json({ status: done.status, recoveryCodes: done.recoveryCodes }, 200);
      },
    )
    .post(
      '/confirm-webauthn',
      describe({ operationId: 'confirmInvitationWebauthn', tag: 'Lifecycle', summary: 'Register the first security key or passkey of an accepted invitation (the authenticator’s answer to its ticket) → active, with the recovery codes shown this once', description: 'The ticket is single-use and lives 5 minutes; the answer must come from the configured origin and relying party.', responses: { 200: ok('Active', z.object({ status: z.literal('active'), recoveryCodes: z.array(z.string()) })) }, errors: [400, 409, 422] }),
      jsonBody(WebauthnAnswerSchema),
      async (c) => {
        const body = c.req.valid('json');
        return c.json(await inTenantOfToken(s, body.ticket, () => confirmInvitationKey(s, body, { requestId: c.get('requestId') })), 200);
      },
    );
}
