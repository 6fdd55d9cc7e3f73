import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { adminSession, createTestContext, deliveredMessage, dialects, insertUsers, json, userRow, type TestContext } from '../support.js';
import { emailCatalogues } from '../../src/email/catalogues/index.js';
import { en } from '../../src/email/catalogues/en.js';

/**
 * Every email speaks its recipient's language (the user's `language` setting): German and Arabic written out,
 * Arabic right to left, no English sentence left over. Arabic is set on the row: the contract's list of user
 * languages does not offer it yet.
 */

/**
 * The English catalogue's words: each entry, a function's literal parts around its parameters ("You're invited to",
 * not the tenant's name). Only pieces with a word in them count.
 */
function englishFragments(node: unknown = en): string[] {
  if (typeof node === 'string') return [node];
  if (typeof node === 'function') {
    const marker = '\u0001';
    return String(node(...Array.from({ length: node.length }, () => marker))).split(marker);
  }
  return Object.values(node as Record<string, unknown>).flatMap((v) => englishFragments(v));
}
const ENGLISH = englishFragments()
  .map((f) => f.trim())
  .filter((f) => /[a-z]{3}/i.test(f));

type Mail = Awaited<ReturnType<typeof deliveredMessage>>;

function expectNoEnglish(mail: Mail, what: string) {
  for (const part of ['subject', 'text', 'html'] as const) {
    const shown = part === 'html' ? mail.html.replace(/<[^>]*>/g, ' ').replace(/&#39;/g, "'") : mail[part];
    for (const fragment of ENGLISH) expect(shown, `${what} ${part}: "${fragment}"`).not.toContain(fragment);
  }
}

describe.each(dialects)('emails in the recipient’s language on %s', (dialect) => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext(dialect);
  });
  afterAll(async () => t?.close());

  it('the English catalogue’s sentences are what an English email says (the check below can fail)', async () => {
    const s = await adminSession(t, 'English Mail Co');
    const [invited] = await insertUsers(t, [userRow(s.tenantId, { email: 'eli@englishmail.example', first_name: 'Eli', status: 'invited', language: 'fr' })]);
    expect((await t.app.request(`/v1/users/${invited!.id}/resend-invitation`, { method: 'POST', headers: s.auth })).status).toBe(200);
    const mail = await deliveredMessage(t, { to: 'eli@englishmail.example' });
    // French is not written: it reads English.
    expect(mail.subject).toBe("You're invited to English Mail Co");
    expect(mail.html).toContain('<html lang="en" dir="ltr">');
    expect(() => expectNoEnglish(mail, 'English')).toThrow();
  });

  for (const lang of ['de', 'ar'] as const) {
    it(`${lang}: the invitation, password reset, email change confirmation and lockout are all in ${lang}`, async () => {
      const w = emailCatalogues[lang];
      const domain = `${lang}mail.example`;
      const s = await adminSession(t, `Lang ${lang} Co`);
      const [invited, active] = await insertUsers(t, [
        userRow(s.tenantId, { email: `ina@${domain}`, first_name: 'Ina', status: 'invited', language: lang }),
        userRow(s.tenantId, { email: `ada@${domain}`, first_name: 'Ada', status: 'active', language: lang }),
      ]);
      const mails: Record<string, Mail> = {};

      expect((await t.app.request(`/v1/users/${invited!.id}/resend-invitation`, { method: 'POST', headers: s.auth })).status).toBe(200);
      mails.invitation = await deliveredMessage(t, { to: `ina@${domain}` });
      expect(mails.invitation.subject).toBe(w.invitation.subject(`Lang ${lang} Co`));
      expect(mails.invitation.text).toContain(w.invitation.action);

      expect((await t.app.request(`/v1/users/${active!.id}/reset-password`, { method: 'POST', headers: s.auth })).status).toBe(200);
      mails.adminReset = await deliveredMessage(t, { to: `ada@${domain}` });
      expect(mails.adminReset.subject).toBe(w.passwordReset.subject('Roster'));
      await sql`delete from one_time_tokens where user_id = ${active!.id}`.execute(t.services.db); // the hourly cap counts links
      expect((await t.app.request('/v1/auth/forgot-password', json({ tenantId: s.tenantId, email: `ada@${domain}` }))).status).toBe(202);
      mails.forgotReset = await deliveredMessage(t, { to: `ada@${domain}` });
      expect(mails.forgotReset.id).not.toBe(mails.adminReset.id);
      expect(mails.forgotReset.text).toContain(w.passwordReset.notAsked);

      const changed = await t.app.request(`/v1/users/${active!.id}`, { method: 'PATCH', headers: { ...s.auth, 'content-type': 'application/json' }, body: JSON.stringify({ email: `ada.new@${domain}` }) });
      expect(changed.status, await changed.clone().text()).toBe(200);
      mails.emailChange = await deliveredMessage(t, { to: `ada.new@${domain}` });
      expect(mails.emailChange.text).toContain(w.emailChange.body(`ada.new@${domain}`));

      for (let i = 0; i < 10; i++) await t.app.request('/v1/auth/login', json({ tenantId: s.tenantId, login: `ada@${domain}`, password: 'not the password' }));
      mails.locked = await deliveredMessage(t, { to: `ada@${domain}` });
      expect(mails.locked.template).toBe('account_locked');
      expect(mails.locked.text).toContain(w.accountLocked.footer);

      for (const [what, mail] of Object.entries(mails)) {
        expectNoEnglish(mail, `${lang} ${what}`);
        expect(mail.html, what).toContain(lang === 'ar' ? '<html lang="ar" dir="rtl">' : '<html lang="de" dir="ltr">');
      }
      // The expiry through Intl in the language: the invitation lasts whole days (the profile's), the lock minutes.
      const stored = await t.services.db.selectFrom('email_outbox').select('payload').where('id', '=', mails.invitation.id).executeTakeFirstOrThrow();
      const days = Math.round((Date.parse((stored.payload as { expiresAt: string }).expiresAt) - Date.now()) / 86400_000);
      expect(mails.invitation.text).toContain(w.linkExpires(new Intl.RelativeTimeFormat(lang, { numeric: 'always' }).format(days, 'day')));
      const profile = await t.app.request('/v1/tenant', { headers: s.auth });
      const lockoutMinutes = ((await profile.json()) as { profile: { lockoutMinutes: number } }).profile.lockoutMinutes;
      expect(mails.locked.text).toContain(new Intl.NumberFormat(lang, { style: 'unit', unit: 'minute', unitDisplay: 'long' }).format(lockoutMinutes));
    });
  }
});
