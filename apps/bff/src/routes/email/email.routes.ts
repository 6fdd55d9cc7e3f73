import { Hono, type MiddlewareHandler } from 'hono';
import { EmailSuppressionListQuerySchema, EmailSuppressionPageSchema, EmailSuppressionSchema, EmailTestResultSchema, addEmailSuppressionSchema, emailTestRequestSchema, profilePresets } from '@roster/contract';
import type { Services } from '../../services/context.js';
import { gate } from '../../middleware/gate/index.js';
import { parseJsonBody, validatedByService } from '../../middleware/validate/index.js';
import { query } from '../../middleware/validate/validator.js';
import { rateLimit } from '../../middleware/rate-limit/index.js';
import { bodyParsedByService, describe, ok } from '../../openapi/describe.js';
import { requestLanguage } from '../../lib/language.js';
import { addEmailSuppression, listEmailSuppressions, removeEmailSuppression, sendAddressTestEmail } from '../../services/email-suppressions.service.js';

/** Test emails a tenant may send in an hour, whichever route sends them. */
export const TEST_EMAILS_PER_HOUR = 20;
const limits = new WeakMap<Services, MiddlewareHandler>();
/** The one limiter of test emails per tenant (both routes count against it), after the gate. */
export function testEmailLimit(s: Services): MiddlewareHandler {
  let limit = limits.get(s);
  if (!limit) limits.set(s, (limit = rateLimit(s, { windowMs: 3600_000, max: TEST_EMAILS_PER_HOUR, key: (c) => `test-email:${c.get('principal').tenantId}` })));
  return limit;
}

const byProfile = 'The address follows the tenant’s policy profile (GET /v1/tenant); shown here for the default profile.';
const meta = (c: { get(key: 'requestId'): string }) => ({ requestId: c.get('requestId') });

/**
 * `/v1/email-suppressions`: the tenant's suppression list (seed 004). Addresses land on it when the mail server
 * refuses them for good (SMTP 5xx on the recipient) or when an admin adds one; no email goes to a listed address
 * (invitations, reset links and test emails answer 409 `email_suppressed`) until an admin removes it.
 */
export function emailSuppressionRoutes(s: Services) {
  return new Hono()
    .get(
      '/',
      describe({ operationId: 'listEmailSuppressions', tag: 'Email', summary: 'The suppression list: addresses no email goes to, newest first', description: '`q` finds addresses containing it (any case); keyset paging with `cursor`.', responses: { 200: ok('One page', EmailSuppressionPageSchema) } }),
      gate(s, 'users.write'),
      query(EmailSuppressionListQuerySchema),
      async (c) => c.json(await listEmailSuppressions(s, c.get('principal'), c.req.valid('query')), 200),
    )
    .post(
      '/',
      describe({
        operationId: 'addEmailSuppression', tag: 'Email', summary: 'Put an address on the suppression list (audited `email.suppressed`)',
        description: 'An address already on the list is answered as it stands (200), with its first reason.',
        requestBody: bodyParsedByService(addEmailSuppressionSchema(profilePresets.default), byProfile),
        responses: { 200: ok('Already on the list', EmailSuppressionSchema), 201: ok('Added', EmailSuppressionSchema) }, errors: [422],
      }),
      gate(s, 'users.write'),
      async (c) => {
        const r = await addEmailSuppression(s, c.get('principal'), await parseJsonBody(c, validatedByService), meta(c));
        return c.json(r.suppression, r.created ? 201 : 200);
      },
    )
    .delete(
      '/:address',
      describe({
        operationId: 'removeEmailSuppression', tag: 'Email', summary: 'Take an address off the suppression list once its mailbox works again (audited `email.suppression_removed`)',
        description: 'The address in any case (it is compared as users’ emails are). The next invitation, reset link or test email goes out again.',
        parameters: [{ name: 'address', in: 'path', required: true, description: 'The email address, URL-encoded', schema: { type: 'string' } }],
        responses: { 204: { description: 'Removed' } }, errors: [400, 404],
      }),
      gate(s, 'users.write'),
      async (c) => {
        await removeEmailSuppression(s, c.get('principal'), c.req.param('address'), meta(c));
        return c.body(null, 204);
      },
    );
}

/** `/v1/email-tests`: a test email to an address before a user is created with it (seed 004: "send a test email first"). */
export function emailTestRoutes(s: Services) {
  return new Hono().post(
    '/',
    describe({
      operationId: 'sendTestEmail', tag: 'Email', summary: 'Send a test email to an address, to check it before creating a user with it',
      description: `Queued through the outbox in the request’s language. A refusal by the recipient’s mail server puts the address on the suppression list. 409 \`email_suppressed\` when the address is already on it. At most ${TEST_EMAILS_PER_HOUR} test emails an hour per tenant (with \`POST /v1/users/:id/test-email\`); audited \`email.test_sent\`.`,
      requestBody: bodyParsedByService(emailTestRequestSchema(profilePresets.default), byProfile),
      responses: { 202: ok('Queued', EmailTestResultSchema) }, errors: [409, 422],
    }),
    gate(s, 'users.write'),
    testEmailLimit(s),
    async (c) => c.json(await sendAddressTestEmail(s, c.get('principal'), await parseJsonBody(c, validatedByService), meta(c), requestLanguage(c)), 202),
  );
}
