import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../src/auth/passwords.js';
import { isImportedHash, storedImportedHash, verifyImportedHash } from '../../src/auth/imported-passwords.js';

/** Published vectors: [algorithm, hash, password]. */
const vectors: [string, string, string][] = [
  // Openwall crypt_blowfish's test vectors (wrapper.c).
  ['bcrypt $2a$', '$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW', 'U*U'],
  ['bcrypt $2a$', '$2a$05$CCCCCCCCCCCCCCCCCCCCC.VGOzA784oUp/Z0DY336zx7pLYAy0lwK', 'U*U*'],
  ['bcrypt $2b$ (OpenBSD)', '$2b$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW', 'U*U'],
  ['bcrypt $2y$ (PHP)', '$2y$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW', 'U*U'],
  // The argon2 reference implementation's src/test.c, PHC string format.
  ['argon2id', '$argon2id$v=19$m=262144,t=2,p=1$c29tZXNhbHQ$eP4eyR+zqlZX1y5xCFTkw9m5GYx0L5YWwvCFvtlbLow', 'password'],
  // passlib's documentation (passlib.hash.scrypt).
  ['scrypt', '$scrypt$ln=8,r=8,p=1$WKs1xljLudd6z9kbY0wpJQ$yCR4iDZYDKv+iEJj6yHY0lv/epnfB6f/w1EbXrsJOuQ', 'password'],
  ['scrypt', '$scrypt$ln=16,r=8,p=1$aM15713r3Xsvxbi31lqr1Q$nFNh2CVHVjNldFVKDHDlm4CbdRSCdEBsjjJxD+iCs5E', 'password'],
  // passlib's documentation (passlib.hash.pbkdf2_sha256, and its front page).
  ['pbkdf2-sha256', '$pbkdf2-sha256$8000$XAuBMIYQQogxRg$tRRlz8hYn63B9LYiCd6PRo6FMiunY9ozmMMI3srxeRE', 'password'],
  ['pbkdf2-sha256', '$pbkdf2-sha256$6400$0ZrzXitFSGltTQnBWOsdAw$Y11AchqV4b0sUisdZd0Xr97KWoymNE0LNNrnEgY4H9M', 'password'],
  ['pbkdf2-sha256', '$pbkdf2-sha256$29000$N2YMIWQsBWBMae09x1jrPQ$1t8iyB2A.WF/Z5JZv.lfCIhXXN33N23OSgQYThBYRfk', 'toomanysecrets'],
];

describe('imported password hashes', () => {
  for (const [name, hash, password] of vectors) {
    it(`verifies the published ${name} vector ${hash.slice(0, 24)}… and refuses a wrong password`, async () => {
      const stored = storedImportedHash(hash);
      expect(isImportedHash(stored)).toBe(true);
      expect(await verifyImportedHash(password, stored)).toBe(true);
      expect(await verifyPassword(password, stored)).toBe(true);
      expect(await verifyImportedHash(`${password}x`, stored)).toBe(false);
      expect(await verifyPassword('joshua', stored)).toBe(false);
    }, 20_000);
  }

  it('never takes an imported hash for Roster s own, nor the reverse', async () => {
    const own = await hashPassword('password');
    expect(isImportedHash(own)).toBe(false);
    // The same bytes without the prefix are not a Roster hash: Roster's verifier refuses them.
    expect(await verifyPassword('password', vectors[5]![1])).toBe(false);
    expect(await verifyImportedHash('password', storedImportedHash(own))).toBe(false);
  });

  it('refuses a malformed or altered stored hash instead of throwing', async () => {
    expect(await verifyImportedHash('U*U', storedImportedHash('$2a$05$garbage'))).toBe(false);
    expect(await verifyImportedHash('password', storedImportedHash('$scrypt$ln=8,r=8,p=1$WKs1xljLudd6z9kbY0wpJQ$yCR4iDZYDKv+iEJj6yHY0lv/epnfB6f/w1EbXrsJOuA'))).toBe(false);
    expect(await verifyImportedHash('password', storedImportedHash('$md5$x'))).toBe(false);
  });
});
