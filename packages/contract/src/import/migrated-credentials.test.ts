import { describe, expect, it } from 'vitest';
import { detectColumns, importedHashAlgorithmOf, importedTotpSecretOf, parseImportText, rowsFromTable, validateImportRows, type ImportCatalog, type ImportRowInput } from './index.js';
import { profilePresets } from '../profile.js';
import { phoneMetadata } from '../phone-metadata.js';

/** Published vectors (each verified by the server's tests: apps/bff/test/auth/imported-passwords.test.ts). */
const vectors = {
  // Openwall crypt_blowfish's test vectors: "U*U".
  bcrypt: '$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW',
  // The argon2 reference implementation's test.c (PHC string format): "password".
  argon2id: '$argon2id$v=19$m=262144,t=2,p=1$c29tZXNhbHQ$eP4eyR+zqlZX1y5xCFTkw9m5GYx0L5YWwvCFvtlbLow',
  // passlib's documentation of passlib.hash.scrypt: "password".
  scrypt: '$scrypt$ln=8,r=8,p=1$WKs1xljLudd6z9kbY0wpJQ$yCR4iDZYDKv+iEJj6yHY0lv/epnfB6f/w1EbXrsJOuQ',
  // passlib's documentation of passlib.hash.pbkdf2_sha256: "password".
  'pbkdf2-sha256': '$pbkdf2-sha256$8000$XAuBMIYQQogxRg$tRRlz8hYn63B9LYiCd6PRo6FMiunY9ozmMMI3srxeRE',
} as const;

