import { Hono } from 'hono';
import type { Services } from '../../services/context.js';
import { ApiError } from '../../errors.js';
import { describe } from '../../openapi/describe.js';
import { operatorKey } from '../../middleware/gate/operator-key.js';
import { renderMetrics } from '../../observability/metrics.js';

/**
 * `GET /metrics`: the Prometheus text exposition (observability/metrics.ts). Off unless ROSTER_METRICS_TOKEN is
 * set — a BFF faces the internet, and its series tell traffic, tenants' activity and queue sizes — and then only with
 * `Authorization: Bearer <token>`: the scraper's `authorization` (or `bearer_token_file`) setting.
 */
export function metricsRoutes(s: Services) {
  return new Hono().get(
    '/',
    describe({
      operationId: 'getMetrics',
      tag: 'Meta',
      summary: 'Prometheus metrics (text exposition format): off (404) unless ROSTER_METRICS_TOKEN is set, then with that bearer token',
      description:
        'Every series is listed in README ("Logs and metrics"). The pool and outbox gauges are read when scraped; a database that does not answer within 2 s leaves the outbox gauges at their last values, so the series are answered even while the database is down.',
      responses: { 200: { description: 'The series', content: { 'text/plain; version=0.0.4': { schema: { type: 'string' } } } } },
      database: false,
    }),
    operatorKey({
      scheme: 'metricsToken',
      what: 'metrics token',
      key: () => s.config.metricsToken,
      closed: () => new ApiError('not_found', 'Metrics are off: set ROSTER_METRICS_TOKEN to turn them on.'),
      closedStatus: 404,
    }),
    async (c) => {
      const m = await renderMetrics(s.platformDb);
      return c.body(m.body, 200, { 'content-type': m.contentType, 'cache-control': 'no-store' });
    },
  );
}
