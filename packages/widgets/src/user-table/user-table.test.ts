import { expect, fixture, html, waitUntil, oneEvent } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import { permissions, profilePresets, type User, type UserPage } from '@roster/contract';
import '../user-table/define.js';
import { UserTable } from './user-table.js';
import { defineElement } from '../internal/define.js';
import { DARK_THEME, expectAccessible, useWideViewport } from '../test-support/a11y.js';
import { userTableEn } from '../translations/user-table.js';
import { de } from '../translations/de.js';
import { ar } from '../translations/ar.js';

/**
 * A fake BFF behind window.fetch for component tests: generated users with keyset paging, q, sort, filters and
 * the error envelope. The real BFF is exercised end to end in e2e/.
 */
type Call = { url: URL; auth: string | null; method?: string; body?: any };
type FakeOptions = {
  fail?: () => number | null;
  validToken?: string;
  /** Changes to a generated user (e.g. `{ status: 'invited' }`). */
  patch?: (i: number) => Partial<User> | undefined;
  /** The first page's total, as the server counts it. */
  total?: { count: number; exact: boolean };
  /** A status to answer a write with instead of performing it (the answer's message is 'Refused by the server.'). */
  reject?: (method: string, path: string) => number | null;
  /** The tenant's policy profile (the default profile's when absent). */
  profile?: (typeof profilePresets)[keyof typeof profilePresets];
};
function fakeBff(count: number, options: FakeOptions = {}) {
  const calls: Call[] = [];
  const users: User[] = Array.from({ length: count }, (_, i) => ({
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    kind: i % 3 === 0 ? 'end_user' : 'technician',
    organizationId: i % 3 === 0 ? '11111111-1111-4111-8111-111111111111' : null,
    firstName: `First${String(i).padStart(5, '0')}`,
    lastName: i % 2 ? `Miller${i}` : `Baker${i}`,
    email: `user${i}@example.com`,
    username: `user${i}`,
    phone: i === 3 ? '+4930901820' : null,
    language: 'en',
    status: i % 10 === 0 ? 'deactivated' : 'active',
    mfaState: 'enrolled',
    signInMethod: 'totp',
    availability: 'available',
    invitationStatus: 'registered',
    isRootAdmin: false,
    roles: [],
    idleWarningMinutes: 60,
    showGettingStarted: true,
    ticketPageAccessibility: false,
    notificationPreferences: {},
    createdAt: new Date(2026, 0, 1 + (i % 300)).toISOString(),
    updatedAt: new Date(2026, 0, 1).toISOString(),
    lastSignInAt: null,
    lastLoginAt: null,
    ...options.patch?.(i),
  }) as User);
  const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  const original = window.fetch;
  window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), location.href);
    const auth = new Headers(init?.headers).get('authorization');
    // Bulk actions send a few requests at once: each keeps its own record.
    const call: Call = { url, auth };
    calls.push(call);
    await new Promise((r) => setTimeout(r, 5));
    if (options.validToken && auth !== `Bearer ${options.validToken}`) return json({ error: { code: 'invalid_token', message: 'The token is invalid or has expired.' } }, 401);
    const failure = options.fail?.();
    if (failure) return json({ error: { code: 'internal_error', message: 'boom' } }, failure);
    if (url.pathname === '/v1/tenant') return json({ id: '33333333-3333-4333-8333-333333333333', name: 'Test', profile: options.profile ?? profilePresets.default, permissions: [...permissions] });
    const method = init?.method ?? 'GET';
    const body = init?.body ? JSON.parse(String(init.body)) : undefined;
    call.method = method;
    call.body = body;
    const refused = method !== 'GET' ? options.reject?.(method, url.pathname) : null;
    if (refused) return json({ error: { code: refused >= 500 ? 'internal_error' : 'conflict', message: 'Refused by the server.' } }, refused);
    const one = /^\/v1\/users\/([^/]+)$/.exec(url.pathname);
    if (one && (method === 'PATCH' || method === 'DELETE')) {
      const index = users.findIndex((u) => u.id === one[1]);
      if (index === -1) return json({ error: { code: 'not_found', message: 'User not found.' } }, 404);
      if (method === 'DELETE') {
        users.splice(index, 1);
        return new Response(null, { status: 204 });
      }
      users[index] = { ...users[index]!, ...body, updatedAt: new Date().toISOString() };
      return json(users[index]);
    }
    const clone = /^\/v1\/users\/([^/]+)\/clone$/.exec(url.pathname);
    if (method === 'POST' && clone) {
      const source = users.find((u) => u.id === clone[1])!;
      const user = { ...source, id: '88888888-8888-4888-8888-888888888888', firstName: body.firstName, lastName: body.lastName, email: body.email, status: 'invited' as const };
      users.push(user);
      return json(user, 201);
    }
    if (method === 'POST' && url.pathname === '/v1/users') {
      if (users.some((u) => u.email.toLowerCase() === String(body.email).toLowerCase())) {
        return json({ error: { code: 'conflict', message: 'A user with this email already exists.', issues: [{ path: ['body', 'email'], message: 'Is already used by a technician or an end user of this tenant.' }] } }, 409);
      }
      const user = { ...users[1]!, id: '99999999-9999-4999-8999-999999999999', firstName: body.firstName, lastName: body.lastName, email: body.email, status: 'invited' as const };
      users.push(user);
      return json(user, 201);
    }
    const rolesPut = /^\/v1\/users\/([^/]+)\/roles$/.exec(url.pathname);
    if (method === 'PUT' && rolesPut) {
      const user = users.find((u) => u.id === rolesPut[1])!;
      user.roles = body.roleIds.map((id: string) => ({ id, name: 'User' }));
      Object.assign(user, { explicitPermissions: body.permissions ?? [] });
      return json({ accessGroupIds: [], allModules: true, pendingEmail: null, ...user });
    }
    const action = /^\/v1\/users\/([^/]+)\/([a-z-]+)$/.exec(url.pathname);
    if (method === 'POST' && action) {
      const user = users.find((u) => u.id === action[1]);
      if (!user) return json({ error: { code: 'not_found', message: 'User not found.' } }, 404);
      if (action[2] === 'resend-invitation' && user.status !== 'invited') return json({ error: { code: 'conflict', message: 'The user has already registered; there is no invitation to resend.' } }, 409);
      if (action[2] === 'deactivate') user.status = 'deactivated';
      if (action[2] === 'activate' && !body?.confirmAddSeat) {
        return json({ error: { code: 'seat_limit_reached', message: 'All 5 technician seats are taken. Confirm adding a seat (confirmAddSeat: true) to go on.', issues: [{ path: ['body', 'confirmAddSeat'], message: 'Confirm adding a seat to your subscription.' }] } }, 409);
      }
      if (action[2] === 'activate') user.status = 'active';
      if (action[2] === 'unlock') user.status = 'active';
      if (action[2] === 'reset-mfa') user.mfaState = 'not_enrolled';
      return json(user);
    }
    // A user's page: the user, their access groups and modules, the audit history.
    if (method === 'GET' && one && one[1] !== 'export') {
      const user = users.find((u) => u.id === one[1]);
      return user ? json({ explicitPermissions: [], accessGroupIds: [], allModules: true, pendingEmail: null, ...user }) : json({ error: { code: 'not_found', message: 'User not found.' } }, 404);
    }
    if (url.pathname === '/v1/access-groups') return json({ items: [{ id: '44444444-4444-4444-8444-444444444444', name: 'Service desk', active: true, modules: ['psa'] }] });
    const groupsPut = /^\/v1\/users\/([^/]+)\/access-groups$/.exec(url.pathname);
    if (method === 'PUT' && groupsPut) return json({ allModules: body.allModules, modules: [], groups: body.groupIds.map((id: string) => ({ id, name: 'Service desk', active: true, modules: ['psa'] })) });
    if (url.pathname === '/v1/users/export') return new Response(`\ufeffid,email\n${users.map((u) => `${u.id},${u.email}`).join('\n')}\n`, { headers: { 'content-type': 'text/csv' } });
    const sessions = /^\/v1\/users\/([^/]+)\/sessions(?:\/([^/]+))?$/.exec(url.pathname);
    if (sessions && method === 'GET') return json({ items: [{ id: '55555555-5555-4555-8555-555555555555', createdAt: '2026-11-30T10:00:00Z', lastUsedAt: '2026-12-01T09:00:00Z', expiresAt: '2026-12-31T00:00:00Z', userAgent: 'Mozilla/5.0 (Windows NT 10.0) Chrome/130.0', address: '203.0.113.7', current: false }] });
    if (sessions && method === 'DELETE') return sessions[2] ? new Response(null, { status: 204 }) : json({ revoked: 1 });
    if (url.pathname === '/v1/audit-events') {
      const all = Array.from({ length: 25 }, (_, i) => ({ id: String(100 - i), actorType: i % 2 ? 'system' : 'user', actorId: i % 2 ? null : users[1]!.id, action: i === 0 ? 'user.deactivated' : 'user.updated', targetType: 'user', targetId: url.searchParams.get('targetId'), before: { language: 'en' }, after: { language: 'de' }, requestId: null, createdAt: new Date(2026, 10, 30 - i).toISOString() }));
      const start = Number(url.searchParams.get('cursor') ?? 0);
      return json({ items: all.slice(start, start + 20), nextCursor: start + 20 < all.length ? String(start + 20) : null });
    }
    if (url.pathname === '/v1/attributes') return json({ items: [] });
    if (url.pathname === '/v1/organizations') return json({ items: [{ id: '11111111-1111-4111-8111-111111111111', name: 'Acme', createdAt: '' }] });
    if (url.pathname === '/v1/roles') return json({ items: [{ id: '22222222-2222-4222-8222-222222222222', key: 'user', name: 'User', description: '', builtIn: true, permissions: [], organizationIds: [] }] });
    const p = url.searchParams;
    let list = users.slice();
    const q = p.get('q')?.toLowerCase();
    if (q) list = list.filter((u) => `${u.firstName} ${u.lastName} ${u.email}`.toLowerCase().includes(q));
    if (p.get('kind')) list = list.filter((u) => u.kind === p.get('kind'));
    if (p.get('hideDeactivated') === 'true') list = list.filter((u) => u.status !== 'deactivated');
    const key = (p.get('sort') ?? 'lastName') as 'lastName' | 'firstName';
    const dir = p.get('order') === 'desc' ? -1 : 1;
    list.sort((a, b) => (a[key] < b[key] ? -dir : a[key] > b[key] ? dir : a.id < b.id ? -dir : dir));
    const start = p.get('cursor') ? Number(p.get('cursor')) : 0;
    const limit = Number(p.get('limit') ?? 50);
    const page: UserPage = { items: list.slice(start, start + limit), nextCursor: start + limit < list.length ? String(start + limit) : null, ...(start === 0 && options.total ? { total: options.total } : {}) };
    return json(page);
  };
  return { calls, users, restore: () => (window.fetch = original), userCalls: () => calls.filter((c) => c.url.pathname === '/v1/users') };
}

