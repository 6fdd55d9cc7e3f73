import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { pageCatalogues } from '@roster/portal';
import { accountPanelEn } from '../../packages/widgets/src/translations/account-panel.js';
import { accountPanelAr } from '../../packages/widgets/src/translations/account-panel.ar.js';
import { launchBrowser, startDemoPortal } from '../support/fixtures.js';
import { axeProblems } from '../support/axe.js';
import { freshCode, invitedPerson, mailedToken, signIn, type Person } from '../support/people.js';

/**
 * Roster's own /account page (issue 13): `<account-panel session>` with the person's session cookie — no widget
 * token — in the tenant's brand and the person's language, with Log out. A credential change ends every session,
 * this one too: the page goes to the login page of the person's tenant, in their language, which says why.
 */
describe('/account: <account-panel> with the session cookie', () => {
  let portal: Awaited<ReturnType<typeof startDemoPortal>>;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let person: Person;
  let cookie: { name: string; value: string; url: string };
  const NEW_PASSWORD = 'a longer and better passphrase';
  /** What the page asked the BFF, with the Authorization header it sent (if any). */
  const calls: { method: string; path: string; authorization: string | undefined }[] = [];
  const ar = pageCatalogues.ar;

  beforeAll(async () => {
    portal = await startDemoPortal();
    person = await invitedPerson(portal, { email: 'pat.person@demo-msp.example', firstName: 'Pat', lastName: 'Person' });
    // The demo tenant takes a brand: the page and the panel wear it.
    const { token } = (await (await fetch(`${portal.url}/host/widget-token`, { method: 'POST' })).json()) as { token: string };
    const branded = await fetch(`${portal.url}/v1/tenant/branding`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ productName: 'Acme Cloud', accentColor: '#0a7c4a' }),
    });
    expect(branded.status, await branded.clone().text()).toBe(200);
    browser = await launchBrowser();
    mkdirSync('artifacts', { recursive: true });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await portal?.stop();
  });

  const panel = () => page.locator('account-panel');
  /** The panel has the person (their address in the profile card). */
  const loaded = () => expect.poll(() => panel().locator('#profile-email').inputValue(), { timeout: 20_000 }).toBe(person.email);
  const me = async (value = cookie.value) => fetch(`${portal.url}/v1/auth/me`, { headers: { cookie: `${cookie.name}=${value}` } });

  it('an unauthenticated visit, or one with an ended session, goes to /login', async () => {
    const stranger = await browser.newContext();
    const tab = await stranger.newPage();
    await tab.goto(`${portal.url}/account`);
    await tab.waitForURL(/\/login$/);
    await stranger.addCookies([{ name: 'roster_session', value: 'no-such-session', url: portal.url }]);
    await tab.goto(`${portal.url}/account`);
    await tab.waitForURL(/\/login$/);
    await stranger.close();
  });

  it('shows the panel for the person signed in, in the tenant’s brand, with no token in any request', async () => {
    cookie = await signIn(portal, person);
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addCookies([cookie]);
    page = await context.newPage();
    page.on('request', (r) => {
      const url = new URL(r.url());
      if (url.pathname.startsWith('/v1/')) calls.push({ method: r.method(), path: url.pathname, authorization: r.headers().authorization });
    });
    await page.goto(`${portal.url}/account`);
    await loaded();
    expect(await page.title()).toBe('Your account — Acme Cloud');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Pat Person');
    expect(await page.locator('header.brand').textContent()).toContain('Acme Cloud');
    expect(await page.getByRole('button', { name: 'Log out' }).isVisible()).toBe(true);
    // The brand's accent reaches the panel through its --roster-accent token.
    const save = panel().locator('[data-form="profile"] button[type="submit"]');
    expect(await save.evaluate((b) => getComputedStyle(b).backgroundColor)).toBe('rgb(10, 124, 74)');
    await expect.poll(() => panel().getByText(accountPanelEn.sessions.current, { exact: true }).isVisible()).toBe(true);
    expect(calls.map((c) => c.path)).toEqual(expect.arrayContaining(['/v1/auth/me', '/v1/tenant', '/v1/auth/sessions']));
    expect(calls.filter((c) => c.authorization !== undefined)).toEqual([]);
  });

  it('changes the language and the idle warning in the Display card: checked first, both kept after a reload', async () => {
    const card = panel().getByRole('region', { name: accountPanelEn.language.heading });
    const minutes = card.getByLabel(accountPanelEn.language.idleWarning);
    await minutes.fill('3');
    const before = calls.length;
    await card.getByRole('button', { name: accountPanelEn.save }).click();
    // The contract's rule, in the page: nothing sent, the field says why and has the focus.
    await expect.poll(() => panel().locator('#language-idleWarningMinutes-error').textContent()).toBe('Must be between 5 minutes and 24 hours.');
    expect(await minutes.evaluate((input) => input === (input.getRootNode() as ShadowRoot).activeElement)).toBe(true);
    expect(calls.slice(before).filter((c) => c.method === 'PATCH')).toEqual([]);

    await minutes.fill('90');
    await card.getByLabel(accountPanelEn.language.label).selectOption('ar');
    await card.getByRole('button', { name: accountPanelEn.save }).click();
    // The panel speaks Arabic at once; the page follows: its lang and direction, its title, its Log out button.
    await expect.poll(() => panel().getByRole('heading', { level: 2 }).textContent(), { timeout: 10_000 }).toBe(accountPanelAr.title);
    await expect.poll(() => panel().getByRole('status').textContent()).toBe(accountPanelAr.saved);
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir, document.title])).toEqual(['ar', 'rtl', `${ar.account.title} — Acme Cloud`]);
    expect(await page.getByRole('button', { name: ar.account.logOut, exact: true }).isVisible()).toBe(true);
    expect(await (await me()).json()).toMatchObject({ language: 'ar', idleWarningMinutes: 90 });

    await page.reload();
    await loaded();
    // The server renders the page in the person's language now; the panel follows the page.
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['ar', 'rtl']);
    expect(await panel().getByRole('heading', { level: 2 }).textContent()).toBe(accountPanelAr.title);
    const display = panel().getByRole('region', { name: accountPanelAr.language.heading });
    expect(await display.getByLabel(accountPanelAr.language.idleWarning).inputValue()).toBe('90');
    expect(await display.getByLabel(accountPanelAr.language.label).inputValue()).toBe('ar');
    await page.screenshot({ path: 'artifacts/account-page-ar.png', fullPage: true });
  });

  it('changes the password: sent to the tenant’s login page in their language, which says why; the old session is over', async () => {
    const card = panel().getByRole('region', { name: accountPanelAr.password.heading });
    expect(await card.textContent()).toContain(accountPanelAr.password.leadSession);
    await card.getByLabel(accountPanelAr.password.current, { exact: true }).fill(person.password);
    await card.getByLabel(accountPanelAr.proof.code).fill(await freshCode(person));
    await card.getByLabel(accountPanelAr.password.next, { exact: true }).fill(NEW_PASSWORD);
    await card.getByLabel(accountPanelAr.password.repeat).fill(NEW_PASSWORD);
    await card.getByRole('button', { name: accountPanelAr.password.change }).click();
    await page.waitForURL(/\/login\?/, { timeout: 15_000 });
    const url = new URL(page.url());
    expect(Object.fromEntries(url.searchParams)).toEqual({ tenant: person.tenantId, lang: 'ar', ended: 'password' });
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['ar', 'rtl']);
    expect(await page.getByRole('status').textContent()).toBe(ar.login.ended.password);
    expect(await page.locator('header.brand').textContent()).toContain('Acme Cloud');
    person.password = NEW_PASSWORD;
    // The session the page had ended with the change.
    expect((await me()).status).toBe(401);
    await page.goto(`${portal.url}/account`);
    await page.waitForURL(/\/login$/);
  });

  it('signs in again on the login page, lands on /account, and Log out ends that session too', async () => {
    await page.goto(`${portal.url}/login?tenant=${person.tenantId}&lang=ar`);
    await page.getByLabel(ar.login.loginName).fill(person.email);
    await page.getByLabel(ar.common.password, { exact: true }).fill(person.password);
    await page.getByLabel(ar.login.twoFactorCode).fill(await freshCode(person));
    await page.getByRole('button', { name: ar.common.logIn }).click();
    await page.waitForURL(/\/account$/, { timeout: 15_000 });
    await loaded();
    const session = (await context.cookies()).find((c) => c.name === cookie.name)!.value;
    expect((await me(session)).status).toBe(200);
    await page.getByRole('button', { name: ar.account.logOut, exact: true }).click();
    await page.waitForURL(/\/login\?/);
    expect(new URL(page.url()).searchParams.get('ended')).toBe('logout');
    expect(await page.getByRole('status').textContent()).toBe(ar.login.ended.logout);
    expect((await me(session)).status).toBe(401);
  }, 90_000);

  it('the emailed reset link’s page takes the panel’s steps in its words: hint, repetition checked before sending', async () => {
    const forgot = await fetch(`${portal.url}/v1/auth/forgot-password`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ tenantId: person.tenantId, email: person.email }) });
    expect(forgot.status).toBe(202);
    const token = await mailedToken(portal, person.email, 'reset-password');
    await page.goto(`${portal.url}/reset-password?token=${token}`);
    // The link names the person: their language, Arabic; the panel's words for the same step.
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ar');
    const next = page.getByLabel(accountPanelAr.password.next, { exact: true });
    expect(await page.locator('#password-hint').textContent()).toBe(accountPanelAr.password.hint(12));
    expect(await next.getAttribute('aria-describedby')).toContain('password-hint');
    await next.fill('yet another long passphrase');
    await page.getByLabel(accountPanelAr.password.repeat).fill('yet another long passphrase!');
    const sent: string[] = [];
    page.on('request', (r) => void (r.method() === 'POST' && sent.push(new URL(r.url()).pathname)));
    await page.getByRole('button', { name: ar.resetPassword.save }).click();
    expect(await page.locator('#confirm-error').textContent()).toBe(accountPanelAr.password.differ);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('confirm');
    expect(sent).toEqual([]);
    expect(await axeProblems(page)).toEqual([]);
    await page.getByLabel(accountPanelAr.password.repeat).fill('yet another long passphrase');
    await page.getByRole('button', { name: ar.resetPassword.save }).click();
    await expect.poll(() => page.locator('.banner.ok').textContent(), { timeout: 10_000 }).toContain(accountPanelAr.password.changed);
    expect(sent).toEqual(['/v1/auth/reset-password']);
  });
});
