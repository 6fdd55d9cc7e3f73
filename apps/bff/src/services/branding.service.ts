import { noBranding, publicBrandingOf, type Branding, type BrandingChange, type PublicBranding, type TenantBranding } from '@roster/contract';
import type { Db } from '../db/create-db.js';
import type { TenantRow } from '../db/tables.js';
import { findTenant, findTenantForUpdate, updateTenantBranding } from '../db/repositories/tenants.repository.js';
import { ownerOfToken } from '../db/repositories/one-time-tokens.repository.js';
import { findUserLanguage } from '../db/repositories/users.repository.js';
import { findLiveSession } from '../db/repositories/sessions.repository.js';
import { insertAuditEvents, type AuditEventInput } from '../db/repositories/audit-events.repository.js';
import { hashSecret } from '../auth/secrets.js';
import { notFound } from '../errors.js';
import { inTenant } from './tenant-scopes.js';
import type { Meta, Services } from './context.js';

/** A tenant row's branding and link base, as the API answers them. */
export function brandingOfRow(row: Pick<TenantRow, 'product_name' | 'logo_url' | 'accent_color' | 'sender_name' | 'link_base_url'>): TenantBranding {
  return {
    branding: { productName: row.product_name, logoUrl: row.logo_url, accentColor: row.accent_color, senderName: row.sender_name },
    linkBaseUrl: row.link_base_url,
  };
}

/** The columns of a branding and link base (the tenant row's). */
export function brandingColumns(b: Branding, linkBaseUrl: string | null) {
  return { product_name: b.productName, logo_url: b.logoUrl, accent_color: b.accentColor, sender_name: b.senderName, link_base_url: linkBaseUrl };
}

/** `GET /v1/tenant/branding`. */
export async function getTenantBranding(db: Db, tenantId: string): Promise<TenantBranding> {
  const row = await findTenant(db, tenantId);
  if (!row) throw notFound('Tenant');
  return brandingOfRow(row);
}

/** Who changes a tenant's branding: one of its users (`tenant.manage`) or the operator. */
export type BrandingActor = Pick<AuditEventInput, 'actorType' | 'actorId'>;

/**
 * What changes: `branding` fields (absent: kept; null: cleared), or with `replace` the whole branding (absent:
 * cleared); `linkBaseUrl` only from the operator's route (absent: kept).
 */
export interface BrandingUpdate {
  branding?: BrandingChange | undefined;
  replace?: boolean;
  linkBaseUrl?: string | null | undefined;
}

/** A branding with a change applied: a field the change names (null included) replaces the base's. */
export function withBrandingChange(base: Branding, change: BrandingChange | undefined): Branding {
  return { ...base, ...(Object.fromEntries(Object.entries(change ?? {}).filter(([, v]) => v !== undefined)) as Partial<Branding>) };
}

/**
 * Changes a tenant's branding and link base under the tenant's row lock, and records `tenant.branding_changed` with
 * what was and what is (nothing is recorded when nothing changed). Pass the tenant-scoped `s.db` of the request.
 */
export async function changeTenantBranding(s: Pick<Services, 'db'>, tenantId: string, actor: BrandingActor, update: BrandingUpdate, meta: Meta): Promise<TenantBranding> {
  return s.db.transaction().execute(async (trx) => {
    const row = await findTenantForUpdate(trx, tenantId);
    if (!row) throw notFound('Tenant');
    const before = brandingOfRow(row);
    const after: TenantBranding = {
      branding: withBrandingChange(update.replace ? noBranding : before.branding, update.branding),
      linkBaseUrl: update.linkBaseUrl === undefined ? before.linkBaseUrl : update.linkBaseUrl,
    };
    if (JSON.stringify(after) === JSON.stringify(before)) return before;
    const saved = brandingOfRow(await updateTenantBranding(trx, tenantId, brandingColumns(after.branding, after.linkBaseUrl)));
    await insertAuditEvents(trx, [
      { tenantId, ...actor, action: 'tenant.branding_changed', targetType: 'tenant', targetId: tenantId, before, after: saved, requestId: meta.requestId },
    ]);
    return saved;
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `GET /v1/public/branding`: what a self-service page shows before anyone signs in — the product name, logo and
 * colour of the tenant a link's token belongs to (found by its hash, used or not, never spent), of a tenant id, or
 * of the signed-in session (the account page) — and, for a token or session, its person's language setting, so the
 * page speaks it.
 * An unknown token or tenant gets the product's own branding, like a tenant without any, and no language: the
 * answer carries nothing else of the tenant or the person. (That a token is known shows in its language; its page's
 * own POST says as much — and a token is 256 random bits, not something to guess.)
 */
export async function publicBranding(s: Services, q: { tenantId?: string | undefined; token?: string | undefined; session?: string | undefined }): Promise<PublicBranding> {
  const owner = q.token
    ? await ownerOfToken(s.platformDb, hashSecret(q.token))
    : q.tenantId
      ? UUID.test(q.tenantId) ? { tenant_id: q.tenantId.toLowerCase(), user_id: null } : undefined
      : q.session
        ? await findLiveSession(s.platformDb, hashSecret(q.session))
        : undefined;
  if (!owner) return publicBrandingOf(noBranding);
  const tenantId = owner.tenant_id;
  const userId = owner.user_id;
  return inTenant(tenantId, async () => {
    const row = await findTenant(s.db, tenantId);
    const language = userId ? ((await findUserLanguage(s.db, tenantId, userId)) ?? null) : null;
    return publicBrandingOf(row ? brandingOfRow(row).branding : noBranding, language);
  });
}
