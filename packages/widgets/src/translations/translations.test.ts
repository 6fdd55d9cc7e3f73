import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { permissions, profilePresets, oauthScopes, webhookEventTypes, type BulkImportResponse, type Role, type User } from '@roster/contract';
import { en as messagesEn } from '@roster/contract/messages/en';
import '../user-table/define.js';
import '../role-picker/define.js';
import '../user-form/define.js';
import '../import-modal/define.js';
import type { UserTable } from '../user-table/user-table.js';
import type { RolePicker } from '../role-picker/role-picker.js';
import type { ImportModal } from '../import-modal/import-modal.js';
import type { Translation } from './index.js';
import { userTableEn } from './user-table.js';
import { userDialogsEn } from './user-dialogs.js';
import { userFormEn } from './user-form.js';
import { signInMethodsEn } from './sign-in-methods.js';
import { signInMethodsDe } from './sign-in-methods.de.js';
import { signInMethodsAr } from './sign-in-methods.ar.js';
import { importModalEn } from './import-modal.js';
import { rolePickerEn } from './role-picker.js';
import { rolesEn } from './roles.js';
import { permissionGroupsEn, permissionsEn } from './permissions.js';
import { permissionPickerEn } from './permission-picker.js';
import { userSheetEn } from './user-sheet.js';
import { accountPanelEn } from './account-panel.js';
import { accountPanelDe } from './account-panel.de.js';
import { accountPanelAr } from './account-panel.ar.js';
import { roleEditorEn } from './role-editor.js';
import { roleEditorDe } from './role-editor.de.js';
import { roleEditorAr } from './role-editor.ar.js';
import { de } from './de.js';
import { ar } from './ar.js';
import { userSheetDe } from './user-sheet.de.js';
import { userSheetAr } from './user-sheet.ar.js';
import { importModalDe } from './import-modal.de.js';
import { importModalAr } from './import-modal.ar.js';
import { organizationsPanelEn } from './organizations-panel.js';
import { organizationsPanelDe } from './organizations-panel.de.js';
import { organizationsPanelAr } from './organizations-panel.ar.js';
import { integrationsPanelEn } from './integrations-panel.js';
import { integrationsPanelDe } from './integrations-panel.de.js';
import { integrationsPanelAr } from './integrations-panel.ar.js';
import { loadLanguage, registerLanguage } from '../internal/language.js';
import { filterChipsEn } from './filter-chips.js';
import { filterChipsDe } from './filter-chips.de.js';
import { filterChipsAr } from './filter-chips.ar.js';

const en: Translation = { userTable: userTableEn, userDialogs: userDialogsEn, userForm: userFormEn, signInMethods: signInMethodsEn, importModal: importModalEn, rolePicker: rolePickerEn, roles: rolesEn, permissions: permissionsEn, permissionGroups: permissionGroupsEn, permissionPicker: permissionPickerEn, userSheet: userSheetEn, accountPanel: accountPanelEn, roleEditor: roleEditorEn, organizationsPanel: organizationsPanelEn, integrationsPanel: integrationsPanelEn, filterChips: filterChipsEn };
// Each language: its main chunk and the chunks of the screens that load on demand (ScreenParts).
const locales: Record<string, Translation> = { de: { ...de, importModal: importModalDe, userSheet: userSheetDe, accountPanel: accountPanelDe, roleEditor: roleEditorDe, signInMethods: signInMethodsDe, organizationsPanel: organizationsPanelDe, integrationsPanel: integrationsPanelDe, filterChips: filterChipsDe }, ar: { ...ar, importModal: importModalAr, userSheet: userSheetAr, accountPanel: accountPanelAr, roleEditor: roleEditorAr, signInMethods: signInMethodsAr, organizationsPanel: organizationsPanelAr, integrationsPanel: integrationsPanelAr, filterChips: filterChipsAr } };

