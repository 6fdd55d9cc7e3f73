import type { MiddlewareHandler } from 'hono';
import { ApiError, unauthorized } from '../../errors.js';
import { hashSecret, secretMatches } from '../../auth/secrets.js';
import { documented, errors } from '../../openapi/describe.js';

/**
 * A key from the operator's configuration, sent as `Authorization: Bearer <key>` (the platform API, the metrics
 * scraper): compared in constant time; no key configured closes the routes with `closed`'s error.
 */
export function operatorKey(o: { scheme: string; what: string; key: () => string | undefined; closed: () => ApiError; closedStatus: 403 | 404 }): MiddlewareHandler {
  return documented<MiddlewareHandler>(
    async function operatorKeyMiddleware(c, next) {
      const key = o.key();
      if (!key) throw o.closed();
      const header = c.req.header('authorization') ?? '';
      const presented = header.startsWith('Bearer ') ? header.slice(7) : '';
      if (!presented) throw unauthorized(`Send Authorization: Bearer <${o.what}>.`);
      if (!secretMatches(presented, hashSecret(key))) throw new ApiError('invalid_token', `The ${o.what} is not valid.`);
      await next();
    },
    { security: [{ [o.scheme]: [] }], responses: errors(401, o.closedStatus) },
  );
}
