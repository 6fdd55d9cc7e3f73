import { hash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A high-entropy secret (256 bits), URL-safe. */
export function generateSecret(prefix = ''): string {
  return prefix + randomBytes(32).toString('base64url');
}

/** `n` secrets like `generateSecret`'s, from one draw of random bytes (a bulk import needs 100,000 at once). */
export function generateSecrets(n: number): string[] {
  const bytes = randomBytes(32 * n);
  return Array.from({ length: n }, (_, i) => bytes.subarray(i * 32, i * 32 + 32).toString('base64url'));
}

/**
 * SHA-256 is the right hash for 256-bit random secrets (client secrets, one-time tokens): guessing is
 * hopeless, so a slow hash buys nothing and would only slow every token exchange. One-shot `crypto.hash` (no Hash
 * object per call: a bulk import hashes 100,000 invitation tokens).
 */
export function hashSecret(secret: string): string {
  return hash('sha256', secret, 'hex');
}

/** Constant-time comparison of a presented secret with a stored hash. */
export function secretMatches(secret: string, storedHash: string): boolean {
  const a = Buffer.from(hashSecret(secret), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
