import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { WEBHOOK_RETRY_SECONDS } from '@roster/contract';
import type { Db } from '../db/create-db.js';
import { claimDueDeliveries, markAttemptFailed, markDelivered, type DueDelivery } from '../db/repositories/webhooks.repository.js';
import { SecretBox } from '../auth/secret-box.js';
import { eventOf } from './events.js';
import { isIP } from 'node:net';
import { guardedLookup, refusesAddress, type WebhookReach } from './addresses.js';
import { signWebhook } from './signing.js';
import { reportRound, reportSendFailure } from '../observability/workers.js';
import { startPolling } from '../lib/polling-worker.js';

/** The endpoints' secrets are sealed under their own label, bound to the endpoint (a secret moved to another row does not open). */
const LABEL = 'roster webhook endpoint secret';
const boxes = new WeakMap<Uint8Array, SecretBox>();
export function webhookSecretBox(signingKey: Uint8Array): SecretBox {
  let b = boxes.get(signingKey);
  if (!b) boxes.set(signingKey, (b = new SecretBox(signingKey, LABEL)));
  return b;
}
export const secretContext = (tenantId: string, endpointId: string) => `${tenantId}\n${endpointId}`;

export interface WebhookSenderOptions {
  signingKey: Uint8Array;
  allowPrivate: boolean;
  /** ROSTER_WEBHOOKS_ALLOWED_NETWORKS: internal networks the operator lets webhooks reach (addresses.ts). */
  allowedNetworks?: readonly string[] | undefined;
  batch?: number;
  /** Seconds a claimed delivery is the sender's; another sender takes it after. */
  leaseSeconds?: number;
  timeoutMs?: number;
  /** Waits before each retry (tests shorten them); then the delivery is dead. */
  retrySeconds?: readonly number[];
}

/** Before retry `attempt` (1: the first retry), with ±20 % jitter so a recovering endpoint is not hit by a wave. */
export function retryDelay(attempt: number, schedule: readonly number[] = WEBHOOK_RETRY_SECONDS): number | null {
  const base = schedule[attempt - 1];
  if (base === undefined) return null;
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

/** POSTs one body; resolves with the status, or rejects (timeout, refused address, connection error). */
function post(url: string, headers: Record<string, string>, body: string, o: { reach: WebhookReach; timeoutMs: number }): Promise<number> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    // An address in the URL itself is dialled without a lookup: judged here.
    const literal = u.hostname.replace(/^\[|\]$/g, '');
    if (isIP(literal) && refusesAddress(literal, o.reach)) return reject(new Error(`Refused: ${literal} is an internal address.`));
    const request = u.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = request(u, { method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, lookup: guardedLookup(o.reach), timeout: o.timeoutMs }, (res) => {
      res.resume(); // the answer's body is not kept
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`No answer within ${o.timeoutMs} ms.`)));
    req.on('error', reject);
    req.end(body);
  });
}

async function sendOne(db: Db, d: DueDelivery, o: { signingKey: Uint8Array; reach: WebhookReach; timeoutMs: number; retrySeconds: readonly number[] }): Promise<'sent' | 'failed' | 'dead'> {
  const event = eventOf({ ...d, id: d.audit_event_id }, d.event_type);
  let status: number | null = null;
  let error = '';
  try {
    const box = webhookSecretBox(o.signingKey);
    const context = secretContext(d.tenant_id, d.endpoint_id);
    const secrets = [box.open(d.secret_sealed, context), ...(d.previous_secret_sealed ? [box.open(d.previous_secret_sealed, context)] : [])];
    const body = JSON.stringify(event);
    const timestamp = Math.floor(Date.now() / 1000);
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'Roster-Webhooks/1',
      'webhook-id': event.id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signWebhook(secrets, event.id, timestamp, body),
    };
    status = await post(d.url, headers, body, { reach: o.reach, timeoutMs: o.timeoutMs });
    if (status >= 200 && status < 300) {
      await markDelivered(db, d, status);
      return 'sent';
    }
    error = `The endpoint answered ${status}.`;
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  const retryIn = retryDelay(d.attempts, o.retrySeconds);
  await markAttemptFailed(db, d, { status, error }, retryIn);
  reportSendFailure('webhook', d.id, retryIn === null, error);
  return retryIn === null ? 'dead' : 'failed';
}

/**
 * Sends what is due, claimed with a lease (several senders, on one instance or many, never send one delivery
 * twice at once; one whose sender died is sent again when its lease ends). Returns what happened.
 */
export async function deliverDueWebhooks(db: Db, options: WebhookSenderOptions) {
  const claimed = await claimDueDeliveries(db, options.batch ?? 20, options.leaseSeconds ?? 60);
  const o = { signingKey: options.signingKey, reach: { allowPrivate: options.allowPrivate, allowedNetworks: options.allowedNetworks }, timeoutMs: options.timeoutMs ?? 10_000, retrySeconds: options.retrySeconds ?? WEBHOOK_RETRY_SECONDS };
  const results = await Promise.all(claimed.map((d) => sendOne(db, d, o).catch(() => 'failed' as const)));
  const sent = results.filter((r) => r === 'sent').length;
  const dead = results.filter((r) => r === 'dead').length;
  reportRound('webhook', { claimed: claimed.length, sent, failed: claimed.length - sent - dead, dead });
  return { claimed: claimed.length, sent, failed: claimed.length - sent, full: claimed.length === (options.batch ?? 20) };
}

/** Polls the deliveries (lib/polling-worker.ts): never overlaps itself, never crashes the process; `stop()` waits for the round in progress. */
export function startWebhookWorker(db: Db, options: WebhookSenderOptions & { intervalMs?: number }) {
  return startPolling('webhooks', () => deliverDueWebhooks(db, options), options.intervalMs ?? 1000);
}
