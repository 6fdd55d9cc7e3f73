import { Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { SESSION_COOKIE } from '../../middleware/gate/index.js';
import { LinkStatusQuerySchema, LinkStatusSchema, PublicBrandingQuerySchema, PublicBrandingSchema } from '@roster/contract';
import type { Services } from '../../services/context.js';
import { query } from '../../middleware/validate/validator.js';
import { describe, ok } from '../../openapi/describe.js';
import { publicBranding } from '../../services/branding.service.js';
import { linkStatus } from '../../services/link-status.service.js';
import { rateLimit } from '../../middleware/rate-limit/index.js';

/** What a page may ask before anyone signs in: the branding it shows, and whether its link still works (self-service pages). */
export function publicRoutes(s: Services) {
  return new Hono()
    .get(
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
    )
    .get(
      '/link-status',
      describe({
        operationId: 'getLinkStatus',
        tag: 'Lifecycle',
        summary: "What became of an emailed link (invitation, password reset, email change): valid, expired, used, replaced by a newer one, or unknown — asked by its page when it opens; the token is not spent",
        description: 'Answers the state and the kind of link only, never whose it is. Limited per source address like the routes that spend a link.',
        responses: { 200: ok('The link’s state and purpose (null when unknown)', LinkStatusSchema) },
      }),
      // Each page load asks once; a source address asking far more than a person opens links is guessing.
      rateLimit(s, { max: 60 }),
      query(LinkStatusQuerySchema),
      async (c) => c.json(await linkStatus(s, c.req.valid('query').token), 200),
    );
}
