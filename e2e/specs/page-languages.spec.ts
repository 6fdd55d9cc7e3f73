import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSync } from 'otplib';
import { listOutbox, readOutboxMessage, type createApp, type PersonLanguage, type Services } from '@roster/bff';
import { pageCatalogues, type selfServicePages, type PageWords } from '@roster/portal';
import { accountPanelEn, type AccountPanelStrings } from '../../packages/widgets/src/translations/account-panel.js';
import { accountPanelDe } from '../../packages/widgets/src/translations/account-panel.de.js';
import { accountPanelAr } from '../../packages/widgets/src/translations/account-panel.ar.js';
import { startPagesInProcess } from '../support/pages-in-process.js';

/**
 * Every language (issue 12): the self-service pages speak the browser's language (`Accept-Language`, among English,
 * German and Arabic) until they know whose page it is — the link's token or the session names the person — and
 * then that person's own language setting, whatever the browser says. Arabic pages are laid out right to left.
 * The pages' script messages come from the same catalogue. Asked in-process of the portal's page routes and the BFF
 * (what is checked is what the server sends).
 */

/** A catalogue's sentences by their place in it ("login.lead"); a function's words around its parameter. */
function sentences(words: unknown, at = ''): Map<string, string> {
  const out = new Map<string, string>();
  if (typeof words === 'string') out.set(at, words);
  else if (typeof words === 'function') out.set(at, String(words('\u0001')).split('\u0001').join(''));
  else for (const [k, v] of Object.entries(words as Record<string, unknown>)) for (const [p, s] of sentences(v, at ? `${at}.${k}` : k)) out.set(p, s);
  return out;
}

/**
 * The page is in `lang`: `<html lang dir>`, and no English sentence of the catalogue that the language says
 * otherwise — in the markup or in the messages handed to its script.
 */
