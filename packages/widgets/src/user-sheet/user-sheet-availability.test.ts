import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { TenantContext, User } from '@roster/contract';
import { ApiClient, TokenSource } from '../internal/api-client.js';
import './define.js';
import type { RosterUserSheet } from './user-sheet.js';
import { expectAccessible } from '../test-support/a11y.js';
import { bffCall, newMember, newTenant, type BffTenant } from '../test-support/bff.js';

/**
 * Seed 003 (Atera): a technician's availability is set from the list of technicians — in Roster, inline on the user's
 * page, Status tab (docs/seed-behaviours.md 003-13). Against the real BFF. Who may set whose availability is the
 * server's rule (tested in apps/bff); this is the control a person meets.
 */
describe('<roster-user-sheet> availability (real BFF)', () => {
  let tenant: BffTenant;
  let tech: User;
  before(async function () {
    // The first command starts the BFF (PGlite and its migrations): seconds (a minute on a busy machine), once per run.
    this.timeout(300_000);
    tenant = await newTenant('Availability Co');
    tech = (await bffCall<User>(tenant, 'POST', '/v1/users', { kind: 'technician', firstName: 'Ava', lastName: 'Ilable', email: 'ava@availability.example' })).body;
  });

  async function mount(token: string) {
    const context = (await bffCall<TenantContext>(tenant, 'GET', '/v1/tenant', undefined, token)).body;
    const api = new ApiClient(() => tenant.url, new TokenSource(() => ({ token })));
    const host = await fixture<HTMLDivElement>(html`<div lang="en"><roster-user-sheet .api=${api} .tenant=${context} user-id=${tech.id} tab="status"></roster-user-sheet></div>`);
    const sheet = host.querySelector('roster-user-sheet')! as RosterUserSheet;
    await waitUntil(() => sheet.shadowRoot!.querySelector('dl'), 'the Status tab', { timeout: 10_000 });
    return sheet;
  }
  const select = (sheet: RosterUserSheet) => sheet.shadowRoot!.querySelector<HTMLSelectElement>('select#availability');
  const notice = (sheet: RosterUserSheet) => sheet.shadowRoot!.querySelector('[part=notice]')!.textContent!.trim();
  const stored = async () => (await bffCall<User>(tenant, 'GET', `/v1/users/${tech.id}`)).body.availability;

  it('an admin sets a technician Out of office from the Status tab; the server has it and the page says so', async function () {
    this.timeout(60_000);
    const sheet = await mount(tenant.token);
    const control = select(sheet)!;
    expect(control !== null, 'the inline control').to.equal(true);
    expect(sheet.shadowRoot!.querySelector('label[for=availability]')!.textContent!.trim()).to.equal('Availability');
    expect(control.value).to.equal('available');
    expect([...control.options].map((o) => o.textContent!.trim())).to.deep.equal(['Available', 'Out of office']);
    await expectAccessible(sheet);
    const changes: string[] = [];
    sheet.addEventListener('user-updated', (e) => changes.push(((e as Event & { user: User }).user).availability ?? ''));
    control.value = 'out_of_office';
    control.dispatchEvent(new Event('change'));
    await waitUntil(() => notice(sheet) === 'Saved.', `not saved: ${notice(sheet)}`, { timeout: 10_000 });
    expect(await stored()).to.equal('out_of_office');
    expect(select(sheet)!.value).to.equal('out_of_office');
    expect(changes).to.deep.equal(['out_of_office']);
    // And back.
    select(sheet)!.value = 'available';
    select(sheet)!.dispatchEvent(new Event('change'));
    await waitUntil(async () => (await stored()) === 'available', 'back to available', { timeout: 10_000 });
  });

  it('someone who may read but not edit users sees the availability, with no control', async function () {
    this.timeout(60_000);
    await bffCall(tenant, 'PATCH', `/v1/users/${tech.id}`, { availability: 'out_of_office' });
    const reader = await newMember(tenant, { permissions: ['users.read', 'org.access.all'] });
    const sheet = await mount(reader.token);
    expect(select(sheet) === null, 'no control for a reader').to.equal(true);
    const row = [...sheet.shadowRoot!.querySelectorAll('dt')].find((dt) => dt.textContent!.trim() === 'Availability')!;
    expect(row.nextElementSibling!.textContent!.trim()).to.equal('Out of office');
  });
});
