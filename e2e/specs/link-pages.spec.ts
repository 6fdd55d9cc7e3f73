import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { listOutbox, readOutboxMessage, type createApp, type PersonLanguage, type Services } from '@roster/bff';
import { pageCatalogues } from '@roster/portal';
import { startPagesInProcess } from '../support/pages-in-process.js';
import { launchBrowser } from '../support/fixtures.js';
import { axeProblems } from '../support/axe.js';

/**
 * Links that no longer work (issue 13): an emailed invitation, password-reset or email-confirmation link that has
 * expired, was used, was replaced by a newer one or is unknown opens as a page that says so and shows the way forward —
 * before anyone types a password — in the tenant's brand and the person's language (English and German here), and
 * passes axe. A link used elsewhere while its page is open gets the same page when its form is sent. In Chromium,
 * against the pages and the BFF on one origin; the links come from the emails the tenant's actions sent.
 */
const PASSWORD = 'correct horse battery staple';
const PAST = () => new Date(Date.now() - 60_000).toISOString();

describe('pages of links that no longer work', () => {
  let host: Awaited<ReturnType<typeof startPagesInProcess>>;
  let services: Services;
  let bff: ReturnType<typeof createApp>;
  let tenantId: string;
  let url: string;
  let browser: Browser;
  let cookie: string;
  /** The tokens of each case, by what became of them. */
  const links: Record<string, string> = {};

  const send = async (method: string, path: string, body: unknown, headers: Record<string, string> = {}) => {
    const res = await bff.request(path, { method, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    expect(res.status, `${method} ${path}: ${await res.clone().text()}`).toBeLessThan(300);
    return res.json() as Promise<any>;
  };
  /** The token of the newest email of a template to an address, as sent. */
  async function latestToken(template: string, to: string) {
    const row = (await listOutbox(services.db, tenantId)).find((m) => m.template === template && m.to_address === to)!;
    const mail = (await readOutboxMessage(services.db, services.config.signingKey, tenantId, row.id))!;
    return new URL(/https:\/\/\S+token=\S+/.exec(mail.text_body)![0]).searchParams.get('token')!;
  }
  const expireLinks = (userId: string) => services.db.updateTable('one_time_tokens').set({ expires_at: PAST() }).where('user_id', '=', userId).where('used_at', 'is', null).execute();
  async function activeColleague(email: string) {
    const user = await send('POST', '/v1/users', { kind: 'technician', firstName: 'Cole', lastName: 'League', email }, { cookie });
    await services.db.updateTable('users').set({ status: 'active' }).where('id', '=', user.id).execute();
    return user as { id: string };
  }

  beforeAll(async () => {
    host = await startPagesInProcess({ name: 'Linkwise', profile: { preset: 'atera' }, rootAdmin: { firstName: 'Lin', lastName: 'Wise', email: 'lin@linkwise.example' }, branding: { productName: 'Linkwise Cloud', accentColor: '#5b2a86' } });
    ({ services, bff, tenantId } = host);
    // The Root Admin accepts (that invitation is now used) and signs in: the session creates and invites people.
    links.usedInvitation = await latestToken('invitation', host.rootAdmin.email);
    await send('POST', '/v1/invitations/accept', { token: links.usedInvitation, password: PASSWORD });
    const login = await bff.request('/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ tenantId, login: host.rootAdmin.email, password: PASSWORD }) });
    cookie = login.headers.get('set-cookie')!.split(';')[0]!;

    const ada = await send('POST', '/v1/users', { kind: 'technician', firstName: 'Ada', lastName: 'Again', email: 'ada@linkwise.example' }, { cookie });
    links.replacedInvitation = await latestToken('invitation', 'ada@linkwise.example');
    await send('POST', `/v1/users/${ada.id}/resend-invitation`, {}, { cookie });
    links.expiredInvitation = await latestToken('invitation', 'ada@linkwise.example');
    await expireLinks(ada.id);
    await send('POST', '/v1/users', { kind: 'technician', firstName: 'Rae', lastName: 'Race', email: 'rae@linkwise.example' }, { cookie });
    links.raceInvitation = await latestToken('invitation', 'rae@linkwise.example');

    const rex = await activeColleague('rex@linkwise.example');
    await send('POST', '/v1/auth/forgot-password', { tenantId, email: 'rex@linkwise.example' });
    links.replacedReset = await latestToken('password_reset', 'rex@linkwise.example');
    await send('POST', '/v1/auth/forgot-password', { tenantId, email: 'rex@linkwise.example' });
    links.usedReset = await latestToken('password_reset', 'rex@linkwise.example');
    await send('POST', '/v1/auth/reset-password', { token: links.usedReset, password: PASSWORD });
    await send('POST', '/v1/auth/forgot-password', { tenantId, email: 'rex@linkwise.example' });
    links.expiredReset = await latestToken('password_reset', 'rex@linkwise.example');
    await expireLinks(rex.id);

    const eve = await activeColleague('eve@linkwise.example');
    await send('PATCH', `/v1/users/${eve.id}`, { email: 'eve.new@linkwise.example' }, { cookie });
    links.expiredConfirmation = await latestToken('email_change', 'eve.new@linkwise.example');
    await expireLinks(eve.id);

    url = await host.serve();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  /** Everyone of the tenant speaks `lang` (a token names its person, whose setting the page speaks). */
  const speak = (lang: PersonLanguage) => services.db.updateTable('users').set({ language: lang }).where('tenant_id', '=', tenantId).execute();

  async function open(path: string, lang: PersonLanguage): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: lang });
    const res = await page.goto(`${url}${path}`);
    expect(res?.status()).toBe(200);
    await page.waitForLoadState('networkidle');
    return page;
  }

  const cases = [
    ['/accept-invitation', 'expiredInvitation', 'invitation', 'expired'],
    ['/accept-invitation', 'usedInvitation', 'invitation', 'used'],
    ['/accept-invitation', 'replacedInvitation', 'invitation', 'replaced'],
    ['/accept-invitation', 'no-such-token', 'invitation', 'unknown'],
    ['/reset-password', 'expiredReset', 'password_reset', 'expired'],
    ['/reset-password', 'usedReset', 'password_reset', 'used'],
    ['/reset-password', 'replacedReset', 'password_reset', 'replaced'],
    // A link of another kind is no link of this page.
    ['/reset-password', 'expiredConfirmation', 'password_reset', 'unknown'],
    ['/confirm-email', 'expiredConfirmation', 'email_change', 'expired'],
    ['/confirm-email', 'no-such-token', 'email_change', 'unknown'],
  ] as const;

  for (const lang of ['en', 'de'] as const) {
    it(`say what became of the link and the way forward, before any form (${lang}), and pass axe`, async () => {
      await speak(lang);
      const words = pageCatalogues[lang];
      for (const [path, name, purpose, state] of cases) {
        const token = links[name] ?? name;
        const page = await open(`${path}?token=${encodeURIComponent(token)}`, lang);
        const what = `${path} ${name} (${lang})`;
        expect(await page.locator('h1').textContent(), what).toBe(words.badLink[purpose][state].heading);
        expect(await page.locator('p.lead').textContent(), what).toBe(words.badLink[purpose][state].lead);
        expect(await page.locator('form').count(), what).toBe(0);
        expect(await page.evaluate(() => document.documentElement.lang), what).toBe(lang);
        // A known link wears its tenant's brand; an unknown one names no tenant.
        expect(await page.title(), what).toMatch(name === 'no-such-token' ? / — Roster$/ : / — Linkwise Cloud$/);
        if (purpose === 'password_reset') {
          const request = page.getByRole('link', { name: words.badLink.requestNewLink });
          expect(await request.getAttribute('href'), what).toBe(`/forgot-password?token=${encodeURIComponent(token)}`);
        }
        if (state === 'used' || purpose === 'email_change') expect(await page.getByRole('link', { name: words.common.logIn }).count(), what).toBe(1);
        expect(await axeProblems(page), what).toEqual([]);
        await page.close();
      }
    });
  }

  it('the way forward from a spent reset link: the forgot-password form in the tenant’s brand and the person’s language', async () => {
    await speak('de');
    const page = await open(`/reset-password?token=${links.usedReset}`, 'en');
    await page.getByRole('link', { name: pageCatalogues.de.badLink.requestNewLink }).click();
    await page.waitForLoadState('networkidle');
    expect(await page.locator('h1').textContent()).toBe(pageCatalogues.de.forgotPassword.heading);
    expect(await page.title()).toMatch(/ — Linkwise Cloud$/);
    await page.close();
  });

  it('a link used elsewhere while its page is open: sending the form shows the same page, not a form error', async () => {
    await speak('en');
    const page = await open(`/accept-invitation?token=${links.raceInvitation}`, 'en');
    expect(await page.locator('h1').textContent()).toBe(pageCatalogues.en.acceptInvitation.welcome('Linkwise Cloud'));
    // Accepted in another tab (or by someone who had the email) after this page opened.
    await send('POST', '/v1/invitations/accept', { token: links.raceInvitation, password: PASSWORD });
    await page.locator('#password').fill('another long password');
    await page.locator('#confirm').fill('another long password');
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: pageCatalogues.en.acceptInvitation.setPassword }).click()]);
    await page.waitForLoadState('networkidle');
    expect(await page.locator('h1').textContent()).toBe(pageCatalogues.en.badLink.invitation.used.heading);
    expect(await page.getByRole('link', { name: pageCatalogues.en.common.logIn }).count()).toBe(1);
    expect(await axeProblems(page)).toEqual([]);
    await page.close();
  });
});
