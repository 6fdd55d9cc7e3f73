import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, startDemoPortal } from '../support/fixtures.js';
import { axeProblems } from '../support/axe.js';
import { invitedPerson, signIn } from '../support/people.js';

/**
 * axe-core, contrast included, over every page a person sees in the demo: the vendor's portal with <user-table> in
 * each language, theme and width, the themes page, Roster's own self-service pages, and the demo mailbox.
 * (Swagger UI's /docs is a third-party renderer and is not held to it here.)
 */
describe('every page passes axe', () => {
  let portal: Awaited<ReturnType<typeof startDemoPortal>>;
  let browser: Browser;

  beforeAll(async () => {
    portal = await startDemoPortal();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.stop();
  });

  async function open(path: string, width = 1920, height = 1000, locale = 'en-US'): Promise<Page> {
    const page = await browser.newPage({ viewport: { width, height }, locale });
    await page.goto(`${portal.url}${path}`);
    return page;
  }
  const tableReady = (page: Page) => page.locator('user-table [role="row"][data-user-id]').first().waitFor({ timeout: 20_000 });

  for (const [query, width] of [['?lang=en&theme=light', 1920], ['?lang=de&theme=dark', 1920], ['?lang=ar&theme=contoso', 1920], ['?lang=en&theme=fabrikam', 390], ['?lang=ar&theme=dark', 390]] as const) {
    it(`the portal with <user-table> (${query}, ${width} px)`, async () => {
      const page = await open(`/${query}`, width, width > 1000 ? 1000 : 844);
      await tableReady(page);
      expect(await axeProblems(page)).toEqual([]);
      await page.close();
    });
  }

  it('the themes page: four tables side by side', async () => {
    const page = await open('/themes');
    await page.locator('user-table').nth(3).locator('[role="row"][data-user-id]').first().waitFor({ timeout: 20_000 });
    expect(await axeProblems(page)).toEqual([]);
    await page.close();
  });

  for (const [path, locale] of [['/login', 'de-DE'], ['/login', 'ar'], ['/forgot-password', 'ar']] as const) {
    it(`Roster's page ${path} in ${locale} (Accept-Language)`, async () => {
      const page = await open(path, 390, 844, locale);
      await page.waitForLoadState('networkidle');
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(locale.slice(0, 2));
      expect(await axeProblems(page)).toEqual([]);
      await page.close();
    });
  }

  for (const path of ['/login', '/forgot-password', '/reset-password?token=x', '/accept-invitation?token=x', '/confirm-email?token=x', '/mailbox']) {
    it(`Roster's page ${path}`, async () => {
      const page = await open(path, 1280, 900);
      await page.waitForLoadState('networkidle');
      expect(await axeProblems(page)).toEqual([]);
      await page.close();
    });
  }

  it('Roster’s page /account with <account-panel> loaded, signed in: English at 1280 px, Arabic at 390 px', async () => {
    const person = await invitedPerson(portal, { email: 'axel.axe@demo-msp.example', firstName: 'Axel', lastName: 'Axe' });
    const cookie = await signIn(portal, person);
    for (const [language, width] of [['en', 1280], ['ar', 390]] as const) {
      const set = await fetch(`${portal.url}/v1/users/${person.id}`, { method: 'PATCH', headers: { 'content-type': 'application/json', cookie: `${cookie.name}=${cookie.value}` }, body: JSON.stringify({ language }) });
      expect(set.status).toBe(200);
      const context = await browser.newContext({ viewport: { width, height: 900 } });
      await context.addCookies([cookie]);
      const page = await context.newPage();
      await page.goto(`${portal.url}/account`);
      // Loaded: the person in the profile card, their sessions listed.
      await expect.poll(() => page.locator('account-panel #profile-email').inputValue(), { timeout: 20_000 }).toBe(person.email);
      await page.locator('account-panel [part~="session-current"]').waitFor({ timeout: 20_000 });
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(language);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      expect(await axeProblems(page)).toEqual([]);
      await context.close();
    }
  });
});
