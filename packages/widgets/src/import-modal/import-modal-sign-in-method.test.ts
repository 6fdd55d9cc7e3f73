import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { BulkImportResponse, UserPage } from '@roster/contract';
import './define.js';
import type { ImportModal } from './import-modal.js';
import { expectAccessible, useWideViewport } from '../test-support/a11y.js';
import { bffCall, newTenant, type BffTenant } from '../test-support/bff.js';
import { loadLanguage } from '../internal/language.js';
import { paste, settled, importButton } from '../test-support/import-modal.js';

/**
 * The import's Sign-in method column (issue 14, NinjaOne's Security tab; docs/seed-behaviours.md 000-19), against the
 * real BFF: recognised by its header, each cell checked by the contract's rule in the worker (the server runs the
 * same), a bad value marked at its cell naming the column, and each person's method stored as the row says.
 */
describe('<import-modal> Sign-in method column (real BFF)', () => {
  useWideViewport();
  let tenant: BffTenant;
  before(async function () {
    // The first command starts the BFF (PGlite and its migrations): seconds (a minute on a busy machine), once per run.
    this.timeout(300_000);
    tenant = await newTenant('Import Methods Co', { preset: 'ninjaone', defaultSignInMethod: 'webauthn' });
  });

  async function mount(lang = 'en') {
    const host = await fixture<HTMLDivElement>(html`<div lang=${lang}><import-modal base-url=${tenant.url} .token=${tenant.token}></import-modal></div>`);
    const el = host.querySelector('import-modal')! as ImportModal;
    el.show();
    await waitUntil(() => !el.shadowRoot!.querySelector('footer .primary')?.hasAttribute('disabled'), 'context loaded', { timeout: 10_000 });
    return el;
  }
  const cell = (el: ImportModal, row: number, label: string, word = 'Row') => el.shadowRoot!.querySelector<HTMLInputElement>(`input[aria-label="${word} ${row}, ${label}"]`)!;
  const methods = async (q: string) =>
    Object.fromEntries((await bffCall<UserPage>(tenant, 'GET', `/v1/users?q=${q}`)).body.items.map((u) => [u.email, u.signInMethod]));

  it('a Sign-in method column: good values pass, a bad one is marked naming the column; fixed, each person gets the method of their row', async function () {
    this.timeout(60_000);
    const el = await mount();
    paste(el, 'First name\tLast name\tEmail\tSign-in method\nTia\tTotp\ttia@col-methods.example\tAuthenticator app\nKay\tKey\tkay@col-methods.example\tPasskey\nBad\tValue\tbad@col-methods.example\tcarrier pigeon\nDee\tFault\tdee@col-methods.example\t\n');
    await settled(el);
    const headers = [...el.shadowRoot!.querySelectorAll<HTMLSelectElement>('.grid-head select')];
    expect(headers.map((s) => s.value)).to.deep.equal(['firstName', 'lastName', 'email', 'signInMethod']);
    expect(headers[3]!.selectedOptions[0]!.textContent!.trim()).to.equal('Sign-in method');
    for (const row of [1, 2, 4]) expect(cell(el, row, 'Sign-in method').getAttribute('aria-invalid'), `row ${row}`).to.equal('false');
    const bad = cell(el, 3, 'Sign-in method');
    expect(bad.getAttribute('aria-invalid')).to.equal('true');
    expect(bad.title).to.equal('Sign-in method must be totp (Authenticator app), webauthn (Security key or passkey) or sms (Text message).');
    // Screen readers hear why, too.
    expect(el.shadowRoot!.getElementById(bad.getAttribute('aria-describedby')!)!.textContent).to.contain('Sign-in method must be');
    expect(importButton(el).disabled).to.equal(true);
    await expectAccessible(el);

    bad.value = 'WebAuthn';
    bad.dispatchEvent(new Event('change'));
    await waitUntil(() => el.shadowRoot!.querySelector('.banner.ok'), 'fixed cell accepted', { timeout: 10_000 });
    await settled(el);
    expect(importButton(el).disabled).to.equal(false);
    let completed: BulkImportResponse | null = null;
    el.addEventListener('import-completed', (e) => (completed = (e as Event & { result: BulkImportResponse }).result), { once: true });
    importButton(el).click();
    await waitUntil(() => completed !== null, 'import completed', { timeout: 10_000 });
    expect(completed!).to.include({ imported: 4, failed: 0 });
    // The empty cell gets the profile's default (this tenant's: security keys).
    expect(await methods('col-methods.example')).to.deep.equal({
      'bad@col-methods.example': 'webauthn',
      'dee@col-methods.example': 'webauthn',
      'kay@col-methods.example': 'webauthn',
      'tia@col-methods.example': 'totp',
    });
  });

  it('in a German page the column is Anmeldemethode and the cell’s problem is German', async function () {
    this.timeout(60_000);
    const el = await mount('de');
    // German's main chunk (the contract's messages) and the import's German words load on first use.
    await loadLanguage('de');
    await waitUntil(() => el.shadowRoot!.querySelector('h2')!.textContent === 'Techniker importieren', 'not in German');
    paste(el, 'Vorname\tNachname\tE-Mail\tAnmeldemethode\nDe\tUtsch\tde@col-methods-de.example\tFingerabdruck\n');
    await settled(el);
    const headers = [...el.shadowRoot!.querySelectorAll<HTMLSelectElement>('.grid-head select')];
    expect(headers[3]!.value).to.equal('signInMethod');
    expect(headers[3]!.selectedOptions[0]!.textContent!.trim()).to.equal('Anmeldemethode');
    const bad = cell(el, 1, 'Anmeldemethode', 'Zeile');
    expect(bad.getAttribute('aria-invalid')).to.equal('true');
    expect(bad.title).to.equal('Anmeldemethode muss totp (Authenticator-App), webauthn (Sicherheitsschlüssel oder Passkey) oder sms (Textnachricht) sein.');
    expect(importButton(el).disabled).to.equal(true);
    expect(await methods('col-methods-de.example')).to.deep.equal({});
  });
});
