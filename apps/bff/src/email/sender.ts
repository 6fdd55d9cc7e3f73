import nodemailer, { type Transporter } from 'nodemailer';
import type { Db } from '../db/create-db.js';
import { claimDueEmails, findOutboxMessage, markEmailFailed, markEmailSent } from '../db/repositories/email-outbox.repository.js';
import { renderOutboxMessage } from './outbox.js';
import { startPolling } from '../lib/polling-worker.js';

/** An SMTP transport from `SMTP_URL` (smtp:// or smtps://, credentials in the URL). */
export function createMailer(smtpUrl: string): Transporter {
  return nodemailer.createTransport(smtpUrl);
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
 * Sends what is due, once each; a failure is retried later with backoff. Link emails are rendered here, their token
 * unsealed with the signing key, and lose the sealed token once sent. Returns what happened.
 */
export async function deliverDue(db: Db, transport: Transporter, options: { from: string; signingKey: Uint8Array; batch?: number }) {
  const claimed = await claimDueEmails(db, options.batch ?? 20);
  let sent = 0;
  let failed = 0;
  for (const m of claimed) {
    try {
      const mail = renderOutboxMessage(m, options.signingKey);
      await transport.sendMail({ from: fromOf(options.from, m.from_name), to: m.to_address, subject: mail.subject, text: mail.text, html: mail.html });
      await markEmailSent(db, m.id);
      sent += 1;
    } catch (e) {
      await markEmailFailed(db, m.id, m.attempts, e instanceof Error ? e.message : String(e));
      failed += 1;
    }
  }
  return { claimed: claimed.length, sent, failed };
}

/**
 * Polls the outbox while SMTP is configured. Never overlaps itself, never crashes the process; `stop()` waits for
 * the round in progress.
 */
export function startOutboxWorker(db: Db, smtpUrl: string, from: string, signingKey: Uint8Array, intervalMs = 2000) {
  const transport = createMailer(smtpUrl);
  const polling = startPolling('outbox', () => deliverDue(db, transport, { from, signingKey }), intervalMs);
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
