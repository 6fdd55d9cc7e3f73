import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { pageCatalogues } from '@roster/portal';
import { accountPanelEn } from '../../packages/widgets/src/translations/account-panel.js';
import { launchBrowser, startDemoPortal } from '../support/fixtures.js';
import { invitedPerson, signIn, type Person } from '../support/people.js';

/**
 * The idle warning on Roster's own /account page (seed 000, 000-09): the person's idle-warning time (1 hour by default)
 * without activity in any of the origin's tabs, then a prompt counting down 60 s, then sign-out — in every tab. Two
 * tabs of one browser on the real BFF; the browser's clock is Playwright's, moved forward as a laptop lid closed for a
 * while would (`fastForward`: each due timer fires once, late), so the tabs live through hours in seconds.
 */
describe('/account: the idle warning across tabs', () => {
  let portal: Awaited<ReturnType<typeof startDemoPortal>>;
  let browser: Browser;
  let context: BrowserContext;
  let person: Person;
  let cookie: { name: string; value: string; url: string };

  beforeAll(async () => {
    portal = await startDemoPortal();
    person = await invitedPerson(portal, { email: 'ida.idle@demo-msp.example', firstName: 'Ida', lastName: 'Idle' });
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await portal?.stop();
  });

  const prompt = (page: Page) => page.locator('account-panel roster-idle-prompt dialog');
  const me = () => fetch(`${portal.url}/v1/auth/me`, { headers: { cookie: `${cookie.name}=${cookie.value}` } });

  it('activity in one tab keeps the other signed in; Stay signed in answers both; unanswered, every tab is signed out and told why', async () => {
    cookie = await signIn(portal, person);
    context = await browser.newContext();
    await context.clock.install();
    await context.addCookies([cookie]);
    const [a, b] = [await context.newPage(), await context.newPage()];
    for (const tab of [a, b]) {
      await tab.goto(`${portal.url}/account`);
      await expect.poll(() => tab.locator('account-panel #profile-email').inputValue(), { timeout: 20_000 }).toBe(person.email);
    }
    // 50 minutes on, the person types in tab B; 15 minutes later (65 after tab A last saw anything) A does not ask.
    await context.clock.fastForward('50:00');
    await b.locator('account-panel #profile-firstName').press('End');
    await context.clock.fastForward('15:00');
    await a.waitForTimeout(300);
    expect(await prompt(a).isVisible()).toBe(false);
    // An hour and half a minute after that activity, both tabs ask, counting down what is left of the minute.
    await context.clock.fastForward('45:30');
    for (const tab of [a, b]) await expect.poll(() => prompt(tab).isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await prompt(a).getAttribute('role')).toBe('alertdialog');
    expect(await prompt(a).locator('#idle-warning').textContent()).toMatch(/^You will be signed out in (30|29|28) s\.$/);
    mkdirSync('artifacts', { recursive: true });
    await a.screenshot({ path: 'artifacts/idle-warning.png' });
    // Stay signed in, in tab B, answers tab A too.
    await prompt(b).getByRole('button', { name: accountPanelEn.idle.stay }).click();
    for (const tab of [a, b]) await expect.poll(() => prompt(tab).isVisible(), { timeout: 10_000 }).toBe(false);
    expect((await me()).status).toBe(200);

    // Nobody answers this time: the session ends on the server, and both tabs go to the login page, which says why.
    await context.clock.fastForward('01:00:30');
    await expect.poll(() => prompt(a).isVisible(), { timeout: 10_000 }).toBe(true);
    await context.clock.fastForward('00:31');
    for (const tab of [a, b]) {
      await tab.waitForURL(/\/login\?/, { timeout: 15_000 });
      expect(new URL(tab.url()).searchParams.get('ended')).toBe('idle');
      expect(await tab.getByRole('status').textContent()).toBe(pageCatalogues.en.login.ended.idle);
    }
    expect((await me()).status).toBe(401);
  }, 120_000);
});
