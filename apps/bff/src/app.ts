import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import { HTTPException } from 'hono/http-exception';
import { HealthSchema, formatMessage, localizeIssue, type ErrorEnvelope } from '@roster/contract';
import { ApiError, notFound } from './errors.js';
import { isDatabaseUnavailable } from './db/db-faults.js';
import type { Services } from './services/context.js';
import { platformRoutes } from './routes/platform/platform.routes.js';
import { oauthMetadata, oauthRoutes } from './routes/oauth/oauth.routes.js';
import { widgetTokenRoutes } from './routes/widget-tokens/widget-tokens.routes.js';
import { userRoutes } from './routes/users/users.routes.js';
import { organizationRoutes } from './routes/organizations/organizations.routes.js';
import { attributeRoutes } from './routes/attributes/attributes.routes.js';
import { roleRoutes } from './routes/roles/roles.routes.js';
import { invitationRoutes } from './routes/invitations/invitations.routes.js';
import { auditRoutes } from './routes/audit/audit.routes.js';
import { authRoutes } from './routes/auth/auth.routes.js';
import { tenantRoutes } from './routes/tenant/tenant.routes.js';
import { accessGroupRoutes } from './routes/access-groups/access-groups.routes.js';
import { oauthClientRoutes } from './routes/oauth/oauth-clients.routes.js';
import { apiKeyRoutes } from './routes/api-keys/api-keys.routes.js';
import { eventFeedRoutes, webhookEndpointRoutes } from './routes/webhooks/webhooks.routes.js';
import { widgetRoutes } from './routes/widgets/widgets.routes.js';
import { publicRoutes } from './routes/public/public.routes.js';
import { scimRoutes } from './routes/scim/scim.routes.js';
import { emailSuppressionRoutes, emailTestRoutes } from './routes/email/email.routes.js';
import { buildOpenApiDocument } from './routes/meta/openapi.js';
import { withoutTenant } from './db/tenant-scope.js';
import { assertReady } from './services/health.service.js';
import { DOCS_CSP, docsAsset, docsAssets, docsPage } from './routes/meta/docs-page.js';
import { describe, ok } from './openapi/describe.js';
import { requestLanguage } from './lib/language.js';
import { observeRequests } from './observability/request-log.js';
import { log } from './observability/log.js';
import { metricsRoutes } from './routes/meta/metrics.routes.js';

/** Default body limit; the bulk import route raises its own. */
export const MAX_BODY_BYTES = 1024 * 1024;

function envelope(code: string, message: string, issues?: ErrorEnvelope['error']['issues']): ErrorEnvelope {
  return { error: issues && issues.length ? { code, message, issues } : { code, message } };
}

const bodyLimitOfOthers = bodyLimit({
  maxSize: MAX_BODY_BYTES,
  onError: () => {
    throw new ApiError('payload_too_large', { id: 'error.payload_too_large', params: { kb: MAX_BODY_BYTES / 1024 } });
  },
});

/** What a 503 (database unreachable) asks the caller to wait before retrying. */
export const RETRY_AFTER_SECONDS = 5;

const CORS_EXPOSED = 'X-Request-Id,Retry-After';
const corsPreflight = cors({ origin: '*', allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'Roster-Step-Up'], exposeHeaders: CORS_EXPOSED.split(','), maxAge: 600 });

const page = (description: string, type: string) => ({ description, content: { [type]: { schema: { type: 'string' as const } } } });

