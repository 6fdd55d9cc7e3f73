import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { TenantContext, User, UserDetail, UserPage } from '@roster/contract';
import { ApiClient, TokenSource } from '../internal/api-client.js';
import './define.js';
import type { RosterUserSheet } from './user-sheet.js';
import { expectAccessible } from '../test-support/a11y.js';
import { bffCall, newMember, newPerson, newTenant, personState, type BffTenant } from '../test-support/bff.js';

/**
 * A user's Settings tab shows the sign-in method the admin chose and lets an admin change it (issue 14, NinjaOne's
 * Security tab; docs/seed-behaviours.md 000-19), against the real BFF: confirmed with its consequence, cancelled
 * without a change, the server's refusal shown, the change announced; hidden where the server would refuse it (the
 * Root Admin's, one's own, without users.write).
 */
describe('<roster-user-sheet> sign-in method (real BFF)', () => {
  let tenant: BffTenant;
  let admin: { token: string; userId: string };
  before(async function () {
    // The first command starts the BFF (PGlite and its migrations): seconds (a minute on a busy machine), once per run.
    this.timeout(300_000);
    tenant = await newTenant('Sheet Methods Co', { preset: 'ninjaone' });
    admin = await newMember(tenant, { permissions: ['users.read', 'users.write', 'org.access.all'] });
  });

  async function mount(userId: string, token = admin.token) {
    const context = (await bffCall<TenantContext>(tenant, 'GET', '/v1/tenant', undefined, token)).body;
    const api = new ApiClient(() => tenant.url, new TokenSource(() => ({ token })));
    const host = await fixture<HTMLDivElement>(html`<div lang="en"><roster-user-sheet .api=${api} .tenant=${context} user-id=${userId} tab="settings"></roster-user-sheet></div>`);
    const sheet = host.querySelector('roster-user-sheet')! as RosterUserSheet;
    await waitUntil(() => sheet.shadowRoot!.querySelector('#security-h'), 'the Settings tab', { timeout: 10_000 });
    return sheet;
  }
  const root = (sheet: RosterUserSheet) => sheet.shadowRoot!;
  /** The Security section's sign-in method, as shown. */
  const shownMethod = (sheet: RosterUserSheet) => {
    const dt = [...root(sheet).querySelectorAll('section[aria-labelledby=security-h] dt')].find((d) => d.textContent!.trim() === 'Sign-in method')!;
    return [...dt.nextElementSibling!.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent).join('').trim();
  };
  const changeButton = (sheet: RosterUserSheet) => [...root(sheet).querySelectorAll<HTMLButtonElement>('section[aria-labelledby=security-h] button')].find((b) => b.textContent!.trim() === 'Change sign-in method');
  const confirm = (sheet: RosterUserSheet) => root(sheet).querySelector<HTMLElement>('[part=confirm]');
  const notice = (sheet: RosterUserSheet) => root(sheet).querySelector('[part=notice]')!;
  const stored = async (id: string) => (await bffCall<UserDetail>(tenant, 'GET', `/v1/users/${id}`)).body;
  /** The Change button once the sheet knows who the caller is (it asks the server once). */
  const changeShown = (sheet: RosterUserSheet) => waitUntil(() => changeButton(sheet), 'the Change button', { timeout: 10_000 });
  /** The sheet has heard who the caller is. */
  const knowsCaller = async (sheet: RosterUserSheet) => {
    await waitUntil(() => (sheet as unknown as { meId: string | null }).meId !== null, 'the caller known', { timeout: 10_000 });
    await sheet.updateComplete;
  };

  it('shows the method the admin chose, not a fixed one', async function () {
    this.timeout(60_000);
    const keyUser = (await bffCall<User>(tenant, 'POST', '/v1/users', { kind: 'technician', firstName: 'Kay', lastName: 'Holder', email: 'kay@sheet-methods.example', signInMethod: 'webauthn' })).body;
    const sheet = await mount(keyUser.id);
    expect(shownMethod(sheet)).to.equal('Security key or passkey');
  });

  it('Change asks first, stating the consequence; Cancel changes nothing', async function () {
    this.timeout(60_000);
    const person = await newPerson(tenant);
    const sheet = await mount(person.id);
    expect(shownMethod(sheet)).to.equal('Authenticator app');
    await changeShown(sheet);
    changeButton(sheet)!.click();
    await waitUntil(() => confirm(sheet), 'the confirmation');
    const panel = confirm(sheet)!;
    expect(panel.getAttribute('role')).to.equal('group');
    expect(panel.querySelector('h3')!.textContent!.trim()).to.equal('Change sign-in method');
    // While it asks, the tab behind it can be neither used nor read: the answer comes first.
    const behind = () => root(sheet).querySelector<HTMLElement>('#panel .tab-content')!;
    expect(behind().inert, 'the tab is inert while asking').to.equal(true);
    // The other methods that may be chosen, the first of them checked and focused.
    const choices = [...panel.querySelectorAll<HTMLInputElement>('input[type=radio]')];
    expect(choices.length > 0, 'a choice').to.equal(true);
    expect(choices.some((c) => c.closest('label')!.textContent!.includes('Security key or passkey')), 'security keys offered').to.equal(true);
    expect(choices.map((c) => c.closest('label')!.textContent).join(), 'not the method the user has').not.to.contain('Authenticator app');
    expect(root(sheet).activeElement === choices[0], 'the first choice has the focus').to.equal(true);
    const key = choices.find((c) => c.closest('label')!.textContent!.includes('Security key or passkey'))!;
    key.click();
    await sheet.updateComplete;
    const name = (await stored(person.id)).firstName + ' ' + (await stored(person.id)).lastName;
    expect(panel.querySelector('p')!.textContent!.trim()).to.equal(`${name} will set up Security key or passkey at the next sign-in; their current second factor stops working, and they are signed out everywhere.`);
    await expectAccessible(sheet);
    [...panel.querySelectorAll('button')].find((b) => b.textContent!.trim() === 'Cancel')!.click();
    await sheet.updateComplete;
    expect(confirm(sheet) === null, 'the confirmation is gone').to.equal(true);
    expect(behind().inert, 'the tab is usable again').to.equal(false);
    expect(await stored(person.id)).to.include({ signInMethod: 'totp', mfaState: 'enrolled' });
    expect((await personState(person)).mfaState).to.equal('enrolled');
  });

  it('confirmed, the server changes it and clears the factor; the page shows it and the live region says so', async function () {
    this.timeout(60_000);
    const person = await newPerson(tenant);
    const sheet = await mount(person.id);
    const changes: User[] = [];
    sheet.addEventListener('user-updated', (e) => changes.push((e as Event & { user: User }).user));
    await changeShown(sheet);
    changeButton(sheet)!.click();
    await waitUntil(() => confirm(sheet), 'the confirmation');
    const key = [...confirm(sheet)!.querySelectorAll<HTMLInputElement>('input[type=radio]')].find((c) => c.closest('label')!.textContent!.includes('Security key or passkey'))!;
    key.click();
    await sheet.updateComplete;
    [...confirm(sheet)!.querySelectorAll('button')].find((b) => b.textContent!.trim() === 'Change sign-in method')!.click();
    await waitUntil(() => confirm(sheet) === null, 'the confirmation closes', { timeout: 10_000 });
    const after = await stored(person.id);
    expect(after).to.include({ signInMethod: 'webauthn', mfaState: 'not_enrolled' });
    expect((await personState(person)).secret === null, 'the authenticator is gone').to.equal(true);
    expect(notice(sheet).getAttribute('role')).to.equal('status');
    expect(notice(sheet).getAttribute('aria-live')).to.equal('polite');
    expect(notice(sheet).textContent!.trim()).to.equal(`${after.firstName} ${after.lastName} will set up Security key or passkey at the next sign-in.`);
    expect(shownMethod(sheet)).to.equal('Security key or passkey');
    expect(changes.map((u) => u.signInMethod)).to.deep.equal(['webauthn']);
    // Audited as such.
    const events = (await bffCall<{ items: { action: string }[] }>(tenant, 'GET', `/v1/audit-events?targetId=${person.id}`)).body.items.map((e) => e.action);
    expect(events).to.include('user.sign_in_method_changed');
  });

  it('the server’s refusal is shown and announced; the confirmation stays open', async function () {
    this.timeout(60_000);
    const person = await newPerson(tenant);
    const sheet = await mount(person.id);
    await changeShown(sheet);
    changeButton(sheet)!.click();
    await waitUntil(() => confirm(sheet), 'the confirmation');
    // Meanwhile another admin deletes the user: the server refuses the change.
    expect((await bffCall(tenant, 'DELETE', `/v1/users/${person.id}`)).status).to.equal(204);
    [...confirm(sheet)!.querySelectorAll('button')].find((b) => b.textContent!.trim() === 'Change sign-in method')!.click();
    await waitUntil(() => notice(sheet).classList.contains('bad'), 'the refusal', { timeout: 10_000 });
    expect(notice(sheet).textContent!.trim()).to.match(/^That did not work: \S/);
    expect(confirm(sheet) !== null, 'still asking').to.equal(true);
    await expectAccessible(sheet);
  });

  it('hidden where the server would refuse: the Root Admin’s method, one’s own, and without users.write', async function () {
    this.timeout(60_000);
    const all = (await bffCall<UserPage>(tenant, 'GET', '/v1/users?limit=200')).body.items;
    const rootAdmin = all.find((u) => u.isRootAdmin)!;
    const person = await newPerson(tenant);
    // The admin sees the Change for someone else (once they know who they are) …
    const other = await mount(person.id);
    await changeShown(other);
    // … not for the Root Admin …
    const ofRoot = await mount(rootAdmin.id);
    expect(shownMethod(ofRoot)).to.equal('Authenticator app');
    expect(changeButton(ofRoot) === undefined, 'no Change for the Root Admin').to.equal(true);
    // … nor for themself (that needs fresh proof: the account panel) …
    const own = await mount(admin.userId);
    await knowsCaller(own);
    expect(changeButton(own) === undefined, 'no Change for oneself').to.equal(true);
    // … and a reader sees the method only.
    const reader = await newMember(tenant, { permissions: ['users.read', 'org.access.all'] });
    const read = await mount(person.id, reader.token);
    expect(shownMethod(read)).to.equal('Authenticator app');
    expect(changeButton(read) === undefined, 'no Change without users.write').to.equal(true);
  });
});
