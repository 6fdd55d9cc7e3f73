import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, startDemoPortal } from '../support/fixtures.js';
import { mailedToken } from '../support/people.js';
import { axeProblems } from '../support/axe.js';

/**
 * Text-message sign-in end to end in Chromium: an admin creates a technician who signs in with text messages and has
 * no phone on file; the person accepts the invitation on Roster's page, is asked for a mobile number, reads the code
 * in the demo mailbox (no SMS_URL: the texts stay in the outbox, and the mailbox shows a queued one with its code),
 * confirms it and gets recovery codes; later logs in with the password and a new code.
 */
describe('sign-in with text messages in the demo portal', () => {
  let portal: Awaited<ReturnType<typeof startDemoPortal>>;
  let browser: Browser;
  let page: Page;
  const email = 'sam.sms@demo-msp.example';
  const password = 'correct horse battery';

  beforeAll(async () => {
    portal = await startDemoPortal();
    browser = await launchBrowser();
    page = await (await browser.newContext()).newPage();
    mkdirSync('artifacts', { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.stop();
  });

  /** The code of the newest text message to `to` in the demo mailbox (the page shows a queued one's text). */
  async function textedCode(to = '+4915123456789'): Promise<string> {
    const mailbox = await (await fetch(`${portal.url}/mailbox`)).text();
    const row = new RegExp(`<td>\\${to}</td><td><span class="sms" data-sms-id="\\d+">(\\d{6}) `).exec(mailbox);
    expect(row, 'a queued text message with its code').not.toBeNull();
    return row![1]!;
  }

  it('an admin invites a technician who signs in with text messages, with no phone on file', async () => {
    const { token } = (await (await fetch(`${portal.url}/host/widget-token`, { method: 'POST' })).json()) as { token: string };
    const res = await fetch(`${portal.url}/v1/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ kind: 'technician', firstName: 'Sam', lastName: 'Texter', email, signInMethod: 'sms' }),
    });
    expect(res.status, await res.clone().text()).toBe(201);
    expect(await res.json()).toMatchObject({ signInMethod: 'sms', phone: null });
  });

  it('accepts the invitation: asked for a mobile number (a landline is refused), then the code from the text message', async () => {
    const link = await mailedToken(portal, email, 'accept-invitation');
    await page.goto(`${portal.url}/accept-invitation?token=${link}`);
    await page.getByLabel('New password', { exact: true }).fill(password);
    await page.getByLabel('Repeat the new password').fill(password);
    await page.getByRole('button', { name: 'Set password' }).click();
    // No number on file: the page asks for one, saying why.
    const mobile = page.locator('#pw').getByLabel('Mobile number');
    await expect.poll(() => mobile.isVisible(), { timeout: 20_000 }).toBe(true);
    expect(await page.locator('#phone-error').textContent()).toContain('mobile number');
    await mobile.fill('+49 30 901820');
    await page.getByRole('button', { name: 'Set password' }).click();
    await expect.poll(() => page.locator('#phone-error').textContent(), { timeout: 20_000 }).toContain('must be a mobile number');
    await mobile.fill('+49 151 23456789');
    await page.getByRole('button', { name: 'Set password' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Set up sign-in by text message' }).isVisible(), { timeout: 20_000 }).toBe(true);
    expect(await page.locator('#sms-sent').textContent()).toContain('We sent a code to •••• ••89');
    // "Send a new code" waits out the server's delay, counting down.
    expect(await page.locator('#sms-resend').isDisabled()).toBe(true);
    expect(await page.locator('#sms-resend').textContent()).toMatch(/Send a new code \(\d+ s\)/);
    expect(await axeProblems(page)).toEqual([]);
    await page.screenshot({ path: 'artifacts/sms-code-step.png' });
    await page.getByLabel('Code from the text message').fill(await textedCode());
    await page.getByRole('button', { name: 'Confirm' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'ready' }).textContent(), { timeout: 20_000 }).toContain('Your account is ready');
    await expect.poll(() => page.locator('#code-list code').count()).toBe(10);
    expect(await axeProblems(page)).toEqual([]);
    await page.screenshot({ path: 'artifacts/sms-accepted.png' });
  }, 90_000);

  it('logs in later with the password and a new code sent by text message', async () => {
    await page.goto(`${portal.url}/login`);
    await page.getByLabel('Email or username').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect.poll(() => page.locator('#sms-note').textContent(), { timeout: 20_000 }).toContain('We sent a code to •••• ••89');
    expect(await page.locator('#sms-login-resend').isDisabled()).toBe(true);
    // No session yet: the password alone opens nothing.
    expect(await page.evaluate(async () => (await fetch('/v1/auth/me')).status)).toBe(401);
    expect(await axeProblems(page)).toEqual([]);
    await page.screenshot({ path: 'artifacts/sms-login-code.png' });
    await page.getByLabel('Two-factor code').fill(await textedCode());
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(/\/account$/, { timeout: 20_000 });
    await expect.poll(() => page.locator('#email').textContent(), { timeout: 20_000 }).toBe(email);
    const factor = page.locator('account-panel').getByRole('region', { name: 'Two-factor authentication' });
    await expect.poll(() => factor.textContent(), { timeout: 20_000 }).toContain('come by text message to •••• ••89');
    await page.screenshot({ path: 'artifacts/sms-signed-in.png' });
  }, 90_000);
});
