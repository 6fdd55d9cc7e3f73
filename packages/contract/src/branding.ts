import * as z from 'zod/mini';
import { ruleIssue } from './fields.js';
import { checkOptions, registerMessages, ruleMessage, type MessageId } from './messages/index.js';
import { enApi } from './messages/en-api.js';

// The branding's messages are the API's (./messages/en-api.ts): a page without branding carries none of them.
registerMessages('en', enApi);

/**
 * A tenant's branding (white-label, SPEC §1 and §5): what an end user sees instead of the name Roster — in every
 * email of the tenant, on the self-service pages and as the issuer of their authenticator entry — and the origin of
 * the links in its emails (`linkBaseUrl`, set by the operator only). Every field is optional; null clears it.
 */

/** What a tenant without a product name is called, in its emails, pages and authenticator apps. */
export const DEFAULT_PRODUCT_NAME = 'Roster';
export const BRANDING_NAME_MAX = 60;
export const LOGO_URL_MAX = 2048;
export const LINK_BASE_URL_MAX = 512;

/** Control characters, bidi and zero-width format characters, line and paragraph separators. */
const INVISIBLE = /[\p{Cc}\p{Cf}\u2028\u2029]/u;
/** What would let a display name break out of an email's From header: line breaks, angle brackets, quotes. */
const HEADER_BREAKING = /[\r\n<>"]/;

/** The branding fields (their names come from the message catalogues: `field.productName`…). */
type BrandingField = 'productName' | 'senderName' | 'accentColor' | 'logoUrl' | 'linkBaseUrl';
/** zod's options for a check of `field` saying message `id`. */
const says = (id: MessageId, field: BrandingField, params?: Record<string, number>) => checkOptions(ruleMessage(id, { field, ...params }));

const trimmed = (field: BrandingField) => z.pipe(z.string({ error: says('value.must_be_text', field).error }), z.transform((v: string) => v.normalize('NFC').trim()));

const ProductName = trimmed('productName').check(
  z.refine((v) => v.length >= 1, says('branding.empty', 'productName')),
  z.refine((v) => v.length <= BRANDING_NAME_MAX, says('field.too_long', 'productName', { max: BRANDING_NAME_MAX })),
  z.refine((v) => !INVISIBLE.test(v), says('branding.invisible', 'productName')),
);

const SenderName = trimmed('senderName').check(
  z.refine((v) => v.length >= 1, says('branding.empty', 'senderName')),
  z.refine((v) => v.length <= BRANDING_NAME_MAX, says('field.too_long', 'senderName', { max: BRANDING_NAME_MAX })),
  z.refine((v) => !HEADER_BREAKING.test(v), says('branding.header_breaking', 'senderName')),
  z.refine((v) => HEADER_BREAKING.test(v) || !INVISIBLE.test(v), says('branding.invisible', 'senderName')),
);

/** `#rrggbb`, stored in lower case. */
const AccentColor = z.pipe(
  z.string({ error: says('value.must_be_text', 'accentColor').error }).check(z.regex(/^#[0-9a-fA-F]{6}$/, { error: says('branding.accent_color', 'accentColor').error })),
  z.transform((v: string) => v.toLowerCase()),
);

/** An absolute https URL as the WHATWG parser reads it (the browser's and Node's), or why it is refused. */
function httpsUrl(raw: string, max: number): URL | MessageId {
  if (raw.length > max) return 'field.too_long';
  if (/[\s\p{Cc}\p{Cf}]/u.test(raw)) return 'url.spaces';
  if (!/^https:\/\//i.test(raw) || !URL.canParse(raw)) return 'url.not_https';
  const url = new URL(raw);
  if (url.protocol !== 'https:' || url.hostname === '') return 'url.not_https';
  if (url.username !== '' || url.password !== '') return 'url.credentials';
  return url;
}

const checkedUrl = (field: BrandingField, max: number, extra: (url: URL, raw: string) => MessageId | null, normalize: (url: URL) => string) =>
  z.pipe(
    z.string({ error: says('value.must_be_text', field).error }),
    z.transform((raw: string, ctx) => {
      const url = httpsUrl(raw.trim(), max);
      const why = typeof url === 'string' ? url : extra(url, raw.trim());
      if (why !== null) {
        ctx.issues.push(ruleIssue(ruleMessage(why, why === 'field.too_long' ? { field, max } : { field }), raw));
        return z.NEVER;
      }
      const out = normalize(url as URL);
      if (out.length > max) {
        ctx.issues.push(ruleIssue(ruleMessage('field.too_long', { field, max }), raw));
        return z.NEVER;
      }
      return out;
    }),
  );

/** The logo shown in emails and on the self-service pages: an absolute https URL without credentials. */
const LogoUrl = checkedUrl('logoUrl', LOGO_URL_MAX, () => null, (url) => url.href);

/**
 * The base of every link in the tenant's emails (an MSP's own domain): an https origin with an optional path prefix
 * and nothing else — no query, no fragment, no credentials. Stored without a trailing slash.
 */
export const LinkBaseUrlSchema = checkedUrl(
  'linkBaseUrl',
  LINK_BASE_URL_MAX,
  (url, raw) => (raw.includes('?') || url.search !== '' ? 'url.query' : raw.includes('#') || url.hash !== '' ? 'url.fragment' : null),
  (url) => `${url.origin}${url.pathname.replace(/\/+$/, '')}`,
);

/** The branding fields a request may send: each optional, null clears it. */
export const BrandingInputSchema = z.strictObject({
  productName: z.optional(z.nullable(ProductName)),
  logoUrl: z.optional(z.nullable(LogoUrl)),
  accentColor: z.optional(z.nullable(AccentColor)),
  senderName: z.optional(z.nullable(SenderName)),
});
export type BrandingInput = z.input<typeof BrandingInputSchema>;
export type BrandingChange = z.output<typeof BrandingInputSchema>;

/** A tenant's branding as stored and answered: null where the tenant has not set the field. */
export const BrandingSchema = z.object({
  productName: z.nullable(z.string()),
  logoUrl: z.nullable(z.string()),
  accentColor: z.nullable(z.string()),
  senderName: z.nullable(z.string()),
});
export type Branding = z.infer<typeof BrandingSchema>;

export const noBranding: Branding = { productName: null, logoUrl: null, accentColor: null, senderName: null };

/** `GET`/`PUT /v1/tenant/branding` and the operator's `PATCH /v1/platform/tenants/:tenantId` answer this. */
export const TenantBrandingSchema = z.object({
  branding: BrandingSchema,
  /** Set by the operator only; null: links use the deployment's ROSTER_PUBLIC_URL. */
  linkBaseUrl: z.nullable(z.string()),
});
export type TenantBranding = z.infer<typeof TenantBrandingSchema>;

/** `PUT /v1/tenant/branding` (the tenant's admin): the whole branding; a field left out is cleared, like null. */
export const PutBrandingRequestSchema = BrandingInputSchema;
export type PutBrandingRequest = z.input<typeof PutBrandingRequestSchema>;

/**
 * `PATCH /v1/platform/tenants/:tenantId` (the operator), as a JSON merge patch: a field left out stays, null clears
 * it — inside `branding` too.
 */
export const PatchTenantRequestSchema = z.strictObject({
  branding: z.optional(BrandingInputSchema),
  linkBaseUrl: z.optional(z.nullable(LinkBaseUrlSchema)),
});
export type PatchTenantRequest = z.input<typeof PatchTenantRequestSchema>;

/** `GET /v1/public/branding`: what a self-service page shows before anyone signs in, and nothing else. */
export const PublicBrandingSchema = z.object({
  productName: z.string(),
  logoUrl: z.nullable(z.string()),
  accentColor: z.nullable(z.string()),
  /** The language setting of the person a link's token or the session belongs to (the page speaks it); else null. */
  language: z.nullable(z.string()),
});
export type PublicBranding = z.infer<typeof PublicBrandingSchema>;

/** `GET /v1/public/branding?tenantId=…` or `?token=…` (a link's token, looked up without spending it). */
export const PublicBrandingQuerySchema = z.strictObject({
  tenantId: z.optional(z.string().check(z.maxLength(100))),
  token: z.optional(z.string().check(z.maxLength(200))),
});

/** The name an end user sees for the product: the tenant's, else Roster's. */
export const productNameOf = (b: Pick<Branding, 'productName'>): string => b.productName ?? DEFAULT_PRODUCT_NAME;

/** The display name of the tenant's emails' From: the sender name, else the product name, else the deployment's. */
export const senderNameOf = (b: Pick<Branding, 'productName' | 'senderName'>): string | null => b.senderName ?? b.productName;

/** The branding a self-service page shows, with the language of the person it is for when known. */
export const publicBrandingOf = (b: Branding, language: string | null = null): PublicBranding => ({ productName: productNameOf(b), logoUrl: b.logoUrl, accentColor: b.accentColor, language });
