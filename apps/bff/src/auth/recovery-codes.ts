import { randomBytes } from 'node:crypto';
import { RECOVERY_CODE_COUNT } from '@roster/contract';
import { hashSecret } from './secrets.js';

/**
 * Recovery codes: ten per set, each ten characters of a 31-letter alphabet without look-alikes (no 0/O, 1/I/L) shown as
 * `ABCDE-FGHJK` — about 50 random bits, typed under the sign-in's rate limit and lockout, so SHA-256 at rest is enough.
 * Typing is forgiving: lower case, spaces and dashes are ignored. A set has the contract's RECOVERY_CODE_COUNT codes.
 */
const LETTERS = '23456789ABCDEFGHJKMNPQRSTUVWXYZ'; // 31 letters: 8 digits and 23 capitals

function oneCode(): string {
  let out = '';
  while (out.length < 10) {
    for (const byte of randomBytes(16)) {
      // Rejection sampling keeps every letter equally likely (248 = 8 × 31).
      if (byte < 248 && out.length < 10) out += LETTERS[byte % 31];
    }
  }
  return `${out.slice(0, 5)}-${out.slice(5)}`;
}

/** A new set of distinct codes, as the person is shown them once. */
export function newRecoveryCodes(): string[] {
  const codes = new Set<string>();
  while (codes.size < RECOVERY_CODE_COUNT) codes.add(oneCode());
  return [...codes];
}

/** The hash a typed code is stored and looked up by, or null when it cannot be a code at all. */
export function recoveryCodeHash(typed: string): string | null {
  const bare = typed.toUpperCase().replace(/[\s-]/g, '');
  if (!/^[2-9A-HJKMNP-Z]{10}$/.test(bare)) return null;
  return hashSecret(`recovery:${bare}`);
}
