import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { bulkImport, importTooLarge, MAX_IMPORT_BODY_BYTES } from '../../services/import/import.service.js';
import { importResponseJson } from '../../services/import/response-json.js';
import {
  ActivateUserRequestSchema,
  BulkImportQuerySchema,
  BulkImportRequestSchema,
  BulkImportResponseSchema,
  CloneUserRequestSchema,
  EffectiveModulesSchema,
  IdempotencyKeySchema,
  SetUserAccessGroupsRequestSchema,
  SetUserRolesRequestSchema,
  STEP_UP_HEADER,
  UserExportQuerySchema,
  UserListQuerySchema,
  UserPageSchema,
  UserDetailSchema,
  UserSchema,
  CreatedUserSchema,
  EmailTestResultSchema,
  createUserRequestSchema,
  patchUserSchema,
  profilePresets,
  RevokedSessionsSchema,
  SessionListSchema,
  SuspendUserRequestSchema,
  AttributeValuesSchema,
} from '@roster/contract';
import type { Services } from '../../services/context.js';
import { gate } from '../../middleware/gate/index.js';
import { headerParam, parseIdParam, parseJsonBody, parseQuery, validatedByService } from '../../middleware/validate/index.js';
import { idParam, jsonBody, query } from '../../middleware/validate/validator.js';
import { rateLimit, socketAddress } from '../../middleware/rate-limit/index.js';
import { longRunning } from '../../db/db-faults.js';
import { bodyParsedByService, describe, jsonContent, ok, schemaOf } from '../../openapi/describe.js';
import { exportUsersCsv, getUserDetail, listUsers } from '../../services/users.service.js';
import { requestLanguage } from '../../lib/language.js';
import { textStream } from '../../lib/text-stream.js';
import { setUserRoles } from '../../services/roles.service.js';
import { assignAccessGroups, effectiveModules } from '../../services/access-groups.service.js';
import { cloneUser, createUser, patchUser } from '../../services/user-edit.service.js';
import { resendInvitation } from '../../services/invitations.service.js';
import { activateUser, deactivateUser, unlockUser } from '../../services/activation.service.js';
import { adminResetPassword, resetMfa } from '../../services/credentials.service.js';
import { deleteUser } from '../../services/deletion.service.js';
import { getUserAttributes, patchUserAttributes } from '../../services/attributes.service.js';
import { endUserSessions, listUserSessions, revokeUserSessionAsAdmin } from '../../services/sessions.service.js';
import { suspendUser, unsuspendUser } from '../../services/suspension.service.js';
import { sendUserTestEmail } from '../../services/email-suppressions.service.js';
import { startImpersonation } from '../../services/impersonation.service.js';
import { ImpersonateRequestSchema, ImpersonationSchema } from '@roster/contract';
import { TEST_EMAILS_PER_HOUR, testEmailLimit } from '../email/email.routes.js';

const theUser = ok('The user', UserSchema);
const theUserDetail = ok('The user, with their explicit permissions, access groups and "All Module Access"', UserDetailSchema);
const stepUpHeader = { name: STEP_UP_HEADER, in: 'header' as const, required: false, description: 'A step-up token (POST /v1/auth/step-up), for a change of one’s own email', schema: { type: 'string' as const } };
/** The tenant's profile decides these bodies' rules, so the service parses them; documented for the default profile. */
const byProfile = 'Fields and rules follow the tenant’s policy profile (GET /v1/tenant); shown here for the default profile.';

