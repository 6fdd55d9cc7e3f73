import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { launchBrowser, startDemoPortal } from '../support/fixtures.js';
describe('demo portal', () => {
    let portal;
    let browser;
    let page;
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
        const errors = [];
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
});
