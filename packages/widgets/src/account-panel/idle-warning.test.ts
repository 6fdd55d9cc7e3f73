import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { permissions, profilePresets, type User } from '@roster/contract';
import './define.js';
import type { AccountPanel } from './account-panel.js';
import type { SessionEndedEvent } from '../events/session-ended.js';
import { IDLE_CHANNEL, idleClock, type IdlePrompt } from '../internal/idle-watch.js';
import { expectAccessible } from '../test-support/a11y.js';

/**
 * The idle warning of `<account-panel session>` (seed 000, 000-09): the person's idle-warning time without activity
 * in any tab, then a prompt with a countdown, then sign-out. Session mode needs the BFF on the page's own origin (the
 * cookie), so the BFF is a stand-in here: the logout route itself is the BFF's (apps/bff tests, e2e/specs/account-page).
 * A minute of the setting is 60 ms and the warning 2.5 s (`idleClock`); the setting is its minimum, 5 (0.3 s).
 */
const me: User = {
  id: '00000000-0000-4000-8000-000000000001', kind: 'technician', organizationId: null, firstName: 'Ida', lastName: 'Idle',
  email: 'ida@idle.example', username: 'ida@idle.example', phone: null, language: 'en', status: 'active', mfaState: 'enrolled',
  signInMethod: 'totp', availability: 'available', invitationStatus: 'registered', suspension: null, isRootAdmin: false, roles: [],
  idleWarningMinutes: 5, showGettingStarted: false, ticketPageAccessibility: false, timeZone: 'UTC', notificationPreferences: {},
  createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', lastSignInAt: null, lastLoginAt: null, externalId: null,
} as User;

function fakeBff() {
  const calls: { method: string; path: string; auth: string | null }[] = [];
  const original = window.fetch;
  window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), location.href);
    const method = init?.method ?? 'GET';
    calls.push({ method, path: url.pathname, auth: new Headers(init?.headers).get('authorization') });
    const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
    switch (`${method} ${url.pathname}`) {
      case 'GET /v1/auth/me': return json(me);
      case 'GET /v1/tenant': return json({ id: 't', name: 'Idle Co', profile: profilePresets.default, permissions: [...permissions] });
      case 'GET /v1/auth/sessions': return json({ items: [] });
      case 'GET /v1/auth/recovery-codes': return json({ remaining: 10 });
      case 'POST /v1/auth/logout': return new Response(null, { status: 204 });
    }
    return json({ error: { code: 'not_found', message: 'Not found.' } }, 404);
  };
  return { calls, logouts: () => calls.filter((c) => c.method === 'POST' && c.path === '/v1/auth/logout').length, restore: () => (window.fetch = original) };
}

const promptOf = (el: AccountPanel) => el.shadowRoot!.querySelector<IdlePrompt>('roster-idle-prompt');
const dialogOf = (el: AccountPanel) => promptOf(el)?.shadowRoot?.querySelector('dialog') ?? null;
const promptOpen = (el: AccountPanel) => dialogOf(el)?.open === true;

