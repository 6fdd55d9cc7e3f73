import type { Hono } from 'hono';
import { generateSpecs } from 'hono-openapi';
import { oauthScopes } from '@roster/contract';
import { SCIM_MEDIA_TYPE } from '@roster/contract';
import { errorEnvelopeSchema, errors, PERMISSIONS_EXTENSION } from '../../openapi/describe.js';
import { scimErrorContent } from '../scim/scim.routes.js';

type Operation = {
  description?: string;
  security?: Record<string, string[]>[];
  parameters?: { in: string; name: string; schema?: Record<string, unknown> }[];
  requestBody?: { content?: Record<string, unknown> };
  responses: Record<string, unknown>;
  [PERMISSIONS_EXTENSION]?: string[];
};

/** Every method but GET and HEAD passes app.ts's body limit (the bulk import its own), so each can answer 413. */
const bodyLimited = { responses: errors(413) };

/**
 * The OpenAPI document, generated from the app's routes: each route's `describe(…)` and the middleware on it (gate,
 * rate limit, platform key, the validators that parse its body, query and ids) — see openapi/describe.ts.
 */
export async function buildOpenApiDocument(app: Hono<any, any, any>, publicUrl: string) {
  const generated = await generateSpecs(app, {
    documentation: {
      info: {
        title: 'Roster BFF',
        version: '0.1.0',
        description:
          'Embeddable user administration. Every error is `{"error": {"code", "message", "issues"?: [{"path", "message"}]}}`; `issues[].path` names the request part first, e.g. `["body", "email"]` or `["query", "limit"]`. Widget tokens act as one user inside one tenant; OAuth client tokens carry scopes.',
      },
      servers: [{ url: publicUrl }],
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'An OAuth client access token or a widget token' },
          session: { type: 'apiKey', in: 'cookie', name: 'roster_session', description: 'The session of a person signed in with POST /v1/auth/login' },
          platformKey: { type: 'http', scheme: 'bearer', description: 'ROSTER_PLATFORM_KEY (operator only)' },
          metricsToken: { type: 'http', scheme: 'bearer', description: 'ROSTER_METRICS_TOKEN (the metrics scraper)' },
          oauth: { type: 'oauth2', flows: { clientCredentials: { tokenUrl: `${publicUrl}/oauth/token`, scopes: Object.fromEntries(oauthScopes.map((s) => [s, s])) } } },
        },
      },
    },
    // `/openapi.json` is a route like the others, not a static file.
    excludeStaticFile: false,
    // The validators document their own answers below (the envelope, not hono-openapi's default shape).
    defaultValidationErrorResponse: false,
    defaultOptions: { POST: bodyLimited, PUT: bodyLimited, PATCH: bodyLimited, DELETE: bodyLimited },
  });
  // Operations share objects generated once per middleware: finish a copy.
  const doc = structuredClone(generated);
  for (const [path, methods] of Object.entries(doc.paths ?? {})) {
    for (const op of Object.values(methods ?? {}) as Operation[]) finishOperation(path, op);
  }
  // The two error formats are named once, in components, and referred to by every error answer: a generated client
  // gets one ErrorEnvelope type (and one ScimError) instead of a copy per operation and status.
  const schemas = ((doc.components ??= {}) as { schemas?: Record<string, unknown> }).schemas ??= {};
  for (const [name, type, schema] of [
    ['ErrorEnvelope', 'application/json', errorEnvelopeSchema],
    ['ScimError', SCIM_MEDIA_TYPE, scimErrorContent[SCIM_MEDIA_TYPE].schema],
  ] as const) {
    schemas[name] = schema;
    const same = JSON.stringify(schema);
    for (const methods of Object.values(doc.paths ?? {})) {
      for (const op of Object.values(methods ?? {}) as Operation[]) {
        for (const [status, response] of Object.entries(op.responses)) {
          const r = response as { content?: Record<string, { schema?: unknown }> };
          const content = r.content?.[type];
          // A new answer object: the ones here may be shared with the routes' descriptions (never changed in place).
          if (status >= '400' && content && JSON.stringify(content.schema) === same) {
            op.responses[status] = { ...r, content: { ...r.content, [type]: { ...content, schema: { $ref: `#/components/schemas/${name}` } } } };
          }
        }
      }
    }
  }
  return doc;
}

function finishOperation(path: string, op: Operation) {
  // Middleware on a path prefix (the platform key) is merged once per handler of the route.
  if (op.security) op.security = [...new Map(op.security.map((r) => [JSON.stringify(r), r])).values()];
  // Path parameters in the order the path names them.
  op.parameters?.sort((a, b) => position(path, a) - position(path, b));
  // The gate's permission, as the operation's first sentence.
  const permissions = op[PERMISSIONS_EXTENSION];
  if (permissions?.length) {
    const needs = `Requires the ${permissions.map((p) => `\`${p}\``).join(' or ')} permission.`;
    op.description = op.description ? `${needs} ${op.description}` : needs;
  }
  // Ids in paths are UUIDs (a path id that is not one is a 404 like any missing id).
  for (const p of op.parameters ?? []) {
    if (p.in === 'path' && p.schema?.type === 'string' && !p.schema.format && !p.schema.enum) p.schema = { type: 'string', format: 'uuid' };
  }
  // What the validators answer: a query they check is a 400 when wrong; a JSON body a 400 (not JSON) or a 422.
  const validated: number[] = [];
  if (op.parameters?.some((p) => p.in === 'query')) validated.push(400);
  if (op.requestBody?.content?.['application/json']) validated.push(400, 422);
  const missing = validated.filter((status) => !(String(status) in op.responses));
  if (missing.length) Object.assign(op.responses, errors(...missing));
  // SCIM answers its errors in its own format (RFC 7644 §3.12), not in the envelope.
  if (path.startsWith('/scim/')) {
    for (const [status, response] of Object.entries(op.responses)) {
      if (status >= '400') op.responses[status] = { ...(response as object), content: scimErrorContent };
    }
  }
  op.responses = Object.fromEntries(Object.entries(op.responses).sort(([a], [b]) => a.localeCompare(b)));
}

/** Where a path parameter appears in the path; other parameters keep their order after them. */
const position = (path: string, p: { in: string; name: string }) => (p.in === 'path' ? path.indexOf(`{${p.name}}`) : path.length);
