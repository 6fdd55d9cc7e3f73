import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { Organization } from '@roster/contract';
import '../user-table/define.js';
import type { UserTable } from '../user-table/user-table.js';
import { DARK_THEME, expectAccessible, useWideViewport } from '../test-support/a11y.js';
import { bffCall, newMember, newTenant, type BffTenant } from '../test-support/bff.js';

/**
 * Seed 002 (Torii's setup): in the console's organizations list, "use the search field to find the organization" and
 * Copy Org ID from its row (docs/seed-behaviours.md 002-10). `<user-table>`'s toolbar opens the organizations panel
 * (its own chunk); the search runs on the real BFF (`GET /v1/organizations?q=`).
 */
describe('<user-table> organizations panel (real BFF)', () => {
  let tenant: BffTenant;
  const orgs: Record<string, Organization> = {};
  before(async function () {
    // The first command starts the BFF (PGlite and its migrations): seconds (a minute on a busy machine), once per run.
    this.timeout(300_000);
    tenant = await newTenant('Org Panel Co');
    for (const name of ['Zürich Dental', 'Borealis Logistics', 'Acme Café']) orgs[name] = (await bffCall<Organization>(tenant, 'POST', '/v1/organizations', { name })).body;
  });

  async function mount(o: { token?: string; lang?: string; theme?: string } = {}) {
    const host = await fixture<HTMLDivElement>(html`<div lang=${o.lang ?? 'en'} style=${o.theme ?? ''}><user-table style="height: 400px" base-url=${tenant.url} .token=${o.token ?? tenant.token}></user-table></div>`);
    const el = host.querySelector('user-table')! as UserTable;
    // The toolbar's buttons come with the dialogs' chunk, once the caller's permissions are known.
    await waitUntil(() => el.shadowRoot!.querySelector('[part=toolbar] button'), 'the toolbar’s buttons', { timeout: 15_000 });
    return el;
  }
  const button = (el: UserTable) => el.shadowRoot!.querySelector<HTMLButtonElement>('[data-panel=organizations]');
  const panel = (el: UserTable) => el.shadowRoot!.querySelector('roster-organizations-panel');
  const root = (el: UserTable) => panel(el)!.shadowRoot!;
  const names = (el: UserTable) => [...root(el).querySelectorAll('[part=org-name]')].map((n) => n.textContent!.trim());
  const notice = (el: UserTable) => root(el).querySelector('[part=notice]')!.textContent!.trim();
  const search = (el: UserTable) => root(el).querySelector<HTMLInputElement>('input[type=search]')!;
  const copyButton = (el: UserTable, name: string) => [...root(el).querySelectorAll('[part=org]')].find((li) => li.querySelector('[part=org-name]')!.textContent!.trim() === name)!.querySelector('button')!;

  /** Opens the panel from the toolbar with the keyboard, and waits for its list. */
  async function open(el: UserTable) {
    button(el)!.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => panel(el)?.shadowRoot?.querySelector('[part=org-list]'), 'the organizations', { timeout: 15_000 });
  }
  async function type(el: UserTable, text: string) {
    search(el).focus();
    search(el).select();
    await sendKeys({ press: 'Backspace' });
    if (text) await sendKeys({ type: text });
  }

  it('opens from the toolbar, searches on the server, shows the empty state, copies an Org ID and closes with Escape back to the button', async function () {
    this.timeout(60_000);
    const el = await mount();
    expect(button(el)!.textContent!.trim()).to.equal('Organizations');
    await open(el);
    expect(names(el)).to.deep.equal(['Acme Café', 'Borealis Logistics', 'Zürich Dental']);
    // The ID shows in monospace beside the name, with the user count.
    const id = root(el).querySelector('[part=org-id]')!;
    expect(id.textContent).to.equal(orgs['Acme Café']!.id);
    expect(getComputedStyle(id).fontFamily).to.contain('monospace');
    expect(root(el).querySelector('[part=org]')!.textContent).to.contain('0 users');
    // The search field is labelled and has the focus.
    expect(panel(el)!.shadowRoot!.activeElement === search(el)).to.equal(true);
    expect(search(el).closest('label')!.textContent!.trim()).to.equal('Search organizations');

    // Typed without accents or case: the server finds Zürich.
    await type(el, 'ZURICH');
    await waitUntil(() => names(el).join() === 'Zürich Dental', `searched: ${names(el).join()}`, { timeout: 10_000 });
    await type(el, 'nowhere gmbh');
    await waitUntil(() => root(el).querySelector('[part=empty]'), 'the empty state', { timeout: 10_000 });
    expect(root(el).querySelector('[part=empty]')!.textContent).to.contain('No organization matches “nowhere gmbh”');
    expect(root(el).querySelector('[part=empty]')!.getAttribute('role')).to.equal('status');
    root(el).querySelector<HTMLButtonElement>('[part=empty] button')!.click();
    await waitUntil(() => names(el).length === 3, 'the search cleared', { timeout: 10_000 });

    // Copy Org ID: what the page writes to the clipboard (the browser's own clipboard asks for a permission), and the
    // feedback beside the button and in the live region.
    const written: string[] = [];
    const clipboard = navigator.clipboard;
    const original = clipboard.writeText;
    clipboard.writeText = async (text: string) => void written.push(text);
    try {
      const copy = copyButton(el, 'Borealis Logistics');
      expect(copy.textContent!.trim()).to.equal('Copy Org ID');
      expect(copy.getAttribute('aria-label')).to.equal('Copy Org ID: Borealis Logistics');
      copy.focus();
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => notice(el) === 'Copied the Org ID of Borealis Logistics.', `no word that it was copied: ${notice(el)}`);
      expect(written).to.deep.equal([orgs['Borealis Logistics']!.id]);
      expect(root(el).querySelector('[part=notice]')!.getAttribute('aria-live')).to.equal('polite');
      expect(copyButton(el, 'Borealis Logistics').parentElement!.textContent).to.contain('Copied');
      // Refused by the browser: said so, the ID stays on screen to select by hand.
      clipboard.writeText = async () => {
        throw new DOMException('denied', 'NotAllowedError');
      };
      copyButton(el, 'Acme Café').click();
      await waitUntil(() => notice(el).startsWith('The browser did not allow copying'), `no word of the refusal: ${notice(el)}`);
    } finally {
      clipboard.writeText = original;
    }

    // Escape closes the panel and gives the focus back to the toolbar's button.
    copyButton(el, 'Zürich Dental').focus();
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => panel(el) === null, 'the panel did not close');
    expect(el.shadowRoot!.activeElement === button(el)).to.equal(true);
  });

  it('keeps Tab in order: close, search, then each row’s Copy Org ID', async function () {
    this.timeout(60_000);
    const el = await mount();
    await open(el);
    const focused = () => panel(el)!.shadowRoot!.activeElement;
    await sendKeys({ press: 'Shift+Tab' });
    expect(focused()?.getAttribute('aria-label')).to.equal('Close');
    await sendKeys({ press: 'Tab' });
    expect(focused() === search(el)).to.equal(true);
    for (const name of ['Acme Café', 'Borealis Logistics', 'Zürich Dental']) {
      await sendKeys({ press: 'Tab' });
      expect(focused() === copyButton(el, name), name).to.equal(true);
    }
    (focused() as HTMLElement).blur();
    root(el).querySelector<HTMLButtonElement>('[aria-label=Close]')!.click();
    await waitUntil(() => panel(el) === null, 'closed by its button');
  });

  it('is not offered to a caller without organizations.read', async function () {
    this.timeout(60_000);
    const reader = await newMember(tenant, { permissions: ['users.read', 'org.access.all'] });
    const el = await mount({ token: reader.token });
    expect(button(el) === null).to.equal(true);
  });

  it('speaks German and Arabic', async function () {
    this.timeout(60_000);
    const de = await mount({ lang: 'de' });
    await waitUntil(() => button(de)?.textContent!.trim() === 'Organisationen', 'the German button', { timeout: 10_000 });
    await open(de);
    await waitUntil(() => root(de).querySelector('h2')!.textContent === 'Organisationen', 'the German panel', { timeout: 10_000 });
    expect(copyButton(de, 'Acme Café').textContent!.trim()).to.equal('Org-ID kopieren');
    await type(de, 'nirgends');
    await waitUntil(() => root(de).querySelector('[part=empty]')?.textContent!.includes('Keine Organisation passt zu „nirgends“'), 'the German empty state', { timeout: 10_000 });
    // In the search field, the first Escape clears the search (the browser's own search field), the next closes the
    // panel — which, modal, makes the rest of the page inert: closed before the next table.
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => search(de).value === '' && names(de).length === 3, 'the search cleared by Escape', { timeout: 10_000 });
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => panel(de) === null, 'the German panel closed');
    const ar = await mount({ lang: 'ar' });
    await waitUntil(() => button(ar)?.textContent!.trim() === 'المؤسسات', 'the Arabic button', { timeout: 10_000 });
    await open(ar);
    await waitUntil(() => search(ar).closest('label')!.textContent!.trim() === 'البحث في المؤسسات', 'the Arabic panel', { timeout: 10_000 });
    expect(getComputedStyle(root(ar).querySelector('dialog')!).direction).to.equal('rtl');
  });

  for (const [theme, style] of [['light', ''], ['dark', DARK_THEME]] as const) {
    describe(`is accessible in the ${theme} theme (axe, contrast included)`, () => {
      useWideViewport();
      it('the list, a copied ID, and the empty state', async function () {
        this.timeout(60_000);
        const el = await mount({ theme: style });
        await open(el);
        await expectAccessible(panel(el)!);
        const original = navigator.clipboard.writeText;
        navigator.clipboard.writeText = async () => undefined;
        try {
          copyButton(el, 'Acme Café').click();
          await waitUntil(() => notice(el) !== '', 'copied');
        } finally {
          navigator.clipboard.writeText = original;
        }
        await expectAccessible(panel(el)!);
        await type(el, 'nowhere');
        await waitUntil(() => root(el).querySelector('[part=empty]'), 'the empty state', { timeout: 10_000 });
        await expectAccessible(panel(el)!);
      });
    });
  }
});
