import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { oauthScopes, webhookEventTypes, type Organization } from '@roster/contract';
import '../user-table/define.js';
import type { UserTable } from '../user-table/user-table.js';
import { DARK_THEME, expectAccessible, useWideViewport } from '../test-support/a11y.js';
import { bffCall, clientTokenStatus, newMember, newTenant, type BffTenant } from '../test-support/bff.js';

/**
 * Issue 15 (seed 002's "Add client app"): `<user-table>`'s toolbar opens the integrations panel (its own chunk) for a
 * person with integrations.manage; its OAuth apps are created, rotated and revoked on the real BFF, and the secrets it
 * shows are checked against the BFF's token endpoint.
 */
describe('<user-table> integrations panel (real BFF)', () => {
  let tenant: BffTenant;
  let org: Organization;
  before(async function () {
    // The first command starts the BFF (PGlite and its migrations): seconds (a minute on a busy machine), once per run.
    this.timeout(300_000);
    tenant = await newTenant('Integrations Co');
    org = (await bffCall<Organization>(tenant, 'POST', '/v1/organizations', { name: 'Borealis Logistics' })).body;
    await bffCall(tenant, 'POST', '/v1/organizations', { name: 'Acme Café' });
  });

  async function mount(o: { token?: string; lang?: string; theme?: string } = {}) {
    const host = await fixture<HTMLDivElement>(html`<div lang=${o.lang ?? 'en'} style=${o.theme ?? ''}><user-table style="height: 400px" base-url=${tenant.url} .token=${o.token ?? tenant.token}></user-table></div>`);
    const el = host.querySelector('user-table')! as UserTable;
    await waitUntil(() => el.shadowRoot!.querySelector('[part=toolbar] button'), 'the toolbar’s buttons', { timeout: 15_000 });
    return el;
  }
  const button = (el: UserTable) => el.shadowRoot!.querySelector<HTMLButtonElement>('[data-panel=integrations]');
  const panel = (el: UserTable) => el.shadowRoot!.querySelector('roster-integrations-panel');
  const root = (el: UserTable) => panel(el)!.shadowRoot!;
  const q = <T extends Element = HTMLElement>(el: UserTable, selector: string) => root(el).querySelector<T & Element>(selector);
  const focused = (el: UserTable) => root(el).activeElement;
  const notice = (el: UserTable) => q(el, '[part=notice]')!.textContent!.trim();
  const appNames = (el: UserTable) => [...root(el).querySelectorAll('[part=app-name]')].map((n) => n.textContent!.trim());
  const row = (el: UserTable, name: string) => [...root(el).querySelectorAll('[part=app]')].find((li) => li.querySelector('[part=app-name]')!.textContent!.trim() === name)!;

  /** Opens the panel from the toolbar with the keyboard and waits for its list (or empty state). */
  async function open(el: UserTable) {
    button(el)!.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => panel(el)?.shadowRoot?.querySelector('[part=app-list], [part=empty]'), 'the apps', { timeout: 15_000 });
  }
  async function typeInto(input: HTMLInputElement, text: string) {
    input.focus();
    input.select();
    await sendKeys({ press: 'Backspace' });
    if (text) await sendKeys({ type: text });
  }
  /** Copies through the panel with the clipboard replaced: what was written. */
  async function copied(action: () => void | Promise<void>): Promise<string[]> {
    const written: string[] = [];
    const original = navigator.clipboard.writeText;
    navigator.clipboard.writeText = async (text: string) => void written.push(text);
    try {
      await action();
      await waitUntil(() => written.length > 0, 'nothing copied');
    } finally {
      navigator.clipboard.writeText = original;
    }
    return written;
  }

  it('creates an app bound to an organization: the server’s errors beside the fields, the secret shown once and acknowledged, then the list', async function () {
    this.timeout(90_000);
    const el = await mount();
    expect(button(el)!.textContent!.trim()).to.equal('Integrations');
    // The panel's parts are the table's: a page styles them through <user-table>.
    const style = document.head.appendChild(Object.assign(document.createElement('style'), { textContent: 'user-table::part(app-name) { text-decoration: underline; }' }));
    await open(el);
    expect(getComputedStyle(q(el, '[part=app-name]')!).textDecorationLine).to.equal('underline');
    style.remove();
    // Every tenant starts with its Default client.
    expect(appNames(el)).to.deep.equal(['Default client']);
    expect(focused(el)?.textContent!.trim()).to.equal('New app');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => q(el, 'form'), 'the form');
    expect(focused(el)?.id).to.equal('app-name');
    // The scope choices are the contract's list, each with its label (or its key).
    const boxes = [...root(el).querySelectorAll<HTMLInputElement>('form input[type=checkbox]')];
    expect(boxes.map((b) => b.value)).to.deep.equal([...oauthScopes]);
    expect(boxes[0]!.closest('label')!.textContent).to.contain('Read');
    // The organization: "All organizations" first (the Root Admin sees them all), then each organization.
    const select = q<HTMLSelectElement>(el, '#app-org')!;
    expect([...select.options].map((o) => o.textContent!.trim())).to.deep.equal(['All organizations', 'Acme Café', 'Borealis Logistics']);

    // Nothing filled in: the server's 422 (the contract's rules) puts its messages beside the name and the scopes, the
    // focus on the name; nothing created.
    q<HTMLButtonElement>(el, 'button[type=submit]')!.click();
    await waitUntil(() => q(el, '#name-error')!.textContent !== '', 'the name’s error');
    expect(q(el, '#name-error')!.textContent).to.equal('Name must have 1 to 100 characters.');
    expect(q(el, '#scopes-error')!.textContent).to.equal('Choose at least one scope.');
    expect(q(el, '#app-name')!.getAttribute('aria-invalid')).to.equal('true');
    expect(q(el, '#app-name')!.getAttribute('aria-describedby')).to.equal('name-error');
    expect(focused(el)?.id).to.equal('app-name');
    expect((await bffCall<{ items: { name: string }[] }>(tenant, 'GET', '/v1/oauth-clients')).body.items.map((a) => a.name)).to.deep.equal(['Default client']);

    await typeInto(q<HTMLInputElement>(el, '#app-name')!, 'Torii sync');
    boxes[0]!.click();
    select.value = org.id;
    select.dispatchEvent(new Event('change'));
    q<HTMLButtonElement>(el, 'button[type=submit]')!.click();
    await waitUntil(() => q(el, '[part=secret]'), 'the secret', { timeout: 10_000 });
    const secretView = q(el, '[part=secret]')!;
    expect(secretView.textContent).to.contain('Torii sync is ready');
    expect(secretView.textContent).to.contain('you will not see it again');
    const clientId = q(el, '[part=secret] [part=client-id]')!.textContent!;
    const secret = q(el, '[data-secret]')!.textContent!;
    expect(secret).to.match(/^rs_/);
    // The focus is on Copy (the secret), which copies it.
    expect(focused(el)?.getAttribute('aria-label')).to.equal('Copy: Client secret');
    expect(focused(el)?.textContent!.trim()).to.equal('Copy');
    expect(await copied(() => sendKeys({ press: 'Enter' }))).to.deep.equal([secret]);
    await waitUntil(() => notice(el) === 'The secret is on the clipboard.', `no word of the copy: ${notice(el)}`);
    expect(await copied(() => q<HTMLButtonElement>(el, '[part=secret] [aria-label="Copy: Client ID"]')!.click())).to.deep.equal([clientId]);
    // The secret works: a token from the BFF's token endpoint.
    expect(await clientTokenStatus(clientId, secret)).to.equal(200);

    // Done waits for the acknowledgement; Escape and the close button keep the secret on screen and say why.
    expect(q<HTMLButtonElement>(el, '[data-done]')!.disabled).to.equal(true);
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => q(el, '#acknowledge-error')!.textContent !== '', 'no word of the acknowledgement');
    expect(q(el, '#acknowledge-error')!.textContent).to.equal('Confirm that you stored the secret before you close this.');
    expect(focused(el)?.id).to.equal('acknowledge');
    q<HTMLButtonElement>(el, `[aria-label=Close]`)!.click();
    await el.updateComplete;
    expect(panel(el) !== null && q(el, '[data-secret]') !== null).to.equal(true);
    await sendKeys({ press: 'Space' });
    await waitUntil(() => !q<HTMLButtonElement>(el, '[data-done]')!.disabled, 'Done enabled');
    q<HTMLButtonElement>(el, '[data-done]')!.click();
    await waitUntil(() => q(el, '[part=app-list]'), 'the list');

    // The list: the app with its client ID, scope, organization, created and never used — and no secret anywhere.
    expect(appNames(el)).to.deep.equal(['Default client', 'Torii sync']);
    const li = row(el, 'Torii sync');
    expect(li.querySelector('[part=client-id]')!.textContent).to.equal(clientId);
    expect(li.textContent).to.contain('Read');
    expect(li.textContent).to.contain('Borealis Logistics');
    expect(li.textContent).to.contain('Never');
    expect(root(el).innerHTML.includes(secret)).to.equal(false);
    expect(focused(el)?.getAttribute('aria-label')).to.equal('Rotate secret: Torii sync');
    expect(await copied(() => li.querySelector<HTMLButtonElement>('[aria-label="Copy: Client ID, Torii sync"]')!.click())).to.deep.equal([clientId]);

    // Escape closes the panel; the focus goes back to the toolbar's button.
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => panel(el) === null, 'the panel did not close');
    expect(el.shadowRoot!.activeElement === button(el)).to.equal(true);
  });

  it('rotates a secret with the grace period chosen, then revokes the app: its secret is refused at once', async function () {
    this.timeout(90_000);
    const created = (await bffCall<{ id: string; clientId: string; clientSecret: string }>(tenant, 'POST', '/v1/oauth-clients', { name: 'Ticket bridge', scopes: ['monitoring:read'] })).body;
    const el = await mount();
    await open(el);
    expect(row(el, 'Ticket bridge').textContent).to.contain('All organizations');

    // With the keyboard (a key pressed in the dialog lets Escape go back rather than close it: the browser's rule).
    row(el, 'Ticket bridge').querySelector<HTMLButtonElement>('[data-rotate]')!.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => q(el, '#grace'), 'the rotation’s confirmation');
    expect(q(el, '#confirm-title')!.textContent).to.equal('Rotate the secret of Ticket bridge?');
    const grace = q<HTMLSelectElement>(el, '#grace')!;
    expect(focused(el) === grace).to.equal(true);
    expect(grace.value).to.equal('24');
    expect([...grace.options].map((o) => o.value)).to.deep.equal(['0', '1', '24', '72', '168']);
    // Escape goes back to the list, on the row's button.
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => q(el, '[part=app-list]'), 'back to the list');
    expect(focused(el)?.getAttribute('aria-label')).to.equal('Rotate secret: Ticket bridge');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => q(el, '#grace'), 'the confirmation again');
    q<HTMLSelectElement>(el, '#grace')!.value = '0';
    q(el, '#grace')!.dispatchEvent(new Event('change'));
    q<HTMLButtonElement>(el, '[data-confirm]')!.click();
    await waitUntil(() => q(el, '[data-secret]'), 'the new secret', { timeout: 10_000 });
    expect(q(el, '[part=secret]')!.textContent).to.contain('New secret for Ticket bridge');
    expect(q(el, '[part=secret]')!.textContent).to.contain('The previous secret has stopped working.');
    const rotated = q(el, '[data-secret]')!.textContent!;
    expect(rotated).to.not.equal(created.clientSecret);
    expect(await clientTokenStatus(created.clientId, created.clientSecret)).to.equal(401);
    expect(await clientTokenStatus(created.clientId, rotated)).to.equal(200);
    q<HTMLInputElement>(el, '#acknowledge')!.click();
    await el.updateComplete;
    q<HTMLButtonElement>(el, '[data-done]')!.click();
    await waitUntil(() => q(el, '[part=app-list]'), 'the list');

    // Revoke: a confirmation naming the app and what stops; Cancel has the focus.
    row(el, 'Ticket bridge').querySelector<HTMLButtonElement>('[data-revoke]')!.click();
    await waitUntil(() => q(el, '[role=alertdialog]'), 'the revocation’s confirmation');
    expect(q(el, '#confirm-title')!.textContent).to.equal('Revoke Ticket bridge?');
    expect(q(el, '#confirm-body')!.textContent).to.contain('its access tokens and every widget token it minted stop working at once');
    expect(focused(el)?.textContent!.trim()).to.equal('Cancel');
    q<HTMLButtonElement>(el, '[data-confirm]')!.click();
    await waitUntil(() => notice(el) === 'Ticket bridge was revoked.', `no word of the revocation: ${notice(el)}`, { timeout: 10_000 });
    expect(appNames(el).includes('Ticket bridge')).to.equal(false);
    expect(focused(el)?.textContent!.trim()).to.equal('New app');
    expect(await clientTokenStatus(created.clientId, rotated)).to.equal(401);
    expect((await bffCall(tenant, 'GET', `/v1/oauth-clients/${created.id}`)).status).to.equal(404);
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => panel(el) === null, 'closed');
  });

  it('offers the invitation choice only for a SCIM app, bound to one organization, and the list says what it chose', async function () {
    this.timeout(60_000);
    const el = await mount();
    await open(el);
    q<HTMLButtonElement>(el, '[data-new]')!.click();
    await waitUntil(() => q(el, 'form'), 'the form');
    expect(q(el, '#scim-invitations')).to.equal(null);
    await typeInto(q<HTMLInputElement>(el, '#app-name')!, 'Entra provisioning');
    q<HTMLInputElement>(el, 'form input[value=scim]')!.click();
    await el.updateComplete;
    await waitUntil(() => q(el, '#scim-invitations'), 'the invitation choice');
    const choice = q<HTMLInputElement>(el, '#scim-invitations')!;
    expect(choice.checked).to.equal(false);
    choice.click();
    const select = q<HTMLSelectElement>(el, '#app-org')!;
    select.value = org.id;
    select.dispatchEvent(new Event('change'));
    q<HTMLButtonElement>(el, 'button[type=submit]')!.click();
    await waitUntil(() => q(el, '[part=secret]'), 'the secret', { timeout: 10_000 });
    const apps = (await bffCall<{ items: { id: string; name: string; scopes: string[]; organizationId: string | null; scimSendInvitations: boolean }[] }>(tenant, 'GET', '/v1/oauth-clients')).body.items;
    const created = apps.find((a) => a.name === 'Entra provisioning')!;
    expect([created.scopes, created.organizationId, created.scimSendInvitations]).to.deep.equal([['scim'], org.id, true]);
    q<HTMLInputElement>(el, '#acknowledge')!.click();
    await waitUntil(() => !q<HTMLButtonElement>(el, '[data-done]')!.disabled, 'Done enabled');
    q<HTMLButtonElement>(el, '[data-done]')!.click();
    await waitUntil(() => q(el, '[part=app-list]'), 'the list');
    expect(row(el, 'Entra provisioning').textContent).to.contain('Sent to provisioned people');
    expect(row(el, 'Default client').textContent!.includes('Invitations')).to.equal(false);
    // The tests after this one start from the apps they had.
    await bffCall(tenant, 'DELETE', `/v1/oauth-clients/${created.id}`);
  });

  it('shows the server’s refusal beside the scopes: a scope granting permissions the person lacks', async function () {
    this.timeout(90_000);
    const admin = await newMember(tenant, { permissions: ['users.read', 'organizations.read', 'org.access.all', 'integrations.manage'] });
    const el = await mount({ token: admin.token });
    await open(el);
    q<HTMLButtonElement>(el, '[data-new]')!.click();
    await waitUntil(() => q(el, 'form'), 'the form');
    await typeInto(q<HTMLInputElement>(el, '#app-name')!, 'Provisioner');
    root(el).querySelector<HTMLInputElement>('input[value="management:write"]')!.click();
    q<HTMLButtonElement>(el, 'button[type=submit]')!.click();
    await waitUntil(() => q(el, '#scopes-error')!.textContent !== '', 'the server’s refusal', { timeout: 10_000 });
    expect(q(el, '#scopes-error')!.textContent).to.contain('You cannot give management:write');
    expect(q(el, '#name-error')!.textContent).to.equal('');
    expect(q(el, 'form') !== null && q(el, '[data-secret]') === null).to.equal(true);
    expect((await bffCall<{ items: { name: string }[] }>(tenant, 'GET', '/v1/oauth-clients')).body.items.some((a) => a.name === 'Provisioner')).to.equal(false);
    // Escape leaves the form for the list, then closes the panel.
    q<HTMLInputElement>(el, '#app-name')!.focus();
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => q(el, 'form') === null, 'the form left');
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => panel(el) === null, 'closed');
  });

  it('is not offered to a person without integrations.manage', async function () {
    this.timeout(60_000);
    const reader = await newMember(tenant, { permissions: ['users.read', 'organizations.read', 'org.access.all'] });
    const el = await mount({ token: reader.token });
    expect(el.shadowRoot!.querySelector('[data-panel=organizations]') !== null).to.equal(true);
    expect(button(el) === null).to.equal(true);
  });

  it('works for a person who does not see the organizations list: the organization of an app shows as its ID', async function () {
    this.timeout(60_000);
    await bffCall(tenant, 'POST', '/v1/oauth-clients', { name: 'Bound app', scopes: ['monitoring:read'], organizationId: org.id });
    const admin = await newMember(tenant, { permissions: ['users.read', 'org.access.all', 'integrations.manage'] });
    const el = await mount({ token: admin.token });
    await open(el);
    expect(row(el, 'Bound app').textContent).to.contain(org.id);
    q<HTMLButtonElement>(el, '[data-new]')!.click();
    await waitUntil(() => q(el, 'form'), 'the form');
    expect([...q<HTMLSelectElement>(el, '#app-org')!.options].map((o) => o.textContent!.trim())).to.deep.equal(['All organizations']);
    // The close button closes the panel from the form too.
    q<HTMLButtonElement>(el, '[aria-label=Close]')!.click();
    await waitUntil(() => panel(el) === null, 'closed');
  });

  it('webhooks: an endpoint added with an event filter (the server’s refusals beside their field), its secret once, a test event, the deliveries with Replay, deleted', async function () {
    this.timeout(90_000);
    const el = await mount();
    await open(el);
    // The tabs (the ARIA tabs pattern): End moves to the last, Webhooks.
    q(el, '#tab-oauth')!.focus();
    await sendKeys({ press: 'End' });
    await waitUntil(() => q(el, '[data-new-hook]'), 'the webhooks section', { timeout: 10_000 });
    expect(q(el, '#tab-webhooks')!.getAttribute('aria-selected')).to.equal('true');
    expect(focused(el)?.id).to.equal('tab-webhooks');
    expect(q(el, '[role=tabpanel]')!.getAttribute('aria-labelledby')).to.equal('tab-webhooks');
    await waitUntil(() => q(el, '[part=empty]'), 'the empty state', { timeout: 10_000 });
    expect(q(el, '[part=empty]')!.textContent).to.contain('No webhook endpoints yet.');

    q<HTMLButtonElement>(el, '[data-new-hook]')!.click();
    await waitUntil(() => q(el, '#hook-url'), 'the form');
    expect(focused(el)?.id).to.equal('hook-url');
    // The event choices are the contract's list.
    q<HTMLInputElement>(el, 'input[value=some]')!.click();
    await el.updateComplete;
    await panel(el)!.updateComplete;
    expect([...root(el).querySelectorAll<HTMLInputElement>('.events input')].map((i) => i.value)).to.deep.equal([...webhookEventTypes]);
    // A private address: refused by the server beside the URL.
    await typeInto(q<HTMLInputElement>(el, '#hook-url')!, 'http://127.0.0.1:9/hook');
    q<HTMLInputElement>(el, 'input[value=all]')!.click();
    q<HTMLButtonElement>(el, 'button[type=submit]')!.click();
    await waitUntil(() => q(el, '#url-error')!.textContent !== '', 'the URL’s refusal', { timeout: 10_000 });
    expect(q(el, '#url-error')!.textContent).to.contain('private, loopback or link-local');
    expect(q(el, '#hook-url')!.getAttribute('aria-invalid')).to.equal('true');
    expect(focused(el)?.id).to.equal('hook-url');
    // Only the events chosen, and none chosen: the contract's message beside the events.
    await typeInto(q<HTMLInputElement>(el, '#hook-url')!, 'https://1.1.1.1/roster-hook');
    q<HTMLInputElement>(el, 'input[value=some]')!.click();
    await panel(el)!.updateComplete;
    q<HTMLButtonElement>(el, 'button[type=submit]')!.click();
    await waitUntil(() => q(el, '#events-error')!.textContent !== '', 'the events’ error', { timeout: 10_000 });
    expect(q(el, '#events-error')!.textContent).to.contain('Choose at least one event');
    expect(q(el, '#url-error')!.textContent).to.equal('');
    await expectAccessible(panel(el)!);
    expect((await bffCall<{ items: unknown[] }>(tenant, 'GET', '/v1/webhook-endpoints')).body.items.length).to.equal(0);
    q<HTMLInputElement>(el, '.events input[value="user.deactivated"]')!.click();
    q<HTMLInputElement>(el, '.events input[value="user.deleted"]')!.click();
    await panel(el)!.updateComplete;
    q<HTMLButtonElement>(el, 'button[type=submit]')!.click();
    await waitUntil(() => q(el, '[data-secret]'), 'the signing secret', { timeout: 10_000 });
    expect(q(el, '[part=secret]')!.textContent).to.contain('The endpoint is added');
    expect(q(el, '[part=secret]')!.textContent).to.contain('you will not see it again');
    const secret = q(el, '[data-secret]')!.textContent!;
    expect(secret).to.match(/^whsec_/);
    expect(await copied(() => q<HTMLButtonElement>(el, '[aria-label="Copy: Signing secret"]')!.click())).to.deep.equal([secret]);
    q<HTMLInputElement>(el, '#acknowledge')!.click();
    await panel(el)!.updateComplete;
    q<HTMLButtonElement>(el, '[data-done]')!.click();
    await waitUntil(() => q(el, '[part=hook-list]'), 'the endpoints');
    const hook = () => q(el, '[part=hook]')!;
    expect(hook().querySelector('[part=hook-url]')!.textContent).to.equal('https://1.1.1.1/roster-hook');
    expect(hook().textContent).to.contain('user.deactivated, user.deleted');
    expect(hook().textContent).to.contain('On');
    expect(focused(el)?.getAttribute('aria-label')).to.equal('Send test event: https://1.1.1.1/roster-hook');
    expect(root(el).innerHTML.includes(secret)).to.equal(false);

    // Send test event: queued, said; the deliveries show it (not tried: no sender runs here) and replay it.
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => notice(el) === 'A test event is on its way to https://1.1.1.1/roster-hook.', `no word of the test: ${notice(el)}`, { timeout: 10_000 });
    hook().querySelector<HTMLButtonElement>('[data-deliveries]')!.click();
    await waitUntil(() => q(el, '[part=delivery]'), 'the deliveries', { timeout: 10_000 });
    expect(q(el, '#deliveries-title')!.textContent).to.equal('Deliveries to https://1.1.1.1/roster-hook');
    const delivery = q(el, '[part=delivery]')!;
    expect(delivery.textContent).to.contain('webhook.test');
    expect(delivery.textContent).to.contain('Pending');
    expect(delivery.textContent).to.contain('None');
    expect(focused(el)?.textContent!.trim()).to.equal('Back');
    await expectAccessible(panel(el)!);
    delivery.querySelector<HTMLButtonElement>('[data-replay]')!.click();
    await waitUntil(() => notice(el) === 'webhook.test is sent again.', `no word of the replay: ${notice(el)}`, { timeout: 10_000 });
    await waitUntil(() => q(el, '[part=delivery]'), 'the deliveries again', { timeout: 10_000 });
    q<HTMLButtonElement>(el, '[data-back]')!.click();
    await waitUntil(() => q(el, '[part=hook-list]'), 'back to the endpoints');
    expect(focused(el)?.getAttribute('aria-label')).to.equal('Deliveries: https://1.1.1.1/roster-hook');

    // Delete: confirmed; gone here and on the server.
    hook().querySelector<HTMLButtonElement>('[data-delete]')!.click();
    await waitUntil(() => q(el, '[role=alertdialog]'), 'the confirmation');
    expect(q(el, '#confirm-title')!.textContent).to.equal('Delete the endpoint https://1.1.1.1/roster-hook?');
    await expectAccessible(panel(el)!);
    q<HTMLButtonElement>(el, '[data-confirm]')!.click();
    await waitUntil(() => notice(el) === 'The endpoint https://1.1.1.1/roster-hook was deleted.', `no word of the deletion: ${notice(el)}`, { timeout: 10_000 });
    expect(q(el, '[part=empty]') !== null).to.equal(true);
    expect((await bffCall<{ items: unknown[] }>(tenant, 'GET', '/v1/webhook-endpoints')).body.items.length).to.equal(0);
    q<HTMLButtonElement>(el, '[aria-label=Close]')!.click();
    await waitUntil(() => panel(el) === null, 'closed');
  });

  it('API keys: one made for an organization (the server’s refusals beside their field), the key shown once and working, then revoked and refused', async function () {
    this.timeout(90_000);
    const el = await mount();
    await open(el);
    // The tabs (the ARIA tabs pattern): the arrow key moves from OAuth apps to API keys, the next tab.
    q(el, '#tab-oauth')!.focus();
    await sendKeys({ press: 'ArrowRight' });
    await waitUntil(() => q(el, '[data-new-key]'), 'the API keys section', { timeout: 10_000 });
    expect(q(el, '#tab-keys')!.getAttribute('aria-selected')).to.equal('true');
    expect(focused(el)?.id).to.equal('tab-keys');
    await waitUntil(() => q(el, '[part=empty]'), 'the empty state', { timeout: 10_000 });
    expect(q(el, '[part=empty]')!.textContent).to.contain('No API keys yet.');
    await expectAccessible(panel(el)!);

    q<HTMLButtonElement>(el, '[data-new-key]')!.click();
    await waitUntil(() => q(el, '#key-name'), 'the form');
    expect(focused(el)?.id).to.equal('key-name');
    // The scopes offered are the contract's for keys: an app's, without SCIM.
    const offered = [...root(el).querySelectorAll<HTMLInputElement>('form input[type=checkbox]')].map((c) => c.value);
    expect(offered).to.deep.equal(oauthScopes.filter((s) => s !== 'scim'));
    // Nothing filled in: the server's issues beside the name and the scopes, the focus on the first.
    q<HTMLButtonElement>(el, 'button[type=submit]')!.click();
    await waitUntil(() => q(el, '#key-name-error')!.textContent !== '', 'the errors', { timeout: 10_000 });
    expect(q(el, '#key-scopes-error')!.textContent).to.contain('Choose at least one scope.');
    expect(q(el, '#key-name')!.getAttribute('aria-invalid')).to.equal('true');
    await waitUntil(() => focused(el)?.id === 'key-name', 'the focus on the name');
    await expectAccessible(panel(el)!);
    await typeInto(q<HTMLInputElement>(el, '#key-name')!, 'Nightly export');
    q<HTMLInputElement>(el, 'form input[value="monitoring:read"]')!.click();
    const orgSelect = q<HTMLSelectElement>(el, '#key-org')!;
    orgSelect.value = org.id;
    orgSelect.dispatchEvent(new Event('change'));
    const days = q<HTMLSelectElement>(el, '#key-days')!;
    expect(days.value).to.equal('90');
    days.value = '30';
    days.dispatchEvent(new Event('change'));
    q<HTMLButtonElement>(el, 'button[type=submit]')!.click();
    await waitUntil(() => q(el, '[data-secret]'), 'the key', { timeout: 10_000 });
    const key = q(el, '[data-secret]')!.textContent!.trim();
    expect(/^rk_[A-Za-z0-9_-]{43}$/.test(key)).to.equal(true);
    // The key works as a bearer, bound to the organization chosen.
    const orgs = await bffCall<{ items: { id: string }[] }>(tenant, 'GET', '/v1/organizations', undefined, key);
    expect(orgs.status).to.equal(200);
    expect(orgs.body.items.map((o) => o.id)).to.deep.equal([org.id]);
    q<HTMLInputElement>(el, '#acknowledge')!.click();
    await el.updateComplete;
    q<HTMLButtonElement>(el, '[data-done]')!.click();
    await waitUntil(() => q(el, '[part=key-list]'), 'the list');
    const item = q(el, '[part=key]')!;
    expect(item.textContent).to.contain('Nightly export');
    expect(item.textContent).to.contain(key.slice(0, 11));
    expect(item.textContent).to.contain('Borealis Logistics');
    expect(root(el).innerHTML.includes(key)).to.equal(false);
    expect(focused(el)?.getAttribute('aria-label')).to.equal('Revoke: Nightly export');

    await sendKeys({ press: 'Enter' });
    await waitUntil(() => q(el, '[role=alertdialog]'), 'the confirmation');
    expect(q(el, '#confirm-title')!.textContent).to.equal('Revoke Nightly export?');
    await expectAccessible(panel(el)!);
    q<HTMLButtonElement>(el, '[data-confirm]')!.click();
    await waitUntil(() => notice(el) === 'Nightly export was revoked.', `no word of the revocation: ${notice(el)}`, { timeout: 10_000 });
    expect(q(el, '[part=empty]') !== null).to.equal(true);
    expect((await bffCall(tenant, 'GET', '/v1/organizations', undefined, key)).status).to.equal(401);
    q<HTMLButtonElement>(el, '[aria-label=Close]')!.click();
    await waitUntil(() => panel(el) === null, 'closed');
  });

  it('speaks German and Arabic (right to left)', async function () {
    this.timeout(60_000);
    const de = await mount({ lang: 'de' });
    await waitUntil(() => button(de)?.textContent!.trim() === 'Integrationen', 'the German button', { timeout: 10_000 });
    await open(de);
    await waitUntil(() => q(de, 'h2')!.textContent === 'Integrationen', 'the German panel', { timeout: 10_000 });
    expect(q(de, '[data-new]')!.textContent!.trim()).to.equal('Neue App');
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => panel(de) === null, 'the German panel closed');
    const ar = await mount({ lang: 'ar' });
    await waitUntil(() => button(ar)?.textContent!.trim() === 'التكاملات', 'the Arabic button', { timeout: 10_000 });
    await open(ar);
    await waitUntil(() => q(ar, 'h2')!.textContent === 'التكاملات', 'the Arabic panel', { timeout: 10_000 });
    expect(getComputedStyle(q(ar, 'dialog')!).direction).to.equal('rtl');
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => panel(ar) === null, 'the Arabic panel closed');
  });

  for (const [theme, style] of [['light', ''], ['dark', DARK_THEME]] as const) {
    describe(`is accessible in the ${theme} theme (axe, contrast included)`, () => {
      useWideViewport();
      it('the list, the form with its errors, the secret, the confirmation', async function () {
        this.timeout(90_000);
        await bffCall(tenant, 'POST', '/v1/oauth-clients', { name: `Axe ${theme}`, scopes: ['monitoring:read', 'widgets:mint'] });
        const el = await mount({ theme: style });
        await open(el);
        await expectAccessible(panel(el)!);
        q<HTMLButtonElement>(el, '[data-new]')!.click();
        await waitUntil(() => q(el, 'form'), 'the form');
        q<HTMLButtonElement>(el, 'button[type=submit]')!.click();
        await waitUntil(() => q(el, '#name-error')!.textContent !== '', 'the errors');
        await expectAccessible(panel(el)!);
        await sendKeys({ press: 'Escape' });
        await waitUntil(() => q(el, '[part=app-list]'), 'the list');
        row(el, `Axe ${theme}`).querySelector<HTMLButtonElement>('[data-revoke]')!.click();
        await waitUntil(() => q(el, '[role=alertdialog]'), 'the confirmation');
        await expectAccessible(panel(el)!);
        q<HTMLButtonElement>(el, '[data-cancel]')!.click();
        await waitUntil(() => q(el, '[part=app-list]'), 'back to the list');
        row(el, `Axe ${theme}`).querySelector<HTMLButtonElement>('[data-rotate]')!.click();
        await waitUntil(() => q(el, '#grace'), 'the rotation');
        q<HTMLButtonElement>(el, '[data-confirm]')!.click();
        await waitUntil(() => q(el, '[data-secret]'), 'the secret', { timeout: 10_000 });
        await expectAccessible(panel(el)!);
        q<HTMLInputElement>(el, '#acknowledge')!.click();
        await el.updateComplete;
        q<HTMLButtonElement>(el, '[data-done]')!.click();
        await waitUntil(() => q(el, '[part=app-list]'), 'the list');
        await sendKeys({ press: 'Escape' });
        await waitUntil(() => panel(el) === null, 'closed');
      });
    });
  }
});
