import { isImportedHash, verifyImportedHash } from './imported-passwords.js';
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const scrypt = (password: string, salt: Buffer, keylen: number, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) => scryptCb(password, salt, keylen, options, (e, key) => (e ? reject(e) : resolve(key))));

/** scrypt (N=2^15, r=8, p=1): memory-hard, in Node's own crypto, no native add-on to build. */
const PARAMS = { N: 32768, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password.normalize('NFC'), salt, 32, PARAMS);
  return `scrypt$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** A hash to compare against when the user does not exist, so both failures take the same time. */
export const DUMMY_PASSWORD_HASH = `scrypt$32768$8$1$${Buffer.alloc(16).toString('base64')}$${Buffer.alloc(32).toString('base64')}`;

/** Whether `password` matches the stored hash: Roster's own, or one an import carried over (./imported-passwords.ts). */
export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  if (isImportedHash(stored)) {
    // An imported hash may cost far less than Roster's own (bcrypt at cost 4: a few ms against Roster's ~100 ms): it is
    // verified beside the unknown user's dummy, so that the answer never comes sooner than for an email nobody has.
    const [ok] = await Promise.all([verifyImportedHash(password, stored), verifyPassword(password, DUMMY_PASSWORD_HASH)]);
    return ok;
  }
  const [scheme, n, r, p, salt, key] = (stored ?? DUMMY_PASSWORD_HASH).split('$');
  if (scheme !== 'scrypt' || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64');
  const actual = await scrypt(password.normalize('NFC'), Buffer.from(salt, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: PARAMS.maxmem,
  });
  return stored !== null && timingSafeEqual(actual, expected);
}
