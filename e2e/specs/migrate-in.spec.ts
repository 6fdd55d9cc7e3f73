import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSync } from 'otplib';
import type { Browser, Page } from 'playwright-core';
import { pageCatalogues } from '@roster/portal';
import { launchBrowser, startDemoPortal } from '../support/fixtures.js';

/** Openwall crypt_blowfish's published bcrypt vectors: the password "U*U" and "U*U*". */
const OLD_HASH = '$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW';
const OTHER_HASH = '$2a$05$CCCCCCCCCCCCCCCCCCCCC.VGOzA784oUp/Z0DY336zx7pLYAy0lwK';
const OLD_PASSWORD = 'U*U';
/** The authenticator app's secret the old console had (base32, 160 bits). */
const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

/**
 * Migrating in (docs/migrating-in.md): users exported from another console with their bcrypt hashes and TOTP secrets
 * are imported through the API without invitations, and one of them signs in on the real login page with the old
 * password and the old authenticator app; the stored hash then is Roster's own.
 */
describe('migrating users in with their bcrypt hashes', () => {
  let portal: Awaited<ReturnType<typeof startDemoPortal>>;
  let browser: Browser;
  let page: Page;
  const en = pageCatalogues.en;
  let tenantId = '';

  beforeAll(async () => {
    portal = await startDemoPortal();
    browser = await launchBrowser();
    page = await browser.newPage();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await portal?.stop();
  });

  const stored = (email: string) =>
    portal.services.db.selectFrom('users').select(['id', 'tenant_id', 'status', 'password_hash', 'external_id']).where('email', '=', email).executeTakeFirstOrThrow();

  it('imports users with bcrypt hashes through the API, active and uninvited, findable by their external id', async () => {
    const { token } = (await (await fetch(`${portal.url}/host/widget-token`, { method: 'POST' })).json()) as { token: string };
    const auth = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
    const csv = [
      'First name,Last name,Email,External ID,Password hash,TOTP secret',
      `Mira,Migrated,mira.migrated@e2e.example,old-console-17,${OLD_HASH},${SECRET}`,
      `Milo,Migrated,milo.migrated@e2e.example,old-console-18,${OTHER_HASH},`,
    ].join('\r\n');
    const res = await fetch(`${portal.url}/v1/users/bulk-import`, { method: 'POST', headers: auth, body: JSON.stringify({ kind: 'technician', text: csv, source: 'file', sendInvitations: false }) });
    expect(res.status, await res.clone().text()).toBe(201);
    expect(await res.json()).toMatchObject({ imported: 2, failed: 0 });
    const mira = await stored('mira.migrated@e2e.example');
    tenantId = mira.tenant_id;
    expect(mira).toMatchObject({ status: 'active', external_id: 'old-console-17', password_hash: `imported$${OLD_HASH}` });
    const found = (await (await fetch(`${portal.url}/v1/users?externalId=old-console-18`, { headers: auth })).json()) as { items: { email: string; externalId: string; status: string }[] };
    expect(found.items).toEqual([expect.objectContaining({ email: 'milo.migrated@e2e.example', externalId: 'old-console-18', status: 'active' })]);
    // Nothing was mailed to them.
    expect(await (await fetch(`${portal.url}/mailbox`)).text()).not.toContain('migrated@e2e.example');
  }, 60_000);

  it('signs in on the login page with the old password and the old authenticator app; the stored hash becomes Roster s own', async () => {
    await page.goto(`${portal.url}/login?tenant=${tenantId}`);
    await page.getByLabel(en.login.loginName).fill('mira.migrated@e2e.example');
    await page.getByLabel(en.common.password, { exact: true }).fill(OLD_PASSWORD);
    await page.getByLabel(en.login.twoFactorCode).fill(generateSync({ secret: SECRET }));
    await page.getByRole('button', { name: en.common.logIn }).click();
    await page.waitForURL(/\/account$/, { timeout: 20_000 });
    await expect.poll(() => page.locator('account-panel #profile-email').inputValue(), { timeout: 20_000 }).toBe('mira.migrated@e2e.example');
    const after = await stored('mira.migrated@e2e.example');
    expect(after.password_hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(after.password_hash).not.toContain(OLD_HASH);
    // The other user's hash is untouched until they sign in themselves.
    expect((await stored('milo.migrated@e2e.example')).password_hash).toBe(`imported$${OTHER_HASH}`);
  }, 90_000);
});