function expectLanguage(html: string, lang: PersonLanguage, what: string) {
  expect(html, what).toContain(`<html lang="${lang}" dir="${lang === 'ar' ? 'rtl' : 'ltr'}">`);
  // What a person reads: the text between the tags, and the messages handed to the script (not its code).
  const text = html
    .replace(/<script[\s\S]*?<\/script>/g, '')
    .replace(/<style[\s\S]*?<\/style>/g, '')
    .replace(/<[^>]*>/g, '\n')
    .replace(/&#39;/g, "'");
  const messages = Object.values(JSON.parse(/const t = (\{.*\});/.exec(html)![1]!) as Record<string, string>).join('\n');
  const ours = sentences(pageCatalogues[lang]);
  let checked = 0;
  for (const [place, english] of sentences(pageCatalogues.en)) {
    if (ours.get(place) === english) continue;
    // As words of their own ("Password", not the brand "1Password" inside a German sentence).
    const alone = new RegExp(`(?<![\\p{L}\\p{N}])${english.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}])`, 'u');
    expect(text, `${what}: ${place} in English`).not.toMatch(alone);
    expect(messages, `${what}: ${place} in English`).not.toMatch(alone);
    checked++;
  }
  expect(checked, what).toBeGreaterThan(30);
}

describe('the self-service pages in the reader’s language', () => {
  let host: Awaited<ReturnType<typeof startPagesInProcess>>;
  let services: Services;
  let bff: ReturnType<typeof createApp>;
  let pages: ReturnType<typeof selfServicePages>;
  let tenantId: string;
  let admin: { id: string; email: string };

  beforeAll(async () => {
    host = await startPagesInProcess({ name: 'Polyglot Dental', rootAdmin: { firstName: 'Layla', lastName: 'Haddad', email: 'layla@polyglot.example' } });
    ({ services, bff, pages, tenantId, rootAdmin: admin } = host);
  });
  afterAll(async () => host?.stop());

  /** The person's language setting, set on the row. */
  const setLanguage = (language: string) => services.db.updateTable('users').set({ language }).where('id', '=', admin.id).execute();

  async function page(path: string, headers: Record<string, string> = {}) {
    const res = await pages.request(path, { headers });
    expect(res.status, path).toBe(200);
    expect(res.headers.get('vary')).toMatch(/Accept-Language/);
    return res.text();
  }

  it('the login page follows Accept-Language: German, Arabic right to left, English for anything else', async () => {
    const german = await page(`/login?tenant=${tenantId}`, { 'accept-language': 'de-CH,de;q=0.9,en;q=0.8' });
    expectLanguage(german, 'de', 'login (de)');
    expect(german).toContain(`<h1>${pageCatalogues.de.common.logIn}</h1>`);
    expect(german).toContain(`<title>${pageCatalogues.de.common.logIn} — Roster</title>`);
    // The script's messages are handed to it in German.
    expect(german).toContain(JSON.stringify(pageCatalogues.de.script.fixFields));
    expect(german).not.toContain('Please correct the marked fields.');

    const arabic = await page(`/login?tenant=${tenantId}`, { 'accept-language': 'fr;q=1, ar-EG;q=0.6' });
    expectLanguage(arabic, 'ar', 'login (ar)');
    expect(arabic).toContain('margin-inline');

    const english = await page(`/login?tenant=${tenantId}`, { 'accept-language': 'fr, es' });
    expect(english).toContain('<html lang="en" dir="ltr">');
    expect(english).toContain('<h1>Log in</h1>');
    expect(await page(`/forgot-password?tenant=${tenantId}`)).toContain('<html lang="en" dir="ltr">');
  });

  it('the accept-invitation page of an Arabic-speaking invited user is Arabic, right to left, whatever the browser says', async () => {
    await setLanguage('ar');
    const row = (await listOutbox(services.db, tenantId)).find((m) => m.template === 'invitation' && m.to_address === admin.email)!;
    const mail = (await readOutboxMessage(services.db, services.config.signingKey, tenantId, row.id))!;
    const link = new URL(/https:\/\/\S+token=\S+/.exec(mail.text_body)![0]);
    const html = await page(`${link.pathname}${link.search}`, { 'accept-language': 'de' });
    expectLanguage(html, 'ar', 'accept-invitation (ar user)');
    expect(html).toContain(`<h1>${pageCatalogues.ar.acceptInvitation.welcome('Roster')}</h1>`);
    expect(html).toContain(JSON.stringify(pageCatalogues.ar.script.passwordsDiffer));
    // A link that names nobody (unknown token) falls back to the browser's language.
    expectLanguage(await page('/accept-invitation?token=no-such-token', { 'accept-language': 'de' }), 'de', 'unknown token');
  });

  it('the login page a session ended on speaks the language of the page it came from (?lang=), and says why', async () => {
    for (const lang of ['de', 'ar'] as const) {
      const html = await page(`/login?tenant=${tenantId}&lang=${lang}&ended=password`, { 'accept-language': 'en' });
      expectLanguage(html, lang, `login after a password change (${lang})`);
      expect(html).toContain(`<p class="banner ok" role="status">${pageCatalogues[lang].login.ended.password}</p>`);
    }
    // An unknown reason says nothing.
    expect(await page(`/login?tenant=${tenantId}&ended=%3Cscript%3E`)).not.toContain('role="status"');
  });

  it('the account page of a German-speaking user is German whatever Accept-Language says', async () => {
    const row = (await listOutbox(services.db, tenantId)).find((m) => m.template === 'invitation' && m.to_address === admin.email)!;
    const mail = (await readOutboxMessage(services.db, services.config.signingKey, tenantId, row.id))!;
    const token = new URL(/https:\/\/\S+token=\S+/.exec(mail.text_body)![0]).searchParams.get('token')!;
    const post = (path: string, body: unknown) => bff.request(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await post('/v1/invitations/accept', { token, password: 'correct horse battery staple' })).status).toBe(200);
    const login = (await (await post('/v1/auth/login', { tenantId, login: admin.email, password: 'correct horse battery staple' })).json()) as { mfa: { ticket: string; secret: string } };
    const enrolled = await post('/v1/auth/mfa/enrol', { ticket: login.mfa.ticket, code: generateSync({ secret: login.mfa.secret }) });
    expect(enrolled.status, await enrolled.clone().text()).toBe(200);
    const cookie = enrolled.headers.get('set-cookie')!.split(';')[0]!;

    await setLanguage('de');
    for (const acceptLanguage of ['ar', 'en-US,en;q=0.9', '']) {
      // Neither ?lang= nor Accept-Language outweighs the person's own setting.
      const html = await page('/account?lang=ar', { cookie, ...(acceptLanguage ? { 'accept-language': acceptLanguage } : {}) });
      expectLanguage(html, 'de', `account (Accept-Language: ${acceptLanguage || 'none'})`);
      expect(html).toContain(`<title>${pageCatalogues.de.account.title} — Roster</title>`);
      expect(html).toContain('<h1 id="who">Layla Haddad</h1>');
      expect(html).toContain(`>${pageCatalogues.de.account.logOut}</button>`);
      // The panel follows the page's language (no lang of its own) and acts with the session.
      expect(html).toContain('<account-panel session></account-panel>');
    }
    // Without a session the browser is sent to log in.
    const anonymous = await pages.request('/account', { headers: { 'accept-language': 'ar' } });
    expect([anonymous.status, anonymous.headers.get('location')]).toEqual([302, '/login']);
  });
});

// Every catalogue has every sentence (the types say so; this says none is left empty).
describe('the page catalogues', () => {
  it('say the steps the pages share with <account-panel> in the panel’s words, in every language', () => {
    const panels: Record<PersonLanguage, AccountPanelStrings> = { en: accountPanelEn, de: accountPanelDe, ar: accountPanelAr };
    for (const lang of ['en', 'de', 'ar'] as const) {
      const page = pageCatalogues[lang];
      const panel = panels[lang];
      const pairs: [string, string, string][] = [
        ['new password', page.common.newPassword, panel.password.next],
        ['its hint', page.common.passwordHint(12), panel.password.hint(12)],
        ['its repetition', page.common.repeatPassword, panel.password.repeat],
        ['passwords differ', page.script.passwordsDiffer, panel.password.differ],
        ['password saved', page.script.passwordSaved, panel.password.changed],
        ['current password', page.common.currentPassword, panel.proof.password],
        ['scan the code', page.common.scanCode, panel.secondFactor.scan],
        ['cannot scan', page.common.cantScan, panel.secondFactor.cantScan],
        ['the first code', page.common.sixDigitCode, panel.secondFactor.newCode],
        ['the page title', page.account.title, panel.title],
      ];
      for (const [what, onPage, inPanel] of pairs) expect(onPage, `${lang}: ${what}`).toBe(inPanel);
    }
  });

  it('have a non-empty sentence for every place of the English one', () => {
    const english = sentences(pageCatalogues.en);
    for (const lang of ['de', 'ar'] as const) {
      const words: PageWords = pageCatalogues[lang];
      const ours = sentences(words);
      for (const place of english.keys()) expect(ours.get(place)?.trim(), `${lang} ${place}`).toBeTruthy();
    }
  });
});
