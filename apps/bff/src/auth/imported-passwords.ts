import { pbkdf2 as pbkdf2Cb, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import bcrypt from 'bcryptjs';
import { verify as argon2Verify } from '@node-rs/argon2';
import { importedHashAlgorithmOf } from '@roster/contract';

/**
 * Password hashes carried over from another system by a bulk import (docs/migrating-in.md), verified with maintained
 * libraries: bcrypt by bcryptjs, argon2id by @node-rs/argon2 (prebuilt, nothing to compile), scrypt and
 * PBKDF2-SHA256 by Node's own crypto. Such a hash is stored as `imported$` + the hash as given, which Roster's own
 * scheme (`scrypt$…`, ./passwords.ts) never produces, so the two are never confused; the first sign-in that proves
 * the password replaces it with Roster's own (auth.service.ts, in the sign-in's transaction).
 */

const PREFIX = 'imported$';

/** The stored form of an imported hash. */
export const storedImportedHash = (hash: string) => `${PREFIX}${hash}`;
export const isImportedHash = (stored: string | null): stored is string => stored !== null && stored.startsWith(PREFIX);

const scrypt = promisify(scryptCb) as (password: string, salt: Buffer, keylen: number, options: { N: number; r: number; p: number; maxmem: number }) => Promise<Buffer>;
const pbkdf2 = promisify(pbkdf2Cb);

/** passlib's "adapted base64": `.` in place of `+`, no padding. */
const ab64 = (s: string) => Buffer.from(s.replaceAll('.', '+'), 'base64');

/** Whether `password` is the one of an imported hash (stored form). False for anything malformed. */
export async function verifyImportedHash(password: string, stored: string): Promise<boolean> {
  const hash = stored.slice(PREFIX.length);
  const kind = importedHashAlgorithmOf(hash);
  if ('error' in kind) return false;
  try {
    switch (kind.algorithm) {
      case 'bcrypt':
        return await bcrypt.compare(password, hash);
      case 'argon2id':
        return await argon2Verify(hash, password);
      case 'scrypt': {
        const [, , params, salt, key] = hash.split('$');
        const p = Object.fromEntries(params!.split(',').map((kv) => kv.split('=') as [string, string]));
        const expected = Buffer.from(key!, 'base64');
        const N = 2 ** Number(p.ln);
        const r = Number(p.r);
        const actual = await scrypt(password, Buffer.from(salt!, 'base64'), expected.length, { N, r, p: Number(p.p), maxmem: 128 * r * N * 2 + 1024 * 1024 });
        return timingSafeEqual(actual, expected);
      }
      case 'pbkdf2-sha256': {
        const [, , rounds, salt, key] = hash.split('$');
        const expected = ab64(key!);
        const actual = await pbkdf2(password, ab64(salt!), Number(rounds), expected.length, 'sha256');
        return timingSafeEqual(actual, expected);
      }
    }
  } catch {
    return false;
  }
}
