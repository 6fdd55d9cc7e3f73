import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Db } from '../db/create-db.js';
import type { EmailOutboxRow } from '../db/tables/email-outbox.table.js';
import { insertOutboxMessage, type OutgoingEmail } from '../db/repositories/email-outbox.repository.js';
import { SecretBox } from '../auth/secret-box.js';
import { normalizeEmail, productNameOf, senderNameOf } from '@roster/contract';
import { findSuppression } from '../db/repositories/email-suppressions.repository.js';
import { findTenant } from '../db/repositories/tenants.repository.js';
import type { Config } from '../env.js';
import { isLinkTemplate, renderLinkEmail, type Email, type EmailBrand, type LinkParameters, type LinkTemplate } from './templates.js';

/**
 * Emails that carry a one-time token's link (invitation, password reset, email change). The token is never in the
 * database in clear: the outbox row keeps the template's parameters in `payload` with the token sealed
 * (`SecretBox`, AES-256-GCM, key from ROSTER_SIGNING_KEY by HKDF with its own label, bound to the row's tenant,
 * user, template and recipient), its subject without the link and empty bodies. The link is rendered only when the
 * message is sent (`deliverDue`) or shown in the demo mailbox; once sent, the sealed token is removed from the row.
 */
const LABEL = 'roster outbox link token';

const boxes = new WeakMap<Uint8Array, SecretBox>();
function box(signingKey: Uint8Array): SecretBox {
  let b = boxes.get(signingKey);
  if (!b) boxes.set(signingKey, (b = new SecretBox(signingKey, LABEL)));
  return b;
}

/** What a sealed token is bound to: it opens only in a row of this tenant, user, template and recipient. */
const context = (tenantId: string, userId: string | null, template: string, to: string) => `${tenantId}\n${userId ?? ''}\n${template}\n${to}`;

/**
 * How a tenant's emails look and where their links lead: its brand, the From display name, and the base of every
 * link — the tenant's link base (an MSP's own domain, set by the operator) or ROSTER_PUBLIC_URL. Decided here, from
 * the tenant's row, for every email the tenant sends, so no caller can build a link on another base.
 */
export interface TenantMail {
  publicUrl: string;
  brand: EmailBrand;
  fromName: string | null;
}

/** The tenant's `TenantMail` (pass the transaction of the change; a tenant being created is found in it). */
export async function tenantMail(db: Db, publicUrl: string, tenantId: string): Promise<TenantMail> {
  const t = await findTenant(db, tenantId);
  if (!t) throw new Error(`No tenant ${tenantId} to send email for.`);
  return {
    publicUrl: t.link_base_url ?? publicUrl,
    brand: { productName: productNameOf({ productName: t.product_name }), logoUrl: t.logo_url, accentColor: t.accent_color },
    fromName: senderNameOf({ productName: t.product_name, senderName: t.sender_name }),
  };
}

/** A link email's parameters as its sender gives them: the link base and brand are the tenant's (`tenantMail`). */
export type LinkEmail = {
  [T in LinkTemplate]: { tenantId: string; userId: string | null; to: string; template: T; params: Omit<LinkParameters[T], 'publicUrl' | 'brand'>; token: string };
}[LinkTemplate];

/** What became of an email handed to the outbox: queued, or held back because its address is suppressed. */
export interface Enqueued {
  /** The address's entry on the tenant's suppression list: the message is kept as never sent. Null: queued. */
  suppressed: { reason: string; created_at: string } | null;
}

/**
 * Writes a message to the outbox (pass the transaction of the change). A message with a one-time token's link is
 * written by `enqueueLinkEmail`, which seals the token: a link email without a sealed token, or any stored body with a
 * `token=` link, is refused here — a token in clear in the database is a credential for anyone who can read it.
 * A message to an address on the tenant's suppression list is written as never to be sent (`failure: suppressed`,
 * without its sealed token): the caller learns it from the answer.
 */
