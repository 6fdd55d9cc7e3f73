import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { Organization, Role } from '@roster/contract';
import './define.js';
import type { RoleEditor } from './role-editor.js';
import type { RoleSavedEvent } from '../events/role-saved.js';
import type { RoleDeletedEvent } from '../events/role-deleted.js';
import { DARK_THEME, expectAccessible } from '../test-support/a11y.js';
import { bffCall, newMember, newTenant, type BffTenant } from '../test-support/bff.js';

/** The element's shadow root, and the pieces the tests reach for. */
const root = (el: Element) => el.shadowRoot!;
const itemOf = (el: Element, name: string) => [...root(el).querySelectorAll('li[part~=role]')].find((li) => li.querySelector('[part=role-name]')!.textContent === name);
const picker = (el: Element) => root(el).querySelector('permission-picker')!;
/** A permission's checkbox in the form (undefined while the form is closed). */
const box = (el: Element, permission: string) => root(el).querySelector('permission-picker')?.shadowRoot!.querySelector<HTMLInputElement>(`input[value="${permission}"]`)!;
const button = (scope: ParentNode, text: string) => [...scope.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent!.trim() === text)!;
const dialog = (el: Element) => root(el).querySelector('dialog');
function type(input: HTMLInputElement | HTMLTextAreaElement, value: string) {
  input.value = value;
  input.dispatchEvent(new Event('input'));
}
const rolesOf = async (tenant: BffTenant) => (await bffCall<{ items: Role[] }>(tenant, 'GET', '/v1/roles')).body.items;

async function mount(tenant: BffTenant, token = tenant.token, lang = 'en'): Promise<RoleEditor> {
  const host = await fixture<HTMLDivElement>(html`<div lang=${lang}><role-editor base-url=${tenant.url} .token=${token}></role-editor></div>`);
  const el = host.querySelector('role-editor')!;
  await waitUntil(() => root(el).querySelector('[part~=list]'), 'the roles are listed', { timeout: 10_000 });
  // The permission words are a chunk of their own (English) or come with the language's.
  // Until they arrive, a role's permissions are one group of keys, 'other'.
  await waitUntil(() => [...root(el).querySelectorAll('details dt')].some((dt) => dt.textContent !== 'other'), 'permission words', { timeout: 10_000 });
  return el;
}

