import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, startDemoPortal } from '../support/fixtures.js';

/**
 * The demo portal end to end: bulk import through <import-modal> (paste, fix a cell, roles for selected rows
 * through <role-picker>, commit against the real BFF and PGlite), and <role-picker> in the add form and in
 * the bulk "Assign roles" action.
 */
describe('import and roles in the demo portal', () => {
  let portal: Awaited<ReturnType<typeof startDemoPortal>>;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    portal = await startDemoPortal();
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1400, height: 950 } });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(portal.url);
    await page.locator('user-table [role="row"][data-user-id]').first().waitFor({ timeout: 20_000 });
    mkdirSync('artifacts', { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.stop();
  });

  const modal = () => page.locator('import-modal');
  /** Roles of users matching q, read through the BFF with the demo host's widget token. */
  const rolesOf = (q: string) =>
    page.evaluate(async (query) => {
      const { token } = (await (await fetch('/host/widget-token', { method: 'POST' })).json()) as { token: string };
      const res = await fetch(`/v1/users?q=${encodeURIComponent(query)}`, { headers: { authorization: `Bearer ${token}` } });
      const page = (await res.json()) as { items: { email: string; roles: { name: string }[] }[] };
      return Object.fromEntries(page.items.map((u) => [u.email, u.roles.map((r) => r.name).sort()]));
    }, q);
  const search = async (q: string) => {
    await page.locator('user-table').getByRole('searchbox').fill(q);
    await expect.poll(async () => (await page.locator('user-table [role="row"][data-user-id]').allTextContents()).join(' '), { timeout: 10_000 }).toMatch(new RegExp(q, 'i'));
  };

  it('imports pasted cells: a bad cell is marked and fixed in place, roles come from <role-picker>, users appear in the table', async () => {
    await page.locator('user-table').getByRole('button', { name: 'Import', exact: true }).click();
    await expect.poll(() => modal().getByRole('button', { name: 'Preview' }).isEnabled(), { timeout: 10_000 }).toBe(true);
    const text = [
      'Vorname\tNachname\tE-Mail\tTelefon',
      "Imke\tImport\timke.import@e2e.example\t'+49 30 901820",
      'Ivo\tImport\tivo.import＠e2e.example\t',
      'Ines\tImport\tines.import@e2e.example\t+1 888 667 8888',
    ].join('\r\n');
    await modal().locator('textarea').evaluate((el, t) => {
      const data = new DataTransfer();
      data.setData('text/plain', t);
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, text);
    const bad = modal().getByRole('textbox', { name: 'Row 2, Email' });
    await expect.poll(() => bad.getAttribute('aria-invalid'), { timeout: 15_000 }).toBe('true');
    expect(await bad.getAttribute('title')).toMatch(/look-alike @/);
    await page.screenshot({ path: 'artifacts/import-preview-errors.png' });

    await bad.fill('ivo.import@e2e.example');
    await bad.press('Tab');
    await expect.poll(() => modal().locator('.banner.ok').isVisible(), { timeout: 10_000 }).toBe(true);

    // Roles for rows 1 and 2 through <role-picker>; row 3 stays without (the default profile gives none).
    await modal().getByRole('checkbox', { name: 'Select row 1', exact: true }).check();
    await modal().getByRole('checkbox', { name: 'Select row 2', exact: true }).check();
    const picker = modal().locator('role-picker');
    await picker.getByRole('checkbox', { name: 'Root Admin' }).waitFor();
    expect(await picker.getByRole('checkbox', { name: 'Root Admin' }).isDisabled()).toBe(true);
    await picker.getByRole('checkbox', { name: 'User', exact: true }).check();
    await modal().getByRole('button', { name: /Give these roles to 2 rows/ }).click();
    await expect.poll(() => modal().getByRole('textbox', { name: 'Row 1, Roles' }).inputValue(), { timeout: 10_000 }).toBe('User');
    await expect.poll(() => modal().locator('.banner.ok').isVisible(), { timeout: 10_000 }).toBe(true);
    await page.screenshot({ path: 'artifacts/import-preview.png' });

    await modal().getByRole('button', { name: 'Import 3 users' }).click();
    await expect.poll(() => modal().locator('.banner.ok').textContent(), { timeout: 20_000 }).toMatch(/3 users imported/);
    await page.screenshot({ path: 'artifacts/import-result.png' });
    await modal().getByRole('button', { name: 'Done' }).click();

    await search('e2e.example');
    const rows = await page.locator('user-table [role="row"][data-user-id]').allTextContents();
    expect(rows).toHaveLength(3);
    expect(await rolesOf('e2e.example')).toEqual({ 'imke.import@e2e.example': ['User'], 'ivo.import@e2e.example': ['User'], 'ines.import@e2e.example': [] });
  });

  it('5,000 rows pasted from the real clipboard: bad cells explained and fixed, roles for a selection, imported, invitations in the mailbox', async () => {
    const context = page.context();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: portal.url });
    const first = ['Anna', 'Jörg', 'Zoë', 'Mehmet', 'Søren', 'Priya', 'José', 'Lina', 'Olga', 'Carl'];
    const last = ['Berg', 'Müller', 'O’Brien', 'Nguyen', 'García', 'Smith', 'Kowalski', 'Dubois', 'Rossi', 'Ivanova'];
    const lines = ['First name\tLast name\tEmail\tPhone'];
    for (let i = 0; i < 5_000; i++) {
      const phone = i % 2 ? `'+49 30 9018${String(i).padStart(4, '0')}` : `+1 650 253 ${String(i).padStart(4, '0')}`;
      lines.push(`${first[i % 10]}\t${last[(i * 3) % 10]}\tbulk${i}@bulk.example\t${phone}`);
    }
    lines[101] = 'Bad\tFormula\t=HYPERLINK("http://x.example")\t';
    lines[2501] = 'Zero\u200bWidth\tName\tzw@bulk.example\t';
    lines[4001] = 'Bad\tPhone\tbadphone@bulk.example\t+49 123';
    await page.locator('user-table').getByRole('button', { name: 'Import', exact: true }).click();
    await page.evaluate((text) => navigator.clipboard.writeText(text), lines.join('\r\n'));
    await modal().locator('textarea').focus();
    await page.keyboard.press('Control+V');
    await expect.poll(() => modal().locator('.banner.error[role=status]').textContent(), { timeout: 30_000 }).toMatch(/3 of 5,000 rows have errors/);
    expect(await modal().getByRole('button', { name: /Import 5,000 users/ }).isDisabled()).toBe(true);

    await modal().getByRole('checkbox', { name: 'Only rows with errors' }).check();
    const fixes: [number, string, string][] = [
      [101, 'Email', 'formula@bulk.example'],
      [2501, 'First name', 'Zero'],
      [4001, 'Phone', '+49 30 901820'],
    ];
    for (const [row, column] of fixes) {
      const cell = modal().getByRole('textbox', { name: `Row ${row}, ${column}` });
      await expect.poll(() => cell.getAttribute('aria-invalid'), { timeout: 10_000 }).toBe('true');
      expect((await cell.getAttribute('title'))!.length).toBeGreaterThan(10);
    }
    await page.screenshot({ path: 'artifacts/import-5000-errors.png' });
    for (const [row, column, value] of fixes) {
      const cell = modal().getByRole('textbox', { name: `Row ${row}, ${column}` });
      await cell.fill(value);
      await cell.press('Tab');
      await expect.poll(() => modal().getByRole('textbox', { name: `Row ${row}, ${column}` }).count(), { timeout: 10_000 }).toBe(0);
    }
    await expect.poll(() => modal().locator('.banner.ok').textContent(), { timeout: 20_000 }).toMatch(/All 5,000 rows are valid/);
    await modal().getByRole('checkbox', { name: 'Only rows with errors' }).uncheck();
    for (const row of [1, 2, 3]) await modal().getByRole("checkbox", { name: `Select row ${row}`, exact: true }).check();
    await modal().locator('role-picker').getByRole('checkbox', { name: 'User', exact: true }).check();
    await modal().getByRole('button', { name: /Give these roles to 3 rows/ }).click();
    await expect.poll(() => modal().locator('.banner.ok').textContent(), { timeout: 20_000 }).toMatch(/All 5,000 rows are valid/);
    await modal().getByRole('button', { name: 'Import 5,000 users' }).click();
    await expect.poll(() => modal().locator('.banner.ok').textContent(), { timeout: 60_000 }).toMatch(/5,000 users imported/);
    await modal().getByRole('button', { name: 'Done' }).click();
    expect(await rolesOf('bulk1@bulk.example')).toEqual({ 'bulk1@bulk.example': ['User'] });
    expect(await rolesOf('formula@bulk.example')).toEqual({ 'formula@bulk.example': [] });

    const mailbox = await browser.newPage();
    await mailbox.goto(`${portal.url}/mailbox`);
    expect(await mailbox.locator('body').textContent()).toMatch(/bulk\d+@bulk\.example/);
    await mailbox.locator('a', { hasText: /invited/i }).first().click();
    expect(await mailbox.locator('body').textContent()).toMatch(/accept-invitation\?token=/);
    await mailbox.close();
  });

  it('an import that repeats an existing address is refused whole, naming the row', async () => {
    await page.locator('user-table').getByRole('button', { name: 'Import', exact: true }).click();
    await modal().locator('textarea').fill('First name,Last name,Email\nNew,Person,new.person@e2e.example\nSame,Again,IMKE.IMPORT@e2e.example\n');
    await modal().getByRole('button', { name: 'Preview' }).click();
    await expect.poll(() => modal().locator('.banner.ok').isVisible(), { timeout: 10_000 }).toBe(true);
    await modal().getByRole('button', { name: 'Import 2 users' }).click();
    await expect.poll(() => modal().getByRole('textbox', { name: 'Row 2, Email' }).getAttribute('aria-invalid'), { timeout: 15_000 }).toBe('true');
    expect(await modal().locator('.banner.error').textContent()).toMatch(/nothing was imported/);
    await modal().getByRole('button', { name: 'Cancel' }).click();
    expect(await rolesOf('new.person')).toEqual({});
  });

  it('<role-picker> in the add form and in the bulk "Assign roles" action', async () => {
    const table = page.locator('user-table');
    await table.getByRole('button', { name: 'Add user' }).click();
    const form = table.locator('roster-user-form');
    await form.getByLabel('First name').fill('Rita');
    await form.getByLabel('Last name').fill('Roles');
    await form.getByLabel('Email').fill('rita.roles@e2e.example');
    await form.locator('role-picker').getByRole('checkbox', { name: 'User', exact: true }).check();
    await form.getByRole('button', { name: 'Add and invite' }).click();
    await search('rita.roles');
    expect(await rolesOf('rita.roles')).toEqual({ 'rita.roles@e2e.example': ['User'] });

    await search('e2e.example');
    await table.getByRole('checkbox', { name: 'Select Ines Import' }).check();
    await table.getByRole('checkbox', { name: 'Select Rita Roles' }).check();
    await table.getByRole('button', { name: 'Assign roles' }).click();
    const dialogPicker = table.locator('dialog[open] role-picker');
    await dialogPicker.getByRole('checkbox', { name: 'Beginner' }).check();
    await table.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => table.locator('dialog[open]').textContent(), { timeout: 10_000 }).toMatch(/2 of 2 done/);
    await table.locator('dialog[open]').getByRole('button', { name: 'Close' }).click();
    expect(await rolesOf('e2e.example')).toMatchObject({ 'ines.import@e2e.example': ['Beginner'], 'rita.roles@e2e.example': ['Beginner'], 'imke.import@e2e.example': ['User'] });
    expect(errors).toEqual([]);
  });
});
