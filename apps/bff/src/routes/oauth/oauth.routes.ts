import { Hono, type Context } from 'hono';
import { OAuthErrorSchema, oauthScopes, TokenResponseSchema, type Issue } from '@roster/contract';
import type { Services } from '../../services/context.js';
import { issueClientToken, OAuthError } from '../../services/tokens.service.js';
import { rateLimit } from '../../middleware/rate-limit/index.js';
import { unstorable } from '../../lib/storable-text.js';
import { describe, ok } from '../../openapi/describe.js';

const noStore = { 'Cache-Control': 'no-store', Pragma: 'no-cache' };

/** A form parameter that cannot be stored as text: RFC 6749's invalid_request, plus the envelope's `issues`. */
class OAuthParamError extends OAuthError {
  constructor(readonly issue: Issue) {
    super('invalid_request', `${String(issue.path.at(-1))}: ${issue.message}`);
  }
}

function oauthError(c: Context, e: OAuthError, basic: boolean) {
  const headers: Record<string, string> = { ...noStore };
  if (e.error === 'invalid_client' && basic) headers['WWW-Authenticate'] = 'Basic realm="roster", charset="UTF-8"';
  const issues = e instanceof OAuthParamError ? { issues: [e.issue] } : {};
  return c.json({ error: e.error, error_description: e.description, ...issues }, e.status as 400 | 401, headers);
}

async function readParams(c: Context): Promise<Record<string, string> | null> {
  const type = c.req.header('content-type') ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded')) return null;
  const params = new URLSearchParams(await c.req.text());
  const out: Record<string, string> = {};
  for (const [k, v] of params) {
    if (k in out) return null; // RFC 6749 §3.2: parameters must not be repeated
    const message = unstorable(k) ?? unstorable(v);
    if (message) throw new OAuthParamError({ path: ['body', k], message });
    out[k] = v;
  }
  return out;
}

/** Credentials from `Authorization: Basic` (client_secret_basic), form-urlencoded per RFC 6749 §2.3.1. */
function basicCredentials(header: string | undefined): { id: string; secret: string } | null | 'malformed' {
  if (!header) return null;
  if (!header.startsWith('Basic ')) return 'malformed';
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return 'malformed';
  try {
    const id = decodeURIComponent(decoded.slice(0, colon));
    const secret = decodeURIComponent(decoded.slice(colon + 1));
    return unstorable(id) || unstorable(secret) ? 'malformed' : { id, secret };
  } catch {
    return 'malformed';
  }
}

const tokenRequest = {
  required: true,
  content: {
    'application/x-www-form-urlencoded': {
      schema: {
        type: 'object' as const,
        required: ['grant_type'],
        properties: {
          grant_type: { type: 'string' as const, enum: ['client_credentials'] },
          scope: { type: 'string' as const, description: `Space-separated subset of: ${oauthScopes.join(', ')}` },
          client_id: { type: 'string' as const },
          client_secret: { type: 'string' as const },
        },
      },
    },
  },
};

/** RFC 6749 client-credentials grant, and the RFC 8414 metadata that points integrations at it. */
export function oauthRoutes(s: Services) {
  const token = new Hono().post(
    '/token',
    describe({
      operationId: 'issueToken', tag: 'OAuth', summary: 'OAuth 2.0 client-credentials grant (RFC 6749 §4.4); client_secret_basic or client_secret_post',
      requestBody: tokenRequest,
      responses: { 200: ok('Access token', TokenResponseSchema), 400: ok('RFC 6749 §5.2 error', OAuthErrorSchema), 401: ok('invalid_client', OAuthErrorSchema) },
    }),
    // Failed attempts per caller address: guessing a secret is hopeless, this only keeps the noise down.
    rateLimit(s, { max: 30, failuresOnly: true }),
    async (c) => {
      const basic = basicCredentials(c.req.header('authorization'));
      try {
        const params = await readParams(c);
        if (!params) throw new OAuthError('invalid_request', 'Send application/x-www-form-urlencoded parameters, each once.');
        if (basic === 'malformed') throw new OAuthError('invalid_client', 'The Authorization header is not valid Basic credentials.');
        if (!params.grant_type) throw new OAuthError('invalid_request', 'grant_type is required.');
        if (params.grant_type !== 'client_credentials') {
          throw new OAuthError('unsupported_grant_type', 'Only the client_credentials grant is supported.');
        }
        if (basic && (params.client_secret !== undefined || (params.client_id !== undefined && params.client_id !== basic.id))) {
          throw new OAuthError('invalid_request', 'Use one client authentication method, not both.');
        }
        const id = basic ? basic.id : params.client_id;
        const secret = basic ? basic.secret : params.client_secret;
        if (!id || !secret) throw new OAuthError('invalid_client', 'Client authentication is required.');
        const result = await issueClientToken(s, id, secret, params.scope);
        return c.json(result, 200, noStore);
      } catch (e) {
        if (e instanceof OAuthError) return oauthError(c, e, basic !== null);
        throw e;
      }
    },
  );
  return token;
}

export function oauthMetadata(s: Services) {
  return {
    issuer: s.config.publicUrl,
    token_endpoint: `${s.config.publicUrl}/oauth/token`,
    grant_types_supported: ['client_credentials'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    scopes_supported: [...oauthScopes],
    response_types_supported: [],
    service_documentation: `${s.config.publicUrl}/docs`,
  };
}
