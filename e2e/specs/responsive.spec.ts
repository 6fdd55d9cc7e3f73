import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, startDemoPortal } from '../support/fixtures.js';

/**
 * Every screen: the demo portal on a phone (390 px), in a 360 px dialog, and on a desktop (1440 px). Below ~640 px
 * of its own width <user-table> is a list of cards with the same actions (a container query, so a narrow side panel
 * on a desktop gets cards too); the portal's navigation collapses into a menu button.
 */
describe('every screen', () => {
  let portal: Awaited<ReturnType<typeof startDemoPortal>>;
  let browser: Browser;

  beforeAll(async () => {
    portal = await startDemoPortal();
    browser = await launchBrowser();
    mkdirSync('artifacts', { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.stop();
  });

  async function open(width: number, height: number): Promise<Page> {
    const page = await browser.newPage({ viewport: { width, height } });
    await page.goto(portal.url);
    await page.locator('user-table [role="row"][data-user-id]').first().waitFor({ timeout: 20_000 });
    return page;
  }
  const box = async (page: Page, selector: string) => (await page.locator(selector).first().boundingBox())!;

  it('390 px: cards that fit the screen, every action reachable, nothing scrolls sideways', async () => {
    const page = await open(390, 844);
    const table = await box(page, 'user-table');
    expect(table.width).toBeGreaterThan(340);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await page.locator('user-table [part="header"]').isVisible()).toBe(false);
    const card = page.locator('user-table [role="row"][data-user-id]').first();
    const cardBox = (await card.boundingBox())!;
    expect(cardBox.x).toBeGreaterThanOrEqual(table.x);
    expect(cardBox.x + cardBox.width).toBeLessThanOrEqual(table.x + table.width + 1);
    // Name, email and status read in the card; the row's actions and its checkbox are on screen.
    const text = (await card.innerText()).replace(/\s+/g, ' ');
    expect(text).toMatch(/@/);
    expect(text).toMatch(/Active|Invited|Deactivated|Locked/);
    for (const control of [card.getByRole('checkbox'), card.getByRole('button', { name: /Actions for/ })]) {
      const b = (await control.boundingBox())!;
      expect(b.x).toBeGreaterThanOrEqual(0);
      expect(b.x + b.width).toBeLessThanOrEqual(390);
    }
    // Cards are taller than rows, and the virtual body knows it: consecutive cards do not overlap.
    const second = (await page.locator('user-table [role="row"][data-user-id]').nth(1).boundingBox())!;
    expect(second.y).toBeGreaterThanOrEqual(cardBox.y + cardBox.height - 1);
    // The portal's navigation is one bar with a menu button.
    expect(await page.getByRole('link', { name: 'Dashboard' }).isVisible()).toBe(false);
    await page.getByRole('button', { name: 'Menu' }).click();
    expect(await page.getByRole('link', { name: 'Dashboard' }).isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Menu' }).getAttribute('aria-expanded')).toBe('true');
    await page.getByRole('button', { name: 'Menu' }).click();
    await page.screenshot({ path: 'artifacts/phone-390.png' });
    await page.close();
  });

  it('360 px: the add-user dialog fits the screen', async () => {
    const page = await open(360, 740);
    await page.locator('user-table').getByRole('button', { name: 'Add user' }).click();
    const dialog = page.locator('user-table dialog[open]');
    await dialog.waitFor({ timeout: 10_000 });
    const b = (await dialog.boundingBox())!;
    expect(b.x).toBeGreaterThanOrEqual(0);
    expect(b.x + b.width).toBeLessThanOrEqual(360);
    expect(b.height).toBeLessThanOrEqual(740);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.screenshot({ path: 'artifacts/dialog-360.png' });
    await page.close();
  });

  it('1440 px: a table with its header, one row per user, the navigation beside it', async () => {
    const page = await open(1440, 900);
    expect(await page.locator('user-table [part="header"]').isVisible()).toBe(true);
    const rows = page.locator('user-table [role="row"][data-user-id]');
    const [a, b] = [(await rows.nth(0).boundingBox())!, (await rows.nth(1).boundingBox())!];
    expect(b.y - a.y).toBeLessThan(60);
    expect(await page.getByRole('link', { name: 'Dashboard' }).isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Menu' }).isVisible()).toBe(false);
    await page.screenshot({ path: 'artifacts/desktop-1440.png' });
    await page.close();
  });
});
