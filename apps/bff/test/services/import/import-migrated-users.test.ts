import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSync } from 'otplib';
import type { BulkImportResponse } from '@roster/contract';
import { adminSession, createTestContext, dialects, errorOf, json, type TestContext } from '../../support.js';

const IMPORT = '/v1/users/bulk-import';
/** Openwall crypt_blowfish's vector: the password "U*U". */
const BCRYPT_U = '$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW';
/** passlib's documented PBKDF2-SHA256 hash of "password". */
const PBKDF2_PASSWORD = '$pbkdf2-sha256$8000$XAuBMIYQQogxRg$tRRlz8hYn63B9LYiCd6PRo6FMiunY9ozmMMI3srxeRE';
const TOTP = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

/**
 * Migrating in (docs/migrating-in.md): an import carries each user's external id, existing password hash and TOTP
 * secret. Without invitations the users are active at once and sign in with their old password, which the first
 * sign-in replaces with Roster's own hash (audited, in the sign-in's transaction); a wrong old password counts toward
 * the lockout. Bad hashes, secrets and external ids fail their rows naming the field, and nothing is written.
 */
describe.each(dialects)('importing users with their credentials on %s', (dialect) => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext(dialect);
  });
  afterAll(async () => t?.close());

  const profile = { preset: 'default', mfaRequired: false, lockoutThreshold: 3 };
  const userOf = (tenantId: string, email: string) =>
    t.services.db.selectFrom('users').select(['id', 'status', 'password_hash', 'external_id', 'mfa_state', 'sign_in_method', 'mfa_secret_encrypted', 'failed_login_count', 'invitation_expires_at']).where('tenant_id', '=', tenantId).where('email', '=', email).executeTakeFirstOrThrow();
  const count = async (table: 'users' | 'one_time_tokens' | 'email_outbox' | 'audit_events', tenantId: string) =>
    Number((await t.services.db.selectFrom(table).select(({ fn }) => fn.countAll<number>().as('n')).where('tenant_id', '=', tenantId).executeTakeFirstOrThrow()).n);
  const footprint = async (tenantId: string) => ({ users: await count('users', tenantId), tokens: await count('one_time_tokens', tenantId), outbox: await count('email_outbox', tenantId), audit: await count('audit_events', tenantId) });
  const login = (tenantId: string, email: string, password: string, code?: string) => t.app.request('/v1/auth/login', json({ tenantId, login: email, password, ...(code ? { code } : {}) }));

  it('sendInvitations false: users with a hash are active, uninvited, and sign in with the old password, which is then rehashed', async () => {
    const s = await adminSession(t, 'Migrate Bcrypt', profile);
    const before = await footprint(s.tenantId);
    const res = await t.app.request(IMPORT, json({
      kind: 'technician',
      sendInvitations: false,
      rows: [
        { firstName: 'Ole', lastName: 'Bcrypt', email: 'ole@migrate.example', externalId: 'legacy-1', passwordHash: BCRYPT_U },
        { firstName: 'Pia', lastName: 'Pbkdf', email: 'pia@migrate.example', externalId: 'legacy-2', passwordHash: PBKDF2_PASSWORD },
        { firstName: 'Nia', lastName: 'Nohash', email: 'nia@migrate.example', externalId: 'legacy-3' },
      ],
    }, s.auth));
    expect(res.status, await res.clone().text()).toBe(201);
    expect(await res.json()).toMatchObject({ imported: 3, failed: 0 });
    const ole = await userOf(s.tenantId, 'ole@migrate.example');
    expect(ole).toMatchObject({ status: 'active', external_id: 'legacy-1', password_hash: `imported$${BCRYPT_U}`, invitation_expires_at: null });
    expect((await userOf(s.tenantId, 'nia@migrate.example')).status).toBe('invited');
    // No invitation at all: no tokens, no emails.
    const after = await footprint(s.tenantId);
    expect([after.tokens - before.tokens, after.outbox - before.outbox]).toEqual([0, 0]);

    // The external id is on the user and finds them.
    const found = await t.app.request('/v1/users?externalId=legacy-2', { headers: s.auth });
    expect(found.status).toBe(200);
    expect(((await found.json()) as { items: { email: string; externalId: string }[] }).items).toMatchObject([{ email: 'pia@migrate.example', externalId: 'legacy-2' }]);
    const none = await t.app.request('/v1/users?externalId=LEGACY-2', { headers: s.auth });
    expect(((await none.json()) as { items: unknown[] }).items).toEqual([]);

    const signedIn = await login(s.tenantId, 'ole@migrate.example', 'U*U');
    expect(signedIn.status, await signedIn.clone().text()).toBe(200);
    expect(await signedIn.json()).toMatchObject({ userId: ole.id });
    const rehashed = await userOf(s.tenantId, 'ole@migrate.example');
    expect(rehashed.password_hash).toMatch(/^scrypt\$/);
    const audit = await t.services.db.selectFrom('audit_events').select(['before', 'after']).where('tenant_id', '=', s.tenantId).where('action', '=', 'user.password_rehashed').where('target_id', '=', ole.id).execute();
    expect(audit.map((a) => [a.before, a.after])).toEqual([[{ algorithm: 'bcrypt' }, { algorithm: 'roster' }]]);
    // The same password signs in against Roster's own hash from now on; the PBKDF2 user too.
    expect((await login(s.tenantId, 'ole@migrate.example', 'U*U')).status).toBe(200);
    expect((await login(s.tenantId, 'pia@migrate.example', 'password')).status).toBe(200);
    expect((await userOf(s.tenantId, 'pia@migrate.example')).password_hash).toMatch(/^scrypt\$/);
  });

  it('a wrong old password is refused, counted toward the lockout, and leaves the imported hash', async () => {
    const s = await adminSession(t, 'Migrate Lockout', profile);
    const res = await t.app.request(IMPORT, json({ kind: 'technician', sendInvitations: false, rows: [{ firstName: 'Lou', lastName: 'Locked', email: 'lou@migrate.example', passwordHash: BCRYPT_U }] }, s.auth));
    expect(res.status).toBe(201);
    for (let i = 0; i < 3; i++) expect((await login(s.tenantId, 'lou@migrate.example', 'U*U*')).status).toBe(401);
    const lou = await userOf(s.tenantId, 'lou@migrate.example');
    expect(lou).toMatchObject({ status: 'locked_out', password_hash: `imported$${BCRYPT_U}` });
    // Locked: even the right password is refused now.
    expect((await login(s.tenantId, 'lou@migrate.example', 'U*U')).status).toBe(401);
  });

  it('a TOTP secret carried over is stored encrypted and enrolled: the old authenticator app signs in', async () => {
    const s = await adminSession(t, 'Migrate Totp', { ...profile, mfaRequired: true });
    const res = await t.app.request(IMPORT, json({ kind: 'technician', sendInvitations: false, rows: [{ firstName: 'Tom', lastName: 'Totp', email: 'tom@migrate.example', passwordHash: PBKDF2_PASSWORD, totpSecret: 'jbsw y3dp ehpk 3pxp jbsw y3dp ehpk 3pxp' }] }, s.auth));
    expect(res.status, await res.clone().text()).toBe(201);
    const tom = await userOf(s.tenantId, 'tom@migrate.example');
    expect(tom).toMatchObject({ status: 'active', mfa_state: 'enrolled', sign_in_method: 'totp' });
    expect(tom.mfa_secret_encrypted).not.toContain(TOTP);
    expect(t.services.totp.decrypt(tom.mfa_secret_encrypted!)).toBe(TOTP);
    expect((await login(s.tenantId, 'tom@migrate.example', 'password', '000000')).status).toBe(401);
    const ok = await login(s.tenantId, 'tom@migrate.example', 'password', generateSync({ secret: TOTP }));
    expect(ok.status, await ok.clone().text()).toBe(200);
    expect((await userOf(s.tenantId, 'tom@migrate.example')).password_hash).toMatch(/^scrypt\$/);
  });

  it('2FA required and no secret carried over: the old password starts enrolment, and its hash is replaced already', async () => {
    const s = await adminSession(t, 'Migrate Enrol', { ...profile, mfaRequired: true });
    const res = await t.app.request(IMPORT, json({ kind: 'technician', sendInvitations: false, rows: [{ firstName: 'Ena', lastName: 'Enrol', email: 'ena@migrate.example', passwordHash: BCRYPT_U }] }, s.auth));
    expect(res.status).toBe(201);
    const started = await login(s.tenantId, 'ena@migrate.example', 'U*U');
    expect(started.status, await started.clone().text()).toBe(200);
    expect(await started.json()).toMatchObject({ mfa: expect.any(Object) });
    expect((await userOf(s.tenantId, 'ena@migrate.example')).password_hash).toMatch(/^scrypt\$/);
  });

  it('with invitations (the default) users with a hash are invited, and cannot sign in before accepting', async () => {
    const s = await adminSession(t, 'Migrate Invited', profile);
    const before = await footprint(s.tenantId);
    const res = await t.app.request(IMPORT, json({ kind: 'technician', rows: [{ firstName: 'Ivy', lastName: 'Invited', email: 'ivy@migrate.example', passwordHash: BCRYPT_U }] }, s.auth));
    expect(res.status).toBe(201);
    expect((await userOf(s.tenantId, 'ivy@migrate.example')).status).toBe('invited');
    const after = await footprint(s.tenantId);
    expect([after.tokens - before.tokens, after.outbox - before.outbox]).toEqual([1, 1]);
    expect((await login(s.tenantId, 'ivy@migrate.example', 'U*U')).status).toBe(401);
  });

  it('atomic: a malformed hash, an unsupported algorithm, a bad TOTP secret and repeated or taken external ids fail their rows naming the field; nothing is written', async () => {
    const s = await adminSession(t, 'Migrate Atomic', profile);
    const first = await t.app.request(IMPORT, json({ kind: 'technician', sendInvitations: false, rows: [{ firstName: 'Eve', lastName: 'Existing', email: 'eve@migrate.example', externalId: 'taken-1' }] }, s.auth));
    expect(first.status).toBe(201);
    const before = await footprint(s.tenantId);
    const e = await errorOf(await t.app.request(IMPORT, json({
      kind: 'technician',
      mode: 'atomic',
      sendInvitations: false,
      rows: [
        { firstName: 'Ok', lastName: 'Row', email: 'ok@migrate.example', externalId: 'x-1', passwordHash: BCRYPT_U },
        { firstName: 'Mal', lastName: 'Formed', email: 'mal@migrate.example', passwordHash: '$2b$10$tooshort' },
        { firstName: 'Md', lastName: 'Five', email: 'md5@migrate.example', passwordHash: '5f4dcc3b5aa765d61d8327deb882cf99' },
        { firstName: 'Bad', lastName: 'Secret', email: 'secret@migrate.example', totpSecret: 'JBSWY3DP0000' },
        { firstName: 'Dup', lastName: 'File', email: 'dup@migrate.example', externalId: 'x-1' },
        { firstName: 'Dup', lastName: 'Db', email: 'dupdb@migrate.example', externalId: 'taken-1' },
      ],
    }, s.auth)));
    expect(e).toMatchObject({ status: 422, code: 'validation_failed', message: '5 of 6 rows have errors; nothing was imported.' });
    expect(e.issues!.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['rows.1.passwordHash', 'Must be a valid bcrypt hash.'],
      ['rows.2.passwordHash', 'Must be one of: bcrypt, argon2id, scrypt, pbkdf2-sha256 hashes in their standard encodings.'],
      ['rows.3.totpSecret', 'Must be a valid base32 (A–Z, 2–7).'],
      ['rows.4.externalId', 'Is given more than once.'],
      ['rows.5.externalId', 'Is already taken in this tenant.'],
    ]);
    expect(await footprint(s.tenantId)).toEqual(before);
  });

  it('per row: the bad rows fail, the others are imported', async () => {
    const s = await adminSession(t, 'Migrate Per Row', profile);
    const res = await t.app.request(IMPORT, json({
      kind: 'technician',
      mode: 'per-row',
      sendInvitations: false,
      rows: [
        { firstName: 'Good', lastName: 'Row', email: 'good@migrate.example', externalId: 'p-1', passwordHash: BCRYPT_U },
        { firstName: 'Short', lastName: 'Secret', email: 'short@migrate.example', totpSecret: 'JBSWY3DP' },
      ],
    }, s.auth));
    expect(res.status, await res.clone().text()).toBe(201);
    const body = (await res.json()) as BulkImportResponse;
    expect(body).toMatchObject({ imported: 1, failed: 1 });
    expect(body.results[1]!.issues!.map((i) => [i.path.join('.'), i.message])).toEqual([['rows.1.totpSecret', 'Must have at least 26 characters.']]);
    expect((await userOf(s.tenantId, 'good@migrate.example')).status).toBe('active');
  });

  it('the list refuses an empty or over-long externalId naming the parameter', async () => {
    const s = await adminSession(t, 'Migrate Query', profile);
    for (const q of ['', 'x'.repeat(256)]) {
      const e = await errorOf(await t.app.request(`/v1/users?externalId=${q}`, { headers: s.auth }));
      expect(e.status).toBe(400);
      expect(e.issues!.map((i) => i.path.join('.'))).toEqual(['query.externalId']);
    }
  });
});