describe('<account-panel session>: the idle warning', () => {
  let bff: ReturnType<typeof fakeBff>;
  /** Another tab of the origin. */
  let otherTab: BroadcastChannel;
  let heard: unknown[];
  const saved = { ...idleClock };
  beforeEach(() => {
    idleClock.minute = 60;
    idleClock.warning = 2_500;
    localStorage.removeItem('roster-idle-activity');
    bff = fakeBff();
    heard = [];
    otherTab = new BroadcastChannel(IDLE_CHANNEL);
    otherTab.onmessage = (e) => heard.push(e.data);
  });
  afterEach(() => {
    Object.assign(idleClock, saved);
    otherTab.close();
    bff.restore();
  });

  async function sessionPanel(lang = 'en') {
    const el = await fixture<AccountPanel>(html`<account-panel session lang=${lang}></account-panel>`);
    await waitUntil(() => el.shadowRoot!.querySelector('#profile-firstName'), 'the person loaded', { timeout: 10_000 });
    const ended: string[] = [];
    el.addEventListener('session-ended', (e) => ended.push((e as SessionEndedEvent).reason));
    return { el, ended };
  }

  it('prompts after the idle time with a countdown; "Stay signed in" keeps the session and starts the wait again', async () => {
    const { el, ended } = await sessionPanel();
    await waitUntil(() => promptOpen(el), 'the prompt', { timeout: 5_000 });
    const dialog = dialogOf(el)!;
    expect(dialog.getAttribute('role')).to.equal('alertdialog');
    expect(dialog.matches(':modal')).to.equal(true);
    expect(dialog.querySelector('h2')!.textContent).to.equal('Are you still there?');
    expect(dialog.querySelector('#idle-warning')!.textContent).to.match(/^You will be signed out in [1-3] s\.$/);
    // The answer is focused: Enter or Space answers it.
    const stay = dialog.querySelector<HTMLButtonElement>('button.primary')!;
    expect(promptOf(el)!.shadowRoot!.activeElement === stay).to.equal(true);
    expect(stay.textContent).to.equal('Stay signed in');
    await expectAccessible(promptOf(el)!);
    stay.click();
    expect(promptOpen(el)).to.equal(false);
    // The other tabs were told: the answer is activity.
    await waitUntil(() => heard.some((m) => (m as { type: string }).type === 'active'), 'the other tabs told');
    // Idle again: asked again, later; nothing was signed out.
    await waitUntil(() => promptOpen(el), 'the prompt again', { timeout: 5_000 });
    expect(bff.logouts()).to.equal(0);
    expect(ended).to.deep.equal([]);
  });

  it('nobody answers: signs out on the server, then ends the session here (reason idle) and in every other tab', async () => {
    const { el, ended } = await sessionPanel();
    await waitUntil(() => promptOpen(el), 'the prompt', { timeout: 5_000 });
    await waitUntil(() => ended.length > 0, 'signed out', { timeout: 6_000 });
    expect(ended).to.deep.equal(['idle']);
    expect(bff.logouts()).to.equal(1);
    // Session mode sends the cookie, never a token.
    expect(bff.calls.every((c) => c.auth === null)).to.equal(true);
    expect(promptOf(el) === null).to.equal(true);
    expect(el.shadowRoot!.querySelector('[part~="notice"]')!.textContent).to.contain('signed out after a time without activity');
    await waitUntil(() => heard.some((m) => (m as { type: string }).type === 'signed-out'), 'the other tabs told');
  });

  it('activity in another tab keeps this one signed in, and answers a prompt that is showing', async () => {
    const { el, ended } = await sessionPanel();
    // Another tab is in use for 1.5 s — five times the idle time: no prompt here.
    const started = Date.now();
    while (Date.now() - started < 1_500) {
      otherTab.postMessage({ type: 'active', at: Date.now() });
      await new Promise((r) => setTimeout(r, 100));
      expect(promptOpen(el)).to.equal(false);
    }
    // Left alone, it asks; activity in the other tab (there, Stay signed in) answers it here too.
    await waitUntil(() => promptOpen(el), 'the prompt', { timeout: 5_000 });
    otherTab.postMessage({ type: 'active', at: Date.now() });
    await waitUntil(() => !promptOpen(el), 'the prompt answered from the other tab');
    expect(bff.logouts()).to.equal(0);
    // Another tab that signed out after its warning ends this one too.
    otherTab.postMessage({ type: 'signed-out' });
    await waitUntil(() => ended.length > 0, 'ended with the other tab');
    expect(ended).to.deep.equal(['idle']);
  });

  it('activity in this tab (a key, the pointer) puts the prompt off; Escape answers it; it speaks German', async () => {
    const { el } = await sessionPanel('de');
    const until = Date.now() + 1_000;
    while (Date.now() < until) {
      window.dispatchEvent(new KeyboardEvent('keydown', { key: 'a' }));
      await new Promise((r) => setTimeout(r, 100));
      expect(promptOpen(el)).to.equal(false);
    }
    await waitUntil(() => promptOpen(el) && dialogOf(el)!.textContent!.includes('Angemeldet bleiben'), 'the German prompt', { timeout: 5_000 });
    expect(dialogOf(el)!.querySelector('#idle-warning')!.textContent).to.match(/^Sie werden in [1-3] s abgemeldet\.$/);
    // While it shows, ordinary activity is not an answer; Escape is.
    window.dispatchEvent(new PointerEvent('pointermove'));
    expect(promptOpen(el)).to.equal(true);
    dialogOf(el)!.dispatchEvent(new Event('cancel', { cancelable: true }));
    expect(promptOpen(el)).to.equal(false);
    expect(bff.logouts()).to.equal(0);
  });

  it('is not there with a widget token: a host runs its own console', async () => {
    const el = await fixture<AccountPanel>(html`<account-panel .token=${'t'}></account-panel>`);
    await waitUntil(() => el.shadowRoot!.querySelector('#profile-firstName'), 'the person loaded', { timeout: 10_000 });
    await new Promise((r) => setTimeout(r, 1_000));
    expect(promptOf(el) === null).to.equal(true);
    expect(bff.logouts()).to.equal(0);
  });
});
