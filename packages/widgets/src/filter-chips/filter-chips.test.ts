import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { permissions, profilePresets } from '@roster/contract';
import '../user-table/define.js';
import type { UserTable } from '../user-table/user-table.js';
import type { RosterFilterChips } from './filter-chips.js';
import { expectAccessible, useWideViewport } from '../test-support/a11y.js';

const TENANT = '33333333-3333-4333-8333-333333333333';
/** A widget token as the table reads it: only its payload's `tid` matters here (the fake BFF takes any). */
const token = `x.${btoa(JSON.stringify({ tid: TENANT })).replace(/=+$/, '')}.y`;
const viewKey = `roster:view:${location.host}:${TENANT}`;

/** A fake BFF: the lists the table loads, the tenant's attributes, and every users request recorded. */
function fakeBff(attributes: unknown[] = [{ id: 'a1', key: 'team', labels: { en: 'Team' }, type: 'oneOf', options: ['red', 'blue'], required: false, showAsColumn: false, position: 0, createdAt: '2026-01-01T00:00:00Z' }]) {
  const lists: URL[] = [];
  const original = window.fetch;
  const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  window.fetch = async (input: RequestInfo | URL) => {
    const url = new URL(String(input), location.href);
    if (url.pathname === '/v1/tenant') return json({ id: TENANT, name: 'Test', profile: profilePresets.default, permissions: [...permissions] });
    if (url.pathname === '/v1/attributes') return json({ items: attributes });
    if (url.pathname === '/v1/users') {
      lists.push(url);
      return json({ items: [], nextCursor: null, total: { count: 0, exact: true } });
    }
    return json({ items: [] });
  };
  return { lists, filterOfLast: () => lists.at(-1)?.searchParams.get('filter') ?? null, restore: () => (window.fetch = original) };
}

async function mount(): Promise<{ table: UserTable; chips: () => RosterFilterChips }> {
  const table = await fixture<UserTable>(html`<user-table .token=${token}></user-table>`);
  const chips = () => table.shadowRoot!.querySelector('roster-filter-chips') as RosterFilterChips;
  await waitUntil(() => customElements.get('roster-filter-chips') && chips()?.shadowRoot?.querySelector('[data-add]'), 'the chips load', { timeout: 5000 });
  return { table, chips };
}

const inChips = (chips: RosterFilterChips, selector: string) => chips.shadowRoot!.querySelector(selector) as HTMLElement;

