import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { Role } from '@roster/contract';
import './define.js';
import type { RolePicker } from './role-picker.js';
import { DARK_THEME, expectAccessible } from '../test-support/a11y.js';

const role = (id: number, name: string, permissions: string[], key: string | null = null): Role => ({
  id: `00000000-0000-4000-8000-00000000000${id}`,
  key,
  name,
  description: '',
  builtIn: key !== null,
  permissions: permissions as Role['permissions'],
  organizationIds: [],
});
const roles = [
  role(1, 'Root Admin', ['users.read', 'billing.manage'], 'root_admin'),
  role(2, 'System Administrator', ['users.read', 'users.write', 'billing.manage'], 'system_admin'),
  role(3, 'User', ['self.edit'], 'user'),
  role(4, 'Helpdesk', ['users.read', 'users.write']),
  role(5, 'Auditor', ['audit.read']),
  role(6, 'Billing', ['billing.manage']),
  role(7, 'Dispatcher', ['users.read']),
];
const mine = ['users.read', 'users.write', 'self.edit'];

/** A role's item by its name as shown (the permissions' group names, "Users", must not match "User"). */
const itemOf = (el: Element, name: string) => [...el.shadowRoot!.querySelectorAll('li')].find((li) => li.querySelector('label')?.textContent!.trim() === name)!;

