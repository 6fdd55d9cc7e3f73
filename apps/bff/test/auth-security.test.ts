import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSync } from 'otplib';
import { adminSession, createTestContext, dialects, errorOf, insertUsers, json, userRow, type TestContext } from './support.js';
import { hashPassword } from '../src/auth/passwords.js';

const PASSWORD = 'correct horse battery';
let addressCounter = 0;
/** A request from its own loopback address (the rate limiter keys on the socket's address). */
export const from = (address = `127.1.${Math.floor(++addressCounter / 250)}.${(addressCounter % 250) + 1}`) => ({ incoming: { socket: { remoteAddress: address } } });

describe.each(dialects)('credentials and sessions on %s', (dialect) => {
  let t: TestContext;
  let passwordHash: string;
  beforeAll(async () => {
    t = await createTestContext(dialect);
    passwordHash = await hashPassword(PASSWORD);
  });
  afterAll(async () => t?.close());

  /** An active user with a password and (unless `enrolled: false`) an enrolled TOTP secret. */
  async function person(tenantId: string, email: string, o: { enrolled?: boolean; status?: 'active' | 'invited' | 'locked_out' } = {}) {
    const secret = t.services.totp.newSecret();
    const enrolled = o.enrolled ?? true;
    const [row] = await insertUsers(t, [userRow(tenantId, { email, status: o.status ?? 'active', password_hash: passwordHash })]);
    if (enrolled) {
      await t.services.db.updateTable('users').set({ mfa_state: 'enrolled', mfa_secret_encrypted: t.services.totp.encrypt(secret) }).where('id', '=', row!.id).execute();
    }
    return { id: row!.id, email, secret };
  }
  const login = (body: Record<string, unknown>, env: object = from()) => t.app.request('/v1/auth/login', json(body), env);
  const user = (id: string) =>
    t.services.db.selectFrom('users').select(['status', 'failed_login_count', 'locked_until', 'mfa_state', 'mfa_last_step']).where('id', '=', id).executeTakeFirstOrThrow();

  describe('TOTP codes are used once', () => {
    it('one code in 50 parallel sign-ins (each from its own address) gives exactly one session', async () => {
      const s = await adminSession(t, 'Totp Race', { preset: 'default', lockoutThreshold: null });
      const u = await person(s.tenantId, 'race@totp.example');
      const code = generateSync({ secret: u.secret });
      const results = await Promise.all(Array.from({ length: 50 }, () => login({ tenantId: s.tenantId, login: u.email, password: PASSWORD, code })));
      const statuses = results.map((r) => r.status);
      expect(statuses.filter((x) => x === 200)).toHaveLength(1);
      expect(statuses.filter((x) => x === 401)).toHaveLength(49);
      const sessions = await t.services.db.selectFrom('sessions').select('id').where('user_id', '=', u.id).execute();
      expect(sessions).toHaveLength(1);
    });
  });
});
