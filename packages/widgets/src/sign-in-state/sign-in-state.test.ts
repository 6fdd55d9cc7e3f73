import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { TenantContext, User } from '@roster/contract';
import { ApiClient, TokenSource } from '../internal/api-client.js';
import '../user-sheet/define.js';
import type { RosterUserSheet } from '../user-sheet/user-sheet.js';
import type { RosterSignInState } from './sign-in-state.js';
import { expectAccessible } from '../test-support/a11y.js';
import { bffCall, newMember, newPerson, newTenant, sessionWorks, signIn, totpCode, type BffPerson, type BffTenant } from '../test-support/bff.js';

/**
 * A user's sessions and timed suspension on their page's Status tab (issue 17), against the real BFF: the chunk loads
 * with the tab, an admin suspends with a reason and an end, the server's field issues show at their field, the
 * suspension shows (and its badge), and is lifted. Who may suspend whom is the server's rule (apps/bff tests).
 */
describe('<roster-sign-in-state> on a user’s page (real BFF)', () => {
  let tenant: BffTenant;
  let person: BffPerson;
  before(async function () {
    this.timeout(300_000);
    tenant = await newTenant('Suspension Page Co');
    person = await newPerson(tenant);
  });

  async function mount(token: string, lang = 'en') {
    const context = (await bffCall<TenantContext>(tenant, 'GET', '/v1/tenant', undefined, token)).body;
    const api = new ApiClient(() => tenant.url, new TokenSource(() => ({ token })), () => lang);
    const host = await fixture<HTMLDivElement>(html`<div lang=${lang}><roster-user-sheet .api=${api} .tenant=${context} user-id=${person.id} tab="status"></roster-user-sheet></div>`);
    const sheet = host.querySelector('roster-user-sheet')! as RosterUserSheet;
    await waitUntil(() => sheet.shadowRoot!.querySelector('roster-sign-in-state')?.shadowRoot?.querySelector('[part~=suspension], [part~=sessions]'), 'the Status tab’s sign-in state', { timeout: 15_000 });
    const state = sheet.shadowRoot!.querySelector('roster-sign-in-state')! as RosterSignInState;
    return { sheet, state, root: state.shadowRoot! };
  }
  const button = (root: ParentNode, label: string) => [...root.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent!.trim() === label);
  const notice = (root: ShadowRoot) => root.querySelector('[part=notice]')!.textContent!.trim();
  const stored = async () => (await bffCall<User>(tenant, 'GET', `/v1/users/${person.id}`)).body;

  it('lists the sessions, and suspends with a reason and an end: the server has it, the sessions end, the page shows it', async function () {
    this.timeout(90_000);
    const { cookie } = await signIn(person, await totpCode(person.secret), 'Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0');
    const { sheet, state, root } = await mount(tenant.token);
    await waitUntil(() => root.querySelector('ul.sessions li'), 'no sessions', { timeout: 10_000 });
    expect(root.querySelector('ul.sessions li')!.textContent).to.contain('Firefox, Linux');
    await expectAccessible(state);
    const changes: (string | null)[] = [];
    sheet.addEventListener('user-updated', (e) => changes.push(((e as Event & { user: User }).user).suspension?.reason ?? null));
    // The keyboard path: the Suspend button opens the form with the reason focused.
    button(root, 'Suspend…')!.focus();
    await sendKeys({ press: 'Enter' });
    await state.updateComplete;
    await waitUntil(() => root.activeElement?.tagName === 'TEXTAREA', 'the reason is not focused');
    expect(root.querySelector('[part~=suspend-form]')!.textContent).to.contain('Their seat, roles and tickets stay');
    await sendKeys({ type: 'Travelling without the laptop' });
    const end = new Date(Date.now() + 3 * 86400_000);
    const local = new Date(end.getTime() - end.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
    const until = root.querySelector<HTMLInputElement>('input[type=datetime-local]')!;
    until.value = local;
    until.dispatchEvent(new Event('input'));
    await expectAccessible(state);
    button(root, 'Suspend')!.click();
    await waitUntil(() => notice(root) === 'Suspended.', `not suspended: ${notice(root)}`, { timeout: 10_000 });
    const user = await stored();
    expect(user.suspension?.reason).to.equal('Travelling without the laptop');
    expect(Math.abs(Date.parse(user.suspension!.until!) - Date.parse(`${local}:00`) )).to.equal(0);
    expect(await sessionWorks(cookie)).to.equal(false);
    expect(changes).to.deep.equal(['Travelling without the laptop']);
    await waitUntil(() => root.querySelector('.suspended'), 'the suspension is not shown');
    expect(root.querySelector('.suspended')!.textContent).to.contain('Suspended since').and.contain('Reason: Travelling without the laptop');
    await waitUntil(() => root.querySelectorAll('ul.sessions li').length === 0, 'the sessions are still listed');
    expect(sheet.shadowRoot!.querySelector('[part~=badge-suspended]')!.textContent!.trim()).to.equal('Suspended');
    // Lifted: the server has no suspension, the page says so.
    button(root, 'Lift the suspension')!.click();
    await waitUntil(() => notice(root) === 'The suspension is lifted.', `not lifted: ${notice(root)}`, { timeout: 10_000 });
    expect((await stored()).suspension).to.equal(null);
    expect(root.querySelector('.suspended') === null).to.equal(true);
    expect(sheet.shadowRoot!.querySelector('[part~=badge-suspended]') === null).to.equal(true);
  });

  it('shows the server’s issue at its field and changes nothing: a blank reason, an end in the past', async function () {
    this.timeout(60_000);
    const { root, state } = await mount(tenant.token);
    button(root, 'Suspend…')!.click();
    await state.updateComplete;
    button(root, 'Suspend')!.click();
    await waitUntil(() => root.querySelector('#reason-error'), 'no issue at the reason', { timeout: 10_000 });
    expect(root.querySelector('#reason-error')!.textContent!.trim()).to.equal('Give a reason for the suspension.');
    expect(root.querySelector('textarea')!.getAttribute('aria-invalid')).to.equal('true');
    const textarea = root.querySelector('textarea')!;
    textarea.value = 'Fine';
    textarea.dispatchEvent(new Event('input'));
    const until = root.querySelector<HTMLInputElement>('input[type=datetime-local]')!;
    until.value = '2020-01-01T10:00';
    until.dispatchEvent(new Event('input'));
    button(root, 'Suspend')!.click();
    await waitUntil(() => root.querySelector('#until-error'), 'no issue at the end', { timeout: 10_000 });
    expect(root.querySelector('#until-error')!.textContent!.trim()).to.equal('Must be a time in the future.');
    expect(root.querySelector('#reason-error') === null).to.equal(true);
    expect((await stored()).suspension).to.equal(null);
  });

  it('in German, the words and the server’s issues are German; a reader sees no suspend button', async function () {
    this.timeout(60_000);
    const { root, state } = await mount(tenant.token, 'de');
    await waitUntil(() => button(root, 'Suspendieren…'), 'no German words', { timeout: 10_000 });
    button(root, 'Suspendieren…')!.click();
    await state.updateComplete;
    button(root, 'Suspendieren')!.click();
    await waitUntil(() => root.querySelector('#reason-error'), 'no issue at the reason', { timeout: 10_000 });
    expect(root.querySelector('#reason-error')!.textContent!.trim()).to.equal('Geben Sie einen Grund für die Suspendierung an.');
    const reader = await newMember(tenant, { permissions: ['users.read', 'org.access.all'] });
    const { root: readerRoot } = await mount(reader.token);
    expect(button(readerRoot, 'Suspend…') === undefined).to.equal(true);
    expect(button(readerRoot, 'Sign out everywhere') === undefined).to.equal(true);
  });
});
