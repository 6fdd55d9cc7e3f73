import nodemailer, { type Transporter } from 'nodemailer';
import type { Db } from '../db/create-db.js';
import { normalizeEmail } from '@roster/contract';
import { claimDueEmails, findOutboxMessage, markEmailFailed, markEmailSent, markEmailUndeliverable, releaseEmailClaims, RETRY_DELAYS_MINUTES } from '../db/repositories/email-outbox.repository.js';
import { suppressionsAmong } from '../db/repositories/email-suppressions.repository.js';
import { recordBounce } from '../services/email-suppressions.service.js';
import { renderOutboxMessage, suppressedNote } from './outbox.js';
import { startPolling } from '../lib/polling-worker.js';
import { reportRound, reportSendFailure } from '../observability/workers.js';

/** SMTP connections a sender keeps open and messages it sends at once (each connection carries one at a time). */
export const SMTP_CONNECTIONS = 4;

/**
 * An SMTP transport from `SMTP_URL` (smtp:// or smtps://, credentials in the URL). Pooled: a connection per message
 * cost a TCP and TLS handshake and the SMTP greeting each, and a large import's invitations went out at a few a
 * second. `?pool=false` or `?maxConnections=N` in the URL (nodemailer's options) override it.
 */
export function createMailer(smtpUrl: string): Transporter {
  const url = new URL(smtpUrl);
  if (!url.searchParams.has('pool')) url.searchParams.set('pool', 'true');
  if (!url.searchParams.has('maxConnections')) url.searchParams.set('maxConnections', String(SMTP_CONNECTIONS));
  return nodemailer.createTransport(url.toString());
}

/** A round's messages in `lanes` queues, every message to one address in the same queue (sent in order, one at a time). */
function lanesByAddress<T>(items: readonly T[], address: (item: T) => string, lanes: number): T[][] {
  const out: T[][] = Array.from({ length: lanes }, () => []);
  for (const item of items) {
    let h = 0;
    for (const ch of address(item)) h = (h * 31 + ch.charCodeAt(0)) | 0;
    out[Math.abs(h) % lanes]!.push(item);
  }
  return out.filter((lane) => lane.length > 0);
}

/**
 * The From of a message: the configured address (ROSTER_MAIL_FROM) with the tenant's sender name as its display
 * name, or the configured From as it is. Given to nodemailer as a name and an address, so it quotes and encodes the
 * name itself (the contract already refuses line breaks, angle brackets and quotes in it).
 */
export function fromOf(configured: string, name: string | null): string | { name: string; address: string } {
  if (!name) return configured;
  const address = /<([^<>]+)>\s*$/.exec(configured)?.[1] ?? configured.trim();
  return { name, address };
}

/**
 * The mail server's permanent refusal of the recipient (SMTP 5xx to RCPT TO: 550 no such mailbox, 551, 553 bad
 * address…), as its answer; null for anything worth retrying (a 4xx, a connection failure, a refusal of the message).
 * A refusal for policy reasons (enhanced status 5.7.x: relaying denied, authentication required) says nothing about
 * the address — it is the sending setup's — so it is not one: every address would land on the list.
 */
export function permanentRecipientRefusal(e: unknown): string | null {
  const err = e as { code?: unknown; command?: unknown; responseCode?: unknown; response?: unknown; message?: unknown } | null;
  if (!err || err.code !== 'EENVELOPE' || err.command !== 'RCPT TO') return null;
  if (typeof err.responseCode !== 'number' || err.responseCode < 500 || err.responseCode > 599) return null;
  const response = typeof err.response === 'string' && err.response ? err.response : String(err.message);
  if (/^5\d\d[ -]5\.7\.\d{1,3}\b/.test(response)) return null;
  return response;
}

/**
 * Sends what is due, once each; a failure is retried later with backoff. Link emails are rendered here, their token
 * unsealed with the signing key, and lose the sealed token once sent. A message whose address is on its tenant's
 * suppression list is not sent (`suppressed`); a recipient the server refuses for good goes on the list and its
 * message is never retried (`rejected`). `stopping()` true between messages (a shutdown): the round ends after
 * its current send and gives back the claims it did not use. Returns what happened (`late`: sent after its lease
 * ran out, by a sender another had taken the message from — left as that sender marks it).
 */
