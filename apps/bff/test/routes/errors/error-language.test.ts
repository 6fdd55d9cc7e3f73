import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminSession, createTestContext, dialects, insertUsers, json, userRow, type TestContext } from '../../support.js';
import { insertSession } from '../../../src/db/repositories/sessions.repository.js';
import { hashSecret } from '../../../src/auth/secrets.js';
import { negotiateLanguage } from '../../../src/lib/language.js';

type Envelope = { error: { code: string; message: string; issues?: { path: (string | number)[]; message: string; code?: string; params?: Record<string, unknown> }[] } };

describe('Accept-Language negotiation', () => {
  it('picks the best of en, de, ar by q-value and primary subtag, else none (the caller reads English)', () => {
    expect(negotiateLanguage(undefined)).toBeNull();
    expect(negotiateLanguage('de-CH,de;q=0.9,en;q=0.8')).toBe('de');
    expect(negotiateLanguage('fr-FR, fr;q=0.9, ar;q=0.5, en;q=0.4')).toBe('ar');
    expect(negotiateLanguage('fr, it;q=0.8')).toBeNull();
    expect(negotiateLanguage('de;q=0, en')).toBe('en');
    expect(negotiateLanguage('*')).toBe('en');
  });
});

describe.each(dialects)('error messages in the reader’s language on %s', (dialect) => {
  let t: TestContext;
  let a: Awaited<ReturnType<typeof adminSession>>;
  beforeAll(async () => {
    t = await createTestContext(dialect);
    a = await adminSession(t, 'Sprachen');
  });
  afterAll(() => t.close());

  const invalidUser = { kind: 'technician', firstName: '', lastName: 'B'.repeat(200), email: 'not-an-address', phone: '030 1234567' };
  const create = (headers: Record<string, string>) => t.app.request('/v1/users', json(invalidUser, { ...a.auth, ...headers }));

  it('a 422 answers German messages for Accept-Language: de, with the same codes and params as in English', async () => {
    const en = await create({ 'accept-language': 'en' });
    const de = await create({ 'accept-language': 'de-DE,de;q=0.9,en;q=0.5' });
    expect(en.status).toBe(422);
    expect(de.status).toBe(422);
    expect(de.headers.get('vary')).toMatch(/accept-language/i);
    const enBody = (await en.json()) as Envelope;
    const deBody = (await de.json()) as Envelope;
    expect(enBody.error.message).toBe('Some fields are not valid.');
    expect(deBody.error.message).toBe('Einige Felder sind nicht gültig.');
    expect(deBody.error.issues!.map((i) => [i.path, i.code, i.params])).toEqual(enBody.error.issues!.map((i) => [i.path, i.code, i.params]));
    const byField = (body: Envelope) => Object.fromEntries(body.error.issues!.map((i) => [i.path[1], i]));
    expect(byField(enBody).firstName).toMatchObject({ code: 'field.required', message: 'First name is required.' });
    expect(byField(deBody).firstName).toMatchObject({ code: 'field.required', params: { field: 'firstName' }, message: 'Vorname ist erforderlich.' });
    expect(byField(deBody).lastName!.message).toMatch(/^Nachname darf höchstens \d+ Zeichen haben\.$/);
    expect(byField(deBody).phone).toMatchObject({ code: 'phone.country_code_missing', message: expect.stringMatching(/^Telefon muss mit \+ und der Ländervorwahl beginnen/) });
    expect(byField(deBody).email).toMatchObject({ code: 'email.shape', message: 'E-Mail muss wie name@example.com aussehen.' });
  });

  it('Arabic too; a language it does not speak falls back to English', async () => {
    const ar = (await (await create({ 'accept-language': 'ar' })).json()) as Envelope;
    expect(ar.error.message).toBe('بعض الحقول غير صالحة.');
    const fr = await create({ 'accept-language': 'fr-FR,fr;q=0.9' });
    expect(fr.headers.get('vary')).toMatch(/accept-language/i);
    const body = (await fr.json()) as Envelope;
    expect(body.error.message).toBe('Some fields are not valid.');
    expect(body.error.issues!.find((i) => i.path[1] === 'firstName')!.message).toBe('First name is required.');
  });

  it('an atomic bulk import refused for its rows answers in German, the cells by their codes', async () => {
    const res = await t.app.request('/v1/users/bulk-import', json({ kind: 'technician', mode: 'atomic', rows: [{ firstName: 'Anna', lastName: '', email: 'anna@x.example' }] }, { ...a.auth, 'accept-language': 'de' }));
    expect(res.status).toBe(422);
    expect(res.headers.get('vary')).toMatch(/accept-language/i);
    const body = (await res.json()) as Envelope;
    expect(body.error.message).toBe('1 von 1 Zeilen haben Fehler; nichts wurde importiert.');
    expect(body.error.issues).toEqual([{ path: ['rows', 0, 'lastName'], code: 'field.required', params: { field: 'lastName' }, message: 'Nachname ist erforderlich.' }]);
  });

  it('text that cannot be read as a table is refused in German, row by row', async () => {
    const res = await t.app.request('/v1/users/bulk-import', json({ kind: 'technician', mode: 'atomic', text: 'First name,Last name,Email\nAnna,"Berg,anna@x.example\n' }, { ...a.auth, 'accept-language': 'de' }));
    expect(res.status).toBe(422);
    const body = (await res.json()) as Envelope;
    expect(body.error.message).toBe('Der Text lässt sich nicht als Tabelle lesen; nichts wurde importiert.');
    expect(body.error.issues![0]).toMatchObject({ path: ['body', 'text'], code: 'import.unclosed_quote', message: expect.stringMatching(/^Zeile \d+: Eine Zelle in Anführungszeichen ist nicht geschlossen/) });
  });

  it('the OpenAPI document describes each issue’s code and params next to its message', async () => {
    const doc = (await (await t.app.request('/openapi.json')).json()) as any;
    expect(doc.paths['/v1/users'].post.responses['422'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/ErrorEnvelope' });
    const envelope = doc.components.schemas.ErrorEnvelope;
    const issue = envelope.properties.error.properties.issues.items;
    expect(issue.required).toEqual(['path', 'message']);
    expect(issue.properties.code).toMatchObject({ type: 'string' });
    expect(issue.properties.params).toMatchObject({ type: 'object' });
  });

  it('the common errors a person reads are translated too', async () => {
    const missing = await t.app.request('/v1/users/00000000-0000-4000-8000-000000000000', { headers: { ...a.auth, 'accept-language': 'de' } });
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as Envelope).error.message).toBe('Nicht gefunden.');
    const anonymous = await t.app.request('/v1/users', { headers: { 'accept-language': 'de' } });
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as Envelope).error.message).toBe('Senden Sie ein Authorization: Bearer-Token.');
  });

  it('a signed-in person (a session) reads their own language setting, whatever the browser sends', async () => {
    const [u] = await insertUsers(t, [userRow(a.tenantId, { language: 'de' })]);
    const token = `rss_language_test_${dialect}`;
    await insertSession(t.services.db, { tenantId: a.tenantId, userId: u!.id, tokenHash: hashSecret(token), expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
    const res = await t.app.request('/v1/users', { headers: { cookie: `roster_session=${token}`, 'accept-language': 'en' } });
    expect(res.status).toBe(403);
    expect(((await res.json()) as Envelope).error.message).toBe('Dafür ist die Berechtigung users.read nötig.');
    // A widget token acts for an administrator: the page's Accept-Language decides, not the admin's setting.
    await t.services.db.updateTable('users').set({ language: 'de' }).where('id', '=', a.created.rootAdmin.id).execute();
    const viaWidget = (await (await create({ 'accept-language': 'en' })).json()) as Envelope;
    expect(viaWidget.error.message).toBe('Some fields are not valid.');
  });
});
