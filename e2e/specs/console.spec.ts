import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync } from 'node:fs';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchBrowser, startDemoPortal } from '../support/fixtures.js';
import { axeProblems } from '../support/axe.js';

/**
 * The console inside the widget, as a vendor's admin uses it in the demo portal against the real BFF (PGlite): a
 * user's page (roles and explicit permissions, the audit entry it leaves, deactivate and activate with their
 * confirmations, a deep link), every matching user selected and deactivated in bulk, the filter exported as CSV, a
 * custom role edited in <role-editor>, and an OAuth app made in the integrations panel: bound to one organization, its
 * secret copied from the one-time view, a token got with it (client credentials) that lists that organization's users
 * only, then revoked there and the token refused at once.
 */
describe('the console in the demo portal', () => {
  let portal: Awaited<ReturnType<typeof startDemoPortal>>;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    portal = await startDemoPortal();
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1440, height: 950 }, acceptDownloads: true });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(portal.url);
    await rows().first().waitFor({ timeout: 20_000 });
    mkdirSync('artifacts', { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.stop();
  });

  const table = () => page.locator('user-table');
  const rows = () => page.locator('user-table [role="row"][data-user-id]');
  const sheet = () => page.locator('roster-user-sheet');
  const notice = () => sheet().locator('[part="notice"]');
  /** The demo host's widget token, for reading what the BFF has now. */
  const api = <T>(path: string) =>
    page.evaluate(async (p) => {
      const { token } = (await (await fetch('/host/widget-token', { method: 'POST' })).json()) as { token: string };
      return (await (await fetch(p, { headers: { authorization: `Bearer ${token}` } })).json()) as unknown;
    }, path) as Promise<T>;
  /** Searches for one user by email and waits until that user is the only row. */
  const searchOne = async (email: string) => {
    await table().getByRole('searchbox').fill(email);
    await expect.poll(async () => (await rows().allTextContents()).map((t) => t.includes(email)), { timeout: 10_000 }).toEqual([true]);
  };
  const confirm = (panel: Locator) => panel.locator('button').last();
  /** The user's page alone: it is a modal dialog, and the page behind it is inert. */
  const SHEET = ['user-table', 'roster-user-sheet', 'dialog'];

  it('opens a user’s page from a row, changes roles and explicit permissions, and shows the audit entry they left', async () => {
    const users = await api<{ items: { id: string; email: string; firstName: string; lastName: string; status: string; isRootAdmin: boolean; kind: string }[] }>('/v1/users?kind=technician&status=active&limit=20');
    const target = users.items.find((u) => !u.isRootAdmin)!;
    await searchOne(target.email);
    await rows().first().click();
    await sheet().getByRole('tab', { name: 'General' }).waitFor({ timeout: 10_000 });
    expect(await sheet().getByRole('heading', { level: 2 }).textContent()).toContain(target.firstName);
    // The host mirrors the open page in its URL: a deep link.
    await expect.poll(() => new URL(page.url()).searchParams.get('user')).toBe(target.id);
    expect(await axeProblems(page, SHEET)).toEqual([]);
    await page.screenshot({ path: 'artifacts/console-user-general.png' });

    await sheet().getByRole('tab', { name: 'Access' }).click();
    const roles = sheet().locator('role-picker');
    await roles.getByRole('checkbox', { name: 'Billing and Purchasing' }).waitFor();
    const billing = roles.getByRole('checkbox', { name: 'Billing and Purchasing' });
    if (!(await billing.isChecked())) await billing.check();
    const permissions = sheet().locator('permission-picker');
    await permissions.getByRole('checkbox', { name: /Read the audit log/ }).check();
    await sheet().getByRole('button', { name: 'Save roles and permissions' }).click();
    await expect.poll(() => notice().textContent(), { timeout: 10_000 }).toBe('Saved.');
    const detail = await api<{ roles: { name: string }[]; explicitPermissions: string[] }>(`/v1/users/${target.id}`);
    expect(detail.roles.map((r) => r.name)).toContain('Billing and Purchasing');
    expect(detail.explicitPermissions).toEqual(['audit.read']);
    // axe's contrast check cannot place text scrolled inside a fixed dialog taller than the window
    // (dequelabs/axe-core#4253): a window tall enough for the whole tab lets it check every line.
    await page.setViewportSize({ width: 1440, height: 3000 });
    expect(await axeProblems(page, SHEET)).toEqual([]);
    await page.setViewportSize({ width: 1440, height: 950 });
    await page.screenshot({ path: 'artifacts/console-user-access.png' });

    await sheet().getByRole('tab', { name: 'History' }).click();
    await expect.poll(() => sheet().locator('ol.history li').first().textContent(), { timeout: 10_000 }).toContain('Roles or permissions changed');
    await expect.poll(() => sheet().locator('ol.history li').first().textContent(), { timeout: 10_000 }).toContain('by Dana Admin');
    await page.screenshot({ path: 'artifacts/console-user-history.png' });
  });

  it('deactivates and activates from the page, each after a confirmation that states its consequence', async () => {
    await sheet().getByRole('group', { name: 'Actions' }).getByRole('button', { name: 'Deactivate' }).click();
    const panel = sheet().locator('[part="confirm"]');
    expect(await panel.textContent()).toMatch(/signed out everywhere at once/);
    await page.screenshot({ path: 'artifacts/console-confirm-deactivate.png' });
    await confirm(panel).click();
    await expect.poll(() => notice().textContent(), { timeout: 10_000 }).toBe('The user was deactivated.');
    const id = new URL(page.url()).searchParams.get('user')!;
    expect((await api<{ status: string }>(`/v1/users/${id}`)).status).toBe('deactivated');
    // The row behind the page shows it at once.
    expect(await page.locator(`user-table [data-user-id="${id}"]`).textContent()).toContain('Deactivated');

    await sheet().getByRole('group', { name: 'Actions' }).getByRole('button', { name: 'Activate' }).click();
    // The demo tenant's profile clears the password and 2FA on reactivation: the confirmation says so first.
    expect(await panel.textContent()).toMatch(/password and two-factor authentication are cleared/);
    await confirm(panel).click();
    await expect.poll(() => notice().textContent(), { timeout: 10_000 }).toBe('The user was activated.');
    expect((await api<{ status: string }>(`/v1/users/${id}`)).status).not.toBe('deactivated');

    await sheet().getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => sheet().count()).toBe(0);
    expect(new URL(page.url()).searchParams.get('user')).toBe(null);
    // Opened again from the URL alone.
    await page.goto(`${portal.url}/?user=${id}`);
    await sheet().getByRole('tab', { name: 'General' }).waitFor({ timeout: 15_000 });
    await sheet().getByRole('button', { name: 'Close' }).click();
  });

  it('exports the current filter as CSV, every formula-like cell written as text', async () => {
    await table().getByRole('searchbox').fill('');
    await table().locator('select[name="kind"]').selectOption('end_user');
    await expect.poll(async () => (await rows().allTextContents()).every((t) => t.includes('End user')), { timeout: 10_000 }).toBe(true);
    const [download] = await Promise.all([page.waitForEvent('download'), table().getByRole('button', { name: 'Export CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^users-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync((await download.path())!, 'utf8');
    const lines = csv.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    const endUsers = await api<{ total: { count: number } }>('/v1/users?kind=end_user&limit=1');
    expect(lines.length - 1).toBe(endUsers.total.count);
    expect(lines.slice(1).every((l) => !/,[=+\-@]/.test(l))).toBe(true);
  });

  it('selects every matching user and deactivates them all after one confirmation, with an outcome per user', async () => {
    await table().locator('select[name="kind"]').selectOption('technician');
    await expect.poll(async () => (await rows().allTextContents()).every((t) => t.includes('Technician')), { timeout: 10_000 }).toBe(true);
    const technicians = await api<{ total: { count: number; exact: boolean } }>('/v1/users?kind=technician&limit=1');
    await table().getByRole('checkbox', { name: 'Select all loaded users' }).check();
    await table().getByRole('button', { name: `Select all ${technicians.total.count} matching users` }).click();
    expect(await table().locator('[part="bulk-bar"]').textContent()).toContain(`All ${technicians.total.count} matching users selected`);
    // Nobody is deactivated yet in this filter's first page: Activate is offered anyway (all matching), Deactivate too.
    await table().locator('[part="bulk-bar"]').getByRole('button', { name: 'Deactivate' }).click();
    const dialog = table().locator('dialog[open]');
    expect(await dialog.textContent()).toContain(`Deactivate ${technicians.total.count} users?`);
    await page.screenshot({ path: 'artifacts/console-bulk-confirm.png' });
    await dialog.locator('button.danger').click();
    await expect.poll(() => dialog.locator('h2').textContent(), { timeout: 60_000 }).toMatch(/done$/);
    const text = (await dialog.textContent())!;
    // The Root Admin is skipped; every other technician is deactivated (or already was).
    expect(text).toContain('Skipped: the Root Admin');
    // A window tall enough for every outcome: axe cannot decide the contrast of text scrolled out of view.
    await page.setViewportSize({ width: 1440, height: 3000 });
    expect(await axeProblems(page, ['user-table', 'dialog[open]'])).toEqual([]);
    await page.setViewportSize({ width: 1440, height: 950 });
    await page.screenshot({ path: 'artifacts/console-bulk-results.png' });
    await dialog.getByRole('button', { name: 'Close' }).click();
    const active = await api<{ items: { isRootAdmin: boolean }[] }>('/v1/users?kind=technician&hideDeactivated=true&limit=200');
    expect(active.items.filter((u) => !u.isRootAdmin)).toEqual([]);
  });

  it('edits a custom role in <role-editor>', async () => {
    const editor = page.locator('role-editor');
    await editor.scrollIntoViewIfNeeded();
    await editor.getByRole('button', { name: 'New role' }).click();
    await editor.getByRole('textbox', { name: 'Name' }).fill('Night shift');
    await editor.getByRole('checkbox', { name: /See users and their details/ }).check();
    await editor.getByRole('button', { name: /^(Create|Save)/ }).click();
    await expect.poll(async () => (await api<{ items: { name: string }[] }>('/v1/roles')).items.map((r) => r.name), { timeout: 10_000 }).toContain('Night shift');
    await editor.getByRole('button', { name: /Edit Night shift/ }).click();
    await editor.getByRole('checkbox', { name: /Read the audit log/ }).check();
    await editor.getByRole('button', { name: /^Save/ }).click();
    await expect
      .poll(async () => (await api<{ items: { name: string; permissions: string[] }[] }>('/v1/roles')).items.find((r) => r.name === 'Night shift')?.permissions.sort(), { timeout: 10_000 })
      .toEqual(['audit.read', 'users.read']);
    await page.screenshot({ path: 'artifacts/console-role-editor.png', fullPage: true });
    expect(errors).toEqual([]);
  });

  /** What an integration does on its server: client credentials for an access token. */
  async function accessToken(clientId: string, clientSecret: string) {
    const res = await fetch(`${portal.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret }),
    });
    return { status: res.status, body: (await res.json()) as { access_token?: string } };
  }
  const listUsers = (token: string) => fetch(`${portal.url}/v1/users?limit=200`, { headers: { authorization: `Bearer ${token}` } });

  it('Integrations (issue 15, seed 002): creates an app bound to one organization, copies its secret, syncs that organization only, and revokes it', async () => {
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: portal.url });
    const panel = () => page.locator('roster-integrations-panel');
    const PANEL = ['user-table', 'roster-integrations-panel', 'dialog'];
    const orgs = await api<{ items: { id: string; name: string; userCount: number }[] }>('/v1/organizations');
    const org = orgs.items.find((o) => o.userCount > 0)!;
    expect(org).toBeDefined();

    await page.locator('user-table').getByRole('button', { name: 'Integrations', exact: true }).click();
    await panel().getByRole('tab', { name: 'OAuth apps', selected: true }).waitFor({ timeout: 10_000 });
    await panel().locator('[part~="app-list"]').waitFor();
    expect(await axeProblems(page, PANEL)).toEqual([]);
    await page.screenshot({ path: 'artifacts/console-integrations.png' });

    await panel().getByRole('button', { name: 'New app' }).click();
    await panel().getByLabel('Name').fill('Torii sync');
    await panel().getByRole('checkbox', { name: /^Read/ }).check();
    await panel().getByLabel('Organization', { exact: true }).selectOption(org.id);
    expect(await axeProblems(page, PANEL)).toEqual([]);
    await panel().getByRole('button', { name: 'Create app' }).click();
    await panel().getByText('Torii sync is ready').waitFor({ timeout: 10_000 });
    expect(await panel().getByText('you will not see it again').count()).toBe(1);
    expect(await axeProblems(page, PANEL)).toEqual([]);

    const clientId = (await panel().locator('[part~="secret"] [part~="client-id"]').textContent())!;
    await panel().getByRole('button', { name: 'Copy: Client secret' }).click();
    await expect.poll(() => panel().locator('[part~="notice"]').textContent()).toBe('The secret is on the clipboard.');
    const secret = await page.evaluate(() => navigator.clipboard.readText());
    expect(secret).toMatch(/^rs_/);
    expect(await panel().locator('[data-secret]').textContent()).toBe(secret);

    // The integration's side: a token, and the users of the bound organization only.
    const granted = await accessToken(clientId, secret);
    expect(granted.status).toBe(200);
    const token = granted.body.access_token!;
    const users = (await (await listUsers(token)).json()) as { items: { organizationId: string | null }[] };
    expect(users.items.length).toBe(org.userCount);
    expect(new Set(users.items.map((u) => u.organizationId))).toEqual(new Set([org.id]));
    const all = await api<{ items: unknown[] }>('/v1/users?limit=200');
    expect(all.items.length).toBeGreaterThan(users.items.length);

    // Acknowledged, the secret goes; the list shows the app with its organization, used now.
    await panel().getByRole('checkbox', { name: 'I have stored the secret' }).check();
    await panel().getByRole('button', { name: 'Done' }).click();
    const row = panel().locator('[part~="app"]', { hasText: 'Torii sync' });
    await row.waitFor();
    expect(await row.textContent()).toContain(org.name);
    expect(await panel().locator('[data-secret]').count()).toBe(0);

    // Revoked: the access token it holds is refused at once, and so is its secret.
    await row.getByRole('button', { name: 'Revoke: Torii sync' }).click();
    await panel().getByText('its access tokens and every widget token it minted stop working at once', { exact: false }).waitFor();
    expect(await axeProblems(page, PANEL)).toEqual([]);
    await panel().locator('[data-confirm]').click();
    await expect.poll(() => panel().locator('[part~="notice"]').textContent(), { timeout: 10_000 }).toBe('Torii sync was revoked.');
    expect((await listUsers(token)).status).toBe(401);
    expect((await accessToken(clientId, secret)).status).toBe(401);

    await page.keyboard.press('Escape');
    await panel().waitFor({ state: 'detached' });
    expect(errors).toEqual([]);
  });
});
