import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import './define.js';
import type { AccountPanel } from './account-panel.js';
import type { AccountChangedEvent } from '../events/account-changed.js';
import { DARK_THEME, expectAccessible } from '../test-support/a11y.js';
import { lastSmsCode, mintToken, newPerson, newTenant, personState, sessionWorks, signIn, totpCode, type BffPerson, type BffTenant } from '../test-support/bff.js';

/** The file's tenant on the real BFF: a profile that requires 2FA and passwords of 12 or more, no lockout. */
let tenant: BffTenant;
before(async function () {
  this.timeout(300_000); // the first call of a run starts the BFF: PGlite and its migrations (a minute on a busy machine)
  tenant = await newTenant('Panel Tenant', { preset: 'default', lockoutThreshold: null });
});

/** A panel for a new person on the real BFF, with a token provider as a host gives (asked again after a credential change). */
async function panelFor(o: { kind?: 'technician' | 'end_user'; style?: string; lang?: string; person?: BffPerson; signInMethod?: 'totp' | 'sms' } = {}) {
  const person = o.person ?? (await newPerson(tenant, { kind: o.kind ?? 'technician', signInMethod: o.signInMethod ?? 'totp' }));
  let minted = 0;
  const provider = () => (minted++, mintToken(person));
  const el = await fixture<AccountPanel>(html`<account-panel lang=${o.lang ?? 'en'} style=${o.style ?? ''} base-url=${tenant.url} .tokenProvider=${provider}></account-panel>`);
  await waitUntil(() => el.shadowRoot!.querySelector('#profile-firstName'), 'the person loaded', { timeout: 10_000 });
  const $ = <E extends Element = HTMLElement>(selector: string) => el.shadowRoot!.querySelector<E & HTMLElement>(selector)!;
  const type = (selector: string, value: string) => {
    const input = $<HTMLInputElement>(selector);
    input.value = value;
    input.dispatchEvent(new Event('input'));
  };
  const notice = () => $('[part~="notice"]').textContent!.trim();
  return { el, person, $, type, notice, minted: () => minted };
}

