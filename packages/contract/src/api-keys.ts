import * as z from 'zod/mini';
import { API_KEY_DAYS_MAX, apiKeyScopes } from './permissions.js';
import { OAuthClientNameSchema } from './oauth-clients.js';

/**
 * API keys (`/v1/api-keys`, issue 17): a tenant's own scripts call the API with one static bearer instead of the
 * client-credentials exchange. A key is scoped like an OAuth app (the same scopes, optionally bound to one
 * organization) and becomes the same kind of caller in the gate; it expires, is shown once, stored only as a hash,
 * recognisable by its `rk_` prefix, revocable, and records when it was last used.
 */
const Id = z.uuid({ error: 'Must be an ID (a UUID).' });
const Timestamp = z.string();

export const ApiKeySchema = z.object({
  id: Id,
  name: z.string(),
  /** The key's first characters (`rk_` and 8 more): enough to recognise it, useless to call with. */
  prefix: z.string(),
  scopes: z.array(z.enum(apiKeyScopes)),
  /** The one organization the key sees; null: every organization of the tenant. */
  organizationId: z.nullable(Id),
  createdAt: Timestamp,
  expiresAt: Timestamp,
  /** When the key was last used (to the minute); null: never. */
  lastUsedAt: z.nullable(Timestamp),
});
export type ApiKey = z.infer<typeof ApiKeySchema>;

/** The key with its secret: the creation's answer only; never stored, never shown again. */
export const ApiKeyWithSecretSchema = z.extend(ApiKeySchema, { key: z.string() });
export type ApiKeyWithSecret = z.infer<typeof ApiKeyWithSecretSchema>;

export const CreateApiKeyRequestSchema = z.strictObject({
  name: OAuthClientNameSchema,
  scopes: z.array(z.enum(apiKeyScopes, { error: `Must be one of: ${apiKeyScopes.join(', ')}.` })).check(
    z.minLength(1, { error: 'Choose at least one scope.' }),
    z.refine((v) => new Set(v).size === v.length, { error: 'Each scope may be named once.' }),
  ),
  organizationId: z.optional(z.nullable(Id)),
  /** Days until the key stops working (default 90, at most 365). */
  expiresInDays: z.optional(
    z.int({ error: 'Must be a whole number of days.' }).check(
      z.minimum(1, { error: `Must be 1 to ${API_KEY_DAYS_MAX} days.` }),
      z.maximum(API_KEY_DAYS_MAX, { error: `Must be 1 to ${API_KEY_DAYS_MAX} days.` }),
    ),
  ),
});
export type CreateApiKeyRequest = z.input<typeof CreateApiKeyRequestSchema>;

export const ApiKeyListSchema = z.object({ items: z.array(ApiKeySchema) });
