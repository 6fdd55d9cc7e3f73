import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { bulkImport, importTooLarge, MAX_IMPORT_BODY_BYTES } from '../../services/import.service.js';
import { importResponseJson } from '../../services/import-transfer.js';
import { jsonBodyOffThread } from '../../services/import-pool.js';
import { ActivateUserRequestSchema, BulkImportQuerySchema, UserListQuerySchema, STEP_UP_HEADER } from '@roster/contract';
import type { Services } from '../../services/context.js';
import { gate } from '../../middleware/gate/index.js';
import { headerParam, parseIdParam, parseJsonBody, parseQuery, validatedByService } from '../../middleware/validate/index.js';
import { rateLimit } from '../../middleware/rate-limit/index.js';
import { longRunning } from '../../db/db-faults.js';
import { getUser, listUsers } from '../../services/users.service.js';
import { setUserRoles } from '../../services/roles.service.js';
import { assignAccessGroups, effectiveModules } from '../../services/access-groups.service.js';
import { cloneUser, createUser, patchUser } from '../../services/user-edit.service.js';
import { resendInvitation } from '../../services/invitations.service.js';
import { activateUser, deactivateUser, unlockUser } from '../../services/activation.service.js';
import { adminResetPassword, resetMfa } from '../../services/credentials.service.js';
import { deleteUser } from '../../services/deletion.service.js';

export function userRoutes(s: Services) {
  const meta = (c: { get(key: 'requestId'): string }) => ({ requestId: c.get('requestId') });
  const write = ['users.write', 'end_users.write'] as const;
  return new Hono()
    .get('/', gate(s, 'users.read'), async (c) => {
      const query = parseQuery(c, UserListQuerySchema);
      // The page arrives as JSON text built by the database (see listUsers).
      return c.body(await listUsers(s, c.get('principal'), query), 200, { 'content-type': 'application/json' });
    })
    .post('/', gate(s, write), async (c) => {
      const body = await parseJsonBody(c, validatedByService);
      return c.json(await createUser(s, c.get('principal'), body, meta(c)), 201);
    })
    .post('/bulk-import', bodyLimit({ maxSize: MAX_IMPORT_BODY_BYTES, onError: () => { throw importTooLarge(); } }), gate(s, write), async (c) => {
      // Up to 10 MB of JSON: parsed in the import's worker pool, off the request thread.
      const body = await jsonBodyOffThread(await c.req.text());
      const dryRun = parseQuery(c, BulkImportQuerySchema).dryRun === 'true';
      // Its statements may run longer than a request's statement timeout (100,000 rows in one insert).
      const r = await longRunning(() => bulkImport(s, c.get('principal'), body, { ...meta(c), dryRun, idempotencyKey: headerParam(c, 'Idempotency-Key') }));
      // Up to 100,000 outcomes: serialised in slices, so other requests are answered meanwhile.
      return c.body(await importResponseJson(r.body), r.status, { 'content-type': 'application/json' });
    })
    .get('/:id', gate(s, 'users.read'), async (c) => {
      const id = parseIdParam(c, 'id', 'User');
      return c.json(await getUser(s, c.get('principal'), id), 200);
    })
    // Oneself with self.edit (seed 004; one's own email also needs a step-up in Roster-Step-Up); anyone else with users.write.
    .patch('/:id', gate(s, []), async (c) => {
      const id = parseIdParam(c, 'id', 'User');
      const body = await parseJsonBody(c, validatedByService);
      return c.json(await patchUser(s, c.get('principal'), id, body, meta(c), { stepUpToken: c.req.header(STEP_UP_HEADER) }), 200);
    })
    .delete('/:id', gate(s, ['users.delete', 'end_users.write']), async (c) => {
      await deleteUser(s, c.get('principal'), parseIdParam(c, 'id', 'User'), meta(c));
      return c.body(null, 204);
    })
    .put('/:id/roles', gate(s, 'roles.manage'), async (c) => {
      const id = parseIdParam(c, 'id', 'User');
      return c.json(await setUserRoles(s, c.get('principal'), id, await parseJsonBody(c, validatedByService), meta(c)), 200);
    })
    .put('/:id/access-groups', gate(s, 'roles.manage'), async (c) => {
      const id = parseIdParam(c, 'id', 'User');
      return c.json(await assignAccessGroups(s, c.get('principal'), id, await parseJsonBody(c, validatedByService), meta(c)), 200);
    })
    .get('/:id/modules', gate(s, []), async (c) => c.json(await effectiveModules(s, c.get('principal'), parseIdParam(c, 'id', 'User')), 200))
    .post('/:id/clone', gate(s, write), async (c) => {
      const id = parseIdParam(c, 'id', 'User');
      const body = await parseJsonBody(c, validatedByService);
      return c.json(await cloneUser(s, c.get('principal'), id, body, meta(c)), 201);
    })
    .post('/:id/resend-invitation', gate(s, 'users.invite'), rateLimit({ max: 10, key: (c) => `resend:${c.req.param('id')}` }), async (c) =>
      c.json(await resendInvitation(s, c.get('principal'), parseIdParam(c, 'id', 'User'), meta(c)), 200),
    )
    .post('/:id/deactivate', gate(s, 'users.deactivate'), async (c) =>
      c.json(await deactivateUser(s, c.get('principal'), parseIdParam(c, 'id', 'User'), meta(c)), 200),
    )
    .post('/:id/activate', gate(s, 'users.deactivate'), async (c) => {
      const id = parseIdParam(c, 'id', 'User');
      const text = await c.req.text();
      const body = text.trim() === '' ? {} : await parseJsonBody(c, ActivateUserRequestSchema);
      return c.json(await activateUser(s, c.get('principal'), id, body, meta(c)), 200);
    })
    .post('/:id/unlock', gate(s, 'users.reset_credentials'), async (c) =>
      c.json(await unlockUser(s, c.get('principal'), parseIdParam(c, 'id', 'User'), meta(c)), 200),
    )
    .post('/:id/reset-mfa', gate(s, 'users.reset_credentials'), async (c) =>
      c.json(await resetMfa(s, c.get('principal'), parseIdParam(c, 'id', 'User'), meta(c)), 200),
    )
    .post('/:id/reset-password', gate(s, 'users.reset_credentials'), async (c) =>
      c.json(await adminResetPassword(s, c.get('principal'), parseIdParam(c, 'id', 'User'), meta(c)), 200),
    );
}