describe('<role-editor> against the BFF', function () {
  // Each test talks to the real BFF (PGlite) several times: generous on a busy machine.
  this.timeout(90_000);
  let tenant: BffTenant;
  let helpdesk: Role;
  let acme: Organization;
  before(async function () {
    // The first command starts the BFF (PGlite and its migrations): seconds (a minute on a busy machine), once per run.
    this.timeout(300_000);
    tenant = await newTenant('Roles Co');
    helpdesk = (await bffCall<Role>(tenant, 'POST', '/v1/roles', { name: 'Helpdesk', description: 'Front line', permissions: ['users.read', 'users.write', 'billing.manage'] })).body;
    acme = (await bffCall<Organization>(tenant, 'POST', '/v1/organizations', { name: 'Acme' })).body;
  });

  it('lists built-in roles read-only with a badge, custom ones editable; permissions by group in words, never keys', async () => {
    const el = await mount(tenant);
    const builtIn = itemOf(el, 'System Administrator')!;
    expect(builtIn.getAttribute('part')).to.equal('role role-builtin');
    expect(builtIn.querySelector('[part=badge]')!.textContent).to.equal('Built-in');
    expect(builtIn.querySelectorAll('button')).to.have.length(0);
    expect(builtIn.querySelector('[part=role-scope]')!.textContent).to.equal('Every organization');
    const custom = itemOf(el, 'Helpdesk')!;
    expect(custom.querySelector('[part=badge]')).to.equal(null);
    expect(custom.querySelector('[part=role-description]')!.textContent).to.equal('Front line');
    expect([...custom.querySelectorAll('button')].map((b) => b.getAttribute('aria-label'))).to.deep.equal(['Edit Helpdesk', 'Delete Helpdesk']);
    expect([...custom.querySelectorAll('dl > div')].map((d) => d.textContent)).to.deep.equal(['UsersSee users and their details, Create and edit users', 'BillingManage billing, subscriptions and seats']);
    expect(root(el).querySelector('[part~=list]')!.textContent).not.to.match(/\b(users|billing|roles|self|audit|tenant|widgets|organizations|integrations|org)\.[a-z_.]+/);
    expect(root(el).querySelector('[part=hint]')!.textContent).to.contain('Built-in roles cannot be changed or deleted');
  });

  it('creates a role: name, description, permissions by group, organizations; the server has it, and says so politely', async () => {
    const el = await mount(tenant);
    const newRole = button(root(el), 'New role');
    newRole.focus();
    newRole.click();
    await waitUntil(() => dialog(el)?.open, 'the form opens');
    expect(root(el).querySelector('#dialog-title')!.textContent).to.equal('New role');
    type(root(el).querySelector<HTMLInputElement>('#name')!, '  Dispatch  ');
    type(root(el).querySelector<HTMLTextAreaElement>('#description')!, 'Sends technicians out');
    await waitUntil(() => box(el, 'users.read'), 'the permissions');
    // Each permission with its label and description, by group.
    const usersGroup = root(picker(el)).querySelector('fieldset')!;
    expect(usersGroup.querySelector('legend')!.textContent).to.equal('Users');
    expect(box(el, 'users.read').closest('.permission')!.textContent).to.contain('See users and their details').and.contain('Open the user list');
    box(el, 'users.read').click();
    box(el, 'users.invite').click();
    await el.updateComplete;
    const organization = [...root(el).querySelectorAll<HTMLLabelElement>('[part=organizations] label')].find((l) => l.textContent === 'Acme')!;
    organization.querySelector('input')!.click();
    const saved = oneEvent(el, 'role-saved') as Promise<RoleSavedEvent>;
    button(root(el), 'Create role').click();
    const event = await saved;
    expect(event.created).to.equal(true);
    expect(event.role).to.deep.include({ name: 'Dispatch', description: 'Sends technicians out', builtIn: false, organizationIds: [acme.id] });
    expect([...event.role.permissions].sort()).to.deep.equal(['users.invite', 'users.read']);
    // What the server keeps is what the list shows.
    const stored = (await rolesOf(tenant)).find((r) => r.name === 'Dispatch')!;
    expect(stored).to.deep.include({ id: event.role.id, organizationIds: [acme.id] });
    await waitUntil(() => !dialog(el), 'the form closes');
    expect(itemOf(el, 'Dispatch')!.querySelector('[part=role-scope]')!.textContent).to.equal('1 organization');
    const notice = root(el).querySelector('[part=notice]')!;
    expect(notice.getAttribute('role')).to.equal('status');
    expect(notice.textContent).to.equal('Role “Dispatch” created.');
    expect(root(el).activeElement === newRole, 'focus').to.equal(true);
  });

  it('checks the contract’s rules before sending, and shows the server’s refusal on the field it names', async () => {
    const el = await mount(tenant);
    const before = (await rolesOf(tenant)).length;
    button(root(el), 'New role').click();
    await waitUntil(() => dialog(el)?.open);
    type(root(el).querySelector<HTMLInputElement>('#name')!, '   ');
    button(root(el), 'Create role').click();
    await waitUntil(() => root(el).querySelector('#name-error')!.textContent === 'Role name is required.', 'the contract’s message');
    expect(root(el).querySelector('#name')!.getAttribute('aria-invalid')).to.equal('true');
    expect(root(el).activeElement === root(el).querySelector('#name'), 'focus').to.equal(true);
    expect((await rolesOf(tenant)).length, 'nothing was sent').to.equal(before);
    // A name another role has: the server's 409 names the field.
    type(root(el).querySelector<HTMLInputElement>('#name')!, 'helpdesk');
    button(root(el), 'Create role').click();
    await waitUntil(() => root(el).querySelector('#name-error')!.textContent === 'Is already taken in this tenant.', 'the server’s issue on the name', { timeout: 5000 });
    expect(root(el).querySelector('[part=dialog-error]')).to.equal(null);
    expect((await rolesOf(tenant)).length).to.equal(before);
  });

  it('the grant rule: a permission the person lacks cannot be ticked nor unticked; forced, the server refuses and the form says why', async () => {
    // A role manager without billing.manage, editing a role that has it.
    const manager = await newMember(tenant, { permissions: ['roles.read', 'roles.manage', 'users.read', 'users.write', 'organizations.read'] });
    const el = await mount(tenant, manager.token);
    button(itemOf(el, 'Helpdesk')!, 'Edit').click();
    await waitUntil(() => box(el, 'billing.manage'), 'the form');
    expect(root(el).querySelector<HTMLInputElement>('#name')!.value).to.equal('Helpdesk');
    const billing = box(el, 'billing.manage');
    expect(billing.checked).to.equal(true);
    expect(billing.disabled).to.equal(true);
    const why = root(picker(el)).getElementById(billing.getAttribute('aria-describedby')!.split(' ')[1]!)!;
    expect(why.textContent).to.equal('You do not hold this permission, so you cannot give it or take it away.');
    expect(box(el, 'audit.read').disabled).to.equal(true);
    expect(box(el, 'users.write').disabled).to.equal(false);
    billing.click(); // disabled: nothing changes
    await el.updateComplete;
    expect(picker(el).value).to.include('billing.manage');
    // Renaming leaves the permissions as they are: the server accepts it.
    type(root(el).querySelector<HTMLInputElement>('#name')!, 'Help desk');
    const saved = oneEvent(el, 'role-saved') as Promise<RoleSavedEvent>;
    button(root(el), 'Save role').click();
    const event = await saved;
    expect(event.created).to.equal(false);
    expect(event.role).to.deep.include({ id: helpdesk.id, name: 'Help desk' });
    expect([...event.role.permissions].sort()).to.deep.equal(['billing.manage', 'users.read', 'users.write']);
    await waitUntil(() => itemOf(el, 'Help desk'), 'renamed in the list');
    expect(root(el).querySelector('[part=notice]')!.textContent).to.equal('Role “Help desk” saved.');

    // A page that ticks the box anyway (a script, a tampered form): the server refuses, the form shows its words.
    button(root(el), 'New role').click();
    await waitUntil(() => box(el, 'users.read'));
    type(root(el).querySelector<HTMLInputElement>('#name')!, 'Escalation');
    picker(el).value = ['users.read', 'billing.manage'];
    picker(el).dispatchEvent(new Event('change'));
    button(root(el), 'Create role').click();
    await waitUntil(() => root(el).querySelector('#permissions-error')!.textContent !== '', 'the server’s refusal', { timeout: 5000 });
    expect(root(el).querySelector('#permissions-error')!.textContent).to.equal('You cannot grant billing.manage: you do not hold it yourself.');
    expect((await rolesOf(tenant)).some((r) => r.name === 'Escalation')).to.equal(false);
    await bffCall(tenant, 'PATCH', `/v1/roles/${helpdesk.id}`, { name: 'Helpdesk' });
  });

  it('deletes a custom role after a confirmation; a role someone holds is refused with the server’s message', async () => {
    const held = (await bffCall<Role>(tenant, 'POST', '/v1/roles', { name: 'Held', permissions: ['users.read'] })).body;
    await newMember(tenant, { roleIds: [held.id] });
    const spare = (await bffCall<Role>(tenant, 'POST', '/v1/roles', { name: 'Spare', permissions: [] })).body;
    const el = await mount(tenant);
    button(itemOf(el, 'Held')!, 'Delete').click();
    await waitUntil(() => dialog(el)?.open);
    expect(dialog(el)!.textContent).to.contain('Delete the role Held? This cannot be undone.');
    button(dialog(el)!, 'Delete').click();
    await waitUntil(() => root(el).querySelector('[part=dialog-error]'), 'the refusal', { timeout: 5000 });
    expect(root(el).querySelector('[part=dialog-error]')!.textContent).to.equal('1 user holds this role; give them another role first.');
    expect(root(el).querySelector('[part=dialog-error]')!.getAttribute('role')).to.equal('alert');
    button(dialog(el)!, 'Cancel').click();
    await waitUntil(() => !dialog(el));
    expect(itemOf(el, 'Held')).to.exist;

    // As a person does it: the focus on the button, which goes with the role.
    button(itemOf(el, 'Spare')!, 'Delete').focus();
    button(itemOf(el, 'Spare')!, 'Delete').click();
    await waitUntil(() => dialog(el)?.open);
    const deleted = oneEvent(el, 'role-deleted') as Promise<RoleDeletedEvent>;
    button(dialog(el)!, 'Delete').click();
    expect((await deleted).role.id).to.equal(spare.id);
    await waitUntil(() => !itemOf(el, 'Spare'));
    expect((await rolesOf(tenant)).some((r) => r.id === spare.id)).to.equal(false);
    expect(root(el).querySelector('[part=notice]')!.textContent).to.equal('Role “Spare” deleted.');
    // The button that opened the dialog is gone: the focus goes to the toolbar.
    expect(root(el).activeElement === button(root(el), 'New role'), 'focus').to.equal(true);
  });

  it('someone who may read roles but not manage them gets the list read-only', async () => {
    const reader = await newMember(tenant, { permissions: ['roles.read'] });
    const el = await mount(tenant, reader.token);
    expect(button(root(el), 'New role')).to.equal(undefined);
    expect(root(el).querySelectorAll('[part~=role] button')).to.have.length(0);
    expect(root(el).querySelector('[part=hint]')!.textContent).to.contain('needs the “Create, edit and assign roles” permission');
  });

  it('shows loading, then an error it can retry', async () => {
    const el = await fixture<RoleEditor>(html`<role-editor base-url=${tenant.url} .token=${'not-a-token'}></role-editor>`);
    expect(root(el).querySelector('[part=loading]')!.getAttribute('role')).to.equal('status');
    await waitUntil(() => root(el).querySelector('[part=error]'), 'the error', { timeout: 5000 });
    expect(root(el).querySelector('[part=error]')!.textContent).to.contain('Your session has expired');
    el.token = tenant.token;
    await waitUntil(() => root(el).querySelector('[part~=list]'), 'listed with a good token', { timeout: 5000 });
  });

  it('is keyboard-usable: Tab to New role, Enter opens the form on its name, Escape closes it and the focus returns', async () => {
    const el = await mount(tenant);
    button(root(el), 'New role').focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => dialog(el)?.open);
    expect(root(el).activeElement === root(el).querySelector('#name'), 'focus').to.equal(true);
    await sendKeys({ type: 'Keys' });
    await sendKeys({ press: 'Tab' }); // description
    await sendKeys({ press: 'Tab' }); // the first permission
    expect(root(picker(el)).activeElement === box(el, 'users.read'), 'focus').to.equal(true);
    await sendKeys({ press: 'Space' });
    await el.updateComplete;
    expect(picker(el).value).to.deep.equal(['users.read']);
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !dialog(el), 'closed');
    expect(root(el).activeElement === button(root(el), 'New role'), 'focus').to.equal(true);
    expect((await rolesOf(tenant)).some((r) => r.name === 'Keys')).to.equal(false);
  });

  for (const [theme, style] of [['light', ''], ['dark', DARK_THEME]] as const) {
    it(`is accessible in the ${theme} theme (axe, contrast included): the list, the form with a disabled permission and an error, the confirmation`, async () => {
      const manager = await newMember(tenant, { permissions: ['roles.read', 'roles.manage', 'users.read', 'organizations.read'] });
      const host = await fixture<HTMLDivElement>(html`<div style=${style}><role-editor base-url=${tenant.url} .token=${manager.token}></role-editor></div>`);
      const el = host.querySelector('role-editor')!;
      await waitUntil(() => root(el).querySelector('details dt'), 'listed', { timeout: 10_000 });
      root(el).querySelectorAll('details').forEach((d) => (d.open = true));
      await expectAccessible(el);
      button(root(el), 'New role').click();
      await waitUntil(() => box(el, 'users.read'));
      button(root(el), 'Create role').click();
      await waitUntil(() => root(el).querySelector('#name-error')!.textContent !== '');
      await expectAccessible(el);
      await sendKeys({ press: 'Escape' });
      await waitUntil(() => !dialog(el));
      button(itemOf(el, 'Helpdesk')!, 'Delete').click();
      await waitUntil(() => dialog(el)?.open);
      await expectAccessible(el);
    });
  }

  it('speaks German and Arabic: its words, the permission words and the contract’s messages; Arabic right to left', async () => {
    const de = await mount(tenant, tenant.token, 'de');
    await waitUntil(() => button(root(de), 'Neue Rolle'), 'German', { timeout: 5000 });
    // The editor's words and the built-in roles' names (the language's main catalogue) are chunks of their own.
    await waitUntil(() => itemOf(de, 'Systemadministrator'), 'the built-in roles in German', { timeout: 5000 });
    expect(itemOf(de, 'Systemadministrator')!.querySelector('[part=badge]')!.textContent).to.equal('Integriert');
    await waitUntil(() => itemOf(de, 'Helpdesk')!.querySelector('dt')!.textContent === 'Benutzer');
    expect(itemOf(de, 'Helpdesk')!.querySelector('dd')!.textContent).to.equal('Benutzer und ihre Angaben sehen, Benutzer anlegen und bearbeiten');
    button(root(de), 'Neue Rolle').click();
    await waitUntil(() => box(de, 'users.read'));
    expect(root(picker(de)).querySelector('legend')!.textContent).to.equal('Benutzer');
    button(root(de), 'Rolle anlegen').click();
    await waitUntil(() => root(de).querySelector('#name-error')!.textContent === 'Rollenname ist erforderlich.', 'the contract’s message in German');

    const ar = await mount(tenant, tenant.token, 'ar');
    await waitUntil(() => button(root(ar), 'دور جديد'), 'Arabic', { timeout: 5000 });
    expect(ar.getAttribute('dir')).to.equal('rtl');
    await waitUntil(() => itemOf(ar, 'مسؤول النظام'), 'the built-in roles in Arabic', { timeout: 5000 });
    expect(itemOf(ar, 'مسؤول النظام')!.querySelector('[part=badge]')!.textContent).to.equal('مدمج');
    await waitUntil(() => itemOf(ar, 'Helpdesk')!.querySelector('dt')!.textContent === 'المستخدمون');
  });

  it('lays each role out as a card in a 390 px container', async () => {
    const host = await fixture<HTMLDivElement>(html`<div style="width: 390px"><role-editor base-url=${tenant.url} .token=${tenant.token}></role-editor></div>`);
    const el = host.querySelector('role-editor')!;
    await waitUntil(() => itemOf(el, 'Helpdesk'), 'listed', { timeout: 10_000 });
    const item = itemOf(el, 'Helpdesk')!;
    expect(getComputedStyle(item).gridTemplateColumns.split(' ')).to.have.length(1);
    const actions = item.querySelector<HTMLElement>('[part=role-actions]')!;
    expect(actions.getBoundingClientRect().right).to.be.at.most(host.getBoundingClientRect().right);
    expect(el.scrollWidth).to.be.at.most(390);
  });
});
