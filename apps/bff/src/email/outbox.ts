import type { Db } from '../db/create-db.js';
import { enqueueEmail } from '../db/repositories/email-outbox.repository.js';
import { SecretBox } from '../auth/secret-box.js';
import { isLinkTemplate, renderLinkEmail, type Email, type LinkParameters, type LinkTemplate } from './templates.js';

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

export type LinkEmail = {
  [T in LinkTemplate]: { tenantId: string; userId: string | null; to: string; template: T; params: LinkParameters[T]; token: string };
}[LinkTemplate];

/** Writes a link email to the outbox (pass the transaction of the change): parameters kept, token sealed. */
export async function enqueueLinkEmail(db: Db, signingKey: Uint8Array, m: LinkEmail) {
  const sealedToken = box(signingKey).seal(m.token, context(m.tenantId, m.userId, m.template, m.to));
  await enqueueEmail(db, {
    tenantId: m.tenantId,
    userId: m.userId,
    template: m.template,
    to: m.to,
    subject: renderLinkEmail(m.template, m.params as never, null).subject,
    text: '',
    html: '',
    payload: { ...m.params, sealedToken },
  });
}

/** Invitation tokens of a bulk import, sealed for their rows (one per user, in order). */
export function sealInvitationTokens(signingKey: Uint8Array, tenantId: string, userIds: readonly string[], to: readonly string[], tokens: readonly string[]): string[] {
  return box(signingKey).sealMany(tokens, userIds.map((u, i) => context(tenantId, u, 'invitation', to[i]!)));
}

export interface StoredMessage {
  tenant_id: string;
  user_id: string | null;
  template: string;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string;
  payload: unknown;
}

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
