import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../user-table/define.js';
import type { UserTable } from '../user-table/user-table.js';
import { expectAccessible } from '../test-support/a11y.js';
import { bffCall, newTenant, type BffTenant } from '../test-support/bff.js';

/**
 * The custom attributes panel: `<user-table>`'s toolbar opens it (its own chunk, integrations.manage); it lists the
 * tenant's attributes from the real BFF, defines one (the contract's rules first, the server's answer beside the field
 * it names) and deletes one.
 */
describe('<user-table> attributes panel (real BFF)', () => {
  let tenant: BffTenant;
  before(async function () {
    this.timeout(300_000);
    tenant = await newTenant('Attr Panel Co');
  });

  async function mount(lang = 'en') {
    const host = await fixture<HTMLDivElement>(html`<div lang=${lang}><user-table style="height: 400px" base-url=${tenant.url} .token=${tenant.token}></user-table></div>`);
    const el = host.querySelector('user-table')! as UserTable;
    await waitUntil(() => el.shadowRoot!.querySelector('[data-panel=attributes]'), 'the toolbar’s Attributes button', { timeout: 15_000 });
    return el;
  }
  const panel = (el: UserTable) => el.shadowRoot!.querySelector('roster-attributes-panel');
  const root = (el: UserTable) => panel(el)!.shadowRoot!;
  const input = (el: UserTable, name: string) => root(el).querySelector<HTMLInputElement>(`[name=${name}]`)!;
  const names = (el: UserTable) => [...root(el).querySelectorAll('[part=attr-name]')].map((n) => n.textContent!.trim());
  const errorOf = (el: UserTable, name: string) => root(el).querySelector(`#${name}-error`)!.textContent!.trim();
  async function open(el: UserTable) {
    el.shadowRoot!.querySelector<HTMLButtonElement>('[data-panel=attributes]')!.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => panel(el)?.shadowRoot?.querySelector('[part=empty], [part=attr-list]'), 'the attributes', { timeout: 15_000 });
  }
  async function fill(el: UserTable, name: string, text: string) {
    input(el, name).focus();
    input(el, name).select();
    await sendKeys({ press: 'Backspace' });
    if (text) await sendKeys({ type: text });
  }
  const submit = (el: UserTable) => root(el).querySelector<HTMLButtonElement>('button[type=submit]')!.click();
  const serverKeys = async () => (await bffCall<{ items: { key: string }[] }>(tenant, 'GET', '/v1/attributes')).body.items.map((d) => d.key);

  it('opens from the toolbar, refuses a bad key before sending, defines an attribute, shows a taken key beside the field, and deletes it', async function () {
    this.timeout(90_000);
    const el = await mount();
    expect(el.shadowRoot!.querySelector('[data-panel=attributes]')!.textContent!.trim()).to.equal('Attributes');
    await open(el);
    expect(root(el).querySelector('[part=empty]')!.textContent!.trim()).to.equal('No custom attributes yet.');
    await expectAccessible(panel(el)!);

    // The contract's rules first: nothing is sent.
    await fill(el, 'key', 'Cost Centre');
    await fill(el, 'labelEn', 'Cost centre');
    submit(el);
    await waitUntil(() => errorOf(el, 'key') !== '', 'the key’s error');
    expect(input(el, 'key').getAttribute('aria-invalid')).to.equal('true');
    expect(await serverKeys()).to.deep.equal([]);

    await fill(el, 'key', 'cost_centre');
    await fill(el, 'labelDe', 'Kostenstelle');
    submit(el);
    await waitUntil(() => names(el).length === 1, 'the new attribute listed', { timeout: 15_000 });
    expect(names(el)).to.deep.equal(['Cost centre']);
    expect(root(el).querySelector('[part=notice]')!.textContent!.trim()).to.equal('“Cost centre” added.');
    expect(await serverKeys()).to.deep.equal(['cost_centre']);

    // The server's 409 names the key: shown beside it.
    await fill(el, 'key', 'cost_centre');
    await fill(el, 'labelEn', 'Again');
    submit(el);
    await waitUntil(() => errorOf(el, 'key') !== '', 'the taken key’s error', { timeout: 15_000 });
    expect(errorOf(el, 'key')).to.equal('Is already taken in this tenant.');
    expect(await serverKeys()).to.deep.equal(['cost_centre']);
    await expectAccessible(panel(el)!);

    // Delete, confirmed.
    const confirm = window.confirm;
    window.confirm = () => true;
    try {
      root(el).querySelector<HTMLButtonElement>('[part=attr] button')!.click();
      await waitUntil(() => root(el).querySelector('[part=empty]'), 'the list empty again', { timeout: 15_000 });
    } finally {
      window.confirm = confirm;
    }
    expect(await serverKeys()).to.deep.equal([]);
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => panel(el) === null, 'the panel closed');
  });

  it('speaks German and Arabic', async function () {
    this.timeout(60_000);
    for (const [lang, title] of [['de', 'Eigene Attribute'], ['ar', 'السمات المخصصة']] as const) {
      const el = await mount(lang);
      await open(el);
      await waitUntil(() => root(el).querySelector('[part=sheet-title]')!.textContent!.trim() === title, `the ${lang} title`, { timeout: 10_000 });
      expect(root(el).querySelector('[part=sheet-title]')!.textContent!.trim()).to.equal(title);
      await sendKeys({ press: 'Escape' });
      await waitUntil(() => panel(el) === null, 'the panel closed');
    }
  });
});
