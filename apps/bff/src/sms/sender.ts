import type { Db } from '../db/create-db.js';
import { claimDueSms, markSmsFailed, markSmsSent, releaseSmsClaims } from '../db/repositories/sms-outbox.repository.js';
import { smsBody } from './outbox.js';
import { startPolling } from '../lib/polling-worker.js';
import { RETRY_DELAYS_MINUTES } from '../db/repositories/email-outbox.repository.js';
import { reportRound, reportSendFailure } from '../observability/workers.js';

/**
 * The SMS provider is an HTTP endpoint (`SMS_URL`): each message is a `POST` of JSON `{to, body, messageId}` (`to`
 * in E.164; `messageId` stable across retries, for the provider to drop duplicates). Credentials in the URL
 * (`https://user:secret@sms.example/send`) are sent as HTTP Basic authentication, never in the URL itself. A 2xx
 * answer is sent; anything else, a network error or no answer within the timeout is retried with the email
 * outbox's backoff.
 */
export interface SmsEndpoint {
  url: string;
  authorization: string | null;
}

export function smsEndpoint(smsUrl: string): SmsEndpoint {
  const u = new URL(smsUrl);
  const authorization = u.username || u.password ? `Basic ${Buffer.from(`${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`).toString('base64')}` : null;
  u.username = '';
  u.password = '';
  return { url: u.toString(), authorization };
}

export async function postSms(endpoint: SmsEndpoint, message: { to: string; body: string; messageId: string }, timeoutMs: number) {
  const res = await fetch(endpoint.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(endpoint.authorization ? { authorization: endpoint.authorization } : {}) },
    body: JSON.stringify(message),
    signal: AbortSignal.timeout(timeoutMs),
    redirect: 'error',
  });
  await res.body?.cancel();
  if (!res.ok) throw new Error(`The SMS provider answered ${res.status}.`);
}

/** Sends what is due, once each; a failure is retried later; `stopping()` as for email (deliverDue). Returns what happened. */
export async function deliverDueSms(db: Db, options: { smsUrl: string; signingKey: Uint8Array; timeoutMs?: number; batch?: number; leaseSeconds?: number; stopping?: () => boolean }) {
  const endpoint = smsEndpoint(options.smsUrl);
  const claimed = await claimDueSms(db, options.batch ?? 20, options.leaseSeconds);
  let sent = 0;
  let failed = 0;
  let gaveUp = 0;
  for (const [i, m] of claimed.entries()) {
    if (options.stopping?.()) {
      await releaseSmsClaims(db, claimed.slice(i));
      break;
    }
    try {
      const body = smsBody(m, options.signingKey);
      if (body === null) throw new Error('The message has no body.');
      await postSms(endpoint, { to: m.to_number, body, messageId: `roster-sms-${m.id}` }, options.timeoutMs ?? 10_000);
      await markSmsSent(db, m); // false: sent after its lease ran out; the sender that took it over marks it
      sent += 1;
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      await markSmsFailed(db, m, error);
      failed += 1;
      const dead = RETRY_DELAYS_MINUTES[m.attempts - 1] === undefined;
      if (dead) gaveUp += 1;
      reportSendFailure('sms', m.id, dead, error);
    }
  }
  reportRound('sms', { claimed: claimed.length, sent, failed: failed - gaveUp, dead: gaveUp });
  return { claimed: claimed.length, sent, failed, full: claimed.length === (options.batch ?? 20) };
}

/** Polls the SMS outbox while SMS_URL is configured (as `startOutboxWorker` does for email); `stop()` waits for the round. */
export function startSmsWorker(db: Db, smsUrl: string, signingKey: Uint8Array, intervalMs = 2000) {
  return startPolling('sms', (stopping) => deliverDueSms(db, { smsUrl, signingKey, stopping }), intervalMs);
}
