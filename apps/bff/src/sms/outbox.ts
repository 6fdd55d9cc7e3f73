import type { Db } from '../db/create-db.js';
import type { Config } from '../env.js';
import { SecretBox } from '../auth/secret-box.js';
import { findSmsMessage, insertSmsMessage } from '../db/repositories/sms-outbox.repository.js';

/**
 * Text messages carry a live sign-in code: the outbox never keeps one in clear. The body is sealed (`SecretBox`,
 * AES-256-GCM, key from ROSTER_SIGNING_KEY by HKDF with its own label, bound to the row's tenant, user and number) and
 * opened only to send it (sms/sender.ts) or to show a queued one in the demo mailbox; once sent it leaves the row.
 */
const LABEL = 'roster sms outbox body';

const boxes = new WeakMap<Uint8Array, SecretBox>();
function box(signingKey: Uint8Array): SecretBox {
  let b = boxes.get(signingKey);
  if (!b) boxes.set(signingKey, (b = new SecretBox(signingKey, LABEL)));
  return b;
}
const context = (tenantId: string, userId: string | null, to: string) => `${tenantId}\n${userId ?? ''}\n${to}`;

/** Writes a text message to the outbox, its body sealed (pass the transaction of the change). */
export async function enqueueSms(db: Db, config: Pick<Config, 'signingKey'>, m: { tenantId: string; userId: string | null; to: string; body: string }) {
  await insertSmsMessage(db, { tenantId: m.tenantId, userId: m.userId, to: m.to, purpose: 'sign_in_code', sealedBody: box(config.signingKey).seal(m.body, context(m.tenantId, m.userId, m.to)) });
}

/** A stored message's text (null once sent or given up); throws if the seal does not open (altered, moved, another key). */
export function smsBody(m: { tenant_id: string; user_id: string | null; to_number: string; sealed_body: string | null }, signingKey: Uint8Array): string | null {
  return m.sealed_body === null ? null : box(signingKey).open(m.sealed_body, context(m.tenant_id, m.user_id, m.to_number));
}

/** One text message of the tenant's outbox for the demo mailbox: a queued one with its text, a sent one without. */
export async function readSmsMessage(db: Db, signingKey: Uint8Array, tenantId: string, id: number) {
  const row = await findSmsMessage(db, tenantId, id);
  if (!row) return undefined;
  const { sealed_body: _sealed, ...rest } = row;
  return { ...rest, body: smsBody(row, signingKey) };
}
