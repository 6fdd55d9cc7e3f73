import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { TenantContext, User, UserPage } from '@roster/contract';
import { ApiClient, TokenSource } from '../internal/api-client.js';
import './define.js';
import type { RosterUserForm } from './user-form.js';
import { expectAccessible } from '../test-support/a11y.js';
import { bffCall, newTenant, type BffTenant } from '../test-support/bff.js';

/**
 * Seed 003 (Atera): adding a technician past the subscription's seats asks, in the add form, to add a seat
 * (docs/seed-behaviours.md 003-03). Against the real BFF: a tenant whose only seat its Root Admin holds.
 */
describe('<roster-user-form> past the seat cap (real BFF)', () => {
  let tenant: BffTenant;
  let context: TenantContext;
  before(async function () {
    // The first command starts the BFF (PGlite and its migrations): seconds (a minute on a busy machine), once per run.
    this.timeout(300_000);
    tenant = await newTenant('Seat Form Co', { preset: 'atera', technicianSeatCap: 1 });
    context = (await bffCall<TenantContext>(tenant, 'GET', '/v1/tenant')).body;
  });

  const field = (form: RosterUserForm, id: string) => form.shadowRoot!.querySelector<HTMLInputElement>(`#${id}`)!;
  function type(form: RosterUserForm, id: string, value: string) {
    field(form, id).value = value;
    field(form, id).dispatchEvent(new Event('input'));
  }
  const submit = (form: RosterUserForm) => form.shadowRoot!.querySelector<HTMLButtonElement>('button[type=submit]')!;
  const seatBox = (form: RosterUserForm) => form.shadowRoot!.querySelector<HTMLInputElement>('label.seat input[type=checkbox]');
  const bannerText = (form: RosterUserForm) => form.shadowRoot!.querySelector('[part=form-banner]')?.textContent ?? '';
  const found = async (email: string) => (await bffCall<UserPage>(tenant, 'GET', `/v1/users?q=${encodeURIComponent(email)}`)).body.items;

  it('the server’s seat refusal offers to add a seat; confirmed, the technician is added and the seat recorded', async function () {
    this.timeout(60_000);
    const api = new ApiClient(() => tenant.url, new TokenSource(() => ({ token: tenant.token })));
    const host = await fixture<HTMLDivElement>(html`<div lang="en"><roster-user-form .api=${api} .tenant=${context} .roles=${[]} mode="create"></roster-user-form></div>`);
    const form = host.querySelector('roster-user-form')!;
    await form.updateComplete;
    expect(seatBox(form) === null, 'no seat offer before the server asks').to.equal(true);
    type(form, 'firstName', 'Seat');
    type(form, 'lastName', 'Taker');
    type(form, 'email', 'seat.taker@seat-form.example');
    submit(form).click();
    await waitUntil(() => seatBox(form), 'the seat offer', { timeout: 10_000 });
    const banner = form.shadowRoot!.querySelector('[part=form-banner]')!;
    expect(banner.getAttribute('role')).to.equal('alert');
    expect(banner.textContent).to.contain('Every technician seat is taken (1 of 1)');
    expect(banner.textContent, 'no field names in words for people').not.to.contain('confirmAddSeat');
    expect(seatBox(form)!.closest('label')!.textContent!.trim()).to.equal('Add a technician seat to the subscription');
    expect(seatBox(form)!.checked).to.equal(false);
    expect(await found('seat.taker@seat-form.example')).to.deep.equal([]);
    await expectAccessible(form);

    // Sent again without the box ticked, the server refuses again: nothing is added behind the person's back.
    submit(form).click();
    await form.updateComplete; // the banner is cleared while the form is sent
    await waitUntil(() => bannerText(form).includes('seat is taken'), 'the second refusal', { timeout: 10_000 });
    expect(await found('seat.taker@seat-form.example')).to.deep.equal([]);

    seatBox(form)!.click();
    let saved: (Event & { user: User }) | undefined;
    form.addEventListener('saved', (e) => (saved = e as Event & { user: User }), { once: true });
    submit(form).click();
    await form.updateComplete; // the banner is cleared while the form is sent
    await waitUntil(() => saved || bannerText(form), 'answered', { timeout: 10_000 });
    expect(bannerText(form), 'the confirmed add is not refused').to.equal('');
    if (!saved) throw new Error('no saved event');
    expect(saved.user).to.include({ email: 'seat.taker@seat-form.example', status: 'invited' });
    expect((await found('seat.taker@seat-form.example')).map((u) => u.id)).to.deep.equal([saved.user.id]);
    const seats = (await bffCall<{ items: { targetId: string }[] }>(tenant, 'GET', '/v1/audit-events?action=seat.added')).body.items;
    expect(seats.map((e) => e.targetId)).to.deep.equal([saved.user.id]);
  });
});
