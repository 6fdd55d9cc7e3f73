import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchBrowser, startDemoPortal } from '../support/fixtures.js';
import { invitedPerson, type Person } from '../support/people.js';

/**
 * Issue 17, "view as": a support administrator given users.impersonate views the demo as one end user of one
 * organization — through the API, then in a browser that opens the single-use link and lands on /account in a session
 * marked with the administrator, where a credential change is refused — then from the user's page (View as…), and is
 * refused on an administrator.
 */
describe('impersonation ("view as")', () => {
  let portal: Awaited<ReturnType<typeof startDemoPortal>>;
  let browser: Browser;
  let endUser: Person;
  let support: Person;
  let supportToken: string;
  let rootAdminId: string;

  /** The demo vendor's backend: its OAuth client mints a widget token acting as `userId`. */
  async function widgetTokenFor(userId: string): Promise<string> {
    const { clientId, clientSecret } = JSON.parse(readFileSync(join(portal.dataDir, 'demo-credentials.json'), 'utf8')) as { clientId: string; clientSecret: string };
    const access = (await (await fetch(`${portal.url}/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret, scope: 'widgets:mint' }) })).json()) as { access_token: string };
    const res = await fetch(`${portal.url}/v1/widget-tokens`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${access.access_token}` }, body: JSON.stringify({ actorUserId: userId }) });
    expect(res.status, await res.clone().text()).toBe(201);
    return ((await res.json()) as { token: string }).token;
  }
  const call = (token: string, method: string, path: string, body?: unknown) =>
    fetch(`${portal.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) });

  beforeAll(async () => {
    portal = await startDemoPortal();
    endUser = await invitedPerson(portal, { email: 'erin.viewed@demo-msp.example', firstName: 'Erin', lastName: 'Viewed' });
    support = await invitedPerson(portal, { email: 'sam.support@demo-msp.example', kind: 'technician', firstName: 'Sam', lastName: 'Support' });
    // The demo's Root Admin makes Sam an administrator and gives "view as" on purpose: no built-in role holds it.
    const { token: admin } = (await (await fetch(`${portal.url}/host/widget-token`, { method: 'POST' })).json()) as { token: string };
    rootAdminId = ((await (await call(admin, 'GET', '/v1/auth/me')).json()) as { id: string }).id;
    const roles = ((await (await call(admin, 'GET', '/v1/roles')).json()) as { items: { id: string; key: string | null }[] }).items;
    const sysAdmin = roles.find((r) => r.key === 'system_admin' || r.key === 'admin')!.id;
    const given = await call(admin, 'PUT', `/v1/users/${support.id}/roles`, { roleIds: [sysAdmin], permissions: ['users.impersonate'] });
    expect(given.status, await given.clone().text()).toBe(200);
    supportToken = await widgetTokenFor(support.id);
    browser = await launchBrowser();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await portal?.stop();
  });

  it('views as an end user of one organization: lands on /account in a session marked with the administrator, where a credential change is refused', async () => {
    const res = await call(supportToken, 'POST', `/v1/users/${endUser.id}/impersonate`, { minutes: 5 });
    expect(res.status, await res.clone().text()).toBe(201);
    const started = (await res.json()) as { url: string; sessionId: string; expiresAt: string };
    // The link is on the BFF's public URL; the demo runs on a port of its own, so it is opened there.
    const link = new URL(started.url);
    expect(link.pathname).toBe('/v1/auth/impersonation');

    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${portal.url}${link.pathname}${link.search}`);
    await page.waitForURL(/\/account$/);
    await expect.poll(() => page.locator('account-panel').locator('#profile-email').inputValue(), { timeout: 20_000 }).toBe(endUser.email);

    // The session is the end user's, marked with who is viewing.
    const sessions = await page.evaluate(async () => (await fetch('/v1/auth/sessions')).json() as Promise<{ items: { id: string; current: boolean; impersonatedBy: string | null }[] }>);
    expect(sessions.items.find((s) => s.current)).toMatchObject({ id: started.sessionId, impersonatedBy: support.id });
    // A credential change is refused, saying why.
    const refused = await page.evaluate(async () => {
      const r = await fetch('/v1/auth/change-password', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ currentPassword: 'x', newPassword: 'a new and long password' }) });
      return { status: r.status, body: (await r.json()) as { error: { code: string; message: string } } };
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain('"view as" session');
    // The link works once.
    const again = await page.goto(`${portal.url}${link.pathname}${link.search}`);
    expect(again!.status()).toBe(404);
    await context.close();

    // The audit log names both.
    const { token: admin } = (await (await fetch(`${portal.url}/host/widget-token`, { method: 'POST' })).json()) as { token: string };
    const audit = (await (await call(admin, 'GET', `/v1/audit-events?targetId=${endUser.id}`)).json()) as { items: { action: string; actorId: string | null; impersonatedBy?: string | null }[] };
    expect(audit.items.find((e) => e.action === 'user.impersonation_started')?.actorId).toBe(support.id);
    expect(audit.items.find((e) => e.action === 'user.impersonation_landed')).toMatchObject({ actorId: endUser.id, impersonatedBy: support.id });
  });

  it('is started from the user’s page: View as… says what happens, starts it and offers the link, and the host hears of it', async () => {
    // The demo page as Sam would have it: its host backend hands the page Sam's widget token.
    const page = await browser.newPage({ viewport: { width: 1440, height: 950 } });
    await page.route('**/host/widget-token', (route) => route.fulfill({ status: 201, contentType: 'application/json', body: JSON.stringify({ token: supportToken, expiresAt: new Date(Date.now() + 300_000).toISOString() }) }));
    await page.goto(`${portal.url}/?user=${endUser.id}`);
    const sheet = page.locator('roster-user-sheet');
    await sheet.getByRole('tab', { name: 'General' }).waitFor({ timeout: 20_000 });
    await page.evaluate(() => {
      document.addEventListener('roster-impersonation-started', (e) => ((window as unknown as { started: string }).started = (e as Event & { url: string }).url));
    });
    await sheet.getByRole('button', { name: 'View as…' }).click();
    const dialog = sheet.locator('roster-view-as').getByRole('dialog');
    await dialog.waitFor({ timeout: 10_000 });
    await expect.poll(() => dialog.textContent()).toContain('audited');
    await dialog.getByRole('spinbutton', { name: 'Minutes' }).fill('3');
    await dialog.getByRole('button', { name: 'Start viewing' }).click();
    const link = dialog.getByRole('link', { name: 'Open in a new tab' });
    await link.waitFor({ timeout: 10_000 });
    const href = (await link.getAttribute('href'))!;
    expect(await page.evaluate(() => (window as unknown as { started?: string }).started)).toBe(href);
    expect(await link.getAttribute('target')).toBe('_blank');
    await page.close();

    // The link signs a browser in as Erin (on the demo's own port, as above).
    const url = new URL(href);
    const context = await browser.newContext();
    const viewer = await context.newPage();
    await viewer.goto(`${portal.url}${url.pathname}${url.search}`);
    await viewer.waitForURL(/\/account$/);
    await expect.poll(() => viewer.locator('account-panel').locator('#profile-email').inputValue(), { timeout: 20_000 }).toBe(endUser.email);
    await context.close();
  });

  it('is refused on the Root Admin (an administrator) and on a technician', async () => {
    for (const target of [rootAdminId]) {
      const res = await call(supportToken, 'POST', `/v1/users/${target}/impersonate`, { minutes: 5 });
      expect(res.status).toBe(403);
      expect(((await res.json()) as { error: { message: string } }).error.message).toContain('Only an end user can be viewed as');
    }
    const other = await invitedPerson(portal, { email: 'ada.admin@demo-msp.example', kind: 'technician', firstName: 'Ada', lastName: 'Admin' });
    const res = await call(supportToken, 'POST', `/v1/users/${other.id}/impersonate`, {});
    expect(res.status).toBe(403);
  });
});
