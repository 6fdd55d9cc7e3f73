import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, startDemoPortal } from '../support/fixtures.js';
import { axeProblems } from '../support/axe.js';

/**
 * Issue 15, seed 002 (Torii's setup) in the demo portal: the admin opens Integrations from the console's toolbar,
 * creates an OAuth app bound to one organization, copies its secret from the one-time view, and an integration gets a
 * token with it (client credentials) that lists that organization's users only; revoked in the panel, the token is
 * refused at once.
 */
describe('integrations in the demo portal', () => {
  let portal: Awaited<ReturnType<typeof startDemoPortal>>;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    portal = await startDemoPortal();
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1440, height: 950 } });
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: portal.url });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(portal.url);
    await page.locator('user-table [role="row"][data-user-id]').first().waitFor({ timeout: 20_000 });
    mkdirSync('artifacts', { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.stop();
  });

  const panel = () => page.locator('roster-integrations-panel');
  const PANEL = ['user-table', 'roster-integrations-panel', 'dialog'];
  /** The demo host's widget token, for reading what the BFF has now. */
  const api = <T>(path: string) =>
    page.evaluate(async (p) => {
      const { token } = (await (await fetch('/host/widget-token', { method: 'POST' })).json()) as { token: string };
      return (await (await fetch(p, { headers: { authorization: `Bearer ${token}` } })).json()) as unknown;
    }, path) as Promise<T>;
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

  it('creates an app bound to one organization, copies its secret, syncs that organization only, and revokes it', async () => {
    const orgs = await api<{ items: { id: string; name: string; userCount: number }[] }>('/v1/organizations');
    const org = orgs.items.find((o) => o.userCount > 0)!;
    expect(org).toBeDefined();

    await page.locator('user-table').getByRole('button', { name: 'Integrations', exact: true }).click();
    await panel().getByRole('heading', { name: 'OAuth apps' }).waitFor({ timeout: 10_000 });
    await panel().locator('[part~="app-list"]').waitFor();
    expect(await axeProblems(page, PANEL)).toEqual([]);
    await page.screenshot({ path: 'artifacts/integrations-list.png' });

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