/** A button by its text. */
const button = (root: ParentNode, label: string) => [...root.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent!.trim() === label);
/** The user's page once it has loaded its user. */
const openSheet = async (el: UserTable) => {
  await waitUntil(() => el.shadowRoot!.querySelector('roster-user-sheet')?.shadowRoot?.querySelector('[role=tablist]'), 'no user page', { timeout: 5000 });
  const sheet = el.shadowRoot!.querySelector('roster-user-sheet')!;
  await sheet.updateComplete;
  return sheet;
};
const rows = (el: UserTable) => [...el.shadowRoot!.querySelectorAll<HTMLElement>('[role="row"][data-user-id]')];
const settle = async (el: UserTable) => {
  await el.updateComplete;
  await waitUntil(() => !el.shadowRoot!.querySelector('[aria-busy="true"]'), 'still loading', { timeout: 5000 });
  await el.updateComplete;
};

describe('<user-table>', () => {
  let bff: ReturnType<typeof fakeBff>;
  afterEach(() => bff?.restore());

  /** `theme`: the tokens a host sets on a wrapper (`DARK_THEME`), none for Roster's defaults. */
  async function mount(count = 120, opts: Parameters<typeof fakeBff>[1] = {}, theme = '') {
    bff = fakeBff(count, opts);
    const host = await fixture(html`<div style=${theme}><user-table style="height: 500px" .token=${'t0'} page-size="50"></user-table></div>`);
    const el = host.querySelector('user-table')!;
    await waitUntil(() => rows(el).length > 0 || el.shadowRoot!.querySelector('[part=empty],[part=error]'), 'never rendered', { timeout: 5000 });
    await settle(el);
    return el;
  }

  it('renders the first page sorted by last name with the token and status badges', async () => {
    const el = await mount();
    const first = bff.userCalls()[0]!;
    expect(first.auth).to.equal('Bearer t0');
    expect(first.url.searchParams.get('sort')).to.equal('lastName');
    expect(first.url.searchParams.get('limit')).to.equal('50');
    expect(rows(el)[0]!.textContent).to.contain('Baker0');
    expect(el.shadowRoot!.querySelector('[part~=badge].deactivated')?.textContent).to.equal('Deactivated');
  });

  it('searches with a debounced q and aborts nothing it still needs', async () => {
    const el = await mount();
    const input = el.shadowRoot!.querySelector<HTMLInputElement>('input[type=search]')!;
    input.value = 'miller1';
    input.dispatchEvent(new Event('input'));
    await waitUntil(() => bff.userCalls().some((c) => c.url.searchParams.get('q') === 'miller1'), 'no q request', { timeout: 2000 });
    await settle(el);
    expect(rows(el).length).to.be.greaterThan(0);
    expect(rows(el).every((r) => /Miller1/.test(r.textContent!))).to.equal(true);
  });

  it('toggles sort and aria-sort from the column header', async () => {
    const el = await mount();
    const button = el.shadowRoot!.querySelector<HTMLButtonElement>('button[data-sort="lastName"]')!;
    const header = button.closest('[role=columnheader]')!;
    expect(header.getAttribute('aria-sort')).to.equal('ascending');
    button.click();
    await settle(el);
    expect(header.getAttribute('aria-sort')).to.equal('descending');
    expect(bff.userCalls().at(-1)!.url.searchParams.get('order')).to.equal('desc');
    el.shadowRoot!.querySelector<HTMLButtonElement>('button[data-sort="firstName"]')!.click();
    await settle(el);
    expect(bff.userCalls().at(-1)!.url.searchParams.get('sort')).to.equal('firstName');
    expect(header.getAttribute('aria-sort')).to.equal('none');
  });

  it('sends filters as query parameters', async () => {
    const el = await mount();
    const kind = el.shadowRoot!.querySelector<HTMLSelectElement>('select[name=kind]')!;
    kind.value = 'end_user';
    kind.dispatchEvent(new Event('change'));
    await settle(el);
    const hide = el.shadowRoot!.querySelector<HTMLInputElement>('input[name=hideDeactivated]')!;
    hide.click();
    await settle(el);
    const last = bff.userCalls().at(-1)!.url.searchParams;
    expect(last.get('kind')).to.equal('end_user');
    expect(last.get('hideDeactivated')).to.equal('true');
    expect(rows(el).every((r) => !/Deactivated/.test(r.textContent!))).to.equal(true);
    await waitUntil(() => el.shadowRoot!.querySelectorAll('select[name=organizationId] option').length === 2, 'organizations not loaded');
  });

  it('the status filter offers Suspended, sent as suspended=true without a status', async () => {
    const el = await mount();
    const status = el.shadowRoot!.querySelector<HTMLSelectElement>('select[name=status]')!;
    expect([...status.options].map((o) => o.textContent!.trim()).at(-1)).to.equal('Suspended');
    status.value = 'suspended';
    status.dispatchEvent(new Event('change'));
    await settle(el);
    const last = bff.userCalls().at(-1)!.url.searchParams;
    expect(last.get('suspended')).to.equal('true');
    expect(last.has('status')).to.equal(false);
    status.value = 'active';
    status.dispatchEvent(new Event('change'));
    await settle(el);
    const next = bff.userCalls().at(-1)!.url.searchParams;
    expect(next.get('status')).to.equal('active');
    expect(next.has('suspended')).to.equal(false);
  });

  it('loads the next page with the cursor when scrolled near the end', async () => {
    const el = await mount(120);
    const scroller = el.shadowRoot!.querySelector<HTMLElement>('.scroller')!;
    scroller.scrollTop = scroller.scrollHeight;
    scroller.dispatchEvent(new Event('scroll'));
    await waitUntil(() => bff.userCalls().some((c) => c.url.searchParams.get('cursor') === '50'), 'no cursor request', { timeout: 3000 });
    await settle(el);
    expect((el as unknown as { users: User[] }).users.length).to.equal(100);
  });

  it('keeps the DOM small with 10,000 loaded rows', async () => {
    bff = fakeBff(10_000);
    const el = await fixture<UserTable>(html`<user-table style="height: 500px" .token=${'t0'} page-size="200"></user-table>`);
    await settle(el);
    const scroller = el.shadowRoot!.querySelector<HTMLElement>('.scroller')!;
    for (let i = 0; i < 200 && (el as unknown as { users: User[] }).users.length < 10_000; i++) {
      scroller.scrollTop = scroller.scrollHeight;
      scroller.dispatchEvent(new Event('scroll'));
      await settle(el);
    }
    expect((el as unknown as { users: User[] }).users.length).to.equal(10_000);
    expect(rows(el).length).to.be.lessThan(100);
    // Anywhere in the list, only the visible rows (plus overscan) are in the DOM, and they are the right ones.
    for (let i = 1; i <= 20; i++) {
      scroller.scrollTop = (i * 17_000) % (scroller.scrollHeight - 500);
      scroller.dispatchEvent(new Event('scroll'));
      await el.updateComplete;
      const rendered = rows(el);
      expect(rendered.length).to.be.lessThan(100);
      const first = Math.floor(scroller.scrollTop / 44);
      expect(rendered.some((r) => Number(r.dataset.index) === first)).to.equal(true);
    }
  });

  it('shows an empty state with a way to clear the filters', async () => {
    const el = await mount(10);
    const input = el.shadowRoot!.querySelector<HTMLInputElement>('input[type=search]')!;
    input.value = 'nobody';
    input.dispatchEvent(new Event('input'));
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
    await settle(el);
    const empty = el.shadowRoot!.querySelector('[part=empty]')!;
    expect(empty.textContent).to.contain('No users match “nobody”');
    empty.querySelector('button')!.click();
    await settle(el);
    expect(rows(el).length).to.equal(10);
  });

  it('shows an error a person understands, and Retry works', async () => {
    let failing = true;
    const el = await mount(10, { fail: () => (failing ? 500 : null) });
    const error = el.shadowRoot!.querySelector('[part=error]')!;
    expect(error.textContent).to.contain('Something went wrong on our side.');
    failing = false;
    error.querySelector('button')!.click();
    await settle(el);
    expect(rows(el).length).to.equal(10);
  });

  it('asks the token provider again after a 401 and retries the request', async () => {
    bff = fakeBff(5, { validToken: 'fresh' });
    const tokens = ['stale', 'fresh'];
    let asked = 0;
    const el = await fixture<UserTable>(html`<user-table style="height: 400px"></user-table>`);
    el.tokenProvider = async () => tokens[Math.min(asked++, 1)]!;
    await waitUntil(() => rows(el).length === 5, 'no rows after retry', { timeout: 5000 });
    expect(asked).to.be.greaterThanOrEqual(2);
  });

  it('asks the token provider again before the token expires', async () => {
    bff = fakeBff(5);
    let asked = 0;
    const el = await fixture<UserTable>(html`<user-table style="height: 400px"></user-table>`);
    // Expires in 31 s: the refresh is due 30 s before, i.e. about a second from now.
    el.tokenProvider = async () => ({ token: `t${++asked}`, expiresAt: new Date(Date.now() + 31_000).toISOString() });
    await waitUntil(() => rows(el).length === 5, 'no rows');
    await waitUntil(() => asked >= 2, 'provider not called again before expiry', { timeout: 4000 });
  });

  it('defining the tag twice does not throw', () => {
    expect(() => defineElement('user-table', class extends UserTable {})).not.to.throw();
    expect(customElements.get('user-table')).to.equal(UserTable);
  });

  it('follows the ARIA grid pattern: one Tab stop, arrows between cells, Home/End, Ctrl+End, Space selects, Enter opens', async () => {
    const el = await mount(20);
    const root = el.shadowRoot!;
    const active = () => root.activeElement as HTMLElement;
    const key = async (k: string, init: KeyboardEventInit = {}) => {
      active().dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, composed: true, cancelable: true, ...init }));
      await el.updateComplete;
      await el.updateComplete;
    };
    // The actions column holds a button once the tenant's permissions have arrived.
    await waitUntil(() => root.querySelector('button.row-menu'), 'no actions button');
    const position = () => {
      const cell = active().closest('[role="gridcell"]')!;
      const row = cell.closest<HTMLElement>('[role="row"]')!;
      return [Number(row.dataset.index), [...row.children].indexOf(cell)];
    };
    expect(root.querySelector('[role="grid"]')).to.exist;
    // Exactly one element of the body is in the Tab order: the first row's first-name cell.
    const tabbable = [...root.querySelectorAll<HTMLElement>('[role="row"][data-user-id] [tabindex="0"]')];
    expect(tabbable.length).to.equal(1);
    expect(tabbable[0]!.textContent).to.equal(rows(el)[0]!.children[1]!.textContent);
    tabbable[0]!.focus();
    await key('ArrowDown');
    expect(position()).to.deep.equal([1, 1]);
    await key('ArrowRight');
    expect(position()).to.deep.equal([1, 2]);
    await key('End');
    expect(position()).to.deep.equal([1, 13]);
    expect(active().matches('button.row-menu')).to.equal(true);
    await key('Home');
    expect(position()).to.deep.equal([1, 0]);
    expect(active().matches('input[type="checkbox"]')).to.equal(true);
    await key('ArrowLeft');
    expect(position()).to.deep.equal([1, 0]);
    await key('ArrowRight');
    await key('End', { ctrlKey: true });
    expect(position()).to.deep.equal([19, 13]);
    await key('Home', { ctrlKey: true });
    expect(position()).to.deep.equal([0, 0]);
    await key('ArrowRight');
    // The roving Tab stop follows the focus.
    expect([...root.querySelectorAll('[role="row"][data-user-id] [tabindex="0"]')]).to.deep.equal([active()]);
    await key(' ');
    expect(root.querySelector<HTMLInputElement>('[data-index="0"] input[type="checkbox"]')!.checked).to.equal(true);
    await key('ArrowDown');
    const focused = active().closest<HTMLElement>('[role="row"]')!;
    setTimeout(() => active().dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true })));
    const event = (await oneEvent(el, 'user-select')) as Event & { user: User };
    expect(event.user.id).to.equal(focused.dataset.userId);
  });

  it('opens a user\'s actions as a menu in a modal dialog, arrows move through it, Escape returns the focus to ⋯', async () => {
    const el = await mount(5);
    const root = el.shadowRoot!;
    await waitUntil(() => root.querySelector('button.row-menu'), 'no actions button');
    const more = root.querySelector<HTMLButtonElement>('[data-index="0"] button.row-menu')!;
    more.focus();
    more.click();
    await waitUntil(() => root.querySelector('dialog[open] [role="menu"]'), 'no menu');
    const items = [...root.querySelectorAll<HTMLElement>('dialog [role="menuitem"]')];
    expect(items.length).to.be.greaterThan(2);
    expect(items.filter((i) => i.tabIndex === 0).length).to.equal(1);
    items[0]!.focus();
    const press = (key: string) => root.activeElement!.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, composed: true, cancelable: true }));
    press('ArrowDown');
    expect(root.activeElement).to.equal(items[1]);
    press('End');
    expect(root.activeElement).to.equal(items.at(-1));
    press('ArrowDown');
    expect(root.activeElement).to.equal(items[0]);
    press('ArrowUp');
    expect(root.activeElement).to.equal(items.at(-1));
    // Escape cancels the modal dialog; the focus goes back where it was.
    root.querySelector('dialog')!.dispatchEvent(new Event('cancel'));
    await waitUntil(() => !root.querySelector('dialog'), 'dialog still open');
    await el.updateComplete;
    expect(root.activeElement).to.equal(more);
  });

  it('never clips a badge: every status, 2FA, invitation and availability label fits its column in every language', async () => {
    const el = await mount(5);
    const row = rows(el)[0]!;
    const columns = { 8: 'statuses', 9: 'mfa', 10: 'invitation', 11: 'availability' } as const;
    const tooWide: string[] = [];
    for (const [lang, t] of [['en', userTableEn], ['de', de.userTable], ['ar', ar.userTable]] as const) {
      el.lang = lang;
      await el.updateComplete;
      for (const [index, key] of Object.entries(columns)) {
        const cell = row.children[Number(index)] as HTMLElement;
        const room = cell.clientWidth - parseFloat(getComputedStyle(cell).paddingInlineStart) - parseFloat(getComputedStyle(cell).paddingInlineEnd);
        for (const label of Object.values(t[key] as Record<string, string>)) {
          const probe = document.createElement('span');
          probe.className = 'badge';
          probe.textContent = label;
          cell.append(probe);
          if (probe.getBoundingClientRect().width > room) tooWide.push(`${lang} ${key}: ${label}`);
          probe.remove();
        }
      }
    }
    expect(tooWide).to.deep.equal([]);
  });

  it('takes its theme from one rule on the host page: nested elements follow, and their parts are reachable', async () => {
    const sheet = document.createElement('style');
    sheet.textContent = `.brand { --roster-accent: rgb(194, 24, 91); --roster-control-radius: 1px; }
      .brand user-table::part(form-label) { text-transform: uppercase; }
      .brand user-table::part(role-option) { letter-spacing: 3px; }
      .brand user-table::part(import-dialog) { border-top: 5px solid rgb(1, 2, 3); }`;
    document.head.append(sheet);
    try {
      bff = fakeBff(5);
      const host = await fixture(html`<div class="brand"><user-table style="height: 500px" .token=${'t0'}></user-table></div>`);
      const el = host.querySelector('user-table')!;
      await waitUntil(() => el.shadowRoot!.querySelector('.row-menu'), 'tenant not loaded');
      const style = (e: Element) => getComputedStyle(e);
      const add = el.shadowRoot!.querySelector('[part~=button-primary]')!;
      expect(style(add).backgroundColor).to.equal('rgb(194, 24, 91)');
      add.dispatchEvent(new MouseEvent('click'));
      await waitUntil(() => el.shadowRoot!.querySelector('roster-user-form')?.shadowRoot?.querySelector('role-picker')?.shadowRoot?.querySelector('li'), 'form not shown', { timeout: 5000 });
      const form = el.shadowRoot!.querySelector('roster-user-form')!;
      expect(style(form.shadowRoot!.querySelector('button[type=submit]')!).backgroundColor).to.equal('rgb(194, 24, 91)');
      expect(style(form.shadowRoot!.querySelector('input')!).borderTopLeftRadius).to.equal('1px');
      expect(style(form.shadowRoot!.querySelector('label')!).textTransform).to.equal('uppercase');
      const option = form.shadowRoot!.querySelector('role-picker')!.shadowRoot!.querySelector('li')!;
      expect(style(option).letterSpacing).to.equal('3px');
      (el.shadowRoot!.querySelector('dialog') as HTMLDialogElement).close();
      await el.updateComplete;
      button(el.shadowRoot!.querySelector('.toolbar')!, 'Import')!.click();
      await waitUntil(() => el.shadowRoot!.querySelector('import-modal')?.shadowRoot?.querySelector('dialog[open]'), 'import not opened', { timeout: 5000 });
      const modal = el.shadowRoot!.querySelector('import-modal')!.shadowRoot!;
      expect(style(modal.querySelector('dialog')!).borderTopColor).to.equal('rgb(1, 2, 3)');
      expect(style(modal.querySelector('footer .primary')!).backgroundColor).to.equal('rgb(194, 24, 91)');
    } finally {
      sheet.remove();
    }
  });

  // axe over the element, its shadow roots and nested elements included, colour contrast checked: in Roster's light
  // defaults and in a dark theme a host sets with the public tokens on a wrapper.
  for (const [theme, style] of [['light', ''], ['dark', DARK_THEME]] as const) {
    describe(`is accessible in the ${theme} theme (axe, contrast included)`, () => {
      useWideViewport();
      const withActions = async (count = 5, opts: Parameters<typeof fakeBff>[1] = {}) => {
        const el = await mount(count, opts, style);
        await waitUntil(() => el.shadowRoot!.querySelector('.row-menu'), 'tenant not loaded');
        return el;
      };
      const open = async (el: UserTable, click: () => void, ready: string) => {
        click();
        await waitUntil(() => el.shadowRoot!.querySelector(ready), `${ready} not shown`, { timeout: 5000 });
        await el.updateComplete;
      };

      it('the loaded table, every badge, a selected row and the bulk bar', async () => {
        const el = await withActions(12, { patch: (i) => (i === 1 ? { status: 'invited', invitationStatus: 'pending', mfaState: 'not_enrolled' } : i === 2 ? { status: 'locked_out', invitationStatus: 'expired', availability: 'out_of_office' } : i === 3 ? { suspension: { reason: 'Audit', since: '2026-12-01T00:00:00.000Z', until: null } } : undefined) as Partial<User> | undefined });
        // A suspended user's status has a Suspended badge beside it.
        expect([...el.shadowRoot!.querySelectorAll('[part~=badge-suspended]')].map((b) => b.textContent!.trim())).to.deep.equal(['Suspended']);
        el.shadowRoot!.querySelector<HTMLInputElement>('[data-user-id] input[type=checkbox]')!.click();
        await el.updateComplete;
        expect(el.shadowRoot!.querySelector('[part=bulk-bar]')).to.exist;
        await expectAccessible(el);
      });

      it('the empty state', async () => {
        const el = await mount(0, {}, style);
        expect(el.shadowRoot!.querySelector('[part=empty]')).to.exist;
        await expectAccessible(el);
      });

      it('the error state', async () => {
        const el = await mount(5, { fail: () => 500 }, style);
        expect(el.shadowRoot!.querySelector('[part=error]')).to.exist;
        await expectAccessible(el);
      });

      it('a user’s page, each tab, and a confirmation', async () => {
        // axe's colour-contrast grid throws "Element midpoint exceeds the grid bounds" for text scrolled inside a
        // fixed, full-height dialog taller than the window (dequelabs/axe-core#4253): a window tall enough to show a
        // whole tab lets it check every line instead.
        await setViewport({ width: 1800, height: 3200 });
        try {
          const el = await withActions();
          rows(el)[1]!.click();
          const sheet = await openSheet(el);
          await expectAccessible(el);
          for (const tab of ['Access', 'Settings', 'Status', 'Attributes', 'History']) {
            [...sheet.shadowRoot!.querySelectorAll<HTMLButtonElement>('[role=tab]')].find((b) => b.textContent!.trim() === tab)!.click();
            await sheet.updateComplete;
            if (tab === 'Attributes') await waitUntil(() => sheet.shadowRoot!.querySelector('roster-user-attributes')?.shadowRoot?.querySelector('.hint, form'), 'no attributes');
            if (tab === 'History') await waitUntil(() => sheet.shadowRoot!.querySelector('ol.history li'), 'no history');
            await expectAccessible(el);
          }
          button(sheet.shadowRoot!.querySelector('[part=sheet-actions]')!, 'Deactivate')!.click();
          await sheet.updateComplete;
          await expectAccessible(el);
        } finally {
          await setViewport({ width: 1800, height: 1200 });
        }
      });

      it('a user’s actions, and a confirmation', async () => {
        const el = await withActions();
        await open(el, () => el.shadowRoot!.querySelectorAll<HTMLButtonElement>('.row-menu')[1]!.click(), 'dialog .action-list');
        await expectAccessible(el);
        await open(el, () => [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('dialog button')].find((b) => b.textContent!.trim() === 'Deactivate')!.click(), 'dialog button.danger');
        await expectAccessible(el);
      });

      it('the user form with its errors', async () => {
        const el = await withActions();
        await open(el, () => el.shadowRoot!.querySelector<HTMLButtonElement>('button.primary')!.click(), 'dialog roster-user-form');
        const form = el.shadowRoot!.querySelector('roster-user-form')!;
        await form.updateComplete;
        form.shadowRoot!.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
        await waitUntil(() => form.shadowRoot!.querySelector('[aria-invalid=true]'), 'no errors shown');
        await expectAccessible(el);
      });

      it('roles for the selected users (<role-picker>), then the bulk results', async () => {
        const el = await withActions(3);
        for (const box of [...el.shadowRoot!.querySelectorAll<HTMLInputElement>('[data-user-id] input[type=checkbox]')].slice(0, 2)) box.click();
        await el.updateComplete;
        await open(el, () => [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('.bulk button')].find((b) => b.textContent === 'Assign roles')!.click(), 'dialog role-picker');
        await (el.shadowRoot!.querySelector('role-picker') as unknown as { updateComplete: Promise<unknown> }).updateComplete;
        await expectAccessible(el);
        el.shadowRoot!.querySelector<HTMLButtonElement>('dialog [part~=button]')!.click(); // Cancel
        await el.updateComplete;
        await open(el, () => [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('.bulk button')].find((b) => b.textContent === 'Deactivate')!.click(), 'dialog button.danger');
        await expectAccessible(el);
        el.shadowRoot!.querySelector<HTMLButtonElement>('dialog button.danger')!.click();
        await waitUntil(() => el.shadowRoot!.querySelector('dialog h2')?.textContent?.includes('of 2 done'), 'bulk never finished', { timeout: 5000 });
        await expectAccessible(el);
      });
    });
  }

  it('adds a user: the contract’s rules show by the field before any request, the server’s after, then user-created', async () => {
    const el = await mount(5);
    await waitUntil(() => el.shadowRoot!.querySelector('button.primary'), 'no Add user button');
    el.shadowRoot!.querySelector<HTMLButtonElement>('button.primary')!.click();
    await waitUntil(() => el.shadowRoot!.querySelector('roster-user-form'), 'form not opened', { timeout: 5000 });
    const form = el.shadowRoot!.querySelector('roster-user-form')!;
    await form.updateComplete;
    const field = (id: string) => form.shadowRoot!.querySelector<HTMLInputElement>(`#${id}`)!;
    const type = (id: string, value: string) => {
      field(id).value = value;
      field(id).dispatchEvent(new Event('input'));
    };
    type('firstName', 'Grace');
    type('lastName', 'Hopper');
    type('email', 'not-an-email');
    const posts = () => bff.calls.filter((c) => c.method === 'POST').length;
    form.shadowRoot!.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    await waitUntil(() => form.shadowRoot!.querySelector('#email-error')!.textContent === 'Email must look like name@example.com.', 'no email error');
    expect(field('email').getAttribute('aria-invalid')).to.equal('true');
    expect(posts()).to.equal(0);
    type('email', 'user1@example.com');
    form.shadowRoot!.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    await waitUntil(() => /already used/.test(form.shadowRoot!.querySelector('#email-error')!.textContent!), 'server issue not shown by the field');
    type('email', 'grace@example.com');
    setTimeout(() => form.shadowRoot!.querySelector<HTMLButtonElement>('button[type=submit]')!.click());
    const created = (await oneEvent(el, 'user-created')) as Event & { user: User };
    expect(created.user.email).to.equal('grace@example.com');
    expect(bff.calls.find((c) => c.method === 'POST' && c.body?.email === 'grace@example.com')!.body).to.deep.include({ kind: 'technician', firstName: 'Grace', lastName: 'Hopper' });
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('roster-user-form')).to.equal(null);
  });

  it('asks before deactivating from the row actions, then fires user-deactivated', async () => {
    const el = await mount(5);
    await waitUntil(() => el.shadowRoot!.querySelector('.row-menu'), 'no row menu');
    // The first row (Baker0) is deactivated; the second is active.
    el.shadowRoot!.querySelectorAll<HTMLButtonElement>('.row-menu')[1]!.click();
    await el.updateComplete;
    const dialog = el.shadowRoot!.querySelector('dialog')!;
    expect(dialog.open).to.equal(true);
    const button = (label: string) => [...dialog.querySelectorAll('button')].find((b) => b.textContent!.trim() === label)!;
    button('Deactivate').click();
    await el.updateComplete;
    expect(dialog.textContent).to.contain('signed out everywhere');
    expect(bff.calls.some((c) => c.url.pathname.endsWith('/deactivate'))).to.equal(false);
    setTimeout(() => button('Deactivate').click());
    const event = (await oneEvent(el, 'user-deactivated')) as Event & { user: User };
    expect(event.user.status).to.equal('deactivated');
  });

  it('activating past the seat cap offers to add a seat, then activates', async () => {
    const el = await mount(5);
    await waitUntil(() => el.shadowRoot!.querySelector('.row-menu'), 'no row menu');
    el.shadowRoot!.querySelectorAll<HTMLButtonElement>('.row-menu')[0]!.click(); // Baker0 is deactivated
    await el.updateComplete;
    const dialog = el.shadowRoot!.querySelector('dialog')!;
    const button = (label: string) => [...dialog.querySelectorAll('button')].find((b) => b.textContent!.trim() === label);
    button('Activate')!.click();
    await waitUntil(() => button('Add a seat and activate'), 'no add-seat offer');
    expect(dialog.textContent).to.contain('technician seats are taken');
    setTimeout(() => button('Add a seat and activate')!.click());
    const event = (await oneEvent(el, 'user-activated')) as Event & { user: User };
    expect(event.user.status).to.equal('active');
    expect(bff.calls.filter((c) => c.url.pathname.endsWith('/activate')).map((c) => c.body)).to.deep.equal([{}, { confirmAddSeat: true }]);
  });

  it('offers a bulk action only where it applies, asks first, and skips the users it does not apply to', async () => {
    const el = await mount(3, { patch: (i) => (i === 0 ? ({ status: 'invited', invitationStatus: 'pending' } as Partial<User>) : undefined) });
    // The bulk actions a caller may take come with the tenant's context (loaded after the first page).
    await waitUntil(() => el.shadowRoot!.querySelector('.row-menu'), 'tenant not loaded');
    const boxes = [...el.shadowRoot!.querySelectorAll<HTMLInputElement>('[data-user-id] input[type=checkbox]')];
    boxes[0]!.click();
    boxes[1]!.click();
    await el.updateComplete;
    const bulk = el.shadowRoot!.querySelector('.bulk')!;
    expect(bulk.textContent).to.contain('2 selected');
    const offered = () => [...el.shadowRoot!.querySelectorAll('.bulk button')].map((b) => b.textContent!.trim());
    // One of the two is invited: resend is offered; nobody is deactivated: activate is not.
    expect(offered()).to.include('Resend invitations').and.not.include('Activate');
    [...bulk.querySelectorAll('button')].find((b) => b.textContent === 'Resend invitations')!.click();
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('dialog p')!.textContent).to.contain('Send a new invitation to 2 users?');
    expect(bff.calls.some((c) => c.method === 'POST')).to.equal(false);
    button(el.shadowRoot!.querySelector('dialog')!, 'Resend invitation')!.click();
    await waitUntil(() => el.shadowRoot!.querySelector('dialog h2')?.textContent?.includes('1 of 2 done'), 'bulk never finished', { timeout: 5000 });
    // The registered user is skipped without a request; the invited one is sent a new invitation.
    expect(bff.calls.filter((c) => c.method === 'POST').map((c) => c.url.pathname)).to.deep.equal([`/v1/users/${bff.users.find((u) => u.status === 'invited')!.id}/resend-invitation`]);
    expect([...el.shadowRoot!.querySelectorAll('.results li')].map((li) => li.className).sort()).to.deep.equal(['ok', 'skip']);
    expect(el.shadowRoot!.querySelector('.results')!.textContent).to.contain('Skipped: already registered');
    expect(el.shadowRoot!.querySelector('dialog')!.textContent).to.contain('1 done, 1 skipped, 0 failed');
    // With only registered users selected, resend is not offered at all.
    button(el.shadowRoot!.querySelector('dialog')!, 'Close')!.click();
    await el.updateComplete;
    await waitUntil(() => rows(el).length === 3, 'not reloaded');
    rows(el).find((r) => r.dataset.userId !== bff.users.find((u) => u.status === 'invited')!.id)!.querySelector<HTMLInputElement>('input[type=checkbox]')!.click();
    await el.updateComplete;
    expect(offered()).to.not.include('Resend invitations');
  });

  it('selects every loaded user from the header, then every matching user, and deactivates them all after asking', async () => {
    const el = await mount(120, { patch: () => ({ status: 'active' }) });
    await waitUntil(() => el.shadowRoot!.querySelector('.row-menu'), 'tenant not loaded');
    el.shadowRoot!.querySelector<HTMLInputElement>('[role=columnheader] input[type=checkbox]')!.click();
    await el.updateComplete;
    const bulk = () => el.shadowRoot!.querySelector('.bulk')!;
    expect(bulk().textContent).to.contain('50 selected');
    button(bulk(), 'Select all matching users')!.click();
    await el.updateComplete;
    expect(bulk().textContent).to.contain('All matching users selected');
    button(bulk(), 'Deactivate')!.click();
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('dialog p')!.textContent).to.contain('Deactivate every user that matches?');
    el.shadowRoot!.querySelector<HTMLButtonElement>('dialog button.danger')!.click();
    await waitUntil(() => el.shadowRoot!.querySelector('dialog h2')?.textContent?.includes('120 of 120 done'), 'bulk never finished', { timeout: 15000 });
    // Every matching user was found page by page (200 at a time), and each deactivated once.
    const posts = bff.calls.filter((c) => c.method === 'POST').map((c) => c.url.pathname);
    expect(posts.length).to.equal(120);
    expect(new Set(posts).size).to.equal(120);
    expect(bff.calls.some((c) => c.url.pathname === '/v1/users' && c.url.searchParams.get('limit') === '200')).to.equal(true);
    expect(bff.users.every((u) => u.status === 'deactivated')).to.equal(true);
  });

  it('assigns roles to the selected users through <role-picker>, with a result per row', async () => {
    const el = await mount(3);
    await waitUntil(() => el.shadowRoot!.querySelector('.row-menu'), 'tenant not loaded');
    const boxes = [...el.shadowRoot!.querySelectorAll<HTMLInputElement>('[data-user-id] input[type=checkbox]')];
    boxes[0]!.click();
    boxes[2]!.click();
    await el.updateComplete;
    [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('.bulk button')].find((b) => b.textContent === 'Assign roles')!.click();
    await waitUntil(() => el.shadowRoot!.querySelector('dialog role-picker'), 'no role picker');
    const picker = el.shadowRoot!.querySelector('dialog role-picker')!;
    await (picker as unknown as { updateComplete: Promise<unknown> }).updateComplete;
    [...picker.shadowRoot!.querySelectorAll('li')].find((li) => li.textContent!.includes('User'))!.querySelector('input')!.click();
    await el.updateComplete;
    [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('dialog button')].find((b) => b.textContent === 'Apply')!.click();
    await waitUntil(() => el.shadowRoot!.querySelector('dialog h2')?.textContent?.includes('2 of 2 done'), 'roles not applied', { timeout: 5000 });
    const puts = bff.calls.filter((c) => c.method === 'PUT');
    expect(puts).to.have.length(2);
    expect(puts.every((c) => JSON.stringify(c.body) === JSON.stringify({ roleIds: ['22222222-2222-4222-8222-222222222222'] }))).to.equal(true);
  });

  it('keeps the selected users for a bulk action while the list reloads (a search, an event): never "0 of 0"', async () => {
    const el = await mount(3);
    await waitUntil(() => el.shadowRoot!.querySelector('.row-menu'), 'tenant not loaded');
    const boxes = [...el.shadowRoot!.querySelectorAll<HTMLInputElement>('[data-user-id] input[type=checkbox]')];
    boxes[0]!.click();
    boxes[1]!.click();
    await el.updateComplete;
    // The list empties while its next page loads; the selection (and its bar) stays.
    el.reload();
    await el.updateComplete;
    [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('.bulk button')].find((b) => b.textContent === 'Assign roles')!.click();
    await waitUntil(() => el.shadowRoot!.querySelector('dialog h2'), 'no roles dialog');
    expect(el.shadowRoot!.querySelector('dialog h2')!.textContent).to.equal('Assign roles to 2 users');
  });

  describe('every change is announced only after the API confirmed it', () => {
    const CHANGES = ['user-created', 'user-updated', 'user-deactivated', 'user-activated', 'user-deleted', 'invitation-resent'] as const;
    const id = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    /** Every change event the element fires, in order. */
    function listen(el: UserTable) {
      const events: { type: string; user: User }[] = [];
      for (const type of CHANGES) el.addEventListener(type, (e) => events.push({ type, user: (e as Event & { user: User }).user }));
      return events;
    }
    const writes = () => bff.calls.filter((c) => c.method && c.method !== 'GET').map((c) => `${c.method} ${c.url.pathname}`);
    const dialog = (el: UserTable) => el.shadowRoot!.querySelector('dialog')!;
    async function openRowMenu(el: UserTable, i: number) {
      await waitUntil(() => el.shadowRoot!.querySelector(`[data-user-id="${id(i)}"] .row-menu`), 'no row menu');
      el.shadowRoot!.querySelector<HTMLButtonElement>(`[data-user-id="${id(i)}"] .row-menu`)!.click();
      await el.updateComplete;
      return dialog(el);
    }
    /** The answer to the last write has arrived and the element has rendered it. */
    async function answered(el: UserTable, count: number) {
      await waitUntil(() => writes().length >= count, 'no request sent', { timeout: 5000 });
      await new Promise((r) => setTimeout(r, 60));
      await el.updateComplete;
    }

    // [action label, user index, generated user changes, confirm label or null, request, event]
    const simple: [string, number, Partial<User>, string | null, string, string][] = [
      ['Resend invitation', 2, { status: 'invited', invitationStatus: 'pending' } as Partial<User>, null, 'POST /resend-invitation', 'invitation-resent'],
      ['Deactivate', 2, {}, 'Deactivate', 'POST /deactivate', 'user-deactivated'],
      ['Unlock', 2, { status: 'locked_out' }, null, 'POST /unlock', 'user-updated'],
      ['Send password reset', 2, {}, 'Send password reset', 'POST /reset-password', 'user-updated'],
      ['Reset 2FA', 2, {}, 'Reset 2FA', 'POST /reset-mfa', 'user-updated'],
      ['Delete', 2, {}, 'Delete', 'DELETE ', 'user-deleted'],
    ];
    const expected = (request: string, i: number) => {
      const [method, suffix] = request.split(' ') as [string, string];
      return `${method} /v1/users/${id(i)}${suffix}`;
    };

    for (const [label, i, patch, confirm, request, event] of simple) {
      it(`row action ${label}: sends ${request.trim()} and then fires ${event}`, async () => {
        const el = await mount(5, { patch: (n) => (n === i ? patch : undefined) });
        const events = listen(el);
        const d = await openRowMenu(el, i);
        button(d, label)!.click();
        await el.updateComplete;
        if (confirm) {
          expect(writes()).to.deep.equal([]); // asks first
          button(d, confirm)!.click();
        }
        await waitUntil(() => events.length > 0, `no ${event}`, { timeout: 5000 });
        expect(writes()).to.deep.equal([expected(request, i)]);
        expect(events.map((e) => e.type)).to.deep.equal([event]);
        expect(events[0]!.user.id).to.equal(id(i));
        if (event === 'user-deactivated') expect(events[0]!.user.status).to.equal('deactivated'); // the API's answer
        if (label === 'Delete') expect(bff.users.some((u) => u.id === id(i))).to.equal(false);
      });

      it(`row action ${label}: a refused request shows the error and fires nothing`, async () => {
        const el = await mount(5, { patch: (n) => (n === i ? patch : undefined), reject: () => 409 });
        const events = listen(el);
        const d = await openRowMenu(el, i);
        button(d, label)!.click();
        await el.updateComplete;
        if (confirm) button(d, confirm)!.click();
        await answered(el, 1);
        await waitUntil(() => d.querySelector('[role=alert]'), 'no error shown');
        expect(writes()).to.deep.equal([expected(request, i)]);
        expect(d.querySelector('[role=alert]')!.textContent).to.contain('Refused by the server.');
        expect(events).to.deep.equal([]);
        if (label === 'Delete') expect(bff.users.some((u) => u.id === id(i))).to.equal(true);
      });
    }

    it('row action Activate: the refused first request (seat cap) fires nothing; the confirmed one fires user-activated', async () => {
      const el = await mount(5);
      const events = listen(el);
      const d = await openRowMenu(el, 0); // user 0 is deactivated
      button(d, 'Activate')!.click();
      await waitUntil(() => button(d, 'Add a seat and activate'), 'no add-seat offer');
      expect(events).to.deep.equal([]);
      button(d, 'Add a seat and activate')!.click();
      await waitUntil(() => events.length > 0, 'no user-activated', { timeout: 5000 });
      expect(writes()).to.deep.equal([`POST /v1/users/${id(0)}/activate`, `POST /v1/users/${id(0)}/activate`]);
      expect(events.map((e) => [e.type, e.user.status])).to.deep.equal([['user-activated', 'active']]);
    });

    async function openForm(el: UserTable, i: number, label: 'Edit' | 'Clone') {
      button(await openRowMenu(el, i), label)!.click();
      await waitUntil(() => el.shadowRoot!.querySelector('roster-user-form'), 'form not opened', { timeout: 5000 });
      const form = el.shadowRoot!.querySelector('roster-user-form')!;
      await form.updateComplete;
      const type = (field: string, value: string) => {
        const input = form.shadowRoot!.querySelector<HTMLInputElement>(`#${field}`)!;
        input.value = value;
        input.dispatchEvent(new Event('input'));
      };
      const submit = () => form.shadowRoot!.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
      return { form, type, submit };
    }

    for (const refused of [false, true]) {
      it(`row action Edit: sends PATCH /v1/users/:id, ${refused ? 'a refusal shows the error and fires nothing' : 'then fires user-updated with the API’s user'}`, async () => {
        const el = await mount(5, refused ? { reject: () => 409 } : {});
        const events = listen(el);
        const { form, type, submit } = await openForm(el, 2, 'Edit');
        type('firstName', 'Ada');
        submit();
        await answered(el, 1);
        expect(writes()).to.deep.equal([`PATCH /v1/users/${id(2)}`]);
        expect(bff.calls.find((c) => c.method === 'PATCH')!.body).to.deep.include({ firstName: 'Ada' });
        if (refused) {
          await waitUntil(() => form.shadowRoot!.querySelector('.banner'), 'no error shown');
          expect(form.shadowRoot!.querySelector('.banner')!.textContent).to.contain('Refused by the server.');
          expect(events).to.deep.equal([]);
        } else {
          await waitUntil(() => events.length > 0, 'no user-updated');
          expect(events.map((e) => [e.type, e.user.firstName])).to.deep.equal([['user-updated', 'Ada']]);
        }
      });

      it(`row action Clone: sends POST /v1/users/:id/clone, ${refused ? 'a refusal shows the error and fires nothing' : 'then fires user-created with the new user'}`, async () => {
        const el = await mount(5, refused ? { reject: () => 500 } : {});
        const events = listen(el);
        const { form, type, submit } = await openForm(el, 2, 'Clone');
        type('firstName', 'Grace');
        type('lastName', 'Hopper');
        type('email', 'grace@example.com');
        submit();
        await answered(el, 1);
        expect(writes()).to.deep.equal([`POST /v1/users/${id(2)}/clone`]);
        if (refused) {
          await waitUntil(() => form.shadowRoot!.querySelector('.banner'), 'no error shown');
          expect(events).to.deep.equal([]);
        } else {
          await waitUntil(() => events.length > 0, 'no user-created');
          expect(events.map((e) => [e.type, e.user.email])).to.deep.equal([['user-created', 'grace@example.com']]);
        }
      });

      it(`row action Roles: sends PUT /v1/users/:id/roles, ${refused ? 'a refusal is reported and fires nothing' : 'then fires user-updated'}`, async () => {
        const el = await mount(5, refused ? { reject: () => 409 } : {});
        const events = listen(el);
        button(await openRowMenu(el, 2), 'Roles')!.click();
        await waitUntil(() => el.shadowRoot!.querySelector('dialog role-picker'), 'no role picker');
        const picker = el.shadowRoot!.querySelector('dialog role-picker')!;
        await (picker as unknown as { updateComplete: Promise<unknown> }).updateComplete;
        [...picker.shadowRoot!.querySelectorAll('li')].find((li) => li.textContent!.includes('User'))!.querySelector('input')!.click();
        await el.updateComplete;
        button(dialog(el), 'Apply')!.click();
        await waitUntil(() => el.shadowRoot!.querySelector('dialog h2')?.textContent?.includes('of 1 done'), 'roles not applied', { timeout: 5000 });
        expect(writes()).to.deep.equal([`PUT /v1/users/${id(2)}/roles`]);
        if (refused) {
          expect(el.shadowRoot!.querySelector('.results li.bad')!.textContent).to.contain('Refused by the server.');
          expect(events).to.deep.equal([]);
        } else {
          expect(events.map((e) => [e.type, e.user.roles.map((r) => r.name)])).to.deep.equal([['user-updated', ['User']]]);
        }
      });
    }

    // Bulk actions: users 1 and 2 selected; the request for user 2 is refused.
    const bulk: [string, string, string][] = [
      ['Resend invitations', 'POST /resend-invitation', 'invitation-resent'],
      ['Deactivate', 'POST /deactivate', 'user-deactivated'],
      ['Delete', 'DELETE ', 'user-deleted'],
      ['Assign roles', 'PUT /roles', 'user-updated'],
    ];
    for (const [label, request, event] of bulk) {
      it(`bulk ${label}: one request per user, ${event} only for the ones the API confirmed`, async () => {
        const el = await mount(5, {
          patch: () => ({ status: 'invited', invitationStatus: 'pending' }) as Partial<User>,
          reject: (_method, path) => (path.startsWith(`/v1/users/${id(2)}`) ? 409 : null),
        });
        await waitUntil(() => el.shadowRoot!.querySelector('.row-menu'), 'tenant not loaded');
        const events = listen(el);
        for (const i of [1, 2]) el.shadowRoot!.querySelector<HTMLInputElement>(`[data-user-id="${id(i)}"] input[type=checkbox]`)!.click();
        await el.updateComplete;
        button(el.shadowRoot!.querySelector('.bulk')!, label)!.click();
        if (label === 'Assign roles') {
          await waitUntil(() => el.shadowRoot!.querySelector('dialog role-picker'), 'no role picker');
          const picker = el.shadowRoot!.querySelector('dialog role-picker')!;
          await (picker as unknown as { updateComplete: Promise<unknown> }).updateComplete;
          [...picker.shadowRoot!.querySelectorAll('li')].find((li) => li.textContent!.includes('User'))!.querySelector('input')!.click();
          await el.updateComplete;
          button(dialog(el), 'Apply')!.click();
        } else {
          // Every other bulk action says what it will do to how many users, and waits for the answer.
          await el.updateComplete;
          expect(dialog(el).querySelector('p')!.textContent).to.contain('2 users');
          expect(writes()).to.deep.equal([]);
          [...dialog(el).querySelectorAll<HTMLButtonElement>('button')].at(-1)!.click();
        }
        await waitUntil(() => el.shadowRoot!.querySelector('dialog h2')?.textContent?.includes('1 of 2 done'), 'bulk never finished', { timeout: 5000 });
        expect(writes().sort()).to.deep.equal([expected(request, 1), expected(request, 2)].sort());
        expect(events.map((e) => [e.type, e.user.id])).to.deep.equal([[event, id(1)]]);
        expect(el.shadowRoot!.querySelector('.results li.bad')!.textContent).to.contain('Refused by the server.');
      });
    }
  });

  it('shows the total the server counted, "about" an estimate, and each user’s roles in their own column', async () => {
    const el = await mount(5, { patch: (i) => (i === 0 ? ({ roles: [{ id: '22222222-2222-4222-8222-222222222222', name: 'User' }] } as Partial<User>) : undefined), total: { count: 1_000_000, exact: false } });
    expect(el.shadowRoot!.querySelector('[part=count]')!.textContent).to.equal('about 1,000,000 users');
    const header = [...el.shadowRoot!.querySelectorAll('[role=columnheader]')].map((h) => h.textContent!.trim());
    expect(header).to.include('Roles');
    const rolesCell = (row: HTMLElement) => row.children[header.indexOf('Roles')]!.textContent!.trim();
    expect(rows(el).map(rolesCell)).to.include('User');
    expect(rows(el).map(rolesCell)).to.include('—');
  });

  it('exports the current search and filters as a CSV download', async () => {
    const el = await mount(5);
    await waitUntil(() => el.shadowRoot!.querySelector('.row-menu'), 'tenant not loaded');
    const status = el.shadowRoot!.querySelector<HTMLSelectElement>('select[name=status]')!;
    status.value = 'active';
    status.dispatchEvent(new Event('change'));
    await settle(el);
    const clicked: HTMLAnchorElement[] = [];
    const click = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      clicked.push(this);
    };
    try {
      button(el.shadowRoot!.querySelector('.toolbar')!, 'Export CSV')!.click();
      await waitUntil(() => clicked.length === 1, 'no download');
    } finally {
      HTMLAnchorElement.prototype.click = click;
    }
    const request = bff.calls.find((c) => c.url.pathname === '/v1/users/export')!;
    expect(request.url.searchParams.get('status')).to.equal('active');
    expect(request.url.searchParams.has('cursor') || request.url.searchParams.has('limit')).to.equal(false);
    expect(clicked[0]!.download).to.match(/^users-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(await (await fetch(clicked[0]!.href)).text()).to.contain('user1@example.com');
  });

  it('hides columns from the chooser, keeps the choice for the page, and the arrow keys skip what is hidden', async () => {
    localStorage.removeItem('roster-user-table-columns');
    try {
      const el = await mount(5);
      await waitUntil(() => el.shadowRoot!.querySelector('.row-menu'), 'tenant not loaded');
      button(el.shadowRoot!.querySelector('.toolbar')!, 'Columns')!.click();
      await el.updateComplete;
      const dialog = el.shadowRoot!.querySelector('dialog')!;
      for (const label of ['Email', 'Username']) [...dialog.querySelectorAll('label')].find((l) => l.textContent!.trim() === label)!.querySelector('input')!.click();
      await el.updateComplete;
      const headers = () => [...el.shadowRoot!.querySelectorAll<HTMLElement>('[role=columnheader]')].filter((h) => !h.hidden).map((h) => h.textContent!.trim());
      expect(headers()).to.not.include('Email').and.not.include('Username');
      expect(headers()).to.include('Roles');
      const row = rows(el)[0]!;
      expect(getComputedStyle(row.children[3]!).display).to.equal('none');
      // The grid has a track for each visible cell only: the first visible cell after the names sits right after them.
      expect(getComputedStyle(row).gridTemplateColumns.split(' ').length).to.equal(12);
      expect(JSON.parse(localStorage.getItem('roster-user-table-columns')!)).to.deep.equal(['email', 'username']);
      button(dialog, 'Close')!.click();
      await el.updateComplete;
      // From the last name, ArrowRight goes to the type (the email and username are hidden).
      const lastName = row.children[2] as HTMLElement;
      lastName.focus();
      lastName.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true, composed: true, cancelable: true }));
      await el.updateComplete;
      expect(el.shadowRoot!.activeElement).to.equal(rows(el)[0]!.children[5]);
      // Another table on the page (the same origin) starts with the choice kept.
      const again = await fixture<UserTable>(html`<user-table style="height: 500px" .token=${'t0'}></user-table>`);
      await waitUntil(() => rows(again).length > 0, 'never rendered', { timeout: 5000 });
      expect(getComputedStyle(rows(again)[0]!.children[3]!).display).to.equal('none');
    } finally {
      localStorage.removeItem('roster-user-table-columns');
    }
  });

  describe('a user’s page', () => {
    const tab = (sheet: Element, name: string) => [...sheet.shadowRoot!.querySelectorAll<HTMLButtonElement>('[role=tab]')].find((b) => b.textContent!.trim() === name)!;

    it('opens from a row (click or Enter) as a modal side sheet, tells the host, and closes back to the row', async () => {
      const el = await mount(5);
      await waitUntil(() => el.shadowRoot!.querySelector('.row-menu'), 'tenant not loaded');
      const row = rows(el)[1]!;
      const changes: (string | null)[] = [];
      el.addEventListener('selected-user-change', (e) => changes.push((e as CustomEvent<{ userId: string | null }>).detail.userId));
      row.querySelector<HTMLElement>('.name')!.focus();
      row.click();
      const sheet = await openSheet(el);
      expect(el.selectedUserId).to.equal(row.dataset.userId);
      expect(el.getAttribute('selected-user-id')).to.equal(row.dataset.userId);
      const dialog = sheet.shadowRoot!.querySelector('dialog')!;
      expect(dialog.open && dialog.matches(':modal')).to.equal(true);
      expect(sheet.shadowRoot!.querySelector('h2')!.textContent).to.contain(bff.users.find((u) => u.id === row.dataset.userId)!.firstName);
      // The General tab: the person, the organization's and the user's IDs (each with a copy button), and Edit, which
      // loads the form with the user's values.
      expect(sheet.shadowRoot!.querySelectorAll('button.copy').length).to.be.greaterThan(0);
      expect(sheet.shadowRoot!.querySelector('dl')!.textContent).to.contain(bff.users.find((u) => u.id === row.dataset.userId)!.email);
      button(sheet.shadowRoot!, 'Edit')!.click();
      await waitUntil(() => sheet.shadowRoot!.querySelector('roster-user-form')?.shadowRoot?.querySelector('#email'), 'no form');
      expect(sheet.shadowRoot!.querySelector('roster-user-form')!.shadowRoot!.querySelector<HTMLInputElement>('#email')!.value).to.equal(bff.users.find((u) => u.id === row.dataset.userId)!.email);
      expect(sheet.shadowRoot!.querySelector('roster-user-form')!.shadowRoot!.querySelector('#language'), 'settings are on their own tab').to.equal(null);
      dialog.dispatchEvent(new Event('cancel', { cancelable: true }));
      await waitUntil(() => !el.shadowRoot!.querySelector('roster-user-sheet'), 'sheet still open');
      expect(changes).to.deep.equal([row.dataset.userId, null]);
      expect(el.selectedUserId).to.equal('');
    });

    it('opens from the host’s selectedUserId (a deep link), and stays closed when the host cancels user-select', async () => {
      const el = await mount(5);
      await waitUntil(() => el.shadowRoot!.querySelector('.row-menu'), 'tenant not loaded');
      el.selectedUserId = bff.users[3]!.id;
      const sheet = await openSheet(el);
      await waitUntil(() => sheet.shadowRoot!.querySelector('h2')!.textContent!.includes(bff.users[3]!.firstName), 'wrong user');
      // The phone is stored in E.164 and read as the country groups it (the phone rules load with the first phone shown).
      await waitUntil(() => sheet.shadowRoot!.querySelector('[part=phone]')?.textContent === '+49 30 901820', 'phone not formatted for reading');
      expect(sheet.shadowRoot!.querySelector('[part=phone]')!.getAttribute('href')).to.equal('tel:+4930901820');
      el.selectedUserId = '';
      await waitUntil(() => !el.shadowRoot!.querySelector('roster-user-sheet'), 'sheet still open');
      el.addEventListener('user-select', (e) => e.preventDefault(), { once: true });
      rows(el)[0]!.click();
      await el.updateComplete;
      await new Promise((r) => setTimeout(r, 50));
      expect(el.shadowRoot!.querySelector('roster-user-sheet')).to.equal(null);
      expect(el.selectedUserId).to.equal('');
    });

    it('follows the ARIA tabs pattern: arrows and Home/End move between tabs and select them', async () => {
      const el = await mount(5);
      await waitUntil(() => el.shadowRoot!.querySelector('.row-menu'), 'tenant not loaded');
      rows(el)[0]!.click();
      const sheet = await openSheet(el);
      const root = sheet.shadowRoot!;
      tab(sheet, 'General').focus();
      const press = (key: string) => root.activeElement!.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, composed: true, cancelable: true }));
      press('ArrowRight');
      await sheet.updateComplete;
      expect(root.activeElement!.textContent!.trim()).to.equal('Access');
      expect(tab(sheet, 'Access').getAttribute('aria-selected')).to.equal('true');
      expect(root.querySelector('[role=tabpanel]')!.getAttribute('aria-labelledby')).to.equal(tab(sheet, 'Access').id);
      press('End');
      await sheet.updateComplete;
      expect(root.activeElement!.textContent!.trim()).to.equal('History');
      press('ArrowRight');
      await sheet.updateComplete;
      expect(root.activeElement!.textContent!.trim()).to.equal('General');
      expect([...root.querySelectorAll('[role=tab]')].filter((t) => t.getAttribute('tabindex') === '0').length).to.equal(1);
    });

    it('deactivates after a confirmation that states the consequence, says so politely, and the row shows it at once', async () => {
      const el = await mount(5, { patch: () => ({ status: 'active' }) });
      await waitUntil(() => el.shadowRoot!.querySelector('.row-menu'), 'tenant not loaded');
      const id = rows(el)[2]!.dataset.userId!;
      const events: string[] = [];
      el.addEventListener('user-deactivated', (e) => events.push((e as Event & { user: User }).user.id));
      rows(el)[2]!.click();
      const sheet = await openSheet(el);
      button(sheet.shadowRoot!.querySelector('[part=sheet-actions]')!, 'Deactivate')!.click();
      await sheet.updateComplete;
      const confirm = sheet.shadowRoot!.querySelector('[part=confirm]')!;
      expect(confirm.textContent).to.contain('signed out everywhere');
      expect(bff.calls.some((c) => c.method === 'POST')).to.equal(false);
      expect(sheet.shadowRoot!.activeElement).to.equal(confirm.querySelector('button'));
      [...confirm.querySelectorAll('button')].at(-1)!.click();
      await waitUntil(() => sheet.shadowRoot!.querySelector('[part=notice]')!.textContent!.includes('deactivated'), 'no notice');
      expect(sheet.shadowRoot!.querySelector('[part=notice]')!.getAttribute('role')).to.equal('status');
      expect(events).to.deep.equal([id]);
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector(`[data-user-id="${id}"]`)!.textContent).to.contain('Deactivated');
      expect(bff.calls.filter((c) => c.url.pathname === '/v1/users').length, 'no reload of the list').to.equal(1);
    });

    it('activation under a profile that clears credentials says so before it runs', async () => {
      const el = await mount(5, { patch: () => ({ status: 'deactivated' }) });
      await waitUntil(() => el.shadowRoot!.querySelector('.row-menu'), 'tenant not loaded');
      rows(el)[0]!.click();
      const sheet = await openSheet(el);
      button(sheet.shadowRoot!.querySelector('[part=sheet-actions]')!, 'Activate')!.click();
      await sheet.updateComplete;
      // The default profile resets the password and 2FA on reactivation.
      expect(sheet.shadowRoot!.querySelector('[part=confirm]')!.textContent).to.contain('password and two-factor authentication are cleared');
    });

    it('saves roles with explicit permissions in one request, and access groups in another', async () => {
      const el = await mount(5);
      await waitUntil(() => el.shadowRoot!.querySelector('.row-menu'), 'tenant not loaded');
      const id = rows(el)[1]!.dataset.userId!;
      rows(el)[1]!.click();
      const sheet = await openSheet(el);
      tab(sheet, 'Access').click();
      await sheet.updateComplete;
      const root = sheet.shadowRoot!;
      const picker = root.querySelector('role-picker')!;
      await (picker as unknown as { updateComplete: Promise<unknown> }).updateComplete;
      [...picker.shadowRoot!.querySelectorAll('li')].find((li) => li.textContent!.includes('User'))!.querySelector('input')!.click();
      // Explicit permissions come grouped, with their labels and descriptions (<permission-picker>), never as keys.
      const permissions = root.querySelector('permission-picker')!;
      await (permissions as unknown as { updateComplete: Promise<unknown> }).updateComplete;
      expect(permissions.shadowRoot!.textContent).to.not.contain('audit.read');
      [...permissions.shadowRoot!.querySelectorAll('label')].find((l) => l.textContent!.includes('Read the audit log'))!.querySelector('input')!.click();
      await sheet.updateComplete;
      button(root, 'Save roles and permissions')!.click();
      await waitUntil(() => bff.calls.some((c) => c.method === 'PUT' && c.url.pathname === `/v1/users/${id}/roles`), 'roles not saved');
      const put = bff.calls.find((c) => c.method === 'PUT')!;
      expect(put.body).to.deep.equal({ roleIds: ['22222222-2222-4222-8222-222222222222'], permissions: ['audit.read'] });
      await waitUntil(() => root.querySelector('[part=notice]')!.textContent!.includes('Saved'), 'no notice');
      [...root.querySelectorAll<HTMLLabelElement>('label.check')].find((l) => l.textContent!.includes('Service desk'))!.querySelector('input')!.click();
      await sheet.updateComplete;
      button(root, 'Save access groups')!.click();
      await waitUntil(() => bff.calls.some((c) => c.method === 'PUT' && c.url.pathname.endsWith('/access-groups')), 'groups not saved');
      expect(bff.calls.find((c) => c.url.pathname.endsWith('/access-groups') && c.method === 'PUT')!.body).to.deep.equal({ groupIds: ['44444444-4444-4444-8444-444444444444'], allModules: true });
    });

    it('NinjaOne (seed 000): the Settings tab of a technician without a role says to assign one for notifications, until a role is saved', async () => {
      const el = await mount(5, { profile: profilePresets.ninjaone });
      await waitUntil(() => el.shadowRoot!.querySelector('.row-menu'), 'tenant not loaded');
      const id = rows(el)[1]!.dataset.userId!;
      const user = bff.users.find((u) => u.id === id)!;
      expect(user.kind === 'technician' && user.roles.length === 0).to.equal(true);
      rows(el)[1]!.click();
      const sheet = await openSheet(el);
      const root = sheet.shadowRoot!;
      tab(sheet, 'Settings').click();
      await sheet.updateComplete;
      const note = () => root.querySelector('#notify-role-note');
      expect(note()!.textContent).to.equal(`Assign a role for ${user.firstName} ${user.lastName} to receive notifications.`);
      // Inside the Notifications section, which is named by its heading.
      expect(note()!.closest('section')!.getAttribute('aria-labelledby')).to.equal('notify-h');
      tab(sheet, 'Access').click();
      await sheet.updateComplete;
      const picker = root.querySelector('role-picker')!;
      await (picker as unknown as { updateComplete: Promise<unknown> }).updateComplete;
      [...picker.shadowRoot!.querySelectorAll('li')].find((li) => li.textContent!.includes('User'))!.querySelector('input')!.click();
      await sheet.updateComplete;
      button(root, 'Save roles and permissions')!.click();
      await waitUntil(() => root.querySelector('[part=notice]')!.textContent!.includes('Saved'), 'roles not saved');
      tab(sheet, 'Settings').click();
      await sheet.updateComplete;
      expect(note() === null).to.equal(true);
      await expectAccessible(sheet);
    });

    it('the note about roles and notifications is only for technicians without a role on a profile that asks for one; German and Arabic say it too', async () => {
      const el = await mount(5, { profile: profilePresets.ninjaone });
      await waitUntil(() => el.shadowRoot!.querySelector('.row-menu'), 'tenant not loaded');
      // rows[0] is an end user.
      expect(bff.users.find((u) => u.id === rows(el)[0]!.dataset.userId)!.kind).to.equal('end_user');
      rows(el)[0]!.click();
      let sheet = await openSheet(el);
      tab(sheet, 'Settings').click();
      await sheet.updateComplete;
      expect(sheet.shadowRoot!.querySelector('#notify-role-note') === null).to.equal(true);
      bff.restore();
      const other = await mount(5);
      await waitUntil(() => other.shadowRoot!.querySelector('.row-menu'), 'tenant not loaded');
      rows(other)[1]!.click();
      sheet = await openSheet(other);
      tab(sheet, 'Settings').click();
      await sheet.updateComplete;
      expect(sheet.shadowRoot!.querySelector('#notify-role-note') === null).to.equal(true);
      bff.restore();
      for (const [lang, words] of [['de', 'eine Rolle zu, damit Benachrichtigungen ankommen.'], ['ar', 'حتى يتلقى الإشعارات.']] as const) {
        bff = fakeBff(5, { profile: profilePresets.ninjaone });
        const host = await fixture(html`<div lang=${lang}><user-table style="height: 500px" .token=${'t0'}></user-table></div>`);
        const table = host.querySelector('user-table')!;
        await waitUntil(() => rows(table).length > 0 && table.shadowRoot!.querySelector('.row-menu'), 'never rendered', { timeout: 5000 });
        const user = bff.users.find((u) => u.id === rows(table)[1]!.dataset.userId)!;
        rows(table)[1]!.click();
        sheet = await openSheet(table);
        sheet.shadowRoot!.querySelectorAll<HTMLButtonElement>('[role=tab]')[2]!.click();
        await waitUntil(() => sheet.shadowRoot!.querySelector('#notify-role-note')?.textContent!.includes(words), `no ${lang} note`, { timeout: 5000 });
        expect(sheet.shadowRoot!.querySelector('#notify-role-note')!.textContent).to.contain(`${user.firstName} ${user.lastName}`);
        bff.restore();
      }
    });

    it('lists the user’s sessions on the Status tab, and signs them out everywhere after asking', async () => {
      const el = await mount(5);
      await waitUntil(() => el.shadowRoot!.querySelector('.row-menu'), 'tenant not loaded');
      const id = rows(el)[1]!.dataset.userId!;
      rows(el)[1]!.click();
      const sheet = await openSheet(el);
      tab(sheet, 'Status').click();
      // The sessions are a chunk of their own, loaded with the tab.
      await waitUntil(() => sheet.shadowRoot!.querySelector('roster-sign-in-state')?.shadowRoot?.querySelector('ul.sessions li'), 'no sessions', { timeout: 5000 });
      const state = sheet.shadowRoot!.querySelector('roster-sign-in-state')!;
      const root = state.shadowRoot!;
      expect(root.querySelector('ul.sessions li')!.textContent).to.contain('Chrome, Windows').and.contain('203.0.113.7');
      button(root, 'Sign out everywhere')!.click();
      await state.updateComplete;
      expect(root.querySelector('[part=confirm]')!.textContent).to.contain('Every session and embedded view');
      expect(bff.calls.some((c) => c.method === 'DELETE')).to.equal(false);
      button(root.querySelector('[part=confirm]')!, 'Sign out everywhere')!.click();
      await waitUntil(() => bff.calls.some((c) => c.method === 'DELETE' && c.url.pathname === `/v1/users/${id}/sessions`), 'not signed out');
      await waitUntil(() => root.querySelector('[part=notice]')!.textContent!.includes('Signed out'), 'no notice');
    });

    it('shows the history newest first with who did it, a page at a time', async () => {
      const el = await mount(5);
      await waitUntil(() => el.shadowRoot!.querySelector('.row-menu'), 'tenant not loaded');
      rows(el)[0]!.click();
      const sheet = await openSheet(el);
      tab(sheet, 'History').click();
      const root = sheet.shadowRoot!;
      await waitUntil(() => root.querySelectorAll('ol.history li').length === 20, 'no first page');
      const first = root.querySelector('ol.history li')!.textContent!;
      expect(first).to.contain('Deactivated');
      await waitUntil(() => root.querySelector('ol.history li')!.textContent!.includes(`by ${bff.users[1]!.firstName}`), 'actor not named');
      expect(root.querySelectorAll('ol.history li')[1]!.textContent).to.contain('automatically');
      expect(root.querySelectorAll('ol.history li')[1]!.textContent).to.contain('Changed: language');
      button(root, 'Show older')!.click();
      await waitUntil(() => root.querySelectorAll('ol.history li').length === 25, 'no second page');
      expect(button(root, 'Show older')).to.equal(undefined);
    });

    it('saves display and notification settings, and shows the server’s problem by its field', async () => {
      const el = await mount(5);
      await waitUntil(() => el.shadowRoot!.querySelector('.row-menu'), 'tenant not loaded');
      const id = rows(el)[1]!.dataset.userId!;
      rows(el)[1]!.click();
      const sheet = await openSheet(el);
      tab(sheet, 'Settings').click();
      await sheet.updateComplete;
      const root = sheet.shadowRoot!;
      const idle = root.querySelector<HTMLInputElement>('input[type=number]')!;
      idle.value = '90';
      idle.dispatchEvent(new Event('input'));
      const sms = [...root.querySelectorAll('fieldset')].find((f) => f.querySelector('legend')?.textContent!.includes('SMS'))!;
      sms.querySelector<HTMLInputElement>('input[type=checkbox]')!.click();
      await sheet.updateComplete;
      // Minimum priority, and a custom schedule (it starts from working hours), read in the user’s time zone.
      const select = (label: string) => [...sms.querySelectorAll('label')].find((l) => l.textContent!.includes(label))!.querySelector('select')!;
      select('Minimum priority').value = 'high';
      select('Minimum priority').dispatchEvent(new Event('change'));
      select('When').value = 'custom';
      select('When').dispatchEvent(new Event('change'));
      await sheet.updateComplete;
      const monday = [...sms.querySelectorAll('label')].find((l) => l.textContent!.trim() === 'Monday')!.querySelector('input')!;
      expect(monday.checked).to.equal(true);
      monday.click();
      const zone = [...root.querySelectorAll('label')].find((l) => l.textContent!.includes('Time zone'))!.querySelector('input')!;
      zone.value = 'Europe/Berlin';
      zone.dispatchEvent(new Event('input'));
      await sheet.updateComplete;
      button(root, 'Save')!.click();
      await waitUntil(() => bff.calls.some((c) => c.method === 'PATCH'), 'not saved');
      const patch = bff.calls.find((c) => c.method === 'PATCH')!;
      expect(patch.url.pathname).to.equal(`/v1/users/${id}`);
      expect(patch.body.idleWarningMinutes).to.equal(90);
      expect(patch.body.notificationPreferences.sms.enabled).to.equal(true);
      expect(patch.body.notificationPreferences.sms).to.deep.include({ minPriority: 'high', schedule: 'custom' });
      expect(patch.body.notificationPreferences.sms.hours).to.deep.equal({ days: ['tue', 'wed', 'thu', 'fri'], from: '09:00', to: '17:00' });
      expect(patch.body.timeZone).to.equal('Europe/Berlin');
    });
  });

  it('speaks German when lang="de"', async () => {
    bff = fakeBff(3);
    const el = await fixture<UserTable>(html`<div lang="de"><user-table .token=${'t'}></user-table></div>`).then((d) => d.querySelector('user-table')!);
    await settle(el);
    expect(el.shadowRoot!.querySelector('.toolbar')!.textContent).to.contain('Deaktivierte ausblenden');
  });
});