describe('<user-table> filter chips', () => {
  useWideViewport();
  let bff: ReturnType<typeof fakeBff>;
  beforeEach(() => {
    localStorage.removeItem(viewKey);
    bff = fakeBff();
  });
  afterEach(() => bff.restore());

  it('adds a condition by keyboard and sends it as the filter parameter; Backspace on its chip removes it', async () => {
    const { chips } = await mount();
    const add = inChips(chips(), '[data-add]');
    add.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => inChips(chips(), 'select[name=field]'));
    const field = inChips(chips(), 'select[name=field]') as HTMLSelectElement;
    expect(chips().shadowRoot!.activeElement).to.equal(field);
    field.value = 'attr.team';
    field.dispatchEvent(new Event('change'));
    await chips().updateComplete;
    await waitUntil(() => (inChips(chips(), 'select[name=op]') as HTMLSelectElement).value === 'eq');
    const value = inChips(chips(), 'select[name=value]') as HTMLSelectElement;
    value.value = 'blue';
    value.focus();
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Enter' }); // the Add button
    await waitUntil(() => bff.filterOfLast() !== null, 'a request with the filter');
    expect(JSON.parse(bff.filterOfLast()!)).to.deep.equal({ all: [{ field: 'attr.team', op: 'eq', value: 'blue' }] });
    const chip = inChips(chips(), '.chip');
    expect(chip.getAttribute('aria-label')).to.equal('Remove filter: Team is blue');

    // A second one: a text field; then "Match any".
    (inChips(chips(), '[data-add]') as HTMLButtonElement).click();
    await waitUntil(() => inChips(chips(), 'select[name=field]'));
    const pick = async (name: string, v: string) => {
      const select = inChips(chips(), `select[name=${name}]`) as HTMLSelectElement;
      select.value = v;
      select.dispatchEvent(new Event('change'));
      await chips().updateComplete;
    };
    await pick('field', 'lastName');
    await pick('op', 'contains');
    const text = inChips(chips(), 'input[name=value]') as HTMLInputElement;
    text.value = 'mül';
    text.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => JSON.parse(bff.filterOfLast() ?? '{}').all?.length === 2);
    const match = inChips(chips(), 'select[name=match]') as HTMLSelectElement;
    match.value = 'any';
    match.dispatchEvent(new Event('change'));
    await waitUntil(() => 'any' in JSON.parse(bff.filterOfLast()!));
    expect(JSON.parse(bff.filterOfLast()!)).to.deep.equal({ any: [{ field: 'attr.team', op: 'eq', value: 'blue' }, { field: 'lastName', op: 'contains', value: 'mül' }] });

    // Backspace on the first chip removes it, focus moves to the next chip.
    const first = inChips(chips(), '.chip');
    first.focus();
    await sendKeys({ press: 'Backspace' });
    await waitUntil(() => chips().shadowRoot!.querySelectorAll('.chip').length === 1);
    expect(chips().shadowRoot!.activeElement?.classList.contains('chip')).to.equal(true);
    await sendKeys({ press: 'Delete' });
    await waitUntil(() => chips().shadowRoot!.querySelectorAll('.chip').length === 0);
    await waitUntil(() => bff.lists.at(-1)!.searchParams.get('filter') === null, 'a request without a filter');
    expect(chips().shadowRoot!.activeElement).to.equal(inChips(chips(), '[data-add]'));
  });

  it('is accessible with a chip and the open form (axe), in German and Arabic words too', async () => {
    for (const lang of ['en', 'de', 'ar']) {
      const table = await fixture<UserTable>(html`<user-table lang=${lang} .token=${token}></user-table>`);
      const chips = table.shadowRoot!.querySelector('roster-filter-chips') as RosterFilterChips;
      await waitUntil(() => chips.shadowRoot?.querySelector('[data-add]'), 'the chips load', { timeout: 5000 });
      (table as unknown as { tree: unknown }).tree = { all: [{ field: 'kind', op: 'eq', value: 'end_user' }, { any: [{ field: 'status', op: 'eq', value: 'active' }] }] };
      await table.updateComplete;
      (inChips(chips, '[data-add]') as HTMLButtonElement).click();
      await waitUntil(() => inChips(chips, 'form'));
      if (lang === 'de') await waitUntil(() => inChips(chips, '[data-add]') === null && inChips(chips, 'form')?.getAttribute('aria-label') === 'Filter hinzufügen', 'German words');
      await expectAccessible(table);
      table.remove();
    }
  });

  it('asks for a value instead of adding an empty condition', async () => {
    const { chips } = await mount();
    (inChips(chips(), '[data-add]') as HTMLButtonElement).click();
    await waitUntil(() => inChips(chips(), 'form'));
    (inChips(chips(), 'form') as HTMLFormElement).requestSubmit = undefined as never;
    inChips(chips(), 'form').dispatchEvent(new Event('submit', { cancelable: true }));
    await chips().updateComplete;
    expect(inChips(chips(), '[role=alert]').textContent).to.equal('Enter a value.');
    expect(chips().shadowRoot!.querySelectorAll('.chip').length).to.equal(0);
  });

  it('saves the view and restores it in a new element; Reset forgets it', async () => {
    const { table, chips } = await mount();
    (table as unknown as { tree: unknown }).tree = { all: [{ field: 'status', op: 'eq', value: 'active' }] };
    (table as unknown as { sort: string }).sort = 'createdAt';
    await table.updateComplete;
    const save = [...chips().shadowRoot!.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Save view')!;
    save.click();
    await waitUntil(() => localStorage.getItem(viewKey) !== null);
    table.remove();

    const count = bff.lists.length;
    const again = await mount();
    await waitUntil(() => bff.lists.length > count);
    const first = bff.lists[count]!;
    expect(JSON.parse(first.searchParams.get('filter')!)).to.deep.equal({ all: [{ field: 'status', op: 'eq', value: 'active' }] });
    expect(first.searchParams.get('sort')).to.equal('createdAt');
    await waitUntil(() => again.chips().shadowRoot!.querySelectorAll('.chip').length === 1);

    const reset = [...again.chips().shadowRoot!.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Reset')!;
    reset.click();
    await waitUntil(() => localStorage.getItem(viewKey) === null && bff.filterOfLast() === null);
    expect(bff.lists.at(-1)!.searchParams.get('sort')).to.equal('lastName');
  });

  it('ignores a corrupt stored view, and a stale one naming an attribute the tenant no longer has, without an error', async () => {
    for (const stored of ['{not json', JSON.stringify({ tree: { all: [{ field: 'attr.gone', op: 'eq', value: 'x' }] }, filters: { kind: 'end_user' }, sort: 'nope' }), JSON.stringify({ tree: 'x', filters: { kind: 3 } })]) {
      localStorage.setItem(viewKey, stored);
      const count = bff.lists.length;
      const { table } = await mount();
      await waitUntil(() => bff.lists.length > count);
      const first = bff.lists[count]!;
      expect(first.searchParams.get('filter')).to.equal(null);
      expect(first.searchParams.get('sort')).to.equal('lastName');
      expect(table.shadowRoot!.querySelector('[part=error]')).to.equal(null);
      table.remove();
    }
  });
});