/** Each leaf of a catalogue by its path (`userTable.bulk.selected`): strings and functions. */
function leaves(value: unknown, path = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (typeof value === 'string' || typeof value === 'function') out.set(path, value);
  else for (const [k, v] of Object.entries(value as object)) for (const [p, x] of leaves(v, path ? `${path}.${k}` : k)) out.set(p, x);
  return out;
}

/** Arguments a catalogue function is called with: the first list English accepts is used for every language. */
const argumentLists: unknown[][] = [[2, 3, true], ['Ada Lovelace', 'Grace'], ['Root Admin', ['Manage billing', 'Delete users']], ['technician']];
const badOutput = /undefined|NaN|\[object|^\s*$/;

/**
 * A pseudo-locale: English with every string wrapped in ⟦…⟧. Rendered with it, any visible text that is neither
 * wrapped nor data (names, emails, dates) is a literal left in a template.
 */
function pseudo<T>(value: T): T {
  if (typeof value === 'string') return `⟦${value}⟧` as T;
  if (typeof value === 'function') return ((...a: unknown[]) => `⟦${(value as (...a: unknown[]) => string)(...a)}⟧`) as T;
  return Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, pseudo(v)])) as T;
}
// With the contract's messages (field errors, the import's cell problems), as a page registers a language.
registerLanguage('qps', { ...pseudo(en), messages: pseudo(messagesEn) });

/** Every visible text and every aria-label, title and placeholder under `root`, through nested shadow roots. */
function visibleStrings(root: Node): string[] {
  const out: string[] = [];
  const walk = (node: Node) => {
    if (node.nodeType === Node.TEXT_NODE) {
      if (node.parentElement?.closest('style, script') === null && node.textContent!.trim()) out.push(node.textContent!.trim());
      return;
    }
    if (node instanceof Element) {
      for (const a of ['aria-label', 'title', 'placeholder']) if (node.getAttribute(a)?.trim()) out.push(node.getAttribute(a)!.trim());
      if (node.shadowRoot) walk(node.shadowRoot);
    }
    node.childNodes.forEach(walk);
  };
  walk(root);
  return out;
}