describe('<role-picker>', () => {
  it('disables roles the chooser may not grant, and says why', async () => {
    const el = await fixture<RolePicker>(html`<role-picker multiple .roles=${roles} .grantablePermissions=${mine}></role-picker>`);
    const item = (name: string) => itemOf(el, name);
    // The English permission labels are a chunk of their own.
    await waitUntil(() => item('Helpdesk').querySelector('details')!.textContent!.includes('Create and edit users'), 'permission labels');
    expect(item('Root Admin').querySelector('input')!.disabled).to.equal(true);
    expect(item('Root Admin').textContent).to.contain('The Root Admin role is given only by promoting another user');
    expect(item('System Administrator').textContent).to.contain('You cannot grant System Administrator: it has permissions you do not hold (Manage billing, subscriptions and seats).');
    expect(item('Helpdesk').querySelector('details')!.textContent).to.contain('See users and their details, Create and edit users');
    expect(item('Helpdesk').querySelector('input')!.disabled).to.equal(false);
  });

  it('shows a role’s permissions by group, in words, never as keys', async () => {
    const mixed = role(8, 'Front desk', ['self.edit', 'billing.manage', 'users.write', 'users.read', 'audit.read']);
    const el = await fixture<RolePicker>(html`<role-picker .roles=${[mixed, roles[6]!]} .grantablePermissions=${mine}></role-picker>`);
    const details = () => el.shadowRoot!.querySelector('details')!;
    await waitUntil(() => details().querySelector('dt')?.textContent === 'Users', 'group names');
    const groups = [...details().querySelectorAll('dl > div')].map((d) => [d.querySelector('dt')!.textContent, d.querySelector('dd')!.textContent]);
    // The catalogue's order of groups and of permissions in a group, whatever the role's order.
    expect(groups).to.deep.equal([
      ['Users', 'See users and their details, Create and edit users'],
      ['Billing', 'Manage billing, subscriptions and seats'],
      ['Audit', 'Read the audit log'],
      ['Own profile', 'Edit their own profile'],
    ]);
    expect(details().textContent).not.to.match(/\b(users|billing|audit|self)\.[a-z_]+/);
  });

  it('is a form control: submits one entry per chosen role and takes part in validation', async () => {
    const form = await fixture<HTMLFormElement>(html`<form><role-picker name="roleIds" multiple required .roles=${roles} .grantablePermissions=${mine}></role-picker></form>`);
    const el = form.querySelector('role-picker')!;
    await el.updateComplete;
    expect(form.checkValidity()).to.equal(false);
    let changes = 0;
    el.addEventListener('change', () => changes++);
    const box = (name: string) => itemOf(el, name).querySelector('input')!;
    box('Helpdesk').click();
    box('Dispatcher').click();
    await el.updateComplete;
    expect(new FormData(form).getAll('roleIds')).to.deep.equal([roles[3]!.id, roles[6]!.id]);
    expect(form.checkValidity()).to.equal(true);
    expect(changes).to.equal(2);
    box('System Administrator').click(); // disabled: nothing changes
    await el.updateComplete;
    expect(el.value).to.have.length(2);
  });

  it('single selection keeps one role; search narrows long lists', async () => {
    const el = await fixture<RolePicker>(html`<role-picker .roles=${roles} .grantablePermissions=${mine}></role-picker>`);
    const box = (name: string) => itemOf(el, name).querySelector('input')!;
    box('Helpdesk').click();
    box('User').click();
    await el.updateComplete;
    expect(el.value).to.deep.equal([roles[2]!.id]);
    const search = el.shadowRoot!.querySelector<HTMLInputElement>('input[type=search]')!;
    search.value = 'audit';
    search.dispatchEvent(new Event('input'));
    await el.updateComplete;
    expect([...el.shadowRoot!.querySelectorAll('li')].map((li) => li.querySelector('label')!.textContent!.trim())).to.deep.equal(['Auditor']);
  });

  it('speaks German in a German page, also inside another element’s shadow root', async () => {
    const host = await fixture<HTMLDivElement>(html`<div lang="de"><role-picker multiple required .roles=${roles} .grantablePermissions=${mine}></role-picker></div>`);
    const el = host.querySelector('role-picker')!;
    // German is a chunk of its own: the element shows it once loaded.
    await waitUntil(() => el.shadowRoot!.querySelector('[role=group]')!.getAttribute('aria-label') === 'Rollen');
    const item = (name: string) => itemOf(el, name);
    expect(el.shadowRoot!.querySelector<HTMLInputElement>('input[type=search]')!.placeholder).to.equal('Rollen suchen');
    expect(el.shadowRoot!.querySelector('input[type=search]')!.getAttribute('aria-label')).to.equal('Rollen durchsuchen');
    expect(item('Root Admin').querySelector('.why')!.textContent).to.equal('Die Rolle Root Admin wird nur vergeben, indem der Plattformbetreiber einen anderen Benutzer zum Root Admin befördert (POST /v1/platform/tenants/:tenantId/root-admin).');
    expect(item('Systemadministrator').querySelector('.why')!.textContent).to.equal('Sie können Systemadministrator nicht vergeben: Die Rolle hat Berechtigungen, die Sie nicht besitzen (Abrechnung, Abonnements und Plätze verwalten).');
    // Built-in roles by their key, in German; the tenant's own roles as typed.
    expect(item('Helpdesk').querySelector('label')!.textContent!.trim()).to.equal('Helpdesk');
    expect(item('Helpdesk').querySelector('details')!.textContent).to.contain('Benutzer und ihre Angaben sehen, Benutzer anlegen und bearbeiten');
    expect(item('Helpdesk').querySelector('dt')!.textContent).to.equal('Benutzer');
    expect(item('Helpdesk').querySelector('summary')!.textContent).to.equal('2 Berechtigungen');
    expect(item('Auditor').querySelector('summary')!.textContent).to.equal('1 Berechtigung');
    expect(el.validationMessage).to.equal('Wählen Sie eine Rolle.');
    const search = el.shadowRoot!.querySelector<HTMLInputElement>('input[type=search]')!;
    search.value = 'xyz';
    search.dispatchEvent(new Event('input'));
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('li.empty')!.textContent).to.equal('Keine Rolle passt zu „xyz“.');

    // Inside a shadow root (as in <import-modal>'s assign bar), the host page's language still counts.
    const outer = await fixture<HTMLDivElement>(html`<div lang="de"><div></div></div>`);
    const shadow = outer.firstElementChild!.attachShadow({ mode: 'open' });
    const nested = document.createElement('role-picker');
    nested.roles = roles;
    shadow.append(nested);
    await nested.updateComplete;
    expect(nested.shadowRoot!.querySelector('[role=group]')!.getAttribute('aria-label')).to.equal('Rollen');
  });

  for (const [theme, style] of [['light', ''], ['dark', DARK_THEME]] as const) {
    it(`is accessible in the ${theme} theme (axe, contrast included): chosen, disabled with a reason, permissions open, no match`, async () => {
      const host = await fixture(html`<div style=${style}><role-picker multiple label="Roles" .roles=${roles} .grantablePermissions=${mine} .value=${[roles[3]!.id]}></role-picker></div>`);
      const el = host.querySelector('role-picker')!;
      await el.updateComplete;
      el.shadowRoot!.querySelector('details')!.open = true;
      await expectAccessible(el);
      const search = el.shadowRoot!.querySelector<HTMLInputElement>('[part=search]')!;
      search.value = 'nothing like it';
      search.dispatchEvent(new Event('input'));
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('[part=empty]')).to.exist;
      await expectAccessible(el);
    });
  }

  it('is accessible (axe) and keyboard-usable', async () => {
    const el = await fixture<RolePicker>(html`<role-picker multiple label="Roles" .roles=${roles} .grantablePermissions=${mine}></role-picker>`);
    await expectAccessible(el);
    const first = el.shadowRoot!.querySelector<HTMLInputElement>('li[aria-disabled="false"] input')!;
    first.focus();
    expect(el.shadowRoot!.activeElement).to.equal(first);
  });
});
