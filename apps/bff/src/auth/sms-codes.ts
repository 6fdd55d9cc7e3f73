import { createHmac, hkdfSync, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

/**
 * Text-message codes: six random digits. Six digits are a small space, so the stored form is no plain hash a
 * database dump could reverse by trying a million codes: an HMAC under a key derived from ROSTER_SIGNING_KEY (HKDF,
 * its own label), over a random salt, the tenant, the person and the code.
 */
const LABEL = 'roster sms code';
const keys = new WeakMap<Uint8Array, Buffer>();
function keyOf(signingKey: Uint8Array): Buffer {
  let k = keys.get(signingKey);
  if (!k) keys.set(signingKey, (k = Buffer.from(hkdfSync('sha256', signingKey, Buffer.alloc(0), LABEL, 32))));
  return k;
}

export function newSmsCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

export function newSalt(): string {
  return randomBytes(16).toString('base64url');
}

/** A typed code as it is checked: spaces and dashes dropped; null when it is not six digits. */
export function normalizeSmsCode(typed: string): string | null {
  const code = typed.replace(/[\s-]/g, '');
  return /^\d{6}$/.test(code) ? code : null;
}

export function smsCodeHash(signingKey: Uint8Array, o: { salt: string; tenantId: string; userId: string; code: string }): string {
  return createHmac('sha256', keyOf(signingKey)).update(`${o.salt}\n${o.tenantId}\n${o.userId}\n${o.code}`).digest('base64url');
}

export function smsCodeMatches(signingKey: Uint8Array, o: { salt: string; tenantId: string; userId: string; code: string }, stored: string): boolean {
  const a = Buffer.from(smsCodeHash(signingKey, o));
  const b = Buffer.from(stored);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A number as a message may name it to the person: only its last two digits (`•••• ••42`). */
export function maskedNumber(e164: string): string {
  return `•••• ••${e164.slice(-2)}`;
}