export async function deliverDue(db: Db, transport: Transporter, options: { from: string; signingKey: Uint8Array; batch?: number; leaseSeconds?: number; stopping?: () => boolean }) {
  const claimed = await claimDueEmails(db, options.batch ?? 20, options.leaseSeconds);
  const keyOf = (m: { tenant_id: string; to_address: string }) => ({ tenantId: m.tenant_id, address: normalizeEmail(m.to_address) });
  const listed = await suppressionsAmong(db, claimed.map(keyOf));
  let sent = 0;
  let failed = 0;
  let rejected = 0;
  let suppressed = 0;
  let gaveUp = 0;
  let late = 0;
  // Sent SMTP_CONNECTIONS at a time over the pooled connections; messages to one address stay in one lane, in order,
  // so a permanent refusal stops the later ones of this round to it.
  const sendLane = async (lane: typeof claimed) => {
    for (const [i, m] of lane.entries()) {
      if (options.stopping?.()) {
        await releaseEmailClaims(db, lane.slice(i));
        break;
      }
      const key = keyOf(m);
      // Listed after the message was queued (a bounce of an earlier one): not sent.
      const entry = listed.get(`${key.tenantId}\n${key.address}`);
      if (entry) {
        await markEmailUndeliverable(db, m, 'suppressed', suppressedNote(entry.reason));
        suppressed += 1;
        continue;
      }
      try {
        const mail = renderOutboxMessage(m, options.signingKey);
        await transport.sendMail({ from: fromOf(options.from, m.from_name), to: m.to_address, subject: mail.subject, text: mail.text, html: mail.html });
        // Sent either way; a sender whose lease ran out before this (another has claimed it since) marks nothing.
        if (!(await markEmailSent(db, m))) late += 1;
        sent += 1;
      } catch (e) {
        const refusal = permanentRecipientRefusal(e);
        if (refusal) {
          await recordBounce(db, { tenantId: m.tenant_id, userId: m.user_id, to: m.to_address }, refusal);
          await markEmailUndeliverable(db, m, 'rejected', refusal);
          // Later messages of this round to the same address are not tried.
          listed.set(`${key.tenantId}\n${key.address}`, { reason: refusal, created_at: new Date().toISOString() });
          rejected += 1;
          reportSendFailure('email', m.id, true, refusal);
        } else {
          const error = e instanceof Error ? e.message : String(e);
          await markEmailFailed(db, m, error);
          failed += 1;
          const dead = RETRY_DELAYS_MINUTES[m.attempts - 1] === undefined;
          if (dead) gaveUp += 1;
          reportSendFailure('email', m.id, dead, error);
        }
      }
    }
  };
  await Promise.all(lanesByAddress(claimed, (m) => `${keyOf(m).tenantId}\n${keyOf(m).address}`, SMTP_CONNECTIONS).map(sendLane));
  reportRound('email', { claimed: claimed.length, sent, failed: failed - gaveUp, dead: rejected + suppressed + gaveUp }, { rejected, suppressed, late });
  return { claimed: claimed.length, sent, failed, rejected, suppressed, late, full: claimed.length === (options.batch ?? 20) };
}

/**
 * Polls the outbox while SMTP is configured. Never overlaps itself, never crashes the process; `stop()` waits for
 * the round in progress.
 */
export function startOutboxWorker(db: Db, smtpUrl: string, from: string, signingKey: Uint8Array, intervalMs = 2000) {
  const transport = createMailer(smtpUrl);
  const polling = startPolling('outbox', (stopping) => deliverDue(db, transport, { from, signingKey, stopping }), intervalMs);
  return {
    async stop() {
      await polling.stop();
      transport.close();
    },
  };
}

/**
 * One message of the tenant's outbox as it is (or was) sent, for the demo mailbox: a queued link email shows its
 * working link; a sent one shows none (its token is no longer kept).
 */
export async function readOutboxMessage(db: Db, signingKey: Uint8Array, tenantId: string, id: number) {
  const row = await findOutboxMessage(db, tenantId, id);
  if (!row) return undefined;
  const mail = renderOutboxMessage(row, signingKey);
  const { payload: _sealed, ...rest } = row;
  return { ...rest, subject: mail.subject, text_body: mail.text, html_body: mail.html };
}
