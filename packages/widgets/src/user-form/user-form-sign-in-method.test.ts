import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { availableSignInMethods, type TenantContext, type User, type UserDetail } from '@roster/contract';
import { ApiClient, TokenSource } from '../internal/api-client.js';
import { loadLanguage } from '../internal/language.js';
import './define.js';
import type { RosterUserForm } from './user-form.js';
import { expectAccessible } from '../test-support/a11y.js';
import { bffCall, newTenant, type BffTenant } from '../test-support/bff.js';

/**
 * The add form's sign-in method (issue 14, NinjaOne's Security tab: "choose what type of authentication they will use
 * to sign in"; docs/seed-behaviours.md 000-19), against the real BFF: each method that may be chosen, explained in a
 * line, the profile's default chosen, the choice sent as `signInMethod` and stored.
 */
describe('<roster-user-form> sign-in method (real BFF)', () => {
  let tenant: BffTenant;
  let context: TenantContext;
  before(async function () {
    // The first command starts the BFF (PGlite and its migrations): seconds (a minute on a busy machine), once per run.
    this.timeout(300_000);
    tenant = await newTenant('Form Methods Co', { preset: 'ninjaone', defaultSignInMethod: 'webauthn' });
    context = (await bffCall<TenantContext>(tenant, 'GET', '/v1/tenant')).body;
  });

  async function mount(ctx = context, lang = 'en') {
    const api = new ApiClient(() => tenant.url, new TokenSource(() => ({ token: tenant.token })));
    const host = await fixture<HTMLDivElement>(html`<div lang=${lang}><roster-user-form .api=${api} .tenant=${ctx} .roles=${[]} mode="create"></roster-user-form></div>`);
    const form = host.querySelector('roster-user-form')!;
    await form.updateComplete;
    return form;
  }
  const radios = (form: RosterUserForm) => [...form.shadowRoot!.querySelectorAll<HTMLInputElement>('input[name=signInMethod]')];
  const labelOf = (input: HTMLInputElement) => input.closest('label')!.querySelector('span')!.textContent!.trim();
  const hintOf = (form: RosterUserForm, input: HTMLInputElement) => form.shadowRoot!.getElementById(input.getAttribute('aria-describedby')!)!.textContent!.trim();
  function type(form: RosterUserForm, id: string, value: string) {
    const input = form.shadowRoot!.querySelector<HTMLInputElement>(`#${id}`)!;
    input.value = value;
    input.dispatchEvent(new Event('input'));
  }

  it('offers every method that may be chosen, each explained, the profile’s default checked; the one chosen is stored', async function () {
    this.timeout(60_000);
    const form = await mount();
    const group = form.shadowRoot!.querySelector('fieldset.methods')!;
    expect(group.querySelector('legend')!.textContent!.trim()).to.equal('Sign-in method');
    const choices = radios(form);
    expect(choices.map((r) => r.value)).to.deep.equal([...availableSignInMethods]);
    const byValue = Object.fromEntries(choices.map((r) => [r.value, r]));
    expect(labelOf(byValue.totp!)).to.equal('Authenticator app');
    expect(hintOf(form, byValue.totp!)).to.equal('A six-digit code from an app on their phone');
    expect(labelOf(byValue.webauthn!)).to.equal('Security key or passkey');
    expect(hintOf(form, byValue.webauthn!)).to.equal('A USB or NFC key, or a passkey on their phone or computer');
    // This tenant's default is security keys.
    expect(choices.filter((r) => r.checked).map((r) => r.value)).to.deep.equal(['webauthn']);
    await expectAccessible(form);

    // A radio group: one choice at a time.
    byValue.totp!.click();
    await form.updateComplete;
    expect(radios(form).filter((r) => r.checked).map((r) => r.value)).to.deep.equal(['totp']);
    type(form, 'firstName', 'Otto');
    type(form, 'lastName', 'Tp');
    type(form, 'email', 'otto@form-methods.example');
    setTimeout(() => form.shadowRoot!.querySelector<HTMLButtonElement>('button[type=submit]')!.click());
    const saved = (await oneEvent(form, 'saved')) as Event & { user: User };
    expect(saved.user.signInMethod).to.equal('totp');
    expect((await bffCall<UserDetail>(tenant, 'GET', `/v1/users/${saved.user.id}`)).body.signInMethod).to.equal('totp');
  });

  it('left as it is, the profile’s default is sent and stored', async function () {
    this.timeout(60_000);
    const form = await mount();
    type(form, 'firstName', 'Dee');
    type(form, 'lastName', 'Fault');
    type(form, 'email', 'dee@form-methods.example');
    setTimeout(() => form.shadowRoot!.querySelector<HTMLButtonElement>('button[type=submit]')!.click());
    const saved = (await oneEvent(form, 'saved')) as Event & { user: User };
    expect((await bffCall<UserDetail>(tenant, 'GET', `/v1/users/${saved.user.id}`)).body.signInMethod).to.equal('webauthn');
  });

  it('end users choose a method only where the profile requires a second factor of everyone', async () => {
    const optional = await mount({ ...context, profile: { ...context.profile, mfaRequired: false } });
    expect(radios(optional).length > 0, 'technicians always choose').to.equal(true);
    const kind = optional.shadowRoot!.querySelector<HTMLSelectElement>('#kind')!;
    kind.value = 'end_user';
    kind.dispatchEvent(new Event('change'));
    await optional.updateComplete;
    expect(radios(optional).length, 'no choice for end users without required 2FA').to.equal(0);
    const required = await mount();
    const kind2 = required.shadowRoot!.querySelector<HTMLSelectElement>('#kind')!;
    kind2.value = 'end_user';
    kind2.dispatchEvent(new Event('change'));
    await required.updateComplete;
    expect(radios(required).map((r) => r.value)).to.deep.equal([...availableSignInMethods]);
  });

  it('speaks German in a German page', async () => {
    await loadLanguage('de');
    const form = await mount(context, 'de');
    await waitUntil(() => form.shadowRoot!.querySelector('fieldset.methods legend')!.textContent!.trim() === 'Anmeldemethode', 'not in German');
    const totp = radios(form).find((r) => r.value === 'totp')!;
    expect(labelOf(totp)).to.equal('Authenticator-App');
    expect(hintOf(form, totp)).to.equal('Ein sechsstelliger Code aus einer App auf dem Telefon');
  });
});
