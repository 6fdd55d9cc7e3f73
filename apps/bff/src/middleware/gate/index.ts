import type { MiddlewareHandler } from 'hono';
import type { Permission } from '@roster/contract';
import { forbidden, invalidToken, unauthorized } from '../../errors.js';
import { loadPrincipal, type Principal } from '../../services/principal.js';
import type { Services } from '../../services/context.js';

declare module 'hono' {
  interface ContextVariableMap {
    principal: Principal;
  }
}

const BEARER = /^Bearer ([A-Za-z0-9._~+/=-]+)$/;

/**
 * The one place where permissions are checked. Authenticates the bearer token (an OAuth client's access token or
 * a widget token), loads the caller's permissions from the database on every request, so a revoked permission
 * takes effect at once, and refuses the request unless the caller holds `permission`.
 */
export function gate(services: Services, permission: Permission): MiddlewareHandler {
  return async function gateMiddleware(c, next) {
    let principal = c.get('principal') as Principal | undefined;
    if (!principal) {
      const header = c.req.header('authorization');
      if (!header) throw unauthorized('Send an Authorization: Bearer token.');
      const match = BEARER.exec(header);
      if (!match?.[1]) throw invalidToken();
      const claims = await services.tokens.verify(match[1]);
      if (!claims) throw invalidToken();
      const loaded = await loadPrincipal(services.db, claims);
      if (!loaded) throw invalidToken();
      principal = loaded;
      c.set('principal', principal);
    }
    if (!principal.permissions.has(permission)) {
      throw forbidden(`This needs the ${permission} permission.`);
    }
    await next();
  };
}
