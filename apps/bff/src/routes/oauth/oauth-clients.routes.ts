import { Hono } from 'hono';
import { CreateOAuthClientRequestSchema, OAuthClientListSchema, OAuthClientSchema, OAuthClientWithSecretSchema, RotateOAuthClientSecretRequestSchema } from '@roster/contract';
import type { Services } from '../../services/context.js';
import { gate } from '../../middleware/gate/index.js';
import { idParam, jsonBody } from '../../middleware/validate/validator.js';
import { describe, ok } from '../../openapi/describe.js';
import { createClient, getClient, listClients, revokeClient, rotateClientSecret } from '../../services/oauth-clients.service.js';

const noStore = { 'Cache-Control': 'no-store' };
const withSecret = (what: string) => ok(`${what}, with its secret: shown in this answer only, never again`, OAuthClientWithSecretSchema);

/** OAuth apps a tenant manages (issue 15, seed 002's API client apps): `integrations.manage`. */
export function oauthClientRoutes(s: Services) {
  return new Hono()
    .get(
      '/',
      describe({ operationId: 'listOAuthClients', tag: 'OAuth apps', summary: 'The tenant’s OAuth apps that work (revoked ones are gone), with created and last-used times', responses: { 200: ok('OAuth apps', OAuthClientListSchema) } }),
      gate(s, 'integrations.manage'),
      async (c) => c.json(await listClients(s, c.get('principal')), 200),
    )
    .post(
      '/',
      describe({
        operationId: 'createOAuthClient', tag: 'OAuth apps',
        summary: 'Create an OAuth app: a name, its scopes, optionally the one organization its tokens see. Nobody gives an app permissions they do not hold.',
        responses: { 201: withSecret('The app') }, errors: [],
      }),
      gate(s, 'integrations.manage'),
      jsonBody(CreateOAuthClientRequestSchema),
      async (c) => c.json(await createClient(s, c.get('principal'), c.req.valid('json'), { requestId: c.get('requestId') }), 201, noStore),
    )
    .get(
      '/:id',
      describe({ operationId: 'getOAuthClient', tag: 'OAuth apps', summary: 'One OAuth app (never its secret)', responses: { 200: ok('The app', OAuthClientSchema) }, errors: [404] }),
      gate(s, 'integrations.manage'),
      idParam('id', 'OAuth app'),
      async (c) => c.json(await getClient(s, c.get('principal'), c.req.valid('param').id), 200),
    )
    .post(
      '/:id/rotate-secret',
      describe({
        operationId: 'rotateOAuthClientSecret', tag: 'OAuth apps',
        summary: 'A new secret; the current one keeps working for graceHours (default 24, at most 168; 0 stops it at once)',
        responses: { 200: withSecret('The app') }, errors: [404],
      }),
      gate(s, 'integrations.manage'),
      idParam('id', 'OAuth app'),
      jsonBody(RotateOAuthClientSecretRequestSchema, { optionalWhen: 'blank' }),
      async (c) => c.json(await rotateClientSecret(s, c.get('principal'), c.req.valid('param').id, c.req.valid('json'), { requestId: c.get('requestId') }), 200, noStore),
    )
    .delete(
      '/:id',
      describe({ operationId: 'revokeOAuthClient', tag: 'OAuth apps', summary: 'Revoke an OAuth app: its access tokens and every widget token it minted stop working at once', responses: { 204: { description: 'Revoked' } }, errors: [404] }),
      gate(s, 'integrations.manage'),
      idParam('id', 'OAuth app'),
      async (c) => {
        await revokeClient(s, c.get('principal'), c.req.valid('param').id, { requestId: c.get('requestId') });
        return c.body(null, 204);
      },
    );
}