/** What is left of a string once the catalogue's words (⟦…⟧, nested) and the data are taken out: must be nothing but symbols. */
function leftover(text: string, data: readonly string[]): string {
  let rest = text;
  for (let before = ''; before !== rest; ) {
    before = rest;
    rest = rest.replace(/⟦[^⟦⟧]*⟧/g, ' ');
  }
  for (const d of [...data].sort((a, b) => b.length - a.length)) rest = rest.split(d).join(' ');
  // Numbers, punctuation between data, and icons that carry an aria-label of the catalogue (✕ × ⋯) or are aria-hidden (▲ ▼).
  return rest.replace(/[\s\d.,:;/+%#×✕⋯—▲▼·()'"«»“”„-]/g, '');
}

function expectNoLiterals(root: Node, data: readonly string[], state: string) {
  const left = visibleStrings(root).filter((s) => leftover(s, data) !== '');
  expect(left, `literals left in a template (${state})`).to.deep.equal([]);
}

const role = (n: number, key: string | null, name: string, perms: readonly string[]): Role =>
  ({ id: `22222222-2222-4222-8222-00000000000${n}`, key, name, description: '', builtIn: key !== null, permissions: perms as Role['permissions'], organizationIds: [] });
const roles = [
  role(1, 'root_admin', 'Root Admin', permissions),
  role(2, 'system_admin', 'System Administrator', permissions),
  role(3, 'user', 'User', ['self.edit']),
  role(4, null, 'Helpdesk', ['users.read', 'users.write']),
  role(5, null, 'Dispatch', ['users.read']),
  role(6, null, 'Auditors', ['audit.read']),
  role(7, 'beginner', 'Beginner', []),
];
const user = (i: number, patch: Partial<User> = {}): User => ({
  id: `00000000-0000-4000-8000-00000000000${i}`, kind: 'technician', organizationId: null, firstName: `Ada${i}`, lastName: `Lovelace${i}`,
  email: `ada${i}@example.com`, username: `ada${i}`, phone: null, language: 'en', status: 'active', mfaState: 'enrolled', signInMethod: 'totp', availability: 'available',
  invitationStatus: 'registered', isRootAdmin: false, roles: [], idleWarningMinutes: 60, showGettingStarted: true, ticketPageAccessibility: false,
  notificationPreferences: {}, createdAt: new Date(2026, 0, 10 + i).toISOString(), updatedAt: new Date(2026, 0, 1).toISOString(), lastSignInAt: null, lastLoginAt: null, ...patch,
}) as User;
const users = [user(1), user(2, { status: 'invited', invitationStatus: 'pending', mfaState: 'not_enrolled' }), user(3, { status: 'locked_out', availability: 'out_of_office' }), user(4, { status: 'deactivated', kind: 'end_user', organizationId: '11111111-1111-4111-8111-111111111111', availability: null })];
const dates = (lang: string) => users.map((u) => new Intl.DateTimeFormat(lang, { dateStyle: 'medium' }).format(new Date(u.createdAt)));
const data = [...users.flatMap((u) => [u.firstName, u.lastName, u.email, u.username!]), 'Acme', 'Helpdesk', 'Dispatch', 'Auditors', 'RMM', ...dates('qps')];

/** The Accept-Language of each request to the fake BFF, by path. */
const languagesSent: [string, string | null][] = [];

const stamp = new Date(2026, 0, 5, 9, 30).toISOString();
const app = { id: '33333333-3333-4333-8333-333333333333', name: 'Torii', clientId: 'rc_abc', scopes: ['monitoring:read', 'widgets:mint'], organizationId: '11111111-1111-4111-8111-111111111111', createdAt: stamp, lastUsedAt: null, secretRotatedAt: null, previousSecretExpiresAt: null };
const hook = { id: '44444444-4444-4444-8444-444444444444', url: 'https://hooks.example/roster', description: '', events: ['user.deleted'], enabled: true, createdAt: stamp, secretRotatedAt: null, previousSecretExpiresAt: null };
const delivery = { id: '7', eventId: 'evt_1', type: 'webhook.test', status: 'dead', attempts: 9, lastResponseStatus: 500, lastError: null, createdAt: stamp, nextAttemptAt: null, deliveredAt: null };

/** A BFF behind window.fetch with what the elements ask for; `list` answers GET /v1/users. */
function fakeBff(list: () => { status: number; items: User[] } = () => ({ status: 200, items: users })) {
  const original = window.fetch;
  window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), location.href);
    languagesSent.push([url.pathname, new Headers(init?.headers).get('accept-language')]);
    const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
    await new Promise((r) => setTimeout(r, 2));
    const method = init?.method ?? 'GET';
    if (url.pathname === '/v1/tenant') return json(200, { id: 't', name: 'Acme MSP', profile: profilePresets.default, permissions: [...permissions] });
    if (url.pathname === '/v1/roles') return json(200, { items: roles });
    if (url.pathname === '/v1/organizations') return json(200, { items: [{ id: '11111111-1111-4111-8111-111111111111', name: 'Acme', createdAt: '' }] });
    if (url.pathname === '/v1/oauth-clients') return json(200, { items: [app] });
    if (url.pathname === '/v1/webhook-endpoints') return json(200, { items: [hook] });
    if (url.pathname === `/v1/webhook-endpoints/${hook.id}/deliveries`) return json(200, { items: [delivery], nextCursor: null });
    if (url.pathname === '/v1/access-groups') return json(200, { items: [{ id: '00000000-0000-4000-8000-0000000000a1', name: 'RMM', active: false, modules: ['rmm'] }] });
    if (url.pathname === '/v1/users/bulk-import') {
      const body = JSON.parse(String(init?.body)) as { rows: unknown[] };
      const r: BulkImportResponse = { dryRun: url.searchParams.get('dryRun') === 'true', mode: 'per-row', imported: body.rows.length - 1, skipped: 1, failed: 0, results: body.rows.map((_, i) => ({ row: i, status: i ? ('imported' as const) : ('skipped' as const), email: `ada${i + 1}@example.com` })) };
      return json(200, r);
    }
    if (url.pathname === '/v1/users' && method === 'GET') {
      const answer = list();
      return answer.status === 200 ? json(200, { items: answer.items, nextCursor: null }) : json(answer.status, { error: { code: 'internal_error', message: 'boom' } });
    }
    const action = /^\/v1\/users\/([^/]+)\/[a-z-]+$/.exec(url.pathname);
    if (action) return json(200, users.find((u) => u.id === action[1]));
    return json(404, { error: { code: 'not_found', message: 'Not found.' } });
  };
  return () => (window.fetch = original);
}