describe('<account-panel> against the real BFF', () => {
  it('shows the person’s profile and every section, with no axe violation in light and dark', async () => {
    const { el, $ } = await panelFor();
    expect($<HTMLInputElement>('#profile-email').value).to.match(/@element-test\.example$/);
    const sections = [...el.shadowRoot!.querySelectorAll('section')].map((s) => s.getAttribute('part'));
    expect(sections).to.deep.equal(['section section-profile', 'section section-language', 'section section-password', 'section section-second-factor', 'section section-recovery-codes', 'section section-availability', 'section section-notifications', 'section section-sessions']);
    await waitUntil(() => $('[part~="section-sessions"]').textContent!.includes('not signed in anywhere else'), 'sessions loaded');
    await expectAccessible(el);
    const dark = await panelFor({ style: DARK_THEME });
    await expectAccessible(dark.el);
  });

  it('makes a new set of recovery codes after fresh proof, shows it once, then only the count', async () => {
    const { $, type, notice, person } = await panelFor();
    const card = () => $('[part~="section-recovery-codes"]');
    // Enrolled here without an enrolment's codes: none left.
    await waitUntil(() => card().textContent!.includes('No recovery codes left'), 'the count loaded');
    $<HTMLButtonElement>('#recovery-start').click();
    await waitUntil(() => $('#recovery-password'), 'the proof step');
    $<HTMLButtonElement>('[data-form="recovery"] button[type="submit"]').click();
    await waitUntil(() => $('#recovery-code-error')?.textContent, 'a code is asked for');
    type('#recovery-password', person.password);
    type('#recovery-code', await totpCode(person.secret));
    $<HTMLButtonElement>('[data-form="recovery"] button[type="submit"]').click();
    await waitUntil(() => card().querySelectorAll('#recovery-codes-list code').length === 10, 'ten codes shown', { timeout: 10_000 });
    const codes = [...card().querySelectorAll('#recovery-codes-list code')].map((c) => c.textContent);
    for (const code of codes) expect(code).to.match(/^[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}$/);
    expect(notice()).to.include('shown only once');
    await expectAccessible(card());
    [...card().querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent!.includes('I have saved them'))!.click();
    await waitUntil(() => card().textContent!.includes('10 of 10 codes left'), 'only the count again');
    expect(card().querySelector('#recovery-codes-list')).to.equal(null);
  });

  it('a person who signs in with text messages confirms with a code sent on request, counting down to the next', async () => {
    const { $, type, person } = await panelFor({ signInMethod: 'sms' });
    const factor = () => $('[part~="section-second-factor"]');
    expect(factor().textContent).to.include('come by text message to •••• ••89');
    expect(factor().querySelector('#mfa-start') === null).to.equal(true);
    const card = () => $('[part~="section-recovery-codes"]');
    await waitUntil(() => card().textContent!.includes('No recovery codes left'), 'the count loaded');
    $<HTMLButtonElement>('#recovery-start').click();
    await waitUntil(() => $('#recovery-password'), 'the proof step');
    const send = () => [...card().querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent!.includes('code'))!;
    expect(send().textContent!.trim()).to.equal('Send a code');
    send().click();
    await waitUntil(() => $('#recovery-code-hint').textContent!.includes('We sent a code to •••• ••89'), 'the code is on its way', { timeout: 10_000 });
    expect(send().disabled).to.equal(true);
    expect(send().textContent).to.match(/Send a new code \(\d+ s\)/);
    await expectAccessible(card());
    type('#recovery-password', person.password);
    type('#recovery-code', (await lastSmsCode(person))!);
    $<HTMLButtonElement>('[data-form="recovery"] button[type="submit"]').click();
    await waitUntil(() => card().querySelectorAll('#recovery-codes-list code').length === 10, 'ten codes shown', { timeout: 10_000 });
  });

  it('has no availability for an end user; fits 390px in one column', async () => {
    await setViewport({ width: 390, height: 800 });
    try {
      const { el, $ } = await panelFor({ kind: 'end_user' });
      expect($('[part~="section-availability"]')).to.equal(null);
      const first = $('#profile-firstName').getBoundingClientRect();
      const last = $('#profile-lastName').getBoundingClientRect();
      expect(last.top).to.be.greaterThan(first.bottom); // stacked, not side by side
      expect(el.scrollWidth).to.be.at.most(390);
      await expectAccessible(el);
    } finally {
      await setViewport({ width: 800, height: 600 });
    }
  });

  it('changes the language: saved on the server, the panel speaks it at once, the save is announced', async () => {
    const { el, person, $, notice } = await panelFor();
    const events: AccountChangedEvent[] = [];
    el.addEventListener('account-changed', (e) => events.push(e));
    const select = $<HTMLSelectElement>('#language-language');
    select.value = 'de';
    select.dispatchEvent(new Event('change'));
    $<HTMLButtonElement>('[data-form="language"] button[type="submit"]').click();
    await waitUntil(() => $('[part~="heading"]').textContent === 'Ihr Konto', 'German words', { timeout: 10_000 });
    expect(el.lang).to.equal('de');
    expect(notice()).to.equal('Gespeichert.');
    expect($('[part~="notice"]').getAttribute('role')).to.equal('status');
    expect((await personState(person)).language).to.equal('de');
    expect(events.map((e) => [e.section, e.user.language])).to.deep.equal([['language', 'de']]);
    await expectAccessible(el);
  });

  it('changes the password: the contract’s rules in the page first, the server’s issue at its field, then every other session ends', async () => {
    const { $, type, person, notice, minted } = await panelFor();
    const other = await signIn(person, await totpCode(person.secret), 'Firefox/130 (Windows)');
    const submit = () => $<HTMLButtonElement>('[data-form="password"] button[type="submit"]').click();
    // Too short by the tenant's profile (12), checked in the page: nothing is sent.
    type('#password-password', person.password);
    type('#password-code', await totpCode(person.secret, 1));
    type('#password-next', 'short');
    type('#password-repeat', 'short');
    submit();
    await waitUntil(() => $('#password-next-error').textContent!.includes('12'), 'the length rule');
    expect($('#password-next').getAttribute('aria-invalid')).to.equal('true');
    expect(focusedId($)).to.equal('password-next');
    // The repeat differs.
    type('#password-next', 'a much longer password');
    type('#password-repeat', 'a much longer passwort');
    submit();
    await waitUntil(() => $('#password-repeat-error').textContent === 'The passwords do not match.', 'repeat');
    // A wrong current password: the server's 422, shown at the field it names.
    type('#password-password', 'not my password');
    type('#password-repeat', 'a much longer password');
    submit();
    await waitUntil(() => $('#password-password-error').textContent!.includes('not correct'), 'the server’s issue at the field', { timeout: 10_000 });
    expect(await sessionWorks(other.cookie)).to.equal(true);
    // Right: saved; every session ended; the panel carries on with a new token from the provider.
    type('#password-password', person.password);
    type('#password-code', await totpCode(person.secret, 1));
    const before = minted();
    submit();
    await waitUntil(() => notice().startsWith('Your password is saved.'), 'saved', { timeout: 10_000 });
    expect(notice()).to.contain('you stay signed in here');
    expect(minted()).to.be.greaterThan(before);
    expect(await sessionWorks(other.cookie)).to.equal(false);
    expect($<HTMLInputElement>('#password-next').value).to.equal('');
  });

  it('replaces the second factor with a step-up: proof, the QR code and key, the first code of the new app', async () => {
    const { el, $, type, person, notice } = await panelFor();
    expect($('[part~="section-second-factor"]').textContent).to.contain('An authenticator app is set up.');
    $<HTMLButtonElement>('#mfa-start').click();
    await waitUntil(() => $('#mfa-password'), 'proof asked');
    expect(focusedId($)).to.equal('mfa-password');
    type('#mfa-password', person.password);
    type('#mfa-code', await totpCode(person.secret));
    $<HTMLButtonElement>('[data-form="mfa"] button[type="submit"]').click();
    await waitUntil(() => $('#mfa-secret'), 'the new factor', { timeout: 10_000 });
    const secret = $('#mfa-secret').textContent!;
    expect(secret).to.match(/^[A-Z2-7]{16,}$/);
    expect(secret).not.to.equal(person.secret);
    const qr = $('svg[part~="qr-code"]');
    expect(qr.getAttribute('role')).to.equal('img');
    expect(qr.querySelectorAll('path').length).to.be.greaterThan(0);
    expect(focusedId($)).to.equal('mfa-newCode');
    await expectAccessible(el);
    // A wrong code: the server's issue at the code field; the old factor stays.
    type('#mfa-newCode', '000000');
    $<HTMLButtonElement>('[data-form="mfa"] button[type="submit"]').click();
    await waitUntil(() => $('#mfa-newCode-error').textContent!.trim() !== '', 'wrong code', { timeout: 10_000 });
    expect((await personState(person)).secret).to.equal(person.secret);
    type('#mfa-newCode', await totpCode(secret));
    $<HTMLButtonElement>('[data-form="mfa"] button[type="submit"]').click();
    await waitUntil(() => notice().startsWith('Your new authenticator is set up.'), 'confirmed', { timeout: 10_000 });
    expect((await personState(person)).secret).to.equal(secret);
    expect($('#mfa-start').textContent).to.contain('Set up a new authenticator');
  });

  it('lists sessions and signs out one, then everywhere else; a signed-out session is refused', async () => {
    const person = await newPerson(tenant);
    const firefox = await signIn(person, await totpCode(person.secret), 'Mozilla/5.0 (Windows NT 10.0) Gecko/20100101 Firefox/130.0');
    const safari = await signIn(person, await totpCode(person.secret, 1), 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) Version/18.0 Mobile/15E148 Safari/604.1');
    const { el, $, notice } = await panelFor({ person });
    const list = () => [...$('[part~="section-sessions"]').querySelectorAll('[part~="session"]')];
    await waitUntil(() => list().length === 2, 'two sessions', { timeout: 10_000 });
    expect(list().map((li) => li.querySelector('strong')!.textContent).sort()).to.deep.equal(['Firefox, Windows', 'Safari, iOS']);
    expect(list()[0]!.textContent).to.contain('from 127.0.0.1');
    await expectAccessible(el);
    const firefoxButton = list().find((li) => li.textContent!.includes('Firefox, Windows'))!.querySelector('button')!;
    expect(firefoxButton.getAttribute('aria-label')).to.match(/^Sign out Firefox, Windows, signed in /);
    firefoxButton.click();
    await waitUntil(() => notice() === 'The session was signed out.', 'one signed out', { timeout: 10_000 });
    expect(list()).to.have.length(1);
    expect(focusedId($)).to.equal('sessions-heading');
    expect(await sessionWorks(firefox.cookie)).to.equal(false);
    expect(await sessionWorks(safari.cookie)).to.equal(true);
    [...$('[part~="section-sessions"]').querySelectorAll('button')].find((b) => b.textContent === 'Sign out everywhere else')!.click();
    await waitUntil(() => notice() === '1 session was signed out.', 'everywhere else', { timeout: 10_000 });
    expect(await sessionWorks(safari.cookie)).to.equal(false);
    expect($('[part~="section-sessions"]').textContent).to.contain('You are not signed in anywhere else.');
  });
});

/** The id of the element focused inside the panel. */
function focusedId($: (s: string) => HTMLElement): string {
  const root = $('[part~="panel"]').getRootNode() as ShadowRoot;
  return root.activeElement?.id ?? '';
}
