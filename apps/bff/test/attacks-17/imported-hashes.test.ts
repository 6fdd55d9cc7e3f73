import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminSession, createTestContext, dialects, errorOf, json, type TestContext } from '../support.js';
import { DUMMY_PASSWORD_HASH, verifyPassword } from '../../src/auth/passwords.js';
import { storedImportedHash } from '../../src/auth/imported-passwords.js';

/**
 * An attacker's run over migrate-in (issue 17): an imported hash must not make a sign-in a denial of service (its
 * parameters are bounded at import and again before any verification: packages/contract migrated-credentials.ts), and
 * a cheap imported hash must not tell an attacker that an email exists.
 */
const salt = 'c29tZXNhbHQ';
const key = 'eP4eyR+zqlZX1y5xCFTkw9m5GYx0L5YWwvCFvtlbLow';
const expensive: [string, string][] = [
  ['bcrypt cost 31', '$2b$31$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW'],
  ['argon2id with 1 GiB', `$argon2id$v=19$m=1048576,t=1,p=1$${salt}$${key}`],
  ['argon2id with 100 passes', `$argon2id$v=19$m=65536,t=100,p=1$${salt}$${key}`],
  ['scrypt N=2^20', `$scrypt$ln=20,r=8,p=1$${salt}$${key}`],
  ['PBKDF2 10,000,000 rounds', '$pbkdf2-sha256$10000000$XAuBMIYQQogxRg$tRRlz8hYn63B9LYiCd6PRo6FMiunY9ozmMMI3srxeRE'],
];

describe('imported hashes at sign-in', () => {
  it.each(expensive)('a stored %s (imported before the bounds) is refused without being verified', async (_what, hash) => {
    const started = performance.now();
    expect(await verifyPassword('password', storedImportedHash(hash))).toBe(false);
    // No more than the dummy's own scrypt: the expensive hash itself never ran.
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it('a cheap imported hash (bcrypt cost 4) takes no less than an unknown email: the timing does not tell who exists', async () => {
    const cheap = storedImportedHash('$2b$04$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW');
    const time = async (stored: string) => {
      const s = performance.now();
      await verifyPassword('a wrong password', stored);
      return performance.now() - s;
    };
    const median = (xs: number[]) => xs.sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
    const imported: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 5; i++) {
      imported.push(await time(cheap));
      unknown.push(await time(DUMMY_PASSWORD_HASH));
    }
    // Without the dummy beside it, the imported one took about 1/50 of the unknown email's time.
    expect(median(imported) / median(unknown)).toBeGreaterThan(0.6);
  }, 30_000);
});

describe.each(dialects)('importing expensive hashes on %s', (dialect) => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext(dialect);
  });
  afterAll(async () => t?.close());

  it('the import refuses each hash beyond the bounds, naming rows.N.passwordHash, and imports nothing', async () => {
    const s = await adminSession(t, 'Expensive');
    const users = async () => Number((await t.services.db.selectFrom('users').select(({ fn }) => fn.countAll<number>().as('n')).where('tenant_id', '=', s.tenantId).executeTakeFirstOrThrow()).n);
    const before = await users();
    const e = await errorOf(await t.app.request('/v1/users/bulk-import', json({
      kind: 'technician', mode: 'atomic', sendInvitations: false,
      rows: expensive.map(([, hash], i) => ({ firstName: 'Slow', lastName: `Hash${i}`, email: `slow${i}@expensive.example`, passwordHash: hash })),
    }, s.auth)));
    expect(e.status).toBe(422);
    expect(e.issues!.map((i) => i.path.join('.'))).toEqual(expensive.map((_, i) => `rows.${i}.passwordHash`));
    expect(e.issues!.map((i) => i.message)).toEqual(['Must be a valid bcrypt hash.', 'Must be a valid argon2id hash.', 'Must be a valid argon2id hash.', 'Must be a valid scrypt hash.', 'Must be a valid pbkdf2-sha256 hash.']);
    expect(await users()).toBe(before);
  });
});
