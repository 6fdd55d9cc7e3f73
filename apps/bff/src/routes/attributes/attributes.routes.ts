import { Hono } from 'hono';
import { AttributeDefinitionListSchema, AttributeDefinitionSchema, CreateAttributeDefinitionSchema, PatchAttributeDefinitionSchema } from '@roster/contract';
import type { Services } from '../../services/context.js';
import { gate } from '../../middleware/gate/index.js';
import { parseIdParam } from '../../middleware/validate/index.js';
import { idParam, jsonBody } from '../../middleware/validate/validator.js';
import { describe, ok } from '../../openapi/describe.js';
import { attributeDefinitions, createAttributeDefinition, deleteAttributeDefinition, patchAttributeDefinition } from '../../services/attributes.service.js';

const theDefinition = ok('The attribute', AttributeDefinitionSchema);

/** `/v1/attributes`: the tenant's custom attribute definitions. Anyone who reads users reads them; `integrations.manage` changes them. */
export function attributeRoutes(s: Services) {
  const meta = (c: { get(key: 'requestId'): string }) => ({ requestId: c.get('requestId') });
  return new Hono()
    .get(
      '/',
      describe({
        operationId: 'listAttributes', tag: 'Attributes', summary: 'The tenant’s custom attributes, in their order',
        description: 'A user’s values are in `attributes` of the users list and `GET /v1/users/:id/attributes`; filter the list with `attr.<key>=<value>` (numbers and dates also `min..max`) and sort it with `sort=attr.<key>` (users without a value last).',
        responses: { 200: ok('The attributes', AttributeDefinitionListSchema) },
      }),
      gate(s, 'users.read'),
      async (c) => c.json({ items: await attributeDefinitions(s.db, c.get('principal').tenantId) }, 200),
    )
    .post(
      '/',
      describe({ operationId: 'createAttribute', tag: 'Attributes', summary: 'Define a custom attribute (key unique per tenant; at most 50)', responses: { 201: theDefinition }, errors: [409] }),
      gate(s, 'integrations.manage'),
      jsonBody(CreateAttributeDefinitionSchema),
      async (c) => c.json(await createAttributeDefinition(s, c.get('principal'), c.req.valid('json'), meta(c)), 201),
    )
    .patch(
      '/:id',
      describe({ operationId: 'patchAttribute', tag: 'Attributes', summary: 'Change an attribute’s labels, options, rules or place (its type only while no user has a value)', responses: { 200: theDefinition }, errors: [404, 409] }),
      gate(s, 'integrations.manage'),
      idParam('id', 'Attribute'),
      jsonBody(PatchAttributeDefinitionSchema),
      async (c) => c.json(await patchAttributeDefinition(s, c.get('principal'), c.req.valid('param').id, c.req.valid('json'), meta(c)), 200),
    )
    .delete('/:id', describe({ operationId: 'deleteAttribute', tag: 'Attributes', summary: 'Delete an attribute and every user’s value of it', responses: { 204: { description: 'Deleted' } }, errors: [404] }), gate(s, 'integrations.manage'), async (c) => {
      await deleteAttributeDefinition(s, c.get('principal'), parseIdParam(c, 'id', 'Attribute'), meta(c));
      return c.body(null, 204);
    });
}
