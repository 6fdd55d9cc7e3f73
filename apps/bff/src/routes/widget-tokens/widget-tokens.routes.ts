import { Hono } from 'hono';
import { WidgetTokenRequestSchema, WidgetTokenResponseSchema } from '@roster/contract';
import type { Services } from '../../services/context.js';
import { gate } from '../../middleware/gate/index.js';
import { jsonBody } from '../../middleware/validate/validator.js';
import { describe, ok } from '../../openapi/describe.js';
import { mintWidgetToken } from '../../services/tokens.service.js';

export function widgetTokenRoutes(s: Services) {
  return new Hono().post(
    '/',
    describe({ operationId: 'mintWidgetToken', tag: 'Widgets', summary: 'Mint a short-lived widget token acting as one user of the tenant', responses: { 201: ok('Widget token', WidgetTokenResponseSchema) }, errors: [404, 409] }),
    gate(s, 'widgets.mint'),
    jsonBody(WidgetTokenRequestSchema),
    async (c) => {
      const body = c.req.valid('json');
      const minted = await mintWidgetToken(s, c.get('principal'), body);
      return c.json(minted, 201, { 'Cache-Control': 'no-store' });
    },
  );
}
