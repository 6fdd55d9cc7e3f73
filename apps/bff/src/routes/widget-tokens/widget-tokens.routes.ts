import { Hono } from 'hono';
import { WidgetTokenRequestSchema } from '@roster/contract';
import type { Services } from '../../services/context.js';
import { gate } from '../../middleware/gate/index.js';
import { parseJsonBody } from '../../middleware/validate/index.js';
import { mintWidgetToken } from '../../services/tokens.service.js';

export function widgetTokenRoutes(s: Services) {
  return new Hono().post('/', gate(s, 'widgets.mint'), async (c) => {
    const body = await parseJsonBody(c, WidgetTokenRequestSchema);
    const minted = await mintWidgetToken(s, c.get('principal'), body);
    return c.json(minted, 201, { 'Cache-Control': 'no-store' });
  });
}
