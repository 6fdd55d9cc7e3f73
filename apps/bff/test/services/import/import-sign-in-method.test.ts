import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BulkImportResponse } from '@roster/contract';
import { adminSession, createTestContext, dialects, errorOf, json, type TestContext } from '../../support.js';

const IMPORT = '/v1/users/bulk-import';

/**
 * The sign-in method chosen at import (issue 14, NinjaOne's Security tab): a `signInMethod` row field or a CSV
 * "Sign-in method" column (totp / Authenticator app, webauthn / Security key / Passkey, sms / Text message, any
 * case, German names too) sets each person's method; a row without it gets the profile's default. A value that names
 * no method, or one that cannot be chosen yet, fails its row naming the column — atomic imports write nothing.
 */
describe.each(dialects)('sign-in method in the bulk import on %s', (dialect) => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext(dialect);
  });
  afterAll(async () => t?.close());

  const methodOf = async (tenantId: string, email: string) =>
    (await t.services.db.selectFrom('users').select(['sign_in_method', 'mfa_state']).where('tenant_id', '=', tenantId).where('email', '=', email).executeTakeFirstOrThrow()).sign_in_method;
  const footprint = async (tenantId: string) => {
    const count = async (table: 'users' | 'one_time_tokens' | 'email_outbox' | 'audit_events' | 'import_requests') =>
      Number((await t.services.db.selectFrom(table).select(({ fn }) => fn.countAll<number>().as('n')).where('tenant_id', '=', tenantId).executeTakeFirstOrThrow()).n);
    return { users: await count('users'), tokens: await count('one_time_tokens'), outbox: await count('email_outbox'), audit: await count('audit_events'), keys: await count('import_requests') };
  };

  it('each row’s method is stored per row; rows without one get the profile’s default', async () => {
    const s = await adminSession(t, 'Import Methods', { preset: 'ninjaone', defaultSignInMethod: 'webauthn' });
    const res = await t.app.request(IMPORT, json({
      kind: 'technician',
      rows: [
        { firstName: 'Tia', lastName: 'Totp', email: 'tia@methods.example', signInMethod: 'totp' },
        { firstName: 'App', lastName: 'Named', email: 'app@methods.example', signInMethod: ' Authenticator APP ' },
        { firstName: 'Kay', lastName: 'Key', email: 'kay@methods.example', signInMethod: 'Security key' },
        { firstName: 'Dee', lastName: 'Fault', email: 'dee@methods.example' },
        { firstName: 'Em', lastName: 'Pty', email: 'em@methods.example', signInMethod: '' },
      ],
    }, s.auth));
    expect(res.status, await res.clone().text()).toBe(201);
    expect(await res.json()).toMatchObject({ imported: 5, failed: 0 });
    const methods = await Promise.all(['tia', 'app', 'kay', 'dee', 'em'].map((n) => methodOf(s.tenantId, `${n}@methods.example`)));
    expect(methods).toEqual(['totp', 'totp', 'webauthn', 'webauthn', 'webauthn']);
    // The API reads it back as the user's sign-in method.
    const list = await t.app.request('/v1/users?q=tia%40methods.example', { headers: s.auth });
    expect(((await list.json()) as { items: { signInMethod: string }[] }).items.map((u) => u.signInMethod)).toEqual(['totp']);
  });

  it('a CSV "Sign-in method" column (or German "Anmeldemethode") is recognised by its header; values in any case', async () => {
    const s = await adminSession(t, 'Import Method Csv', 'ninjaone');
    const text = 'First name,Last name,Email,Sign-in method\r\nCsv,One,one@method-csv.example,PASSKEY\r\nCsv,Two,two@method-csv.example,webauthn\r\nCsv,Three,three@method-csv.example,\r\n';
    const res = await t.app.request(IMPORT, json({ kind: 'technician', text, source: 'file' }, s.auth));
    expect(res.status, await res.clone().text()).toBe(201);
    expect(await Promise.all(['one', 'two', 'three'].map((n) => methodOf(s.tenantId, `${n}@method-csv.example`)))).toEqual(['webauthn', 'webauthn', 'totp']);
    const german = 'Vorname\tNachname\tE-Mail\tAnmeldemethode\nDe\tUtsch\tde@method-csv.example\tSicherheitsschlüssel\nAu\tThent\tau@method-csv.example\tAuthenticator-App\n';
    const de = await t.app.request(IMPORT, json({ kind: 'technician', text: german, source: 'clipboard' }, s.auth));
    expect(de.status, await de.clone().text()).toBe(201);
    expect([await methodOf(s.tenantId, 'de@method-csv.example'), await methodOf(s.tenantId, 'au@method-csv.example')]).toEqual(['webauthn', 'totp']);
  });

  it('atomic: an unknown value and a formula fail their rows naming the column; nothing is written, the key stays unused', async () => {
    const s = await adminSession(t, 'Import Method Atomic', 'ninjaone');
    const headers = { ...s.auth, 'idempotency-key': 'methods-atomic-1' };
    const before = await footprint(s.tenantId);
    const rows = [
      { firstName: 'Ok', lastName: 'Row', email: 'ok@method-atomic.example', signInMethod: 'webauthn' },
      { firstName: 'Fin', lastName: 'Ger', email: 'finger@method-atomic.example', signInMethod: 'fingerprint' },
      { firstName: 'Tex', lastName: 'Ter', email: 'texter@method-atomic.example', signInMethod: 'SMS' },
      { firstName: 'For', lastName: 'Mula', email: 'formula@method-atomic.example', signInMethod: '=totp' },
    ];
    const e = await errorOf(await t.app.request(IMPORT, json({ kind: 'technician', rows }, headers)));
    expect(e).toMatchObject({ status: 422, code: 'validation_failed', message: '2 of 4 rows have errors; nothing was imported.' });
    expect(e.issues!.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['rows.1.signInMethod', 'Sign-in method must be totp (Authenticator app), webauthn (Security key or passkey) or sms (Text message).'],
      ['rows.3.signInMethod', 'Sign-in method starts with =, +, - or @, which a spreadsheet would run as a formula; remove that character.'],
    ]);
    expect(await footprint(s.tenantId)).toEqual(before);
    // Corrected, the same Idempotency-Key imports: the refused request claimed nothing.
    const fixed = rows.map((r, i) => (i === 0 || i === 2 ? r : { ...r, signInMethod: 'totp' }));
    const ok = await t.app.request(IMPORT, json({ kind: 'technician', rows: fixed }, headers));
    expect(ok.status, await ok.clone().text()).toBe(201);
    expect(((await ok.json()) as BulkImportResponse).imported).toBe(4);
    expect(await methodOf(s.tenantId, 'ok@method-atomic.example')).toBe('webauthn');
    expect(await methodOf(s.tenantId, 'finger@method-atomic.example')).toBe('totp');
    // Text messages (SMS, any case) are a method like the others.
    expect(await methodOf(s.tenantId, 'texter@method-atomic.example')).toBe('sms');
  });

  it('per-row: a row with a bad method fails on its own, naming the column; the others are imported with theirs', async () => {
    const s = await adminSession(t, 'Import Method Rows', { preset: 'ninjaone', importMode: 'per-row' });
    const res = await t.app.request(IMPORT, json({
      kind: 'technician',
      rows: [
        { firstName: 'Good', lastName: 'Key', email: 'good@method-rows.example', signInMethod: 'Passkey' },
        { firstName: 'Bad', lastName: 'Value', email: 'bad@method-rows.example', signInMethod: 'carrier pigeon' },
      ],
    }, s.auth));
    expect(res.status, await res.clone().text()).toBe(201);
    const body = (await res.json()) as BulkImportResponse;
    expect(body).toMatchObject({ mode: 'per-row', imported: 1, failed: 1 });
    expect(body.results[1]).toMatchObject({ status: 'failed', issues: [{ path: ['rows', 1, 'signInMethod'] }] });
    expect(await methodOf(s.tenantId, 'good@method-rows.example')).toBe('webauthn');
    expect(await t.services.db.selectFrom('users').select('id').where('email', '=', 'bad@method-rows.example').execute()).toEqual([]);
  });

  it('a dry run reports the same verdict, by its message id, and writes nothing', async () => {
    const s = await adminSession(t, 'Import Method Dry', 'ninjaone');
    const before = await footprint(s.tenantId);
    const res = await t.app.request(`${IMPORT}?dryRun=true`, json({ kind: 'technician', mode: 'per-row', rows: [{ firstName: 'Dry', lastName: 'Run', email: 'dry@method-dry.example', signInMethod: 'pigeon' }] }, s.auth));
    expect(res.status, await res.clone().text()).toBe(200);
    const body = (await res.json()) as BulkImportResponse;
    expect(body.results[0]).toMatchObject({ status: 'failed', issues: [{ path: ['rows', 0, 'signInMethod'], code: 'import.sign_in_method_value' }] });
    expect(await footprint(s.tenantId)).toEqual(before);
  });
});
