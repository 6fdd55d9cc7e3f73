import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateSync } from 'otplib';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, startDemoPortal } from '../support/fixtures.js';
import { startHost } from '../support/host-server.js';
import { axeProblems } from '../support/axe.js';
import { invitedPerson } from '../support/people.js';

/**
 * An end user manages themself in `<account-panel>` on a vendor's page of another origin: the vendor's backend mints a
 * widget token for that end user (not an admin) with its OAuth client; the person changes their own language and
 * replaces their second factor with a step-up (issue 13).
 */
describe('<account-panel> on a host page', () => {
  let bff: Awaited<ReturnType<typeof startDemoPortal>>;
  let host: Awaited<ReturnType<typeof startHost>>;
  let browser: Browser;
  let page: Page;
  const PASSWORD = 'correct horse battery';
  const email = 'erin.enduser@acme.example';
  const person = { id: '', secret: '' };
  const now = (steps = 0) => Math.floor(Date.now() / 1000) + steps * 30;

  /** The vendor's backend: client credentials → access token → a widget token acting as the given user. */
  async function mintFor(actorUserId: string) {
    const { clientId, clientSecret } = JSON.parse(readFileSync(join(bff.dataDir, 'demo-credentials.json'), 'utf8')) as { clientId: string; clientSecret: string };
    const tokenRes = await fetch(`${bff.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}` },
      body: 'grant_type=client_credentials&scope=widgets%3Amint',
    });
    const { access_token } = (await tokenRes.json()) as { access_token: string };
    const res = await fetch(`${bff.url}/v1/widget-tokens`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${access_token}` }, body: JSON.stringify({ actorUserId, ttlSeconds: 300 }) });
    if (res.status !== 201) throw new Error(`widget token: ${res.status} ${await res.text()}`);
    return (await res.json()) as { token: string; expiresAt: string };
  }

  /** As the admin: a request to the BFF with the demo admin's widget token. */
  async function asAdmin<T>(path: string, init: RequestInit = {}): Promise<T> {
    const { token } = await host.mint();
    const res = await fetch(`${bff.url}${path}`, { ...init, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...(init.headers as Record<string, string>) } });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }

  beforeAll(async () => {
    bff = await startDemoPortal();
    host = await startHost(bff.url, {
      '/account.html': {
        body: () =>
          Promise.resolve(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Vendor portal — My account</title><meta name="bff" content="${bff.url}"></head>
<body><main><h1>My account</h1><account-panel></account-panel></main>
<script type="module" src="${bff.url}/widgets/roster-widgets.js"></script><script type="module" src="/account.js"></script></body></html>`),
      },
      '/account.js': {
        type: 'text/javascript',
        body: `const panel = document.querySelector('account-panel');
panel.baseUrl = document.querySelector('meta[name="bff"]').content;
panel.tokenProvider = () => fetch('/end-user-token', { method: 'POST' }).then((r) => r.json());
panel.addEventListener('account-changed', (e) => { document.body.dataset.changed = e.section; });
`,
      },
      // The vendor's backend mints for the signed-in end user.
      '/end-user-token': { type: 'application/json', body: async () => JSON.stringify(await mintFor(person.id)) },
    });
    // An end user invited by the admin who accepts the invitation: a password and an enrolled authenticator.
    const invited = await invitedPerson(bff, { email, kind: 'end_user', password: PASSWORD });
    Object.assign(person, { id: invited.id, secret: invited.secret });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    mkdirSync('artifacts', { recursive: true });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    await bff?.stop();
  });

  it('loads for the end user from another origin, with no axe problem', async () => {
    await page.goto(`${host.url}/account.html`);
    const panel = page.locator('account-panel');
    await expect.poll(() => panel.getByRole('textbox', { name: 'Email' }).inputValue(), { timeout: 15_000 }).toBe(email);
    // An end user has no availability; the second factor is enrolled.
    expect(await panel.getByRole('heading', { name: 'Availability' }).count()).toBe(0);
    await expect.poll(() => panel.getByText('An authenticator app is set up.').isVisible()).toBe(true);
    expect(await axeProblems(page)).toEqual([]);
  });

  it('changes their own language: the panel speaks German at once, the server has it', async () => {
    const panel = page.locator('account-panel');
    await panel.locator('#language-language').selectOption('de');
    await panel.locator('[data-form="language"]').getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => panel.getByRole('heading', { level: 2 }).textContent(), { timeout: 10_000 }).toBe('Ihr Konto');
    await expect.poll(() => panel.getByRole('status').textContent()).toBe('Gespeichert.');
    expect(await page.evaluate(() => document.body.dataset.changed)).toBe('language');
    expect((await asAdmin<{ language: string }>(`/v1/users/${person.id}`)).language).toBe('de');
    expect(await axeProblems(page)).toEqual([]);
  });

  it('replaces their second factor with a step-up; the new app signs in, the old one no longer does', async () => {
    const panel = page.locator('account-panel');
    const card = panel.getByRole('region', { name: 'Zwei-Faktor-Authentifizierung' });
    await card.getByRole('button', { name: 'Neue Authentifizierungs-App einrichten' }).click();
    await card.getByLabel('Aktuelles Passwort').fill(PASSWORD);
    // The invitation's confirmation used this time step's code; a code is never accepted twice.
    await card.getByLabel('Aktueller Zwei-Faktor-Code').fill(generateSync({ secret: person.secret, epoch: now(1) }));
    await card.getByRole('button', { name: 'Weiter' }).click();
    const secretBox = panel.locator('#mfa-secret');
    await expect.poll(() => secretBox.textContent(), { timeout: 10_000 }).toMatch(/^[A-Z2-7]{16,}$/);
    const secret = (await secretBox.textContent())!;
    expect(await panel.getByRole('img', { name: 'QR-Code für Ihre Authentifizierungs-App' }).count()).toBe(1);
    await page.screenshot({ path: 'artifacts/account-panel-2fa-de.png' });
    expect(await axeProblems(page)).toEqual([]);
    await panel.getByLabel('Sechsstelliger Code').fill(generateSync({ secret }));
    await panel.getByRole('button', { name: 'Neue Authentifizierungs-App bestätigen' }).click();
    await expect.poll(() => panel.getByRole('status').textContent(), { timeout: 15_000 }).toContain('Ihre neue Authentifizierungs-App ist eingerichtet.');
    // The panel carries on with a fresh token from the host.
    await expect.poll(() => panel.getByText('Eine Authentifizierungs-App ist eingerichtet.').isVisible()).toBe(true);
    const tenantId = (JSON.parse(readFileSync(join(bff.dataDir, 'demo-credentials.json'), 'utf8')) as { tenantId: string }).tenantId;
    const login = (code: string) => fetch(`${bff.url}/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ tenantId, login: email, password: PASSWORD, code }) });
    expect((await login(generateSync({ secret: person.secret, epoch: now(1) }))).status).toBe(401);
    expect((await login(generateSync({ secret, epoch: now(1) }))).status).toBe(200);
  });
});
