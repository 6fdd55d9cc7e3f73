import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { permissions } from '@roster/contract';
import './define.js';
import type { PermissionPicker } from './permission-picker.js';
import { DARK_THEME, expectAccessible } from '../test-support/a11y.js';

const held = ['users.read', 'users.write', 'roles.read', 'self.edit'];
const box = (el: PermissionPicker, p: string) => el.shadowRoot!.querySelector<HTMLInputElement>(`input[value="${p}"]`)!;
/** The English labels are a chunk of their own. */
const labelled = (el: PermissionPicker) => waitUntil(() => el.shadowRoot!.querySelector('legend')!.textContent === 'Users', 'permission words');

describe('<permission-picker>', () => {
  it('lists every permission of the catalogue once, by group, with its label and description', async () => {
    const el = await fixture<PermissionPicker>(html`<permission-picker .grantablePermissions=${held}></permission-picker>`);
    await labelled(el);
    const groups = [...el.shadowRoot!.querySelectorAll('fieldset')].map((f) => f.querySelector('legend')!.textContent);
    expect(groups).to.deep.equal(['Users', 'Roles', 'Organizations', 'Billing', 'Audit', 'Integrations', 'Tenant', 'Own profile']);
    expect([...el.shadowRoot!.querySelectorAll('input')].map((i) => i.value).sort()).to.deep.equal([...permissions].sort());
    const users = box(el, 'users.read');
    expect(users.closest('label')!.textContent!.trim()).to.equal('See users and their details');
    const about = el.shadowRoot!.getElementById(users.getAttribute('aria-describedby')!)!;
    expect(about.textContent).to.equal('Open the user list and each user’s profile, roles and status.');
    expect(el.shadowRoot!.textContent).not.to.match(/\b(users|billing|roles)\.[a-z_]+/);
  });

  it('disables what the person does not hold, ticked or not, and says why; the rest changes value, events and form value', async () => {
    const form = await fixture<HTMLFormElement>(html`<form><permission-picker name="permissions" .grantablePermissions=${held} .value=${['billing.manage']}></permission-picker></form>`);
    const el = form.querySelector('permission-picker')!;
    await labelled(el);
    const billing = box(el, 'billing.manage');
    expect(billing.checked).to.equal(true);
    expect(billing.disabled).to.equal(true);
    expect(billing.closest('label')!.getAttribute('part')).to.equal('permission permission-disabled');
    const [, why] = billing.getAttribute('aria-describedby')!.split(' ');
    expect(el.shadowRoot!.getElementById(why!)!.textContent).to.equal('You do not hold this permission, so you cannot give it or take it away.');
    billing.click();
    box(el, 'audit.read').click();
    await el.updateComplete;
    expect(el.value).to.deep.equal(['billing.manage']);
    let changes = 0;
    el.addEventListener('change', () => changes++);
    box(el, 'users.read').click();
    box(el, 'users.write').click();
    box(el, 'users.read').click();
    await el.updateComplete;
    expect(el.value).to.deep.equal(['billing.manage', 'users.write']);
    expect(changes).to.equal(3);
    expect(new FormData(form).getAll('permissions')).to.deep.equal(['billing.manage', 'users.write']);
  });

  it('speaks German, and lays out right to left in Arabic', async () => {
    const host = await fixture<HTMLDivElement>(html`<div lang="de"><permission-picker .grantablePermissions=${held}></permission-picker></div>`);
    const el = host.querySelector('permission-picker')!;
    await waitUntil(() => el.shadowRoot!.querySelector('legend')!.textContent === 'Benutzer', 'German');
    expect(box(el, 'users.write').closest('label')!.textContent!.trim()).to.equal('Benutzer anlegen und bearbeiten');
    expect(el.shadowRoot!.querySelector('.why')!.textContent).to.equal('Sie besitzen diese Berechtigung nicht und können sie daher weder vergeben noch entziehen.');
    const ar = (await fixture<HTMLDivElement>(html`<div lang="ar"><permission-picker></permission-picker></div>`)).querySelector('permission-picker')!;
    await waitUntil(() => ar.shadowRoot!.querySelector('legend')!.textContent === 'المستخدمون', 'Arabic');
    expect(ar.getAttribute('dir')).to.equal('rtl');
  });

  for (const [theme, style] of [['light', ''], ['dark', DARK_THEME]] as const) {
    it(`is accessible in the ${theme} theme (axe, contrast included), and the keyboard reaches every box it may change`, async () => {
      const host = await fixture<HTMLDivElement>(html`<div style=${style}><permission-picker .grantablePermissions=${held} .value=${['users.read', 'billing.manage']}></permission-picker></div>`);
      const el = host.querySelector('permission-picker')!;
      await labelled(el);
      await expectAccessible(el);
      el.focus();
      expect(el.shadowRoot!.activeElement === box(el, 'users.read'), 'focus').to.equal(true);
    });
  }
});
