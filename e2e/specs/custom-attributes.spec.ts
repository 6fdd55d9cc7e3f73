import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, startDemoPortal } from '../support/fixtures.js';

/**
 * Custom attributes end to end (issue 17): an admin defines a required attribute shown as a column, imports users with
 * a column headed by its label, and sees the value in the table's column and on the user's Attributes tab, where it
 * is changed and saved.
 */
describe('custom attributes: imported as a column, seen in the table and on the user’s page', () => {
  let portal: Awaited<ReturnType<typeof startDemoPortal>>;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    portal = await startDemoPortal();
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1440, height: 950 } });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await portal?.stop();
  });

  const sheet = () => page.locator('roster-user-sheet');

  it('imports a column headed by the attribute’s label, then shows and edits the value', async () => {
    const { token } = (await (await fetch(`${portal.url}/host/widget-token`, { method: 'POST' })).json()) as { token: string };
    const auth = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
    const defined = await fetch(`${portal.url}/v1/attributes`, { method: 'POST', headers: auth, body: JSON.stringify({ key: 'cost_centre', labels: { en: 'Cost centre', de: 'Kostenstelle' }, type: 'text', required: true, showAsColumn: true }) });
    expect(defined.status, await defined.clone().text()).toBe(201);
    const csv = ['First name,Last name,Email,Kostenstelle', 'Ada,Attribute,ada.attribute@e2e.example,CC-4711'].join('\r\n');
    const res = await fetch(`${portal.url}/v1/users/bulk-import`, { method: 'POST', headers: auth, body: JSON.stringify({ kind: 'technician', text: csv, source: 'file', sendInvitations: false }) });
    expect(res.status, await res.clone().text()).toBe(201);
    const id = ((await res.json()) as { results: { userId: string }[] }).results[0]!.userId;

    await page.goto(portal.url);
    await page.locator('user-table').getByRole('searchbox').fill('ada.attribute@e2e.example');
    const row = page.locator(`user-table [role="row"][data-user-id="${id}"]`);
    await row.waitFor({ timeout: 20_000 });
    await expect.poll(async () => (await page.locator('user-table [role="columnheader"]').allTextContents()).map((t) => t.trim()), { timeout: 10_000 }).toContain('Cost centre');
    expect(await row.textContent()).toContain('CC-4711');

    await page.goto(`${portal.url}/?user=${id}`);
    await sheet().getByRole('tab', { name: 'Attributes' }).click();
    const input = sheet().getByLabel('Cost centre');
    await expect.poll(() => input.inputValue(), { timeout: 15_000 }).toBe('CC-4711');
    await input.fill('CC-0815');
    await input.press('Enter');
    await expect.poll(() => sheet().locator('roster-user-attributes [part="notice"]').textContent(), { timeout: 10_000 }).toBe('Attributes saved.');
    const values = (await (await fetch(`${portal.url}/v1/users/${id}/attributes`, { headers: auth })).json()) as Record<string, unknown>;
    expect(values).toEqual({ cost_centre: 'CC-0815' });
  }, 120_000);
});
