import { Hono } from 'hono';
import { ApiKeyListSchema, ApiKeySchema, ApiKeyWithSecretSchema, CreateApiKeyRequestSchema } from '@roster/contract';
import type { Services } from '../../services/context.js';
import { gate } from '../../middleware/gate/index.js';
import { idParam, jsonBody } from '../../middleware/validate/validator.js';
import { describe, ok } from '../../openapi/describe.js';
import { createKey, getKey, listKeys, revokeKey } from '../../services/api-keys.service.js';

const noStore = { 'Cache-Control': 'no-store' };

/** API keys for a tenant's own scripts (issue 17): `integrations.manage`, like OAuth apps. */
export function apiKeyRoutes(s: Services) {
  return new Hono()
    .get(
      '/',
      describe({ operationId: 'listApiKeys', tag: 'API keys', summary: 'The tenant’s API keys that are not revoked (expired ones too, with their expiry), with created and last-used times; never a key itself', responses: { 200: ok('API keys', ApiKeyListSchema) } }),
      gate(s, 'integrations.manage'),
      async (c) => c.json(await listKeys(s, c.get('principal')), 200),
    )
    .post(
      '/',
      describe({
        operationId: 'createApiKey', tag: 'API keys',
        summary: 'Create an API key: a name, its scopes (as an OAuth app’s, without scim), optionally the one organization it sees, days until it expires (default 90, at most 365). Send it as `Authorization: Bearer rk_…`; it is limited to 600 requests a minute. Nobody gives a key permissions they do not hold.',
        responses: { 201: ok('The key, with the key itself: shown in this answer only, never again', ApiKeyWithSecretSchema) }, errors: [],
      }),
      gate(s, 'integrations.manage'),
      jsonBody(CreateApiKeyRequestSchema),
      async (c) => c.json(await createKey(s, c.get('principal'), c.req.valid('json'), { requestId: c.get('requestId') }), 201, noStore),
    )
    .get(
      '/:id',
      describe({ operationId: 'getApiKey', tag: 'API keys', summary: 'One API key (never the key itself)', responses: { 200: ok('The key', ApiKeySchema) }, errors: [404] }),
      gate(s, 'integrations.manage'),
      idParam('id', 'API key'),
      async (c) => c.json(await getKey(s, c.get('principal'), c.req.valid('param').id), 200),
    )
    .delete(
      '/:id',
      describe({ operationId: 'revokeApiKey', tag: 'API keys', summary: 'Revoke an API key: it stops working on the next request', responses: { 204: { description: 'Revoked' } }, errors: [404] }),
      gate(s, 'integrations.manage'),
      idParam('id', 'API key'),
      async (c) => {
        await revokeKey(s, c.get('principal'), c.req.valid('param').id, { requestId: c.get('requestId') });
        return c.body(null, 204);
      },
    );
}
