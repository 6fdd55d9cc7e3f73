import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { generateSync } from 'otplib';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, startDemoPortal } from '../support/fixtures.js';

describe('account lifecycle in the demo portal', () => {
  let portal: Awaited<ReturnType<typeof startDemoPortal>>;
  let browser: Browser;
  let admin: Page;
  let person: Page;
  const email = 'ada.e2e@demo-msp.example';
  let secret = '';

  beforeAll(async () => {
    portal = await startDemoPortal();
    browser = await launchBrowser();
    admin = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    person = await (await browser.newContext()).newPage();
    mkdirSync('artifacts', { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.stop();
  });

  it('an admin invites a technician from <user-table>', async () => {
    await admin.goto(portal.url);
    const table = admin.locator('user-table');
    await table.getByRole('button', { name: 'Add user' }).click();
    const form = table.locator('roster-user-form');
    await form.getByLabel('First name').fill('Ada');
    await form.getByLabel('Last name').fill('Lovelace');
    await form.getByLabel('Email').fill(email);
    // The User role carries self.edit, which editing one's own profile needs (the default profile gives no role).
    await form.locator('role-picker').getByRole('checkbox', { name: 'User', exact: true }).check();
    await form.getByRole('button', { name: 'Add and invite' }).click();
    await expect.poll(() => form.count(), { timeout: 10_000 }).toBe(0);
    await table.getByRole('searchbox').fill('lovelace');
    await expect.poll(() => table.locator('[data-user-id]').allTextContents(), { timeout: 10_000 }).toEqual([expect.stringMatching(/Invited[\s\S]*Pending/)]);
  });

  it('the invitation arrives in the mailbox; opening the link does not spend it', async () => {
    await person.goto(`${portal.url}/mailbox`);
    await person.getByRole('link', { name: /invited/i }).first().click();
    const link = await person.frameLocator('iframe').getByRole('link', { name: 'Accept invitation' }).getAttribute('href');
    expect(link).toMatch(/^http:\/\/localhost:8787\/accept-invitation\?token=/); // built from ROSTER_PUBLIC_URL
    const path = new URL(link!).pathname + new URL(link!).search;
    await person.goto(portal.url + path); // a scanner's GET
    await person.goto(portal.url + path);
    await expect.poll(() => person.getByRole('button', { name: 'Set password' }).isVisible()).toBe(true);
  });

  it('accepts with a password and TOTP enrolment', async () => {
    await person.getByLabel('New password', { exact: true }).fill('short');
    await person.getByLabel('Repeat the new password').fill('short');
    await person.getByRole('button', { name: 'Set password' }).click();
    await expect.poll(() => person.locator('#password-error').textContent()).toBe('Password must have at least 12 characters.');
    // The repetition is checked in the page, as in <account-panel>: nothing is sent.
    await person.getByLabel('New password', { exact: true }).fill('correct horse battery');
    await person.getByLabel('Repeat the new password').fill('correct horse batery');
    await person.getByRole('button', { name: 'Set password' }).click();
    await expect.poll(() => person.locator('#confirm-error').textContent()).toBe('The passwords do not match.');
    expect(await person.locator('#password-error').textContent()).toBe('');
    await person.getByLabel('Repeat the new password').fill('correct horse battery');
    await person.getByRole('button', { name: 'Set password' }).click();
    await expect.poll(() => person.locator('#secret').textContent(), { timeout: 10_000 }).toMatch(/^[A-Z2-7]{16,}$/);
    secret = (await person.locator('#secret').textContent())!;
    await person.screenshot({ path: 'artifacts/accept-mfa.png' });
    await person.getByLabel('Six-digit code').fill(generateSync({ secret }));
    await person.getByRole('button', { name: 'Confirm' }).click();
    await expect.poll(() => person.getByRole('status').textContent()).toContain('Your account is ready');
  });

  it('logs in and edits their own profile in <account-panel> on /account', async () => {
    await person.goto(`${portal.url}/login`);
    await person.getByLabel('Email or username').fill(email);
    await person.getByLabel('Password').fill('correct horse battery');
    // The enrolment used this time step's code; a code is never accepted twice, so take the next one.
    await person.getByLabel('Two-factor code').fill(generateSync({ secret, epoch: Math.floor(Date.now() / 1000) + 30 }));
    await person.getByRole('button', { name: 'Log in' }).click();
    await person.waitForURL(/\/account$/);
    expect(await person.getByRole('heading', { level: 1 }).textContent()).toBe('Ada Lovelace');
    const panel = person.locator('account-panel');
    const profile = panel.getByRole('region', { name: 'Profile' });
    await expect.poll(() => profile.getByLabel('Email', { exact: true }).inputValue(), { timeout: 20_000 }).toBe(email);
    await profile.getByLabel('First name').fill('Augusta Ada');
    await profile.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => panel.getByRole('status').textContent()).toBe('Saved.');
    // The page's heading follows the panel.
    expect(await person.getByRole('heading', { level: 1 }).textContent()).toBe('Augusta Ada Lovelace');
    const display = panel.getByRole('region', { name: 'Display' });
    await display.getByLabel('Idle warning after (minutes)').fill('90');
    await display.getByLabel('Language').selectOption('de');
    await display.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => panel.getByRole('status').textContent(), { timeout: 10_000 }).toBe('Gespeichert.');
    await person.screenshot({ path: 'artifacts/account.png', fullPage: true });
    await person.reload();
    await expect.poll(() => panel.getByLabel('Inaktivitätswarnung nach (Minuten)').inputValue(), { timeout: 20_000 }).toBe('90');
    expect(await panel.getByLabel('Vorname').inputValue()).toBe('Augusta Ada');
  });

  it('after an admin resets 2FA, signing in walks the person through enrolment instead of a dead end', async () => {
    // The admin's list was loaded while Ada was still invited: load it again to see her enrolled.
    await admin.reload();
    const table = admin.locator('user-table');
    await table.getByRole('searchbox').fill('lovelace');
    await expect.poll(() => table.locator('[data-user-id]').allTextContents(), { timeout: 10_000 }).toEqual([expect.stringMatching(/Active/)]);
    await table.getByRole('button', { name: 'Actions for Augusta Ada Lovelace' }).click();
    await table.locator('dialog').getByRole('menuitem', { name: 'Reset 2FA' }).click();
    await table.locator('dialog').getByRole('button', { name: 'Reset 2FA' }).click();
    await expect.poll(() => table.locator('[data-user-id]').allTextContents(), { timeout: 10_000 }).toEqual([expect.stringMatching(/not enrolled/i)]);
    await person.goto(`${portal.url}/login`);
    await person.getByLabel('Email or username').fill(email);
    await person.getByLabel('Password').fill('correct horse battery');
    await person.getByRole('button', { name: 'Log in' }).click();
    await expect.poll(() => person.getByRole('heading', { name: 'Set up two-factor authentication' }).isVisible(), { timeout: 20_000 }).toBe(true);
    const newSecret = (await person.locator('#secret').textContent())!.trim();
    expect(newSecret).not.toBe(secret);
    expect(await person.locator('#qr svg').count()).toBe(1);
    await person.screenshot({ path: 'artifacts/login-enrolment.png' });
    await person.getByLabel('Six-digit code').fill('000000');
    await person.getByRole('button', { name: 'Confirm and sign in' }).click();
    await expect.poll(() => person.locator('#enrol-code-error').textContent(), { timeout: 20_000 }).not.toBe('');
    await person.getByLabel('Six-digit code').fill(generateSync({ secret: newSecret }));
    await person.getByRole('button', { name: 'Confirm and sign in' }).click();
    // The recovery codes that come with the factor are shown once, before the account.
    await expect.poll(() => person.locator('#code-list code').count(), { timeout: 20_000 }).toBe(10);
    await person.getByRole('link', { name: 'Continue to your account' }).click();
    await person.waitForURL(/\/account$/, { timeout: 20_000 });
    await expect.poll(() => person.locator('#email').textContent(), { timeout: 20_000 }).toBe(email);
    await expect.poll(() => person.locator('account-panel #profile-email').inputValue(), { timeout: 20_000 }).toBe(email);
    await person.screenshot({ path: 'artifacts/login-enrolment-done.png' });
  }, 120_000);

  it('deactivation by the admin ends the person’s session at once', async () => {
    const table = admin.locator('user-table');
    await table.getByRole('button', { name: 'Actions for Augusta Ada Lovelace' }).click();
    await table.locator('dialog').getByRole('menuitem', { name: 'Deactivate' }).click();
    await table.locator('dialog').getByRole('button', { name: 'Deactivate' }).click();
    await expect.poll(() => table.locator('[data-user-id]').allTextContents(), { timeout: 10_000 }).toEqual([expect.stringContaining('Deactivated')]);
    await person.reload();
    await person.waitForURL(/\/login$/, { timeout: 10_000 });
  });
});
