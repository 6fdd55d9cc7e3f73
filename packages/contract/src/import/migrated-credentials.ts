import { ruleMessage, type RuleMessage } from '../messages/index.js';

/**
 * Credentials carried over from another system by a bulk import (docs/migrating-in.md): an existing password hash
 * and an existing TOTP secret. Only their format is checked here (the import never verifies a hash: 100,000 bcrypt
 * verifications would take hours); the server verifies a hash at the user's first sign-in and then replaces it with
 * its own. No I/O, browser-safe: the modal marks a bad cell before anything is sent.
 */

/** The password-hash algorithms an import accepts, each in its standard encoding. */
export const importedHashAlgorithms = ['bcrypt', 'argon2id', 'scrypt', 'pbkdf2-sha256'] as const;
export type ImportedHashAlgorithm = (typeof importedHashAlgorithms)[number];

/** An external id as an import row gives it: 1 to 255 characters, kept as sent (like SCIM's `externalId`). */
export const EXTERNAL_ID_MAX = 255;

const B64 = '[A-Za-z0-9+/]';
const AB64 = '[A-Za-z0-9./]';
/** bcrypt's modular crypt format: `$2a$`, `$2b$`, `$2y$` (or `$2x$`, `$2$`), a two-digit cost, 22 + 31 characters. */
const BCRYPT = /^\$2[abxy]?\$(\d\d)\$[./A-Za-z0-9]{53}$/;
/** PHC string format (argon2's reference encoding): version 19, memory in KiB, passes, lanes, salt, hash (base64 without padding). */
const ARGON2ID = new RegExp(`^\\$argon2id\\$v=19\\$m=(\\d{1,8}),t=(\\d{1,4}),p=(\\d{1,3})\\$(${B64}{11,})\\$(${B64}{22,})$`);
/** passlib's and the PHC's scrypt encoding: log2 N, r, p, salt and key in base64 without padding. */
const SCRYPT = new RegExp(`^\\$scrypt\\$ln=(\\d{1,2}),r=(\\d{1,3}),p=(\\d{1,3})\\$(${B64}{11,})\\$(${B64}{22,})$`);
/** passlib's PBKDF2-SHA256: rounds, salt and key in its adapted base64 (`.` for `+`, no padding). */
const PBKDF2_SHA256 = new RegExp(`^\\$pbkdf2-sha256\\$(\\d{1,8})\\$(${AB64}{0,})\\$(${AB64}{43})$`);

/**
 * Bounds that keep one sign-in's verification affordable (a hash beyond them is refused at import, and never verified
 * at sign-in: the server checks the same bounds before it verifies): about a second of one core and at most 256 MiB
 * at the top, whatever the hash's origin — an import must not let anyone make sign-ins a denial of service (bcrypt's
 * cost 31 takes days; argon2id at 1 GiB × 100 passes, minutes). The tops leave room above OWASP's Password Storage
 * Cheat Sheet recommendations: bcrypt cost ≥ 10 (here ≤ 13, 8× cost 10); argon2id 19 MiB × 2 passes (here ≤ 256 MiB,
 * ≤ 10 passes and memory × passes ≤ 1 GiB, e.g. the reference vector's 256 MiB × 2); scrypt N=2^17, r=8, p=1 (here
 * 128·N·r ≤ 256 MiB and N·r·p ≤ 2^21); PBKDF2-SHA256 600,000 rounds (here ≤ 2,000,000).
 */
const LIMITS = {
  bcryptCost: [4, 13],
  argon2MemoryKiB: [8, 262_144],
  argon2Passes: [1, 10],
  argon2Lanes: [1, 16],
  argon2MemoryPassesKiB: 1_048_576,
  scryptP: [1, 16],
  scryptWork: 2 ** 21,
  pbkdf2Rounds: [1000, 2_000_000],
} as const;

const within = (v: number, [min, max]: readonly [number, number]) => v >= min && v <= max;

/**
 * The algorithm of a password hash in one of the accepted encodings, or the message saying why it is not one:
 * an unknown algorithm (`value.one_of`, listing them) or a malformed hash of a known one (`value.format`, naming it). Leading and trailing spaces are not part of any encoding.
 */
export function importedHashAlgorithmOf(hash: string): { algorithm: ImportedHashAlgorithm } | { error: RuleMessage } {
  const h = hash;
  // The catalogue's generic messages (the user's page loads the catalogue: every new message costs its budget).
  const bad = (algorithm: ImportedHashAlgorithm) => ({ error: ruleMessage('value.format', { format: `${algorithm} hash` }) });
  if (/^\$2[abxy]?\$/.test(h)) {
    const m = BCRYPT.exec(h);
    return m && within(Number(m[1]), LIMITS.bcryptCost) ? { algorithm: 'bcrypt' } : bad('bcrypt');
  }
  if (h.startsWith('$argon2id$')) {
    const m = ARGON2ID.exec(h);
    if (!m) return bad('argon2id');
    const [mem, t, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
    return within(mem, LIMITS.argon2MemoryKiB) && mem >= 8 * p && within(t, LIMITS.argon2Passes) && within(p, LIMITS.argon2Lanes) && mem * t <= LIMITS.argon2MemoryPassesKiB ? { algorithm: 'argon2id' } : bad('argon2id');
  }
  if (h.startsWith('$scrypt$')) {
    const m = SCRYPT.exec(h);
    if (!m) return bad('scrypt');
    const [ln, r, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
    // N·r·p ≤ 2^21 with p ≥ 1 also keeps scrypt's memory, 128·N·r bytes, within 256 MiB.
    return ln > 0 && r > 0 && within(p, LIMITS.scryptP) && 2 ** ln * r * p <= LIMITS.scryptWork ? { algorithm: 'scrypt' } : bad('scrypt');
  }
  if (h.startsWith('$pbkdf2-sha256$')) {
    const m = PBKDF2_SHA256.exec(h);
    return m && within(Number(m[1]), LIMITS.pbkdf2Rounds) ? { algorithm: 'pbkdf2-sha256' } : bad('pbkdf2-sha256');
  }
  return { error: ruleMessage('value.one_of', { values: `${importedHashAlgorithms.join(', ')} hashes in their standard encodings` }) };
}

/**
 * A TOTP secret as authenticator apps and consoles export it: base32 (RFC 4648, any case, spaces and `=` padding
 * ignored) of at least 128 bits (26 characters: RFC 4226's minimum, which the server's TOTP library enforces) and at
 * most 512 bits (103 characters). The secret in canonical form (upper case, no spaces or padding), or the message.
 */
/** A TOTP secret's length in base32 characters: 128 to 512 bits. */
export const TOTP_SECRET_MIN = 26;
export const TOTP_SECRET_MAX = 103;

export function importedTotpSecretOf(cell: string): { secret: string } | { error: RuleMessage } {
  const secret = cell.replace(/[\s-]+/g, '').replace(/=+$/, '').toUpperCase();
  if (!/^[A-Z2-7]*$/.test(secret)) return { error: ruleMessage('value.format', { format: 'base32 (A–Z, 2–7)' }) };
  if (secret.length < TOTP_SECRET_MIN) return { error: ruleMessage('value.min_characters', { min: TOTP_SECRET_MIN }) };
  if (secret.length > TOTP_SECRET_MAX) return { error: ruleMessage('value.max_characters', { max: TOTP_SECRET_MAX }) };
  return { secret };
}
