import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { TenantContext, User } from '@roster/contract';
import { ApiClient, TokenSource } from '../internal/api-client.js';
import '../user-sheet/define.js';
import './define.js';
import type { RosterUserSheet } from '../user-sheet/user-sheet.js';
import type { RosterViewAs } from './view-as.js';
import type { ImpersonationStartedEvent } from '../events/impersonation-started.js';
import { expectAccessible } from '../test-support/a11y.js';
import { bffCall, newMember, newPerson, newTenant, type BffPerson, type BffTenant } from '../test-support/bff.js';

/**
 * "View as" on a user's page (issue 17), against the real BFF: the button shows only for a caller holding
 * users.impersonate on an active end user; its dialog (a chunk of its own) says what happens, checks the minutes,
 * starts the session and offers its link, firing `roster-impersonation-started`; refusals are sentences.
 */
describe('<roster-view-as> on a user’s page (real BFF)', () => {
  let tenant: BffTenant;
  let endUser: BffPerson;
  let technician: BffPerson;
  let support: { token: string };
  let reader: { token: string };
  before(async function () {
    this.timeout(300_000);
    tenant = await newTenant('View As Page Co');
    endUser = await newPerson(tenant, { kind: 'end_user' });
    technician = await newPerson(tenant, { kind: 'technician' });
    support = await newMember(tenant, { permissions: ['users.read', 'org.access.all', 'users.impersonate'] });
    reader = await newMember(tenant, { permissions: ['users.read', 'org.access.all'] });
  });

  const apiOf = (token: string, lang = 'en') => new ApiClient(() => tenant.url, new TokenSource(() => ({ token })), () => lang);
  async function sheet(token: string, userId: string, lang = 'en') {
    const context = (await bffCall<TenantContext>(tenant, 'GET', '/v1/tenant', undefined, token)).body;
    const host = await fixture<HTMLDivElement>(html`<div lang=${lang}><roster-user-sheet .api=${apiOf(token, lang)} .tenant=${context} user-id=${userId}></roster-user-sheet></div>`);
    const el = host.querySelector('roster-user-sheet')! as RosterUserSheet;
    await waitUntil(() => el.shadowRoot!.querySelector('[part~=sheet-actions], [role=tablist]'), 'the user’s page', { timeout: 15_000 });
    return { host, el };
  }
  const viewAsButton = (el: RosterUserSheet) => el.shadowRoot!.querySelector<HTMLButtonElement>('button[part~=view-as]');
  const dialogOf = async (el: RosterUserSheet) => {
    await waitUntil(() => el.shadowRoot!.querySelector('roster-view-as')?.shadowRoot?.querySelector('dialog[open]'), 'the View as dialog', { timeout: 10_000 });
    const d = el.shadowRoot!.querySelector('roster-view-as')! as RosterViewAs;
    return { d, root: d.shadowRoot! };
  };
  const submit = (root: ShadowRoot) => root.querySelector<HTMLButtonElement>('button[type=submit]')!;

  it('a support person views as an end user: what happens is said, the minutes are checked, the link is offered and the host told', async function () {
    this.timeout(60_000);
    const { host, el } = await sheet(support.token, endUser.id);
    const button = viewAsButton(el)!;
    expect(button.textContent!.trim()).to.equal('View as…');
    const started: ImpersonationStartedEvent[] = [];
    host.addEventListener('roster-impersonation-started', (e) => started.push(e));
    button.focus();
    await sendKeys({ press: 'Enter' });
    const { d, root } = await dialogOf(el);
    const text = root.textContent!;
    expect(text).to.contain('audited');
    expect(text).to.contain('may be told by email');
    expect(text).to.contain('cannot be changed');
    const minutes = root.querySelector<HTMLInputElement>('input[type=number]')!;
    expect(minutes.value).to.equal('15');
    expect(root.activeElement).to.equal(minutes);

    // Out of range: said at the field, nothing started.
    minutes.value = '61';
    minutes.dispatchEvent(new Event('input'));
    submit(root).click();
    await d.updateComplete;
    expect(minutes.getAttribute('aria-invalid')).to.equal('true');
    expect(root.querySelector('#minutes-hint')!.textContent).to.equal('Enter a whole number of minutes from 1 to 60.');
    expect(started).to.have.length(0);

    minutes.value = '5';
    minutes.dispatchEvent(new Event('input'));
    submit(root).click();
    await waitUntil(() => started.length === 1, 'roster-impersonation-started', { timeout: 10_000 });
    expect(started[0]!.userId).to.equal(endUser.id);
    expect(started[0]!.url).to.contain('/v1/auth/impersonation?token=');
    const minutesLeft = (Date.parse(started[0]!.expiresAt) - Date.now()) / 60_000;
    expect(minutesLeft).to.be.within(4.5, 5.01);
    await d.updateComplete;
    const link = root.querySelector<HTMLAnchorElement>('a[part~=link]')!;
    expect(link.href).to.equal(started[0]!.url);
    expect(link.target).to.equal('_blank');
    expect(link.rel).to.contain('noopener');
    expect(root.activeElement).to.equal(link);
    expect(root.querySelector('.ready')!.textContent).to.contain('works once');
    // Closing takes the dialog away.
    [...root.querySelectorAll('button')].find((b) => b.textContent!.trim() === 'Close')!.click();
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('roster-view-as')).to.equal(null);
  });

  it('passes axe, the form and the link (mounted on its own: axe cannot see through a modal over the sheet)', async function () {
    this.timeout(60_000);
    const user = (await bffCall<User>(tenant, 'GET', `/v1/users/${endUser.id}`)).body;
    const host = await fixture<HTMLDivElement>(html`<div lang="en"><roster-view-as .api=${apiOf(support.token)} .user=${user}></roster-view-as></div>`);
    const d = host.querySelector('roster-view-as')! as RosterViewAs;
    await d.updateComplete;
    await expectAccessible(d);
    submit(d.shadowRoot!).click();
    await waitUntil(() => d.shadowRoot!.querySelector('a[part~=link]'), 'the link', { timeout: 10_000 });
    await expectAccessible(d);
  });

  it('is not offered without users.impersonate, nor on a technician', async function () {
    this.timeout(60_000);
    expect(viewAsButton((await sheet(reader.token, endUser.id)).el)).to.equal(null);
    expect(viewAsButton((await sheet(support.token, technician.id)).el)).to.equal(null);
  });

  it('says the server’s refusals as sentences: onto a technician (403), a user not there (404), in German too', async function () {
    this.timeout(60_000);
    const tech = (await bffCall<User>(tenant, 'GET', `/v1/users/${technician.id}`)).body;
    const mount = async (user: User, lang = 'en') => {
      const host = await fixture<HTMLDivElement>(html`<div lang=${lang}><roster-view-as .api=${apiOf(support.token, lang)} .user=${user}></roster-view-as></div>`);
      const d = host.querySelector('roster-view-as')! as RosterViewAs;
      await d.updateComplete;
      return { d, root: d.shadowRoot! };
    };
    const errorOf = async (root: ShadowRoot) => {
      submit(root).click();
      await waitUntil(() => root.querySelector('[part~=error]'), 'an error', { timeout: 10_000 });
      return root.querySelector('[part~=error]')!.textContent!.trim();
    };
    const refused = await mount(tech);
    expect(await errorOf(refused.root)).to.contain('only an active end user can be viewed as');
    expect(refused.root.querySelector('[part~=error]')!.getAttribute('role')).to.equal('alert');
    const gone = await mount({ ...tech, id: '00000000-0000-4000-8000-000000000000' });
    expect(await errorOf(gone.root)).to.equal('This user is not there any more, or not in an organization you see.');
    const german = await mount(tech, 'de');
    await waitUntil(() => german.root.querySelector('h2')!.textContent!.startsWith('Als '), 'German words', { timeout: 10_000 });
    expect(await errorOf(german.root)).to.contain('Nur aktive Endbenutzer');
  });
});