const shadow = (el: Element) => el.shadowRoot!;
const settle = async (el: UserTable) => {
  await waitUntil(() => shadow(el).querySelector('[aria-busy="false"]') && (el as unknown as { tenant: unknown }).tenant, 'table loaded', { timeout: 5000 });
  await el.updateComplete;
};
/** Closes the open dialog and waits for its close event to have taken it away. */
const closeDialog = async (el: UserTable) => {
  shadow(el).querySelector('dialog')!.close();
  await waitUntil(() => !shadow(el).querySelector('dialog'), 'dialog closed');
};
const button = (root: ParentNode, text: string) => [...root.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent!.includes(text))!;

describe('translations', () => {
  let restore: (() => void) | undefined;
  afterEach(() => restore?.());

  it('every language has every key of the Translation, none empty, every function answers in words', () => {
    const english = leaves(en);
    for (const [lang, t] of Object.entries(locales)) {
      const words = leaves(t);
      expect([...words.keys()].sort(), `${lang}: keys`).to.deep.equal([...english.keys()].sort());
      for (const [path, value] of words) {
        const fallback = english.get(path)!;
        if (typeof value === 'string') {
          expect(value.trim(), `${lang}.${path} is empty`).not.to.equal('');
          continue;
        }
        expect(typeof fallback, `${lang}.${path} is a function in English`).to.equal('function');
        const args = argumentLists.find((a) => {
          try {
            return !badOutput.test((fallback as (...x: unknown[]) => string)(...a));
          } catch {
            return false;
          }
        });
        expect(args, `English ${path} accepts one of the sample argument lists`).not.to.equal(undefined);
        const said = (value as (...x: unknown[]) => string)(...args!);
        expect(said, `${lang}.${path}(${JSON.stringify(args)})`).to.be.a('string').and.not.match(badOutput);
      }
    }
  });

  it('German and Arabic words differ from English where a person reads a sentence', () => {
    // Names of products and of the Root Admin role may stay as they are; a sentence left in English is a miss.
    const english = leaves(en);
    for (const [lang, t] of Object.entries(locales)) {
      const same = [...leaves(t)].filter(([p, v]) => typeof v === 'string' && v.includes(' ') && v === english.get(p) && !/^(userForm\.languages|userTable\.columns\.mfa|roles\.names\.root_admin)/.test(p));
      expect(same.map(([p]) => p), `${lang}: untranslated sentences`).to.deep.equal([]);
    }
  });

  it('<user-table> shows no literal left in its templates: list, bulk bar, actions, confirmation, roles, form, bulk results', async () => {
    restore = fakeBff();
    const host = await fixture<HTMLDivElement>(html`<div lang="qps"><user-table .token=${'t'}></user-table></div>`);
    const el = host.querySelector('user-table')!;
    await settle(el);
    expect(shadow(el).querySelector('.toolbar')!.textContent, 'the pseudo-locale is shown').to.contain('⟦');
    expectNoLiterals(host, data, 'list');

    shadow(el).querySelector<HTMLInputElement>('[data-index="0"] input[type=checkbox]')!.click();
    await el.updateComplete;
    expectNoLiterals(host, data, 'bulk bar');

    shadow(el).querySelector<HTMLButtonElement>('[data-index="1"] .row-menu')!.click();
    await el.updateComplete;
    expectNoLiterals(host, data, 'row actions');
    button(shadow(el).querySelector('dialog')!, userDialogsEn.actions.delete).click();
    await el.updateComplete;
    expect(shadow(el).querySelector('dialog p')!.textContent).to.contain('⟦Delete Ada2 Lovelace2?');
    expectNoLiterals(host, data, 'confirmation');
    await closeDialog(el);

    button(shadow(el).querySelector('.bulk')!, userDialogsEn.bulk.assignRoles).click();
    await el.updateComplete;
    const picker = shadow(el).querySelector('role-picker')!;
    await picker.updateComplete;
    expect(shadow(picker).textContent).to.contain('⟦System Administrator⟧').and.contain('Helpdesk');
    expectNoLiterals(host, data, 'roles dialog');
    await closeDialog(el);

    button(shadow(el).querySelector('.bulk')!, userDialogsEn.bulk.deactivate).click();
    await el.updateComplete;
    expectNoLiterals(host, data, 'bulk confirmation');
    button(shadow(el).querySelector('dialog')!, userDialogsEn.actions.deactivate).click();
    await waitUntil(() => shadow(el).querySelector('dialog .results li'), 'bulk results', { timeout: 5000 });
    await waitUntil(() => !shadow(el).querySelector('dialog button[disabled]'), 'bulk done', { timeout: 5000 });
    expectNoLiterals(host, data, 'bulk results');
    await closeDialog(el);

    button(shadow(el).querySelector('.toolbar')!, userTableEn.addUser).click();
    await waitUntil(() => shadow(el).querySelector('roster-user-form')?.shadowRoot?.querySelector('form'), 'form shown', { timeout: 5000 });
    const form = shadow(el).querySelector('roster-user-form')!;
    (shadow(form).querySelector('#kind') as HTMLSelectElement).value = 'end_user';
    shadow(form).querySelector('#kind')!.dispatchEvent(new Event('change'));
    await form.updateComplete;
    expect(shadow(form).querySelector('#phone')!.getAttribute('placeholder')).to.equal(`⟦${userFormEn.phoneHint}⟧`);
    expectNoLiterals(host, data, 'add form');
    // The contract's errors, checked in the page, are in the page's language too.
    (shadow(form).querySelector('#email') as HTMLInputElement).value = 'not-an-address';
    shadow(form).querySelector('#email')!.dispatchEvent(new Event('input'));
    shadow(form).querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    await waitUntil(() => shadow(form).querySelector('#email-error')!.textContent !== '', 'field errors shown', { timeout: 5000 });
    expect(shadow(form).querySelector('#firstName-error')!.textContent).to.contain('⟦');
    expectNoLiterals(host, data, 'add form with field errors');
  });

  it('<user-table> in German shows none of the English words: list, row actions, roles dialog', async () => {
    restore = fakeBff();
    const germanToo = new Set([...leaves(de).values()].filter((v) => typeof v === 'string'));
    const englishOnly = new Set([...leaves(en).values()].filter((v): v is string => typeof v === 'string' && !germanToo.has(v)));
    const host = await fixture<HTMLDivElement>(html`<div lang="de"><user-table .token=${'t'}></user-table></div>`);
    const el = host.querySelector('user-table')!;
    await settle(el);
    await waitUntil(() => shadow(el).querySelector('.toolbar')!.textContent!.includes(de.userTable.hideDeactivated), 'German shown');
    const english = () => visibleStrings(host).filter((s) => englishOnly.has(s));
    expect(english(), 'list').to.deep.equal([]);
    shadow(el).querySelector<HTMLButtonElement>('[data-index="0"] .row-menu')!.click();
    await el.updateComplete;
    expect(english(), 'row actions').to.deep.equal([]);
    button(shadow(el).querySelector('dialog')!, de.userDialogs.actions.roles).click();
    await el.updateComplete;
    await shadow(el).querySelector('role-picker')!.updateComplete;
    expect(shadow(shadow(el).querySelector('role-picker')!).textContent).to.contain('Systemadministrator');
    expect(english(), 'roles dialog').to.deep.equal([]);
  });

  it('<user-table> shows no literal in its empty and error states', async () => {
    let answer = { status: 200, items: [] as User[] };
    restore = fakeBff(() => answer);
    const host = await fixture<HTMLDivElement>(html`<div lang="qps"><user-table .token=${'t'}></user-table></div>`);
    const el = host.querySelector('user-table')!;
    await settle(el);
    expectNoLiterals(host, data, 'empty');
    answer = { status: 500, items: [] };
    el.reload();
    await waitUntil(() => shadow(el).querySelector('[part=error]'), 'error shown');
    expectNoLiterals(host, data, 'error');
  });

  it('<roster-integrations-panel> shows no literal: OAuth apps, the New app form, webhooks, deliveries', async () => {
    restore = fakeBff();
    const host = await fixture<HTMLDivElement>(html`<div lang="qps"><user-table .token=${'t'}></user-table></div>`);
    const el = host.querySelector('user-table')!;
    await settle(el);
    await waitUntil(() => shadow(el).querySelector('[data-panel=integrations]'), 'the toolbar’s Integrations');
    shadow(el).querySelector<HTMLButtonElement>('[data-panel=integrations]')!.click();
    await waitUntil(() => shadow(el).querySelector('roster-integrations-panel')?.shadowRoot?.querySelector('[part=app-list]'), 'the apps', { timeout: 10_000 });
    const panel = shadow(el).querySelector('roster-integrations-panel')!;
    const root = shadow(panel);
    const when = new Intl.DateTimeFormat('qps', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(stamp));
    const shown = [...data, app.name, app.clientId, when, ...oauthScopes, 'OAuth', hook.url, 'user.deleted', delivery.type, '500', '9', ...webhookEventTypes, 'https://'];
    expect(root.textContent).to.contain('⟦');
    expectNoLiterals(host, shown, 'apps');
    root.querySelector<HTMLButtonElement>('[data-new]')!.click();
    await waitUntil(() => root.querySelector('form'), 'the form');
    expectNoLiterals(host, shown, 'New app form');
    root.querySelector<HTMLButtonElement>('form button[type=button]')!.click();
    await waitUntil(() => root.querySelector('#tab-webhooks'), 'the list');
    root.querySelector<HTMLButtonElement>('#tab-webhooks')!.click();
    await waitUntil(() => root.querySelector('[part=hook-list]'), 'the endpoints', { timeout: 5000 });
    expectNoLiterals(host, shown, 'webhooks');
    root.querySelector<HTMLButtonElement>('[data-new-hook]')!.click();
    await waitUntil(() => root.querySelector('#hook-url'), 'the endpoint form');
    root.querySelector<HTMLInputElement>('input[value=some]')!.click();
    await waitUntil(() => root.querySelector('.events'), 'the events');
    expectNoLiterals(host, shown, 'endpoint form');
    root.querySelector<HTMLButtonElement>('form button[type=button]')!.click();
    await waitUntil(() => root.querySelector('[data-deliveries]'), 'the endpoints again');
    root.querySelector<HTMLButtonElement>('[data-deliveries]')!.click();
    await waitUntil(() => root.querySelector('[part=delivery]'), 'the deliveries', { timeout: 5000 });
    expectNoLiterals(host, shown, 'deliveries');
  });

  it('<role-picker> shows no literal: search, disabled roles with why, permissions, no match', async () => {
    const host = await fixture<HTMLDivElement>(html`<div lang="qps"><role-picker multiple .roles=${roles} .grantablePermissions=${['users.read', 'users.write']}></role-picker></div>`);
    const el = host.querySelector<RolePicker>('role-picker')!;
    await waitUntil(() => shadow(el).querySelector('summary')?.textContent!.includes('⟦'), 'pseudo-locale shown');
    expect(shadow(el).querySelector('.why')).to.exist;
    expectNoLiterals(host, data, 'role list');
    const search = shadow(el).querySelector<HTMLInputElement>('input[type=search]')!;
    search.value = 'nothing like it';
    search.dispatchEvent(new Event('input'));
    await el.updateComplete;
    expectNoLiterals(host, [...data, 'nothing like it'], 'no match');
  });

  it('<import-modal> shows no literal: input, preview, assign bar, result', async () => {
    restore = fakeBff();
    const host = await fixture<HTMLDivElement>(html`<div lang="qps"><import-modal .token=${'t'}></import-modal></div>`);
    const el = host.querySelector<ImportModal>('import-modal')!;
    el.show();
    await waitUntil(() => !shadow(el).querySelector('footer .primary')?.hasAttribute('disabled'), 'context loaded');
    expectNoLiterals(host, data, 'input');
    const text = 'First name\tLast name\tEmail\nAda1\tLovelace1\tada1@example.com\nAda2\tLovelace2\tada2@example.com\n';
    const clip = new DataTransfer();
    clip.setData('text/plain', text);
    shadow(el).querySelector('textarea')!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: clip, bubbles: true, cancelable: true }));
    await waitUntil(() => shadow(el).querySelector('.banner.ok') && !shadow(el).querySelector('.grid-row[aria-busy="true"]'), 'preview checked', { timeout: 10000 });
    shadow(el).querySelector<HTMLInputElement>('.grid-row:not(.grid-head) input[type=checkbox]')!.click();
    await el.updateComplete;
    // The header cells are the pasted table's: data.
    expectNoLiterals(host, [...data, 'First name', 'Last name', 'Email'], 'preview');
    shadow(el).querySelector<HTMLButtonElement>('footer .primary')!.click();
    await waitUntil(() => shadow(el).querySelector('.counts'), 'result shown', { timeout: 10000 });
    expectNoLiterals(host, data, 'result');
  });

  it('<import-modal> shows the cells’ problems in the page’s language (checked in its worker)', async () => {
    restore = fakeBff();
    const host = await fixture<HTMLDivElement>(html`<div lang="qps"><import-modal .token=${'t'}></import-modal></div>`);
    const el = host.querySelector<ImportModal>('import-modal')!;
    el.show();
    await waitUntil(() => !shadow(el).querySelector('footer .primary')?.hasAttribute('disabled'), 'context loaded');
    const text = 'First name\tLast name\tEmail\tPhone\nAda1\t\tnot-an-address\t030 1234\nAda2\tLovelace2\tada2@example.com\t\nAda3\tLovelace3\tADA2@example.com\t\n';
    const clip = new DataTransfer();
    clip.setData('text/plain', text);
    shadow(el).querySelector('textarea')!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: clip, bubbles: true, cancelable: true }));
    await waitUntil(() => shadow(el).querySelector('.banner.error') && !shadow(el).querySelector('.grid-row[aria-busy="true"]'), 'problems shown', { timeout: 10000 });
    await el.updateComplete;
    const titles = [...shadow(el).querySelectorAll<HTMLInputElement>('.grid-row input[aria-invalid="true"]')].map((i) => i.title);
    expect(titles).to.have.length(4);
    for (const t of titles) expect(t).to.match(/^⟦.*⟧$/);
    expectNoLiterals(host, [...data, 'First name', 'Last name', 'Email', 'Phone', 'not-an-address', '030 1234', 'ADA2@example.com'], 'preview with problems');
  });

  it('follows lang live: on the element, on an ancestor, across a shadow root, the document’s, then the browser’s', async () => {
    restore = fakeBff();
    const host = await fixture<HTMLDivElement>(html`<div lang="en"><user-table .token=${'t'}></user-table></div>`);
    const el = host.querySelector('user-table')!;
    await settle(el);
    const toolbar = () => shadow(el).querySelector('.toolbar')!.textContent!;
    expect(toolbar()).to.contain('Hide deactivated');
    host.lang = 'de';
    await waitUntil(() => toolbar().includes('Deaktivierte ausblenden'), 'German after the ancestor’s lang changed');
    expect(shadow(el).querySelector('[data-index="0"]')!.textContent).to.contain(new Intl.DateTimeFormat('de', { dateStyle: 'medium' }).format(new Date(users[0]!.createdAt)));
    // The server is asked in the element's language, so that its messages match the element's words.
    languagesSent.length = 0;
    el.reload();
    await settle(el);
    expect(languagesSent).to.deep.include(['/v1/users', 'de']);
    el.lang = 'ar';
    await waitUntil(() => toolbar().includes(ar.userTable.hideDeactivated), 'Arabic after the element’s own lang');
    el.removeAttribute('lang');
    host.removeAttribute('lang');
    const page = document.documentElement.lang;
    try {
      document.documentElement.lang = 'de-AT';
      await waitUntil(() => toolbar().includes('Deaktivierte ausblenden'), 'the document’s lang when no ancestor has one');
      // No lang anywhere: the browser's language, followed when it changes.
      document.documentElement.lang = '';
      Object.defineProperty(navigator, 'language', { configurable: true, get: () => 'ar-EG' });
      dispatchEvent(new Event('languagechange'));
      await waitUntil(() => toolbar().includes(ar.userTable.hideDeactivated) && el.dir === 'rtl', 'the browser’s language');
    } finally {
      delete (navigator as unknown as Record<string, unknown>).language;
      if (page) document.documentElement.lang = page;
      else document.documentElement.removeAttribute('lang');
      dispatchEvent(new Event('languagechange'));
    }
    await waitUntil(() => el.dir === 'ltr', 'back to the page’s language');

    // <role-picker> in another element's shadow root follows a lang set on that element's ancestor.
    const outer = await fixture<HTMLDivElement>(html`<div lang="en"><div></div></div>`);
    const root = outer.firstElementChild!.attachShadow({ mode: 'open' });
    const picker = document.createElement('role-picker');
    picker.roles = roles;
    root.append(picker);
    await picker.updateComplete;
    const label = () => shadow(picker).querySelector('[role=group]')!.getAttribute('aria-label');
    expect(label()).to.equal('Roles');
    outer.lang = 'de';
    await waitUntil(() => label() === 'Rollen', 'nested element follows');
  });

  it('Arabic is written right to left: dir=rtl on the element, its layout mirrored; back to ltr for English', async () => {
    restore = fakeBff();
    await loadLanguage('ar');
    const host = await fixture<HTMLDivElement>(html`<div lang="ar"><user-table .token=${'t'}></user-table></div>`);
    const el = host.querySelector('user-table')!;
    await settle(el);
    expect(el.getAttribute('dir')).to.equal('rtl');
    expect(getComputedStyle(shadow(el).querySelector('.toolbar')!).direction).to.equal('rtl');
    expect(shadow(el).querySelector('.toolbar')!.textContent).to.contain('إخفاء المعطَّلين');
    host.lang = 'en';
    await waitUntil(() => el.getAttribute('dir') === 'ltr', 'ltr again');
    // A dir the page sets on the element itself is the page's to keep.
    const kept = await fixture<HTMLDivElement>(html`<div lang="ar"><role-picker dir="ltr" .roles=${roles}></role-picker></div>`);
    expect(kept.querySelector('role-picker')!.getAttribute('dir')).to.equal('ltr');
  });
});
