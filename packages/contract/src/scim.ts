import * as z from 'zod/mini';

/**
 * SCIM 2.0 (RFC 7643 / RFC 7644) at `/scim/v2`: identity providers (Entra ID, Okta) provision the end users of the one
 * organization an app with the `scim` scope is bound to. The names of the protocol, its paging limits and the rules
 * of the attributes Roster reads from a SCIM user; the users' own field rules stay those of the tenant's profile.
 */
export const SCIM_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const SCIM_GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const SCIM_ENTERPRISE_USER = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
/** Roster's extension of User: the tenant's custom attributes, by key (their schema lists them: `GET /Schemas`). */
export const SCIM_ROSTER_USER = 'urn:ietf:params:scim:schemas:extension:roster:2.0:User';
export const SCIM_LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const SCIM_PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const SCIM_ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';
export const SCIM_SERVICE_PROVIDER_CONFIG = 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig';
export const SCIM_RESOURCE_TYPE = 'urn:ietf:params:scim:schemas:core:2.0:ResourceType';
export const SCIM_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Schema';

/** The media type of SCIM answers (requests may also say application/json). */
export const SCIM_MEDIA_TYPE = 'application/scim+json';

/** Resources a list answers at most (`count` above it is lowered to it); the default when `count` is absent. */
export const SCIM_PAGE_MAX = 200;
export const SCIM_PAGE_DEFAULT = 100;
/** The longest filter read (characters), and how deeply it may nest. */
export const SCIM_FILTER_MAX = 2000;
export const SCIM_FILTER_DEPTH_MAX = 20;
/** An `externalId` as an identity provider sends it: 1 to 255 characters. */
export const SCIM_EXTERNAL_ID_MAX = 255;

/** RFC 7644 §3.12 `scimType` values Roster answers. */
export const scimTypes = ['invalidFilter', 'tooMany', 'uniqueness', 'mutability', 'invalidSyntax', 'invalidPath', 'noTarget', 'invalidValue', 'invalidVers', 'sensitive'] as const;
export type ScimType = (typeof scimTypes)[number];

/** RFC 7644 §3.12: every SCIM error answer. `status` is the HTTP status as text. */
export const ScimErrorSchema = z.object({
  schemas: z.array(z.literal(SCIM_ERROR)),
  status: z.string(),
  scimType: z.optional(z.enum(scimTypes)),
  detail: z.optional(z.string()),
});
export type ScimError = z.infer<typeof ScimErrorSchema>;

/**
 * A SCIM boolean as identity providers send it: `true`/`false`, or (Entra ID) the text `"True"`/`"False"` in any case.
 * Anything else is not a boolean.
 */
export function scimBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const v = value.trim().toLowerCase();
    if (v === 'true') return true;
    if (v === 'false') return false;
  }
  return undefined;
}

const text = (what: string) => z.string({ error: `${what} must be text.` });
const ScimBooleanSchema = z.pipe(
  z.unknown(),
  z.transform((v: unknown, ctx) => {
    const b = scimBoolean(v);
    if (b !== undefined) return b;
    ctx.issues.push({ code: 'custom', input: v, message: 'Must be true or false.' });
    return z.NEVER;
  }),
);

/** One of a user's emails as sent (`Primary` with a capital P is what Entra's tests send). */
const ScimEmailSchema = z.looseObject({
  value: z.optional(z.nullable(text('The email'))),
  type: z.optional(z.nullable(z.string())),
  primary: z.optional(z.unknown()),
  Primary: z.optional(z.unknown()),
});

/**
 * The attributes of a SCIM user Roster reads (POST and PUT): `userName` (the username, or the email where the tenant's
 * profile has no usernames of its own), `name.givenName`, `name.familyName`, `emails`, `active`, `externalId`. Other
 * attributes (addresses, phone numbers, the enterprise extension) are accepted and not kept. The names and the email
 * are then checked by the tenant's profile, as any user is.
 */
export const ScimUserInputSchema = z.looseObject({
  userName: z.pipe(text('userName'), z.transform((v: string) => v.normalize('NFC').trim())).check(z.refine((v) => v.length > 0, { error: 'userName is required.' })),
  name: z.optional(
    z.nullable(
      z.looseObject({
        givenName: z.optional(z.nullable(text('name.givenName'))),
        familyName: z.optional(z.nullable(text('name.familyName'))),
      }),
    ),
  ),
  emails: z.optional(z.nullable(z.array(ScimEmailSchema).check(z.maxLength(20)))),
  active: z.optional(ScimBooleanSchema),
  externalId: z.optional(
    z.nullable(text('externalId').check(z.refine((v) => v.length >= 1 && v.length <= SCIM_EXTERNAL_ID_MAX, { error: `externalId must have 1 to ${SCIM_EXTERNAL_ID_MAX} characters.` }))),
  ),
});
export type ScimUserInput = z.output<typeof ScimUserInputSchema>;

/** The email a SCIM user gives: the primary one, else the `work` one, else the first. */
export function scimPrimaryEmail(emails: readonly { value?: string | null | undefined; type?: string | null | undefined; primary?: unknown; Primary?: unknown }[] | null | undefined): string | undefined {
  if (!emails?.length) return undefined;
  const primary = emails.find((e) => scimBoolean(e.primary ?? e.Primary) === true);
  const work = emails.find((e) => e.type?.toLowerCase() === 'work');
  return (primary ?? work ?? emails[0])?.value ?? undefined;
}

/** A PATCH request (RFC 7644 §3.5.2): op names in any case (`Replace`, `Add`), as Entra ID sends them. */
export const ScimPatchSchema = z.looseObject({
  Operations: z
    .array(
      z.looseObject({
        op: z.pipe(text('op'), z.transform((v: string) => v.toLowerCase())).check(
          z.refine((v) => v === 'add' || v === 'replace' || v === 'remove', { error: 'op must be add, replace or remove.' }),
        ),
        path: z.optional(z.nullable(text('path').check(z.maxLength(SCIM_FILTER_MAX)))),
        value: z.optional(z.unknown()),
      }),
    )
    .check(z.minLength(1, { error: 'Operations must name at least one operation.' }), z.maxLength(100, { error: 'At most 100 operations in one request.' })),
});
export type ScimPatch = z.output<typeof ScimPatchSchema>;
export type ScimPatchOperation = ScimPatch['Operations'][number];
