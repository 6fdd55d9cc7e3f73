import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { BulkImportResponse, UserPage } from '@roster/contract';
import './define.js';
import type { ImportModal } from './import-modal.js';
import { useWideViewport } from '../test-support/a11y.js';
import { bffCall, newTenant, type BffTenant } from '../test-support/bff.js';
import { paste, settled, cell, importButton } from '../test-support/import-modal.js';

/** Openwall crypt_blowfish's published bcrypt vector (the password "U*U"). */
const HASH = '$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW';

/**
 * Migrating in (docs/migrating-in.md), in the modal against the real BFF: the External ID, Password hash and TOTP
 * secret columns of a console's export are recognised by their headers, a malformed hash is marked at its cell naming
 * the column (the contract's rule, in the worker), and once fixed the users are imported with their external ids.
 */
describe('<import-modal> columns of a migration (real BFF)', () => {
  useWideViewport();
  let tenant: BffTenant;
  before(async function () {
    this.timeout(300_000);
    tenant = await newTenant('Import Migrate Co', { preset: 'default' });
  });

  it('recognises External ID, Password hash and TOTP secret; a malformed hash is marked naming the column; fixed, the users carry their external ids', async function () {
    this.timeout(60_000);
    const host = await fixture<HTMLDivElement>(html`<div lang="en"><import-modal base-url=${tenant.url} .token=${tenant.token}></import-modal></div>`);
    const el = host.querySelector('import-modal')! as ImportModal;
    el.show();
    await waitUntil(() => !importButton(el)?.hasAttribute('disabled'), 'context loaded', { timeout: 10_000 });
    paste(el, `First name\tLast name\tEmail\tExternal ID\tPassword hash\tTOTP secret\nMia\tMigrated\tmia@col-migrate.example\told-1\t${HASH}\tJBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP\nMax\tMigrated\tmax@col-migrate.example\told-2\t$2b$10$short\t\n`);
    await settled(el);
    const headers = [...el.shadowRoot!.querySelectorAll<HTMLSelectElement>('.grid-head select')];
    expect(headers.map((s) => s.value)).to.deep.equal(['firstName', 'lastName', 'email', 'externalId', 'passwordHash', 'totpSecret']);
    expect(headers.slice(3).map((s) => s.selectedOptions[0]!.textContent!.trim())).to.deep.equal(['External ID', 'Password hash', 'TOTP secret']);
    expect(cell(el, 1, 'Password hash').getAttribute('aria-invalid')).to.equal('false');
    const bad = cell(el, 2, 'Password hash');
    expect(bad.getAttribute('aria-invalid')).to.equal('true');
    expect(bad.title).to.equal('Must be a valid bcrypt hash.');
    expect(importButton(el).disabled).to.equal(true);

    bad.value = HASH;
    bad.dispatchEvent(new Event('change'));
    await waitUntil(() => el.shadowRoot!.querySelector('.banner.ok'), 'fixed cell accepted', { timeout: 10_000 });
    await settled(el);
    let completed: BulkImportResponse | null = null;
    el.addEventListener('import-completed', (e) => (completed = (e as Event & { result: BulkImportResponse }).result), { once: true });
    importButton(el).click();
    await waitUntil(() => completed !== null, 'import completed', { timeout: 10_000 });
    expect(completed!).to.include({ imported: 2, failed: 0 });
    const found = (await bffCall<UserPage>(tenant, 'GET', '/v1/users?externalId=old-2')).body.items.map((u) => [u.email, u.externalId]);
    expect(found).to.deep.equal([['max@col-migrate.example', 'old-2']]);
  });
});
