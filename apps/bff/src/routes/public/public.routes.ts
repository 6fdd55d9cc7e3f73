import { Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { SESSION_COOKIE } from '../../middleware/gate/index.js';
import { PublicBrandingQuerySchema, PublicBrandingSchema } from '@roster/contract';
import type { Services } from '../../services/context.js';
import { query } from '../../middleware/validate/validator.js';
import { describe, ok } from '../../openapi/describe.js';
import { publicBranding } from '../../services/branding.service.js';

/** What a page may ask before anyone signs in: only the branding it shows (self-service pages). */
export function publicRoutes(s: Services) {
  return new Hono().get(
    '/branding',
    describe({
      operationId: 'getPublicBranding',
      tag: 'Branding',
      summary: "The product name, logo and accent colour a self-service page shows: of a link's token (not spent), of a tenant id, or of the signed-in session's tenant",
      description: 'An unknown token or tenant answers the product’s own branding, like a tenant without any. Nothing else of the tenant is answered.',
      responses: { 200: ok('The branding to show', PublicBrandingSchema) },
    }),
    query(PublicBrandingQuerySchema),
    async (c) => c.json(await publicBranding(s, { ...c.req.valid('query'), session: getCookie(c, SESSION_COOKIE) }), 200),
  );
}
