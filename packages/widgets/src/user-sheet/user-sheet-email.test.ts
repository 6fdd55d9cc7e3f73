import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { EmailSuppressionPage, TenantContext, User } from '@roster/contract';
import { ApiClient, TokenSource } from '../internal/api-client.js';
import './define.js';
import '../user-table/define.js';
import type { UserTable } from '../user-table/user-table.js';
import type { RosterUserSheet } from './user-sheet.js';
import { expectAccessible } from '../test-support/a11y.js';
import { bffCall, bounce, newMember, newTenant, type BffTenant } from '../test-support/bff.js';

/**
 * Seed 004 (KaseyaOne): "ensure the user's email address is valid by sending a test email message … undeliverable
 * email addresses [go on] an internal suppression list. Once on this list, subsequent emails, including … invitations,
 * are blocked" (docs/seed-behaviours.md 004-27). The user's page next to the address: *Send test email*, and when mail
 * to it bounced, the warning with *Remove from suppression list*. Against the real BFF; the bounce is recorded as the
 * outbox's sender records it (the SMTP side is tested in apps/bff/test/email/suppression.test.ts).
 */
describe('<roster-user-sheet> test email and suppressed address (real BFF)', () => {
  let tenant: BffTenant;
  let people = 0;
  before(async function () {
    // The first command starts the BFF (PGlite and its migrations): seconds (a minute on a busy machine), once per run.
    this.timeout(300_000);
    tenant = await newTenant('Suppression Sheet Co');
  });

  async function person() {
    people += 1;
    return (await bffCall<User>(tenant, 'POST', '/v1/users', { kind: 'technician', firstName: 'Bo', lastName: `Bounce${people}`, email: `bo${people}@sheet-bounce.example` })).body;
  }
  async function mount(user: User, lang = 'en', token = tenant.token) {
    const context = (await bffCall<TenantContext>(tenant, 'GET', '/v1/tenant', undefined, token)).body;
    const api = new ApiClient(() => tenant.url, new TokenSource(() => ({ token })));
    const host = await fixture<HTMLDivElement>(html`<div lang=${lang}><roster-user-sheet .api=${api} .tenant=${context} user-id=${user.id} tab="general"></roster-user-sheet></div>`);
    const sheet = host.querySelector('roster-user-sheet')! as RosterUserSheet;
    await waitUntil(() => sheet.shadowRoot!.querySelector('dl'), 'the General tab', { timeout: 10_000 });
    return sheet;
  }
  const part = (sheet: RosterUserSheet, name: string) => sheet.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
  const notice = (sheet: RosterUserSheet) => part(sheet, 'notice')!.textContent!.trim();
  const listed = async () => (await bffCall<EmailSuppressionPage>(tenant, 'GET', '/v1/email-suppressions')).body.items.map((i) => i.address);
  const day = (lang: string) => new Date().toLocaleDateString(lang, { dateStyle: 'medium' });

  it('"Send test email" next to the address queues one through the server and says where it went', async function () {
    this.timeout(60_000);
    const user = await person();
    const sheet = await mount(user);
    expect(part(sheet, 'email-suppressed') === null, 'no warning for a deliverable address').to.equal(true);
    const button = part(sheet, 'test-email')!;
    expect(button.textContent!.trim()).to.equal('Send test email');
    button.click();
    await waitUntil(() => notice(sheet).startsWith('Test email sent to'), `no notice: ${notice(sheet)}`, { timeout: 10_000 });
    expect(notice(sheet)).to.contain(user.email);
    const sent = (await bffCall<{ items: unknown[] }>(tenant, 'GET', `/v1/audit-events?action=email.test_sent&targetId=${user.id}`)).body.items;
    expect(sent.length).to.equal(1);
  });

  it('mail to the address bounced: the page says when and why, and "Remove from suppression list" lets email through again', async function () {
    this.timeout(60_000);
    const user = await person();
    await bounce(tenant, user.email, '550 5.1.1 No such user here');
    const sheet = await mount(user);
    const warning = part(sheet, 'email-suppressed')!;
    expect(warning !== null, 'the warning').to.equal(true);
    expect(warning.textContent!.replace(/\s+/g, ' ')).to.contain(`Mail to this address bounced on ${day('en')}: 550 5.1.1 No such user here`);
    expect(part(sheet, 'test-email') === null, 'no test email to a suppressed address').to.equal(true);
    await expectAccessible(sheet);
    expect(await listed()).to.include(user.email);
    part(sheet, 'remove-suppression')!.click();
    await waitUntil(() => notice(sheet).startsWith('Removed from the suppression list'), `no notice: ${notice(sheet)}`, { timeout: 10_000 });
    expect(part(sheet, 'email-suppressed') === null, 'the warning is gone').to.equal(true);
    expect(part(sheet, 'test-email') !== null, 'a test email may go again').to.equal(true);
    expect(await listed()).not.to.include(user.email);
  });

  it('an action refused because the address bounced meanwhile shows the server’s reason and the warning', async function () {
    this.timeout(60_000);
    const user = await person();
    const sheet = await mount(user);
    await bounce(tenant, user.email, '550 Mailbox unavailable');
    [...sheet.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part~="sheet-actions"] button')].find((b) => b.textContent!.trim() === 'Resend invitation')!.click();
    await waitUntil(() => part(sheet, 'confirm'), 'the confirmation', { timeout: 5_000 });
    [...part(sheet, 'confirm')!.querySelectorAll('button')].find((b) => b.textContent!.trim() === 'Resend invitation')!.click();
    await waitUntil(() => part(sheet, 'email-suppressed'), `no warning; notice: ${notice(sheet)}`, { timeout: 10_000 });
    expect(notice(sheet)).to.contain('550 Mailbox unavailable');
    expect(part(sheet, 'email-suppressed')!.textContent).to.contain('550 Mailbox unavailable');
  });

  it('speaks German and Arabic', async function () {
    this.timeout(60_000);
    const user = await person();
    await bounce(tenant, user.email, '550 Unbekannt');
    const de = await mount(user, 'de');
    // The date in German once the page's language has loaded.
    await waitUntil(() => part(de, 'email-suppressed')?.textContent?.includes(day('de')), 'the German words and date', { timeout: 10_000 });
    expect(part(de, 'email-suppressed')!.textContent!.replace(/\s+/g, ' ')).to.contain(`E-Mails an diese Adresse kamen am ${day('de')} als unzustellbar zurück: 550 Unbekannt`);
    expect(part(de, 'remove-suppression')!.textContent!.trim()).to.equal('Von der Sperrliste entfernen');
    const ar = await mount(user, 'ar');
    await waitUntil(() => part(ar, 'remove-suppression')?.textContent?.trim() === 'إزالة من قائمة الحظر', 'the Arabic words', { timeout: 10_000 });
    expect(part(ar, 'email-suppressed')!.textContent).to.contain('ارتدّ البريد');
  });

  it('someone who may read users but not write them sees the warning, with neither button', async function () {
    this.timeout(60_000);
    const user = await person();
    await bounce(tenant, user.email, '550 Gone');
    const reader = await newMember(tenant, { permissions: ['users.read', 'org.access.all'] });
    const sheet = await mount(user, 'en', reader.token);
    expect(part(sheet, 'email-suppressed') !== null, 'the warning').to.equal(true);
    expect(part(sheet, 'remove-suppression') === null, 'no remove').to.equal(true);
    expect(part(sheet, 'test-email') === null, 'no test email').to.equal(true);
  });

  it('adding a user whose address bounced before creates them, says the invitation was held back, and opens their page on the warning', async function () {
    this.timeout(60_000);
    await bounce(tenant, 'held@sheet-bounce.example', '550 5.1.1 Unknown recipient');
    const host = await fixture<HTMLDivElement>(html`<div lang="en"><user-table base-url=${tenant.url} .token=${tenant.token}></user-table></div>`);
    const table = host.querySelector('user-table')! as UserTable;
    const root = table.shadowRoot!;
    await waitUntil(() => root.querySelector('button.primary'), 'the Add user button', { timeout: 10_000 });
    root.querySelector<HTMLButtonElement>('button.primary')!.click();
    await waitUntil(() => root.querySelector('roster-user-form'), 'the form', { timeout: 10_000 });
    const form = root.querySelector('roster-user-form')!;
    await form.updateComplete;
    for (const [id, value] of [['firstName', 'Hel'], ['lastName', 'Held'], ['email', 'held@sheet-bounce.example']]) {
      const input = form.shadowRoot!.querySelector<HTMLInputElement>(`#${id}`)!;
      input.value = value!;
      input.dispatchEvent(new Event('input'));
    }
    form.shadowRoot!.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    await waitUntil(() => root.querySelector('roster-user-sheet')?.shadowRoot?.querySelector('[part~="email-suppressed"]'), 'the user’s page with the warning', { timeout: 15_000 });
    const sheet = root.querySelector('roster-user-sheet')!;
    expect(sheet.shadowRoot!.querySelector('[part~="email-suppressed"]')!.textContent).to.contain('550 5.1.1 Unknown recipient');
    expect(root.querySelector('[role=status].sr-only, .sr-only[role=status]')!.textContent).to.contain('Hel Held was created, but no invitation was sent');
    const created = (await bffCall<{ items: User[] }>(tenant, 'GET', '/v1/users?q=held%40sheet-bounce.example')).body.items;
    expect(created.map((u) => u.status)).to.deep.equal(['invited']);
  });
});
