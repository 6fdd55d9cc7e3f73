import { Hono } from 'hono';
import { CreateTenantRequestSchema } from '@roster/contract';
import { timingSafeEqual, createHash } from 'node:crypto';
import type { Services } from '../../services/context.js';
import { createTenant } from '../../services/tenants.service.js';
import { parseJsonBody } from '../../middleware/validate/index.js';
import { rateLimit } from '../../middleware/rate-limit/index.js';
import { ApiError, unauthorized } from '../../errors.js';

const digest = (v: string) => createHash('sha256').update(v).digest();

/** Operator API: `Authorization: Bearer $ROSTER_PLATFORM_KEY`. Closed when no key is configured. */
export function platformRoutes(s: Services) {
  return new Hono()
    .use(rateLimit({ max: 60 }))
    .use(async function platformKey(c, next) {
      const key = s.config.platformKey;
      if (!key) throw new ApiError('forbidden', 'The platform API is disabled: set ROSTER_PLATFORM_KEY to enable it.');
      const header = c.req.header('authorization') ?? '';
      const presented = header.startsWith('Bearer ') ? header.slice(7) : '';
      if (!presented) throw unauthorized('Send Authorization: Bearer <platform key>.');
      if (!timingSafeEqual(digest(presented), digest(key))) throw new ApiError('invalid_token', 'The platform key is not valid.');
      await next();
    })
    .post('/tenants', async (c) => {
      const body = await parseJsonBody(c, CreateTenantRequestSchema);
      const created = await createTenant(s.platformDb, body, { requestId: c.get('requestId') });
      return c.json(created, 201);
    });
}