export function createApp(s: Services) {
  const app = new Hono()
    // Row-level security from the first statement: a request sees no tenant's rows until the gate (or a route that
    // knows the tenant, e.g. login) sets its tenant; cross-tenant lookups go through s.platformDb.
    .use((_c, next) => withoutTenant(next))
    .use(requestId())
    // One JSON log line and one duration observation per request (observability/).
    .use(observeRequests())
    .use(secureHeaders({ crossOriginResourcePolicy: 'cross-origin' }))
    // Widgets run in the host's origin and authenticate with a bearer token (no cookies), so any origin may call.
    .use('/v1/*', async (c, next) => {
      if (c.req.method === 'OPTIONS') return corsPreflight(c, next);
      // Set on the finished response: Hono's cors() touches c.res before the handler runs, which makes Hono
      // rebuild every response (a ReadableStream and a header copy per request, ~5% of a list request's CPU).
      await next();
      c.res.headers.set('Access-Control-Allow-Origin', '*');
      c.res.headers.set('Access-Control-Expose-Headers', CORS_EXPOSED);
    })
    // Bulk import sets its own, larger limit on its route. GET and HEAD carry no body: asking for one would build
    // a full Request object on every read.
    // SCIM sets the same limit itself, to answer in its own error format.
    .use((c, next) => (c.req.method === 'GET' || c.req.method === 'HEAD' || c.req.path === '/v1/users/bulk-import' || c.req.path.startsWith('/scim/') ? next() : bodyLimitOfOthers(c, next)))
    // Liveness: the process answers. It asks nothing of the database, so it stays fast while a long transaction
    // holds PGlite's one session (a bulk import) and a load balancer does not restart a busy but healthy process.
    .get(
      '/healthz',
      describe({ operationId: 'health', tag: 'Meta', summary: 'Liveness: the process answers (asks nothing of the database)', responses: { 200: ok('OK', HealthSchema) }, database: false }),
      (c) => c.json({ status: 'ok' as const, database: s.dbKind }, 200),
    )
    // Readiness: the database answers and has every migration this code needs. A database that cannot be reached
    // makes this throw: onError answers 503 with Retry-After.
    .get('/readyz', describe({ operationId: 'ready', tag: 'Meta', summary: 'Readiness: the database answers and has every migration (503 with Retry-After otherwise)', responses: { 200: ok('OK', HealthSchema) } }), async (c) => {
      await assertReady(s);
      return c.json({ status: 'ok' as const, database: s.dbKind }, 200);
    })
    .get(
      '/openapi.json',
      describe({ operationId: 'getOpenApiDocument', tag: 'Meta', summary: 'This document (OpenAPI 3.1), generated from the routes', responses: { 200: { description: 'The OpenAPI document', content: { 'application/json': { schema: { type: 'object' } } } } }, database: false }),
      async (c) => c.json(await openApiDocument(), 200),
    )
    .get('/docs', describe({ operationId: 'getReferencePage', tag: 'Meta', summary: 'The API reference page', responses: { 200: page('HTML', 'text/html') }, database: false }), (c) => {
      c.header('Content-Security-Policy', DOCS_CSP);
      return c.html(docsPage);
    })
    .get(
      '/docs/:asset',
      describe({
        operationId: 'getReferencePageFile', tag: 'Meta', summary: 'A file of the reference page (its renderer, styles and start script)',
        parameters: [{ name: 'asset', in: 'path', required: true, schema: { type: 'string', enum: Object.keys(docsAssets) } }],
        responses: { 200: page('The file', 'text/plain') }, errors: [404], database: false,
      }),
      async (c) => {
        const asset = docsAsset(c.req.param('asset'));
        if (!asset) throw notFound('File');
        return c.body(await asset.body, 200, { 'content-type': asset.type, 'cache-control': 'public, max-age=3600' });
      },
    )
    .get(
      '/.well-known/oauth-authorization-server',
      describe({ operationId: 'getOAuthMetadata', tag: 'OAuth', summary: 'OAuth 2.0 authorization server metadata (RFC 8414)', responses: { 200: { description: 'The metadata', content: { 'application/json': { schema: { type: 'object' } } } } }, database: false }),
      (c) => c.json(oauthMetadata(s), 200),
    )
    .route('/metrics', metricsRoutes(s))
    .route('/widgets', widgetRoutes(s))
    .route('/oauth', oauthRoutes(s))
    .route('/v1/platform', platformRoutes(s))
    .route('/v1/widget-tokens', widgetTokenRoutes(s))
    .route('/v1/users', userRoutes(s))
    .route('/v1/organizations', organizationRoutes(s))
    .route('/v1/attributes', attributeRoutes(s))
    .route('/v1/roles', roleRoutes(s))
    .route('/v1/invitations', invitationRoutes(s))
    .route('/v1/audit-events', auditRoutes(s))
    .route('/v1/auth', authRoutes(s))
    .route('/v1/tenant', tenantRoutes(s))
    .route('/v1/access-groups', accessGroupRoutes(s))
    .route('/v1/oauth-clients', oauthClientRoutes(s))
    .route('/v1/api-keys', apiKeyRoutes(s))
    .route('/v1/webhook-endpoints', webhookEndpointRoutes(s))
    .route('/v1/events', eventFeedRoutes(s))
    .route('/v1/email-suppressions', emailSuppressionRoutes(s))
    .route('/v1/email-tests', emailTestRoutes(s))
    .route('/v1/public', publicRoutes(s))
    // SCIM 2.0 for identity providers: its own error format (the sub-app's onError), its own media type.
    .route('/scim/v2', scimRoutes(s));

  let openapi: Promise<Record<string, unknown>> | undefined;
  /** Generated once, on first request, from the routes registered above. */
  function openApiDocument(): Promise<Record<string, unknown>> {
    return (openapi ??= buildOpenApiDocument(app, s.config.publicUrl));
  }

  app.notFound((c) => c.json(envelope('not_found', `No route for ${c.req.method} ${c.req.path}.`), 404));
  app.onError((err, c) => {
    // Error messages a person reads are in the request's language (the caller's session setting or Accept-Language).
    const lang = requestLanguage(c);
    c.header('Vary', 'Accept-Language', { append: true });
    if (err instanceof ApiError) {
      const message = err.localized ? formatMessage(err.localized.id, err.localized.params, lang) : err.message;
      return c.json(envelope(err.code, message, err.issues?.map((i) => localizeIssue(i, lang))), err.status as 400, err.headers);
    }
    if (err instanceof HTTPException) {
      const status = err.status;
      const code = status === 413 ? 'payload_too_large' : status === 401 ? 'unauthorized' : status < 500 ? 'bad_request' : 'internal_error';
      return c.json(envelope(code, err.message || 'The request could not be handled.'), status);
    }
    if (isDatabaseUnavailable(err)) {
      // The database refused, dropped or did not answer within its timeouts: tell the caller to come back.
      log().warn({ requestId: c.get('requestId'), err }, 'database unavailable');
      const message = formatMessage('error.service_unavailable', undefined, lang);
      return c.json(envelope('service_unavailable', message), 503, { 'Retry-After': String(RETRY_AFTER_SECONDS) });
    }
    log().error({ requestId: c.get('requestId'), err }, 'request failed');
    return c.json(envelope('internal_error', formatMessage('error.internal', { requestId: c.get('requestId') }, lang)), 500);
  });
  return app;
}

export type AppType = ReturnType<typeof createApp>;