describe('importedHashAlgorithmOf', () => {
  it('names the algorithm of each accepted standard encoding', () => {
    for (const [algorithm, hash] of Object.entries(vectors)) expect(importedHashAlgorithmOf(hash)).toEqual({ algorithm });
    expect(importedHashAlgorithmOf('$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW')).toEqual({ algorithm: 'bcrypt' });
    expect(importedHashAlgorithmOf('$2y$10$abcdefghijklmnopqrstuuWcDPjKO1xCs4bhH8M4ZdvNqE6U7i8F2')).toEqual({ algorithm: 'bcrypt' });
  });

  it('refuses at import a hash whose parameters would make one sign-in a denial of service, and accepts the top of each bound', () => {
    const salt = 'c29tZXNhbHQ';
    const key = 'eP4eyR+zqlZX1y5xCFTkw9m5GYx0L5YWwvCFvtlbLow';
    const bcrypt = (cost: string) => `$2b$${cost}$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW`;
    const argon2 = (m: number, t: number, p: number) => `$argon2id$v=19$m=${m},t=${t},p=${p}$${salt}$${key}`;
    const scrypt = (ln: number, r: number, p: number) => `$scrypt$ln=${ln},r=${r},p=${p}$${salt}$${key}`;
    const pbkdf2 = (rounds: number) => `$pbkdf2-sha256$${rounds}$XAuBMIYQQogxRg$tRRlz8hYn63B9LYiCd6PRo6FMiunY9ozmMMI3srxeRE`;
    const refused: [string, string][] = [
      ['bcrypt', bcrypt('31')], // 2^31 rounds: days of one core per sign-in
      ['bcrypt', bcrypt('14')],
      ['argon2id', argon2(1_048_576, 1, 1)], // 1 GiB per sign-in
      ['argon2id', argon2(262_145, 1, 1)],
      ['argon2id', argon2(65_536, 100, 1)], // 100 passes
      ['argon2id', argon2(65_536, 11, 1)],
      ['argon2id', argon2(262_144, 5, 1)], // 256 MiB × 5 passes
      ['argon2id', argon2(65_536, 2, 64)],
      ['scrypt', scrypt(20, 8, 1)], // 1 GiB
      ['scrypt', scrypt(19, 8, 1)], // 512 MiB
      ['scrypt', scrypt(17, 8, 16)], // 16× OWASP's work
      ['scrypt', scrypt(18, 8, 2)],
      ['pbkdf2-sha256', pbkdf2(10_000_000)],
      ['pbkdf2-sha256', pbkdf2(2_000_001)],
    ];
    for (const [algorithm, hash] of refused) expect(importedHashAlgorithmOf(hash), hash).toMatchObject({ error: { id: 'value.format', params: { format: `${algorithm} hash` } } });
    const accepted: [string, string][] = [
      ['bcrypt', bcrypt('13')],
      ['bcrypt', bcrypt('10')],
      ['argon2id', argon2(262_144, 4, 1)],
      ['argon2id', argon2(19_456, 2, 1)], // OWASP's first choice
      ['argon2id', argon2(65_536, 10, 16)],
      ['scrypt', scrypt(18, 8, 1)], // 256 MiB, twice OWASP's N
      ['scrypt', scrypt(17, 8, 2)],
      ['pbkdf2-sha256', pbkdf2(2_000_000)],
      ['pbkdf2-sha256', pbkdf2(600_000)], // OWASP's figure
    ];
    for (const [algorithm, hash] of accepted) expect(importedHashAlgorithmOf(hash), hash).toEqual({ algorithm });
  });

  it('refuses a malformed hash of a known algorithm, naming the algorithm', () => {
    const malformed: [string, string][] = [
      ['bcrypt', '$2b$12$tooShort'],
      ['bcrypt', '$2b$03$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW'],
      ['bcrypt', '$2b$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOe!'],
      ['argon2id', '$argon2id$v=16$m=65536,t=2,p=1$c29tZXNhbHQ$eP4eyR+zqlZX1y5xCFTkw9m5GYx0L5YWwvCFvtlbLow'],
      ['argon2id', '$argon2id$v=19$m=99999999,t=2,p=1$c29tZXNhbHQ$eP4eyR+zqlZX1y5xCFTkw9m5GYx0L5YWwvCFvtlbLow'],
      ['scrypt', '$scrypt$ln=30,r=8,p=1$WKs1xljLudd6z9kbY0wpJQ$yCR4iDZYDKv+iEJj6yHY0lv/epnfB6f/w1EbXrsJOuQ'],
      ['scrypt', '$scrypt$ln=8,r=8$WKs1xljLudd6z9kbY0wpJQ$yCR4iDZYDKv+iEJj6yHY0lv/epnfB6f/w1EbXrsJOuQ'],
      ['pbkdf2-sha256', '$pbkdf2-sha256$10$XAuBMIYQQogxRg$tRRlz8hYn63B9LYiCd6PRo6FMiunY9ozmMMI3srxeRE'],
      ['pbkdf2-sha256', '$pbkdf2-sha256$8000$XAuBMIYQQogxRg$tRRlz8hYn63B9LYiCd6PRo6FMiunY9ozmMMI3srxe'],
    ];
    for (const [algorithm, hash] of malformed) {
      const r = importedHashAlgorithmOf(hash);
      expect(r, hash).toMatchObject({ error: { id: 'value.format', params: { format: `${algorithm} hash` } } });
    }
  });

  it('refuses other algorithms and plain text as unsupported', () => {
    for (const hash of ['$argon2i$v=19$m=65536,t=2,p=4$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG', '$1$saltsalt$qjXMvbEw8oaL.CzflDugX/', '5f4dcc3b5aa765d61d8327deb882cf99', 'hunter2', 'pbkdf2_sha256$600000$salt$abc=']) {
      expect(importedHashAlgorithmOf(hash)).toMatchObject({ error: { id: 'value.one_of', message: 'Must be one of: bcrypt, argon2id, scrypt, pbkdf2-sha256 hashes in their standard encodings.' } });
    }
  });
});

