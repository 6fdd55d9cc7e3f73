import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { launchBrowser, startDemoPortal } from '../support/fixtures.js';
import { mailedToken } from '../support/people.js';
import { axeProblems } from '../support/axe.js';

/**
 * A security key or passkey end to end in Chromium, through the DevTools virtual authenticator (a platform
 * authenticator with user verification, presence simulated): an admin chooses the method, the person accepts the
 * invitation with a passkey on Roster's page, then logs in with it, logs out, and logs in with it again.
 */
describe('sign-in with a passkey in the demo portal', () => {
  let portal: Awaited<ReturnType<typeof startDemoPortal>>;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let cdp: CDPSession;
  let authenticatorId = '';
  const email = 'grace.passkey@demo-msp.example';
  const password = 'correct horse battery';
  let recoveryCodes: string[] = [];

  beforeAll(async () => {
    portal = await startDemoPortal({ webauthn: true });
    browser = await launchBrowser();
    context = await browser.newContext();
    page = await context.newPage();
    cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    ({ authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
    }));
    mkdirSync('artifacts', { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.stop();
  });

  it('an admin invites a technician whose sign-in method is a security key', async () => {
    const { token } = (await (await fetch(`${portal.url}/host/widget-token`, { method: 'POST' })).json()) as { token: string };
    const res = await fetch(`${portal.url}/v1/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ kind: 'technician', firstName: 'Grace', lastName: 'Hopper', email, signInMethod: 'webauthn' }),
    });
    expect(res.status, await res.clone().text()).toBe(201);
    expect(((await res.json()) as { signInMethod: string }).signInMethod).toBe('webauthn');
  });

  it('accepts the invitation with a password, then a passkey; the recovery codes are shown once', async () => {
    const link = await mailedToken(portal, email, 'accept-invitation');
    await page.goto(`${portal.localUrl}/accept-invitation?token=${link}`);
    await page.getByLabel('New password', { exact: true }).fill(password);
    await page.getByLabel('Repeat the new password').fill(password);
    await page.getByRole('button', { name: 'Set password' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Set up your security key or passkey' }).isVisible(), { timeout: 20_000 }).toBe(true);
    await page.getByRole('button', { name: 'Register security key' }).click();
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: 20_000 }).toContain('Your account is ready');
    await expect.poll(() => page.locator('#code-list code').count()).toBe(10);
    expect(await axeProblems(page)).toEqual([]);
    recoveryCodes = await page.locator('#code-list code').allTextContents();
    expect(await page.locator('#code-list code').first().textContent()).toMatch(/^[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}$/);
    await page.screenshot({ path: 'artifacts/passkey-accepted.png' });
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    expect(credentials).toHaveLength(1);
    expect(credentials[0]!.rpId).toBe('localhost');
  }, 60_000);

  /** The login page with the password, then the passkey → /account. */
  async function logInWithPasskey() {
    await page.goto(`${portal.localUrl}/login`);
    await page.getByLabel('Email or username').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Use your security key or passkey' }).isVisible(), { timeout: 20_000 }).toBe(true);
    await page.getByRole('button', { name: 'Continue with security key' }).click();
    await page.waitForURL(/\/account$/, { timeout: 20_000 });
    await expect.poll(() => page.locator('#email').textContent(), { timeout: 20_000 }).toBe(email);
  }

  it('logs in with the passkey, logs out, and logs in with it again; each use moves the counter on', async () => {
    await logInWithPasskey();
    const after1 = (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials[0]!.signCount;
    await page.getByRole('button', { name: 'Log out' }).click();
    // Logging out may navigate twice (the page, then the sign-in page): waitForURL fails on the aborted first one.
    await expect.poll(() => page.url(), { timeout: 20_000 }).toMatch(/\/login\?/);
    await page.waitForLoadState('load');
    // Signed out: the session cookie no longer opens the account.
    const me = await page.evaluate(async () => (await fetch('/v1/auth/me')).status);
    expect(me).toBe(401);
    await logInWithPasskey();
    const after2 = (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials[0]!.signCount;
    expect(after2).toBeGreaterThan(after1);
    await page.screenshot({ path: 'artifacts/passkey-signed-in.png' });
  }, 90_000);

  it('a step-up in <account-panel> needs the passkey too: new recovery codes after the password and the key', async () => {
    // The password alone is refused by the server, naming the key.
    const alone = await page.evaluate(async (pw) => {
      const res = await fetch('/v1/auth/step-up', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ password: pw }) });
      return { status: res.status, body: (await res.json()) as { error: { issues?: { path: string[] }[] } } };
    }, password);
    expect(alone.status).toBe(422);
    expect(alone.body.error.issues?.map((i) => i.path.join('.'))).toContain('body.webauthn');
    const recovery = page.locator('account-panel').getByRole('region', { name: 'Recovery codes' });
    await expect.poll(() => recovery.textContent(), { timeout: 20_000 }).toContain('10 of 10 codes left');
    const before = (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials[0]!.signCount;
    await recovery.getByRole('button', { name: 'Make new recovery codes' }).click();
    await recovery.getByLabel('Current password').fill(password);
    expect(await recovery.textContent()).toContain('Then confirm with your security key or passkey');
    expect(await axeProblems(page)).toEqual([]);
    await recovery.getByRole('button', { name: 'Continue' }).click();
    await expect.poll(() => recovery.locator('#recovery-codes-list code').count(), { timeout: 20_000 }).toBe(10);
    // The key answered the step-up’s challenge: its counter moved on.
    expect((await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials[0]!.signCount).toBeGreaterThan(before);
    const fresh = await recovery.locator('#recovery-codes-list code').allTextContents();
    expect(fresh).not.toContain(recoveryCodes[0]);
    recoveryCodes = fresh;
    await recovery.getByRole('button', { name: 'I have saved them' }).click();
  }, 60_000);

  it('adds a second key in <account-panel> within the live step-up, removes the first, and never the last one', async () => {
    const panel = page.locator('account-panel').getByRole('region', { name: 'Security keys and passkeys' });
    await expect.poll(() => panel.isVisible(), { timeout: 20_000 }).toBe(true);
    await expect.poll(() => panel.locator('.key-name').allTextContents()).toEqual(['Security key']);
    // A second authenticator (the first holds an excluded credential and stays silent).
    await cdp.send('WebAuthn.setAutomaticPresenceSimulation', { authenticatorId, enabled: false });
    const second = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: { protocol: 'ctap2', transport: 'usb', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
    });
    await panel.getByLabel('Name of the new key').fill('Backup key');
    // The step-up of the recovery codes is still live: no new proof within its minutes.
    await panel.getByRole('button', { name: 'Add a security key' }).click();
    await expect.poll(() => panel.locator('.key-name').allTextContents(), { timeout: 20_000 }).toEqual(['Security key', 'Backup key']);
    expect(await axeProblems(page)).toEqual([]);
    expect((await cdp.send('WebAuthn.getCredentials', { authenticatorId: second.authenticatorId })).credentials).toHaveLength(1);
    // Removing needs no new proof either, within the step-up’s minutes.
    await panel.getByRole('button', { name: 'Remove Security key' }).click();
    await expect.poll(() => panel.locator('.key-name').allTextContents(), { timeout: 20_000 }).toEqual(['Backup key']);
    await panel.getByRole('button', { name: 'Remove Backup key' }).click();
    await expect.poll(() => panel.getByRole('alert').allTextContents(), { timeout: 20_000 }).toContainEqual(expect.stringContaining('only security key'));
    await page.screenshot({ path: 'artifacts/passkey-panel.png' });
    await cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId: second.authenticatorId });
  }, 90_000);

  it('without the passkey the password alone opens nothing', async () => {
    await cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId });
    await page.getByRole('button', { name: 'Log out' }).click();
    // Logging out may navigate twice (the page, then the sign-in page): waitForURL fails on the aborted first one.
    await expect.poll(() => page.url(), { timeout: 20_000 }).toMatch(/\/login\?/);
    await page.waitForLoadState('load');
    await page.getByLabel('Email or username').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Use your security key or passkey' }).isVisible(), { timeout: 20_000 }).toBe(true);
    expect(await page.evaluate(async () => (await fetch('/v1/auth/me')).status)).toBe(401);
    // A saved recovery code opens the account instead, once.
    await page.goto(`${portal.localUrl}/login`);
    await page.getByLabel('Email or username').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByText('Lost your second factor? Use a recovery code').click();
    await page.getByLabel('Recovery code', { exact: true }).fill(recoveryCodes[0]!.toLowerCase());
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(/\/account$/, { timeout: 20_000 });
    await expect.poll(() => page.locator('account-panel').getByRole('region', { name: 'Recovery codes' }).textContent(), { timeout: 20_000 }).toContain('9 of 10 codes left');
  }, 60_000);
});
