import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, startDemoPortal } from '../support/fixtures.js';

const axeScript = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

describe('demo portal', () => {
  let portal: Awaited<ReturnType<typeof startDemoPortal>>;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    portal = await startDemoPortal();
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.stop();
  });

  const rows = () => page.locator('user-table').locator('[role="row"][data-user-id]');

  it('lists the demo tenant’s users in <user-table>', async () => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(portal.url);
    await expect.poll(() => rows().count(), { timeout: 20_000 }).toBeGreaterThan(5);
    const first = await rows().first().textContent();
    expect(first).toMatch(/@/);
    expect(errors).toEqual([]);
    mkdirSync('artifacts', { recursive: true });
    await page.screenshot({ path: 'artifacts/demo-portal.png' });
  });

  it('searches: typing a name narrows the list to matching users', async () => {
    const search = page.locator('user-table').getByRole('searchbox');
    await search.fill('müller');
    await expect
      .poll(async () => {
        const texts = await rows().allTextContents();
        return texts.length > 0 && texts.every((t) => /müller/i.test(t));
      }, { timeout: 10_000 })
      .toBe(true);
    await search.fill('no-such-person-xyz');
    await expect.poll(() => rows().count(), { timeout: 10_000 }).toBe(0);
    await expect.poll(() => page.locator('user-table').locator('[part~="empty"]').isVisible(), { timeout: 5_000 }).toBe(true);
    await page.screenshot({ path: 'artifacts/demo-portal-empty.png' });
  });

  it('re-themes the table from the theme selector (one CSS rule on the page), and every theme passes axe, contrast included', async () => {
    await page.locator('user-table').getByRole('searchbox').fill('');
    await expect.poll(() => rows().count(), { timeout: 10_000 }).toBeGreaterThan(5);
    await page.addScriptTag({ path: axeScript });
    // axe checks what is on screen: wide enough for every column, badges included.
    await page.setViewportSize({ width: 1920, height: 900 });
    const accents = { light: 'rgb(47, 111, 223)', dark: 'rgb(122, 167, 255)', contoso: 'rgb(194, 24, 91)', fabrikam: 'rgb(0, 105, 92)' };
    for (const [theme, accent] of Object.entries(accents)) {
      await page.locator('#theme').selectOption(theme);
      const primary = page.locator('user-table').locator('[part~="button-primary"]').first();
      await expect.poll(() => primary.evaluate((b) => getComputedStyle(b).backgroundColor)).toBe(accent);
      // Select a row: the bulk bar and a selected row are themed too.
      await page.locator('user-table').locator('[data-user-id] input[type=checkbox]').nth(1).check();
      const problems = await page.evaluate(async () => {
        const axe = (window as unknown as { axe: typeof import('axe-core') }).axe;
        const r = await axe.run(document.querySelector('user-table')!, { resultTypes: ['violations', 'incomplete'] });
        const contrastRan = [...r.passes, ...r.violations].some((x) => x.id === 'color-contrast' && x.nodes.length > 0);
        const undecided = r.incomplete.filter((x) => x.id === 'color-contrast').flatMap((x) => x.nodes).filter((n) => !n.any.some((c) => ['nonBmp', 'shortTextContent'].includes((c.data as { messageKey?: string } | null)?.messageKey ?? '')));
        return [...r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.failureSummary).join(' | ')}`), ...undecided.map((n) => `undecided contrast: ${n.target.join(' ')}`), ...(contrastRan ? [] : ['color-contrast checked nothing'])];
      });
      expect(problems, theme).toEqual([]);
      await page.locator('user-table').locator('[data-user-id] input[type=checkbox]').nth(1).uncheck();
    }
    await page.setViewportSize({ width: 1400, height: 900 });
    await page.locator('#theme').selectOption('dark');
    await page.screenshot({ path: 'artifacts/demo-portal-dark.png' });
  });
});