describe('importedTotpSecretOf', () => {
  it('accepts base32 in any case, with spaces and padding, as canonical upper case', () => {
    expect(importedTotpSecretOf('jbsw y3dp ehpk 3pxp jbsw y3dp ehpk 3pxp')).toEqual({ secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' });
    expect(importedTotpSecretOf('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ====')).toEqual({ secret: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ' });
  });

  it('refuses what is not base32 and what is too short or too long', () => {
    expect(importedTotpSecretOf('JBSWY3DPEHPK3PX1')).toMatchObject({ error: { id: 'value.format', message: 'Must be a valid base32 (A–Z, 2–7).' } });
    // 80 bits, what some consoles issue: below RFC 4226's 128.
    expect(importedTotpSecretOf('JBSWY3DPEHPK3PXP')).toMatchObject({ error: { id: 'value.min_characters', params: { min: 26 } } });
    expect(importedTotpSecretOf('A'.repeat(104))).toMatchObject({ error: { id: 'value.max_characters', params: { max: 103 } } });
  });
});

const catalog: ImportCatalog = { roles: [], groups: [], organizations: [], granted: new Set(['users.read', 'users.write']) };
const validate = (rows: ImportRowInput[]) => validateImportRows(rows, { profile: profilePresets.default, metadata: phoneMetadata, kind: 'technician', catalog }).results;
const person = (n: number, over: ImportRowInput = {}): ImportRowInput => ({ firstName: 'Anna', lastName: 'Berg', email: `anna${n}@example.com`, ...over });

describe('import rows with migrated credentials', () => {
  it('keeps the external id, the hash as given and the TOTP secret canonical, and makes the method totp', () => {
    const [r] = validate([person(1, { externalId: ' okta-00u1 ', passwordHash: vectors.bcrypt, totpSecret: 'jbswy3dpehpk3pxpjbswy3dpehpk3pxp' })]);
    expect(r!.issues).toEqual([]);
    expect(r!.value).toMatchObject({ externalId: 'okta-00u1', passwordHash: vectors.bcrypt, totpSecret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', signInMethod: 'totp' });
  });

  it('fails each bad cell naming its field', () => {
    const results = validate([
      person(1, { passwordHash: 'hunter2' }),
      person(2, { passwordHash: '$2b$12$short' }),
      person(3, { totpSecret: 'not base32!' }),
      person(4, { totpSecret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', signInMethod: 'sms' }),
      person(5, { externalId: 'x'.repeat(256) }),
    ]);
    expect(results.map((r) => [r.value, r.issues.map((i) => [i.field, i.id])])).toEqual([
      [null, [['passwordHash', 'value.one_of']]],
      [null, [['passwordHash', 'value.format']]],
      [null, [['totpSecret', 'value.format']]],
      [null, [['signInMethod', 'value.one_of']]],
      [null, [['externalId', 'value.max_characters']]],
    ]);
    expect(results[1]!.issues[0]!.message).toBe('Must be a valid bcrypt hash.');
    expect(results[3]!.issues[0]!.message).toBe('Must be one of: totp.');
  });

  it('marks a repeated external id in the later row', () => {
    const results = validate([person(1, { externalId: 'A-1' }), person(2, { externalId: 'A-2' }), person(3, { externalId: 'A-1' })]);
    expect(results.map((r) => r.issues.map((i) => [i.field, i.id]))).toEqual([[], [], [['externalId', 'value.repeated']]]);
  });

  it('recognises the columns of a CSV export by their headers', () => {
    const table = parseImportText(`First name,Last name,Email,External ID,Password hash,TOTP secret\nAnna,Berg,anna@example.com,42,${vectors.bcrypt},JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP\n`, 'file');
    const mapping = detectColumns(table.rows, profilePresets.default);
    expect(mapping.columns).toEqual(['firstName', 'lastName', 'email', 'externalId', 'passwordHash', 'totpSecret']);
    expect(validate(rowsFromTable(table.rows, mapping))[0]!.value).toMatchObject({ externalId: '42', passwordHash: vectors.bcrypt });
  });
});
