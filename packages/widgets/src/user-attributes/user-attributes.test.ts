import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { AttributeDefinition, TenantContext } from '@roster/contract';
import { ApiClient, TokenSource } from '../internal/api-client.js';
import '../user-sheet/define.js';
import '../user-table/define.js';
import type { RosterUserSheet } from '../user-sheet/user-sheet.js';
import type { UserTable } from '../user-table/user-table.js';
import type { RosterUserAttributes } from './user-attributes.js';
import { expectAccessible } from '../test-support/a11y.js';
import { bffCall, newMember, newPerson, newTenant, type BffPerson, type BffTenant } from '../test-support/bff.js';

/**
 * A user's custom attributes on their page's Attributes tab, and the ones "shown as a column" in `<user-table>`,
 * against the real BFF: the editor's chunk loads with the tab, a bad value is said at its input before anything is
 * sent, the server's issue shows at the input it names, a save reaches the server; read-only without users.write.
 */
describe('<roster-user-attributes> and attribute columns (real BFF)', () => {
  let tenant: BffTenant;
  let person: BffPerson;
  const defs: Record<string, AttributeDefinition> = {};
  before(async function () {
    this.timeout(300_000);
    tenant = await newTenant('Attr Editor Co');
    person = await newPerson(tenant);
    for (const body of [
      { key: 'cost_centre', labels: { en: 'Cost centre', de: 'Kostenstelle' }, type: 'text', required: true, showAsColumn: true },
      { key: 'badge', labels: { en: 'Badge' }, type: 'number', showAsColumn: true },
      { key: 'remote', labels: { en: 'Remote' }, type: 'boolean' },
      { key: 'start', labels: { en: 'Start date' }, type: 'date' },
      { key: 'site', labels: { en: 'Site' }, type: 'oneOf', options: ['Berlin', 'Cairo'] },
    ]) {
      const r = await bffCall<AttributeDefinition>(tenant, 'POST', '/v1/attributes', body);
      expect(r.status).to.equal(201);
      defs[r.body.key] = r.body;
    }
  });

  async function mount(token: string, lang = 'en') {
    const context = (await bffCall<TenantContext>(tenant, 'GET', '/v1/tenant', undefined, token)).body;
    const api = new ApiClient(() => tenant.url, new TokenSource(() => ({ token })), () => lang);
    const host = await fixture<HTMLDivElement>(html`<div lang=${lang}><roster-user-sheet .api=${api} .tenant=${context} user-id=${person.id} tab="attributes"></roster-user-sheet></div>`);
    const sheet = host.querySelector('roster-user-sheet')! as RosterUserSheet;
    await waitUntil(() => sheet.shadowRoot!.querySelector('roster-user-attributes')?.shadowRoot?.querySelector('form'), 'the Attributes tab’s form', { timeout: 15_000 }).catch((e) => {
      throw new Error(`${e}: ${sheet.shadowRoot!.textContent!.replace(/\s+/g, ' ').slice(0, 300)} | ${sheet.shadowRoot!.querySelector('roster-user-attributes')?.shadowRoot?.textContent}`);
    });
    const el = sheet.shadowRoot!.querySelector('roster-user-attributes')! as RosterUserAttributes;
    return { sheet, el, root: el.shadowRoot! };
  }
  const stored = async () => (await bffCall<Record<string, unknown>>(tenant, 'GET', `/v1/users/${person.id}/attributes`)).body;
  const notice = (root: ShadowRoot) => root.querySelector('[part=notice]')!.textContent!.trim();
  async function type(root: ShadowRoot, id: string, text: string) {
    const input = root.querySelector<HTMLInputElement>(`#${id}`)!;
    input.focus();
    input.select();
    await sendKeys({ press: 'Backspace' });
    if (text) await sendKeys({ type: text });
  }

  it('edits with the keyboard: a bad number is said at its input and nothing is sent; then the values are saved', async function () {
    this.timeout(90_000);
    const { el, root } = await mount(tenant.token);
    expect([...root.querySelectorAll('label')].map((l) => l.textContent!.replace(/\s+/g, ' ').trim())).to.deep.equal(['Cost centre (required)', 'Badge', 'Remote', 'Start date', 'Site']);
    // A required attribute the user has no value of (it was defined after they were made) is flagged.
    expect(root.querySelector('#attr-cost_centre-missing')!.textContent).to.contain('Required');
    await expectAccessible(el);
    await type(root, 'attr-badge', '12,5');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => root.querySelector('#attr-badge-error'), 'no error at the badge');
    expect(root.querySelector('#attr-badge')!.getAttribute('aria-invalid')).to.equal('true');
    expect(root.activeElement?.id).to.equal('attr-badge');
    expect(await stored()).to.deep.equal({});
    await type(root, 'attr-badge', '12.5');
    await type(root, 'attr-cost_centre', '4711');
    const site = root.querySelector<HTMLSelectElement>('#attr-site')!;
    site.value = 'Cairo';
    site.dispatchEvent(new Event('change'));
    root.querySelector<HTMLInputElement>('#attr-cost_centre')!.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => notice(root) === 'Attributes saved.', `notice: ${notice(root)}`, { timeout: 10_000 });
    expect(await stored()).to.deep.equal({ cost_centre: '4711', badge: 12.5, site: 'Cairo' });
    expect(root.querySelector('#attr-cost_centre-missing')).to.equal(null);
    await expectAccessible(el);
  });

  it('shows the server’s issue at the input it names (an attribute deleted meanwhile), and refuses clearing a required one', async function () {
    this.timeout(90_000);
    const { root } = await mount(tenant.token);
    expect((await bffCall(tenant, 'DELETE', `/v1/attributes/${defs.start!.id}`)).status).to.equal(204);
    const start = root.querySelector<HTMLInputElement>('#attr-start')!;
    start.value = '2026-03-01';
    start.dispatchEvent(new Event('input'));
    root.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    await waitUntil(() => root.querySelector('#attr-start-error'), 'no error at the start date', { timeout: 10_000 });
    expect(notice(root)).to.match(/^Not saved:/);
    expect(root.activeElement?.id).to.equal('attr-start');
    await type(root, 'attr-cost_centre', '');
    start.value = '';
    start.dispatchEvent(new Event('input'));
    root.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    await waitUntil(() => root.querySelector('#attr-cost_centre-error'), 'no error at the cost centre');
    expect((await stored()).cost_centre).to.equal('4711');
  });

  it('is read-only for a caller without users.write, in their language', async function () {
    this.timeout(90_000);
    const reader = await newMember(tenant, { permissions: ['users.read', 'organizations.read', 'org.access.all'] });
    const { el, root } = await mount(reader.token, 'de');
    await waitUntil(() => root.textContent!.includes('Kostenstelle'), 'the German label');
    expect(root.querySelectorAll('input, select, button[type=submit]').length).to.equal(0);
    expect(root.textContent).to.contain('4711');
    expect(root.textContent).to.contain('12,5');
    await expectAccessible(el);
  });

  it('<user-table> shows the attributes marked as columns, formatted, and sorts by one', async function () {
    this.timeout(90_000);
    const host = await fixture<HTMLDivElement>(html`<div lang="en"><user-table style="height: 400px" base-url=${tenant.url} .token=${tenant.token}></user-table></div>`);
    const table = host.querySelector('user-table')! as UserTable;
    const header = () => [...table.shadowRoot!.querySelectorAll('[role=columnheader]')].map((h) => h.textContent!.replace(/[▲▼]/g, '').trim());
    await waitUntil(() => header().includes('Cost centre') && table.shadowRoot!.querySelector(`[data-user-id="${person.id}"]`), 'the attribute columns', { timeout: 15_000 });
    expect(header().slice(-3)).to.deep.equal(['Cost centre', 'Badge', 'Actions']);
    await expectAccessible(table);
    const cells = [...table.shadowRoot!.querySelectorAll(`[data-user-id="${person.id}"] [role=gridcell]`)].map((c) => c.textContent!.trim());
    expect(cells.slice(-3, -1)).to.deep.equal(['4711', '12.5']);
    const sort = table.shadowRoot!.querySelector<HTMLButtonElement>('button[data-sort="attr.cost_centre"]')!;
    sort.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => sort.parentElement!.getAttribute('aria-sort') === 'ascending', 'not sorted');
    await waitUntil(() => table.shadowRoot!.querySelector('[data-user-id]')?.getAttribute('data-user-id') === person.id, 'the user with a value first');
  });
});
