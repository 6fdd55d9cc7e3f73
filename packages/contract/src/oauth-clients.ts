import * as z from 'zod/mini';
import { oauthScopes, scopesNeedingOrganization } from './permissions.js';

/**
 * OAuth apps a tenant manages (`/v1/oauth-clients`, issue 15; seed 002's "Add client app"): a name, the scopes it
 * may ask for, optionally the one organization its tokens see. The secret is shown once, at creation and at each
 * rotation; a rotated secret keeps working for a grace period so the integration can be redeployed without a gap.
 */
const Id = z.uuid({ error: 'Must be an ID (a UUID).' });
const Timestamp = z.string();

/** Hours a rotated secret keeps working by default, and at most. */
export const SECRET_GRACE_HOURS_DEFAULT = 24;
export const SECRET_GRACE_HOURS_MAX = 168;

export const OAuthClientSchema = z.object({
  id: Id,
  name: z.string(),
  clientId: z.string(),
  scopes: z.array(z.enum(oauthScopes)),
  /** The one organization the app's tokens see; null: every organization of the tenant. */
  organizationId: z.nullable(Id),
  createdAt: Timestamp,
  /** When the app last got an access token; null: never. */
  lastUsedAt: z.nullable(Timestamp),
  secretRotatedAt: z.nullable(Timestamp),
  /** Until when the secret before the last rotation still works; null: it no longer does. */
  previousSecretExpiresAt: z.nullable(Timestamp),
  /** SCIM: users the app provisions get the invitation email (false: they are created without one). */
  scimSendInvitations: z.boolean(),
});
export type OAuthClient = z.infer<typeof OAuthClientSchema>;

/** The app with its secret: answered once, by creation and by rotation; never stored, never shown again. */
export const OAuthClientWithSecretSchema = z.extend(OAuthClientSchema, { clientSecret: z.string() });
export type OAuthClientWithSecret = z.infer<typeof OAuthClientWithSecretSchema>;

export const OAuthClientNameSchema = z.pipe(z.string({ error: 'Name is required.' }), z.transform((v: string) => v.trim())).check(
  z.refine((v) => v.length >= 1 && v.length <= 100, { error: 'Name must have 1 to 100 characters.' }),
  z.refine((v) => !/[\p{Cc}\p{Cf}]/u.test(v), { error: 'Name contains an invisible control character.' }),
);

export const CreateOAuthClientRequestSchema = z.strictObject({
  name: OAuthClientNameSchema,
  scopes: z.array(z.enum(oauthScopes, { error: `Must be one of: ${oauthScopes.join(', ')}.` })).check(
    z.minLength(1, { error: 'Choose at least one scope.' }),
    z.refine((v) => new Set(v).size === v.length, { error: 'Each scope may be named once.' }),
  ),
  organizationId: z.optional(z.nullable(Id)),
  /** With the `scim` scope: send the invitation email to the users it provisions (default false: none). */
  scimSendInvitations: z.optional(z.boolean({ error: 'Must be true or false.' })),
}).check(
  z.superRefine((v, ctx) => {
    const needs = v.scopes.find((s) => scopesNeedingOrganization.includes(s));
    if (needs && !v.organizationId) {
      ctx.issues.push({ code: 'custom', input: v.organizationId, path: ['organizationId'], message: `An app with the ${needs} scope must be bound to one organization.` });
    }
    if (v.scimSendInvitations !== undefined && !v.scopes.includes('scim')) {
      ctx.issues.push({ code: 'custom', input: v.scimSendInvitations, path: ['scimSendInvitations'], message: 'Applies to apps with the scim scope only.' });
    }
  }),
);
export type CreateOAuthClientRequest = z.input<typeof CreateOAuthClientRequestSchema>;

export const RotateOAuthClientSecretRequestSchema = z.strictObject({
  /** Hours the current secret keeps working beside the new one (0: it stops at once). */
  graceHours: z.optional(
    z.int({ error: 'Must be a whole number of hours.' }).check(
      z.minimum(0, { error: `Must be 0 to ${SECRET_GRACE_HOURS_MAX} hours.` }),
      z.maximum(SECRET_GRACE_HOURS_MAX, { error: `Must be 0 to ${SECRET_GRACE_HOURS_MAX} hours.` }),
    ),
  ),
});
export type RotateOAuthClientSecretRequest = z.input<typeof RotateOAuthClientSecretRequestSchema>;

export const OAuthClientListSchema = z.object({ items: z.array(OAuthClientSchema) });