export async function enqueueEmail(db: Db, msg: OutgoingEmail): Promise<Enqueued> {
  if (isLinkTemplate(msg.template) && typeof msg.payload?.sealedToken !== 'string') {
    throw new Error(`An ${msg.template} email is written by enqueueLinkEmail (email/outbox.ts), which seals its token.`);
  }
  if (/[?&]token=/i.test(msg.subject + msg.text + msg.html) || (msg.payload && 'token' in msg.payload)) {
    throw new Error('An outbox message must not keep a token in clear: use enqueueLinkEmail (email/outbox.ts).');
  }
  const suppressed = (await findSuppression(db, msg.tenantId, normalizeEmail(msg.to))) ?? null;
  if (!suppressed) {
    await insertOutboxMessage(db, msg);
    return { suppressed: null };
  }
  const { sealedToken: _dropped, ...payload } = msg.payload ?? {};
  await insertOutboxMessage(db, { ...msg, payload: msg.payload ? payload : null, suppressed: { lastError: suppressedNote(suppressed.reason) } });
  return { suppressed };
}

/** The outbox's `last_error` of a message not sent because its address is suppressed. */
export const suppressedNote = (reason?: string) => `Not sent: the address is on the suppression list${reason ? ` (${reason})` : ''}.`;

/**
 * Writes a link email to the outbox (pass the transaction of the change): parameters kept with the tenant's link
 * base and brand, token sealed.
 */
export async function enqueueLinkEmail(db: Db, config: Pick<Config, 'signingKey' | 'publicUrl'>, m: LinkEmail): Promise<Enqueued> {
  const mail = await tenantMail(db, config.publicUrl, m.tenantId);
  const params = { ...m.params, publicUrl: mail.publicUrl, brand: mail.brand };
  const sealedToken = box(config.signingKey).seal(m.token, context(m.tenantId, m.userId, m.template, m.to));
  return enqueueEmail(db, {
    tenantId: m.tenantId,
    userId: m.userId,
    template: m.template,
    to: m.to,
    subject: renderLinkEmail(m.template, params as never, null).subject,
    text: '',
    html: '',
    fromName: mail.fromName,
    payload: { ...params, sealedToken },
  });
}

/**
 * Invitation tokens of a bulk import, sealed for their rows (one per user, in order). About 4–12 µs per token, so
 * 100,000 take 0.4–1.2 s of CPU: sealed in chunks that yield to the event loop, so other requests keep being answered
 * and the work overlaps the database's inserts when started before them.
 */
export async function sealInvitationTokens(signingKey: Uint8Array, tenantId: string, userIds: readonly string[], to: readonly string[], tokens: readonly string[]): Promise<string[]> {
  const b = box(signingKey);
  const out: string[] = [];
  for (let start = 0; start < tokens.length; start += SEAL_CHUNK) {
    if (start > 0) await yieldToEventLoop();
    const end = Math.min(tokens.length, start + SEAL_CHUNK);
    const contexts: string[] = [];
    for (let i = start; i < end; i++) contexts.push(context(tenantId, userIds[i]!, 'invitation', to[i]!));
    out.push(...b.sealMany(tokens.slice(start, end), contexts));
  }
  return out;
}
const SEAL_CHUNK = 2000;

/** What rendering needs of an outbox row (the table's own column types). */
export type StoredMessage = Pick<EmailOutboxRow, 'tenant_id' | 'user_id' | 'template' | 'to_address' | 'subject' | 'text_body' | 'html_body' | 'payload'>;

/**
 * A stored outbox message as it is sent: a link email rendered from its parameters with its token unsealed (or
 * without its link once sent and scrubbed); any other message as stored. Throws if a sealed token does not open
 * (altered, moved to another row, or another signing key).
 */
export function renderOutboxMessage(m: StoredMessage, signingKey: Uint8Array): Email {
  if (m.payload && typeof m.payload === 'object' && isLinkTemplate(m.template)) {
    const { sealedToken, token: _legacy, ...params } = m.payload as Record<string, unknown>;
    const token = typeof sealedToken === 'string' ? box(signingKey).open(sealedToken, context(m.tenant_id, m.user_id, m.template, m.to_address)) : null;
    return renderLinkEmail(m.template, params as never, token);
  }
  return { subject: m.subject, text: m.text_body, html: m.html_body };
}
