import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { BulkImportResponse, UserPage } from '@roster/contract';
import './define.js';
import type { ImportModal } from './import-modal.js';
import { useWideViewport } from '../test-support/a11y.js';
import { bffCall, newTenant, type BffTenant } from '../test-support/bff.js';
import { paste, settled, importButton } from '../test-support/import-modal.js';

/** Openwall crypt_blowfish's published bcrypt vector (the password "U*U"). */
const HASH = '$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW';

/**
 * The "Send invitations" switch (issue 17, migrating in), against the real BFF: on by default; turned off, it says
 * what that means, the import is sent with `sendInvitations: false`, and the result says how many users are active
 * at once (an imported password hash) and how many got no email.
 */
describe('<import-modal> Send invitations switch (real BFF)', () => {
  useWideViewport();
  let tenant: BffTenant;
  before(async function () {
    this.timeout(300_000);
    tenant = await newTenant('Import Invitations Co', { preset: 'default' });
  });

  const toggle = (el: ImportModal) => el.shadowRoot!.querySelector<HTMLInputElement>('input[part="send-invitations"]')!;
  async function opened(lang = 'en') {
    const host = await fixture<HTMLDivElement>(html`<div lang=${lang}><import-modal base-url=${tenant.url} .token=${tenant.token}></import-modal></div>`);
    const el = host.querySelector('import-modal')! as ImportModal;
    el.show();
    await waitUntil(() => !importButton(el)?.hasAttribute('disabled'), 'context loaded', { timeout: 10_000 });
    return el;
  }
  async function runImport(el: ImportModal): Promise<BulkImportResponse> {
    let completed: BulkImportResponse | null = null;
    el.addEventListener('import-completed', (e) => (completed = (e as Event & { result: BulkImportResponse }).result), { once: true });
    importButton(el).click();
    await waitUntil(() => completed !== null, 'import completed', { timeout: 10_000 });
    await el.updateComplete;
    return completed!;
  }
  const statusOf = async (email: string) => (await bffCall<UserPage>(tenant, 'GET', `/v1/users?q=${encodeURIComponent(email)}`)).body.items.find((u) => u.email === email)?.status;

  it('is on by default, a labelled switch; turned off it explains itself, reachable by keyboard', async () => {
    const el = await opened();
    const sw = toggle(el);
    expect(sw.checked).to.equal(true);
    expect(sw.getAttribute('role')).to.equal('switch');
    expect(sw.closest('label')!.textContent!.trim()).to.equal('Send invitations');
    expect(el.shadowRoot!.querySelector('#send-invitations-off')).to.equal(null);
    sw.focus();
    sw.click();
    await el.updateComplete;
    const hint = el.shadowRoot!.querySelector('#send-invitations-off')!;
    expect(hint.textContent).to.contain('active at once');
    expect(sw.getAttribute('aria-describedby')).to.equal('send-invitations-off');
    await expect(el).to.be.accessible();
  });

  it('off: users with a password hash are active at once, the others invited without email; the result counts both', async function () {
    this.timeout(60_000);
    const el = await opened();
    toggle(el).click();
    await el.updateComplete;
    paste(el, `First name\tLast name\tEmail\tPassword hash\nMia\tMoved\tmia@invites-off.example\t${HASH}\nMax\tMoved\tmax@invites-off.example\t\n`);
    await settled(el);
    // Still off on the preview step, where it can be changed too.
    expect(toggle(el).checked).to.equal(false);
    const r = await runImport(el);
    expect(r).to.include({ imported: 2, failed: 0 });
    const said = el.shadowRoot!.querySelector('[part="invitations"]')!.textContent!.replace(/\s+/g, ' ');
    expect(said).to.contain('1 active at once');
    expect(said).to.contain('1 not invited');
    expect(el.shadowRoot!.querySelector('[part~="result"]')!.textContent).not.to.contain('invitations are on their way');
    expect(await statusOf('mia@invites-off.example')).to.equal('active');
    expect(await statusOf('max@invites-off.example')).to.equal('invited');
  });

  it('on: everyone imported is invited, and the result says their invitations are on their way (in German too)', async function () {
    this.timeout(60_000);
    const el = await opened('de');
    paste(el, `First name\tLast name\tEmail\nIda\tInvited\tida@invites-on.example\n`);
    await settled(el);
    await runImport(el);
    expect(el.shadowRoot!.querySelector('[part~="result"]')!.textContent).to.contain('Ihre Einladungen sind unterwegs.');
    expect(el.shadowRoot!.querySelector('[part="invitations"]')).to.equal(null);
    expect(await statusOf('ida@invites-on.example')).to.equal('invited');
  });
});