export function userRoutes(s: Services) {
  const meta = (c: { get(key: 'requestId'): string }) => ({ requestId: c.get('requestId') });
  const write = ['users.write', 'end_users.write'] as const;
  return new Hono()
    .get('/', describe({ operationId: 'listUsers', tag: 'Users', summary: 'List users: filters, substring search, sort, keyset paging', description: 'Search ignores case and accents (`muller` finds Müller). Each sort breaks ties by last name, then first name, then id. The first page (no `cursor`) also carries `total`: exact up to 10,000 users, above that the database’s estimate (`exact: false`). **Incremental sync:** `updatedSince` (with `kind`, `organizationId`, `limit` only) answers the users changed since then and, in `deleted`, those deleted (kept 30 days), in the order of their changes, never past a change still being committed; follow `nextCursor` while it is not null, keep `syncCursor` and pass it as `cursor` later for what changed after.', responses: { 200: ok('One page', UserPageSchema) } }), gate(s, 'users.read', { keepPrincipal: true }), query(UserListQuerySchema), async (c) => {
      const query = c.req.valid('query');
      // The page arrives as JSON text built by the database (see listUsers).
      return c.body(await listUsers(s, c.get('principal'), query, Object.keys(c.req.query())), 200, { 'content-type': 'application/json' });
    })
    .get(
      '/export',
      describe({
        operationId: 'exportUsers', tag: 'Users', summary: 'Every user the list’s filters match, as CSV (streamed)',
        description:
          'The filters and sort of `GET /v1/users`, without paging. UTF-8 with a byte order mark (for Excel), a header row in the request’s language (`Accept-Language`: en, de, ar), one row per user: id, first name, last name, email, username, phone, kind, organization, status, 2FA, invitation, availability, roles (joined by "; "), language, created, last sign-in, updated. A cell a spreadsheet would read as a formula (starting with = + - @, a tab or a line break) is written as text (a leading `\'`).',
        responses: {
          200: {
            description: 'The CSV file',
            headers: { 'Content-Disposition': { description: '`attachment; filename="users-YYYY-MM-DD.csv"`', schema: { type: 'string' } } },
            content: { 'text/csv': { schema: { type: 'string' } } },
          },
        },
      }),
      gate(s, 'users.read'),
      query(UserExportQuerySchema),
      async (c) => {
        const pieces = exportUsersCsv(s, c.get('principal'), c.req.valid('query'), requestLanguage(c));
        const first = await pieces.next();
        const filename = `users-${new Date().toISOString().slice(0, 10)}.csv`;
        return c.body(textStream(pieces, first.done ? undefined : first.value), 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${filename}"`, 'cache-control': 'no-store' });
      },
    )
    .post(
      '/',
      describe({
        operationId: 'createUser', tag: 'Users', summary: 'Create a technician or an end user and send the invitation',
        description:
          'The invitation goes to the outbox in the same transaction (`invitation: "queued"`). When the address is on the tenant’s suppression list (mail to it bounced, or an admin listed it), the user is still created — the admin’s work is kept — but no invitation is sent: the answer says `invitation: "suppressed"`, and once the address is taken off the list (`DELETE /v1/email-suppressions/:address`) *Resend invitation* sends it.',
        requestBody: bodyParsedByService(createUserRequestSchema(profilePresets.default, {} as never), byProfile), responses: { 201: ok('The invited user, and whether the invitation was queued or held back (suppressed address)', CreatedUserSchema) }, errors: [400, 403, 409, 422],
      }),
      gate(s, write),
      async (c) => {
        const body = await parseJsonBody(c, validatedByService);
        return c.json(await createUser(s, c.get('principal'), body, meta(c)), 201);
      },
    )
    .post(
      '/bulk-import',
      describe({
        operationId: 'bulkImportUsers', tag: 'Users', summary: 'Bulk import users from pasted CSV/TSV text or rows',
        description:
          'Atomic (any bad row → 422 naming every cell as `rows.N.field`, nothing written) or per-row (imported / skipped / failed). `?dryRun=true` validates and writes nothing; `Idempotency-Key` makes a retry import once. At most 100,000 rows or 10 MB of text (413).',
        // The handler parses its body off the request thread and its query after it (import service); documented here.
        parameters: [
          { name: 'dryRun', in: 'query', required: false, description: '`true`: run the very same validation and write nothing', schema: schemaOf(BulkImportQuerySchema.shape.dryRun) },
          { name: 'Idempotency-Key', in: 'header', required: false, description: 'A retry with the same key and body answers the first import instead of importing again', schema: schemaOf(IdempotencyKeySchema) },
        ],
        requestBody: { required: true, content: jsonContent(BulkImportRequestSchema) },
        responses: { 200: ok('Dry run: what the import would do', BulkImportResponseSchema), 201: ok('Imported; invitations are in the outbox', BulkImportResponseSchema) },
        errors: [400, 403, 409, 413, 422],
      }),
      bodyLimit({ maxSize: MAX_IMPORT_BODY_BYTES, onError: () => { throw importTooLarge(); } }),
      gate(s, write),
      async (c) => {
        const dryRun = parseQuery(c, BulkImportQuerySchema).dryRun === 'true';
        // Up to 10 MB of JSON, as bytes: a large import decodes and parses them in its worker thread.
        const body = new Uint8Array(await c.req.arrayBuffer());
        // Its statements may run longer than a request's statement timeout (100,000 rows in one insert).
        const r = await longRunning(() => bulkImport(s, c.get('principal'), body, { ...meta(c), dryRun, idempotencyKey: headerParam(c, 'Idempotency-Key') }));
        // The answer's JSON comes written; a replayed one (up to 100,000 outcomes) is serialised in slices.
        const json = r.body instanceof Uint8Array ? r.body : await importResponseJson(r.body);
        return c.body(json, r.status, { 'content-type': 'application/json' });
      },
    )
    .get('/:id', describe({ operationId: 'getUser', tag: 'Users', summary: 'One user, with their explicit permissions, access groups and "All Module Access"', responses: { 200: theUserDetail }, errors: [404] }), gate(s, 'users.read'), async (c) => {
      const id = parseIdParam(c, 'id', 'User');
      return c.json(await getUserDetail(s, c.get('principal'), id), 200);
    })
    // Oneself with self.edit (seed 004; one's own email also needs a step-up in Roster-Step-Up); anyone else with users.write.
    .patch(
      '/:id',
      describe({
        operationId: 'patchUser', tag: 'Users', summary: 'Edit a user (username immutable; an email change re-invites or asks for confirmation)',
        description: 'Oneself with `self.edit` (one’s own email also needs a step-up token); anyone else with `users.write`.',
        parameters: [stepUpHeader], requestBody: bodyParsedByService(patchUserSchema(profilePresets.default, {} as never), byProfile), responses: { 200: theUser }, errors: [400, 403, 404, 409, 422],
      }),
      gate(s, []),
      async (c) => {
        const id = parseIdParam(c, 'id', 'User');
        const body = await parseJsonBody(c, validatedByService);
        return c.json(await patchUser(s, c.get('principal'), id, body, meta(c), { stepUpToken: c.req.header(STEP_UP_HEADER) }), 200);
      },
    )
    .delete('/:id', describe({ operationId: 'deleteUser', tag: 'Users', summary: 'Delete a user where the profile allows it (never the Root Admin)', responses: { 204: { description: 'Deleted' } }, errors: [404, 409] }), gate(s, ['users.delete', 'end_users.write']), async (c) => {
      await deleteUser(s, c.get('principal'), parseIdParam(c, 'id', 'User'), meta(c));
      return c.body(null, 204);
    })
    .get('/:id/attributes', describe({ operationId: 'getUserAttributes', tag: 'Attributes', summary: 'A user’s custom attribute values, keyed by attribute key (no value: absent)', responses: { 200: ok('The values', AttributeValuesSchema) }, errors: [404] }), gate(s, 'users.read'), async (c) => {
      return c.json(await getUserAttributes(s, c.get('principal'), parseIdParam(c, 'id', 'User')), 200);
    })
    .patch(
      '/:id/attributes',
      describe({
        operationId: 'patchUserAttributes', tag: 'Attributes', summary: 'Set a user’s custom attribute values (null clears one); answers all of them',
        description: 'Checked against the tenant’s attributes (`GET /v1/attributes`): an unknown key, a value of the wrong type or outside a one-of list, or a required attribute cleared is a 422 naming `body.<key>`, and nothing changes; an attribute whose type or options changed, or that was deleted, while the values were being saved is a 409 naming `body.<key>` (reload and try again).',
        requestBody: bodyParsedByService(AttributeValuesSchema, 'Key → value: text, number, true/false, a date YYYY-MM-DD, or null.'), responses: { 200: ok('The values', AttributeValuesSchema) }, errors: [403, 404, 409, 422],
      }),
      gate(s, write),
      async (c) => {
        const id = parseIdParam(c, 'id', 'User');
        return c.json(await patchUserAttributes(s, c.get('principal'), id, await parseJsonBody(c, validatedByService), meta(c)), 200);
      },
    )
    .put(
      '/:id/roles',
      describe({ operationId: 'setUserRoles', tag: 'Roles', summary: "Replace a user's roles and explicit permissions", responses: { 200: theUserDetail }, errors: [404, 409] }),
      gate(s, 'roles.manage'),
      idParam('id', 'User'),
      jsonBody(SetUserRolesRequestSchema),
      async (c) => c.json(await setUserRoles(s, c.get('principal'), c.req.valid('param').id, c.req.valid('json'), meta(c)), 200),
    )
    .put(
      '/:id/access-groups',
      describe({ operationId: 'setUserAccessGroups', tag: 'Access groups', summary: "Replace a user's access groups (or give every module)", responses: { 200: ok('The modules the user may open now', EffectiveModulesSchema) }, errors: [404] }),
      gate(s, 'roles.manage'),
      idParam('id', 'User'),
      jsonBody(SetUserAccessGroupsRequestSchema),
      async (c) => c.json(await assignAccessGroups(s, c.get('principal'), c.req.valid('param').id, c.req.valid('json'), meta(c)), 200),
    )
    .get(
      '/:id/modules',
      describe({ operationId: 'getUserModules', tag: 'Access groups', summary: 'The modules a user may open (anyone may ask about themself; others need users.read)', responses: { 200: ok('Modules', EffectiveModulesSchema) }, errors: [403, 404] }),
      gate(s, []),
      async (c) => c.json(await effectiveModules(s, c.get('principal'), parseIdParam(c, 'id', 'User')), 200),
    )
    .post(
      '/:id/clone',
      describe({ operationId: 'cloneUser', tag: 'Users', summary: "A new person with this user's settings and roles", description: 'Created and invited as by `POST /v1/users` (`invitation: "suppressed"` when the new address is on the suppression list).', responses: { 201: ok('The invited clone', CreatedUserSchema) }, errors: [403, 404, 409] }),
      gate(s, write),
      idParam('id', 'User'),
      jsonBody(CloneUserRequestSchema),
      async (c) => c.json(await cloneUser(s, c.get('principal'), c.req.valid('param').id, c.req.valid('json'), meta(c)), 201),
    )
    .post(
      '/:id/resend-invitation',
      describe({ operationId: 'resendInvitation', tag: 'Lifecycle', summary: 'Send the invitation again (a new link; the old one stops working)', description: '409 `email_suppressed` (nothing changes) while the user’s address is on the suppression list.', responses: { 200: theUser }, errors: [403, 404, 409] }),
      gate(s, 'users.invite'),
      rateLimit(s, { max: 10, key: (c) => `resend:${c.req.param('id')}` }),
      async (c) => c.json(await resendInvitation(s, c.get('principal'), parseIdParam(c, 'id', 'User'), meta(c)), 200),
    )
    .post(
      '/:id/deactivate',
      describe({ operationId: 'deactivateUser', tag: 'Lifecycle', summary: 'Deactivate a user (ends their sessions; the audit event tells ticket systems to unassign)', responses: { 200: theUser }, errors: [403, 404, 409] }),
      gate(s, 'users.deactivate'),
      async (c) => c.json(await deactivateUser(s, c.get('principal'), parseIdParam(c, 'id', 'User'), meta(c)), 200),
    )
    .post(
      '/:id/activate',
      describe({ operationId: 'activateUser', tag: 'Lifecycle', summary: 'Activate a user again (where technician seats are all taken, `confirmAddSeat` adds one)', responses: { 200: theUser }, errors: [403, 404, 409] }),
      gate(s, 'users.deactivate'),
      idParam('id', 'User'),
      jsonBody(ActivateUserRequestSchema, { optionalWhen: 'blank' }),
      async (c) => c.json(await activateUser(s, c.get('principal'), c.req.valid('param').id, c.req.valid('json'), meta(c)), 200),
    )
    // Timed suspension: the permission of deactivation, which it resembles (no sign-in), without its side effects.
    .post(
      '/:id/suspend',
      describe({
        operationId: 'suspendUser', tag: 'Lifecycle', summary: 'Suspend a user: no sign-in until `until` (or until lifted); ends their sessions and widget tokens',
        description: 'Unlike deactivation, the seat stays taken and no ticket is unassigned. Suspending a suspended user replaces the reason and the end. The suspension is lifted by itself at `until`: from then on the user shows `suspension: null` and signs in again. Not oneself, never the Root Admin, never someone holding an admin permission the caller does not (403); a deactivated user: 409. Audited `user.suspended` (webhook event `user.suspended`).',
        responses: { 200: theUser }, errors: [403, 404, 409],
      }),
      gate(s, 'users.deactivate'),
      idParam('id', 'User'),
      jsonBody(SuspendUserRequestSchema),
      async (c) => c.json(await suspendUser(s, c.get('principal'), c.req.valid('param').id, c.req.valid('json'), meta(c)), 200),
    )
    .post(
      '/:id/unsuspend',
      describe({ operationId: 'unsuspendUser', tag: 'Lifecycle', summary: 'Lift a suspension before its end (409 when none is in force); audited `user.unsuspended`', responses: { 200: theUser }, errors: [403, 404, 409] }),
      gate(s, 'users.deactivate'),
      async (c) => c.json(await unsuspendUser(s, c.get('principal'), parseIdParam(c, 'id', 'User'), meta(c)), 200),
    )
    .post(
      '/:id/unlock',
      describe({ operationId: 'unlockUser', tag: 'Lifecycle', summary: 'Unlock a user locked out by failed sign-ins', responses: { 200: theUser }, errors: [403, 404, 409] }),
      gate(s, 'users.reset_credentials'),
      async (c) => c.json(await unlockUser(s, c.get('principal'), parseIdParam(c, 'id', 'User'), meta(c)), 200),
    )
    .post(
      '/:id/reset-mfa',
      describe({ operationId: 'resetUserMfa', tag: 'Lifecycle', summary: "Reset an enrolled user's second factor (they enrol again at their next sign-in; 409 when none is set up)", responses: { 200: theUser }, errors: [403, 404, 409] }),
      gate(s, 'users.reset_credentials'),
      async (c) => c.json(await resetMfa(s, c.get('principal'), parseIdParam(c, 'id', 'User'), meta(c)), 200),
    )
    .post(
      '/:id/reset-password',
      describe({ operationId: 'resetUserPassword', tag: 'Lifecycle', summary: 'Send a user a password reset link', description: '409 `email_suppressed` (nothing changes) while the user’s address is on the suppression list.', responses: { 200: theUser }, errors: [403, 404, 409] }),
      gate(s, 'users.reset_credentials'),
      async (c) => c.json(await adminResetPassword(s, c.get('principal'), parseIdParam(c, 'id', 'User'), meta(c)), 200),
    )
    .post(
      '/:id/test-email',
      describe({
        operationId: 'sendUserTestEmail', tag: 'Email', summary: 'Send a user a test email, to check that mail reaches their address (seed 004)',
        description: `Queued through the outbox in the user’s language. A refusal by their mail server puts the address on the suppression list (the user’s page shows it). 409 \`email_suppressed\` when it is on it already. At most ${TEST_EMAILS_PER_HOUR} test emails an hour per tenant; audited \`email.test_sent\`.`,
        responses: { 202: ok('Queued', EmailTestResultSchema) }, errors: [403, 404, 409],
      }),
      gate(s, 'users.write'),
      testEmailLimit(s),
      async (c) => c.json(await sendUserTestEmail(s, c.get('principal'), parseIdParam(c, 'id', 'User'), meta(c)), 202),
    )
    // A user's sessions on their page: seen with users.read (within the caller's organizations), ended like the
    // other credential actions with users.reset_credentials.
    .get(
      '/:id/sessions',
      describe({ operationId: 'listUserSessions', tag: 'Lifecycle', summary: "A user's live sessions (self-service sign-ins): started, last used, browser, address", responses: { 200: ok('The sessions, most recently used first', SessionListSchema) }, errors: [404] }),
      gate(s, 'users.read'),
      async (c) => c.json(await listUserSessions(s, c.get('principal'), parseIdParam(c, 'id', 'User')), 200),
    )
    .delete(
      '/:id/sessions',
      describe({ operationId: 'endUserSessions', tag: 'Lifecycle', summary: 'Sign a user out everywhere: every session and widget token ends at once (audited `user.sessions_revoked`)', responses: { 200: ok('How many sessions ended', RevokedSessionsSchema) }, errors: [403, 404] }),
      gate(s, 'users.reset_credentials'),
      async (c) => c.json(await endUserSessions(s, c.get('principal'), parseIdParam(c, 'id', 'User'), meta(c)), 200),
    )
    // "View as" (issue 17): support sees what an end user sees, in a marked session of that user for a few minutes.
    .post(
      '/:id/impersonate',
      describe({
        operationId: 'impersonateUser', tag: 'Lifecycle',
        summary: 'View as an end user: a session of the user marked with you, for `minutes` (default 15, 1–60) → a single-use link that signs a browser in and lands on the tenant’s page. Only onto an active end user you see — never a technician, an administrator or the Root Admin (403); inside it credential changes are refused (403) and every audit entry names you too. Audited `user.impersonation_started`; the user is emailed afterwards where the profile says so.',
        responses: { 201: ok('The link (shown once), the session and its end', ImpersonationSchema) }, errors: [403, 404, 409],
      }),
      gate(s, 'users.impersonate'),
      idParam('id', 'User'),
      jsonBody(ImpersonateRequestSchema, { optionalWhen: 'empty' }),
      async (c) => c.json(await startImpersonation(s, c.get('principal'), c.req.valid('param').id, c.req.valid('json'), { ...meta(c), userAgent: c.req.header('user-agent')?.slice(0, 512), address: socketAddress(c) }), 201, { 'Cache-Control': 'no-store' }),
    )
    .delete(
      '/:id/sessions/:sessionId',
      describe({ operationId: 'revokeUserSession', tag: 'Lifecycle', summary: 'End one session of a user (audited `user.sessions_revoked`)', responses: { 204: { description: 'Ended' } }, errors: [403, 404] }),
      gate(s, 'users.reset_credentials'),
      async (c) => {
        await revokeUserSessionAsAdmin(s, c.get('principal'), parseIdParam(c, 'id', 'User'), parseIdParam(c, 'sessionId', 'Session'), meta(c));
        return c.body(null, 204);
      },
    );
}
