import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { languages, permissions, profilePresets, type Role, type TenantContext, type User } from '@roster/contract';
import { ApiClient, TokenSource } from '../internal/api-client.js';
import './define.js';
import type { RosterUserForm } from './user-form.js';
import { DARK_THEME, expectAccessible } from '../test-support/a11y.js';

const tenant: TenantContext = { id: '33333333-3333-4333-8333-333333333333', name: 'Test', profile: profilePresets.default, permissions: [...permissions] } as TenantContext;
const roles: Role[] = [{ id: '22222222-2222-4222-8222-222222222222', key: 'user', name: 'User', description: '', builtIn: true, permissions: [], organizationIds: [] }];

/** A fake BFF for POST /v1/users: records each request and answers with the created user. */
function fakeBff() {
  const requests: { method: string; path: string; body: Record<string, unknown> }[] = [];
  const original = window.fetch;
  window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), location.href);
    const body = JSON.parse(String(init?.body ?? '{}'));
    requests.push({ method: init?.method ?? 'GET', path: url.pathname, body });
    const user = { id: '99999999-9999-4999-8999-999999999999', ...body, status: 'invited', roles: [] } as unknown as User;
    return new Response(JSON.stringify(user), { status: 201, headers: { 'content-type': 'application/json' } });
  };
  return { requests, restore: () => (window.fetch = original) };
}

async function mount(lang = 'en', theme = '', context = tenant, choices = roles) {
  const api = new ApiClient(() => '', new TokenSource(() => ({ token: 't' })));
  const host = await fixture<HTMLDivElement>(html`<div lang=${lang} style=${theme}><roster-user-form .api=${api} .tenant=${context} .roles=${choices} mode="create"></roster-user-form></div>`);
  const form = host.querySelector('roster-user-form')!;
  await form.updateComplete;
  return form;
}

const field = (form: RosterUserForm, id: string) => form.shadowRoot!.querySelector<HTMLInputElement>(`#${id}`)!;
function type(form: RosterUserForm, id: string, value: string) {
  field(form, id).value = value;
  field(form, id).dispatchEvent(new Event('input'));
}
const submit = (form: RosterUserForm) => form.shadowRoot!.querySelector<HTMLButtonElement>('button[type=submit]')!;
const label = (form: RosterUserForm, id: string) => form.shadowRoot!.querySelector(`label[for=${id}]`)!.textContent!.trim();

describe('<roster-user-form>', () => {
  let bff: ReturnType<typeof fakeBff>;
  beforeEach(() => (bff = fakeBff()));
  afterEach(() => bff.restore());

  it('renders its fields with labels, every language of the contract, and is accessible (axe)', async () => {
    const form = await mount();
    expect(label(form, 'firstName')).to.equal('First name');
    expect(label(form, 'email')).to.equal('Email');
    expect([...field(form, 'language').querySelectorAll('option')].map((o) => o.value)).to.deep.equal([...languages]);
    expect(submit(form).textContent!.trim()).to.equal('Add and invite');
    await expectAccessible(form);
  });

  for (const [theme, style] of [['light', ''], ['dark', DARK_THEME]] as const) {
    it(`is accessible with its errors shown in the ${theme} theme (axe, contrast included)`, async () => {
      const form = await mount('en', style);
      type(form, 'email', 'not-an-email');
      submit(form).click();
      await waitUntil(() => form.shadowRoot!.querySelectorAll('[aria-invalid=true]').length >= 2, 'no errors shown');
      await expectAccessible(form);
    });
  }

  it('shows the contract’s errors by their fields for bad input, sends nothing, and focuses the first', async () => {
    const form = await mount();
    type(form, 'firstName', 'Grace');
    type(form, 'lastName', 'Hopper');
    type(form, 'email', 'not-an-email');
    submit(form).click();
    await waitUntil(() => form.shadowRoot!.querySelector('#email-error')!.textContent === 'Email must look like name@example.com.', 'no email error');
    expect(field(form, 'email').getAttribute('aria-invalid')).to.equal('true');
    expect(form.shadowRoot!.activeElement).to.equal(field(form, 'email'));
    expect(bff.requests).to.deep.equal([]);
  });

  it('a valid form sends POST /v1/users with the chosen values and fires saved', async () => {
    const form = await mount();
    type(form, 'firstName', 'Grace');
    type(form, 'lastName', 'Hopper');
    type(form, 'email', 'grace@example.com');
    const language = field(form, 'language') as unknown as HTMLSelectElement;
    language.value = 'nl';
    language.dispatchEvent(new Event('change'));
    setTimeout(() => submit(form).click());
    const saved = (await oneEvent(form, 'saved')) as Event & { user: User; mode: string };
    expect(saved.mode).to.equal('create');
    expect(saved.user.email).to.equal('grace@example.com');
    expect(bff.requests.map((r) => `${r.method} ${r.path}`)).to.deep.equal(['POST /v1/users']);
    expect(bff.requests[0]!.body).to.deep.include({ kind: 'technician', firstName: 'Grace', lastName: 'Hopper', email: 'grace@example.com', language: 'nl' });
  });

  it('where each user has exactly one role (Kaseya One, seed 004), the roles are one choice; none is an error at the field, one is sent', async () => {
    const two: Role[] = [roles[0]!, { id: '22222222-2222-4222-8222-222222222223', key: 'billing', name: 'Billing and Purchasing', description: '', builtIn: true, permissions: [], organizationIds: [] }];
    const form = await mount('en', '', { ...tenant, profile: profilePresets.kaseyaone }, two);
    const picker = form.shadowRoot!.querySelector('role-picker')!;
    await (picker as unknown as { updateComplete: Promise<unknown> }).updateComplete;
    const choices = [...picker.shadowRoot!.querySelectorAll<HTMLInputElement>('input[name=choice]')];
    expect(choices.map((c) => c.type)).to.deep.equal(['radio', 'radio']);
    type(form, 'firstName', 'Grace');
    type(form, 'lastName', 'Hopper');
    type(form, 'email', 'grace@example.com');
    submit(form).click();
    await waitUntil(() => form.shadowRoot!.querySelector('#roleIds-error')!.textContent === 'Choose a role: each user of this tenant has exactly one.', 'no role error');
    expect(bff.requests).to.deep.equal([]);
    choices[0]!.click();
    choices[1]!.click();
    setTimeout(() => submit(form).click());
    await oneEvent(form, 'saved');
    expect(bff.requests[0]!.body.roleIds).to.deep.equal([two[1]!.id]);
    await expectAccessible(form);
  });

  it('judges addresses beyond ASCII as the server does, loading the confusables check only when one is typed', async () => {
    // Kaseya One allows non-ASCII addresses: IDN domains, and local parts that pass for no other address.
    // (Any number of roles: this test is about addresses, and sends none.)
    const form = await mount('en', '', { ...tenant, profile: { ...profilePresets.kaseyaone, rolesPerUser: 'many' } });
    // The default buffer (250 entries) is full of the test's own modules by now.
    performance.setResourceTimingBufferSize(10_000);
    const loaded = () => performance.getEntriesByType('resource').some((e) => e.name.endsWith('/email-confusables.ts'));
    type(form, 'firstName', 'Grace');
    type(form, 'lastName', 'Hopper');
    type(form, 'email', 'grace@example.com');
    setTimeout(() => submit(form).click());
    await oneEvent(form, 'saved');
    expect(loaded(), 'an ASCII address needs no confusables check').to.equal(false);

    // A Cyrillic а among Latin letters, a Cyrillic-only look-alike of Latin, an IDN domain, a real name in one script.
    for (const email of ['pаypal@example.com', 'сосо@mail.example', 'jürgen@müller.de', 'иван.петров@почта.рф']) {
      const server = await executeServerCommand<string[], { profile: string; email: string }>('server-email-verdict', { profile: 'kaseyaone', email });
      const sent = bff.requests.length;
      type(form, 'email', email);
      submit(form).click();
      await waitUntil(() => bff.requests.length > sent || form.shadowRoot!.querySelector('#email-error')!.textContent !== '', `no verdict for ${email}`);
      await waitUntil(() => !(form as unknown as { saving: boolean }).saving);
      if (server.length === 0) {
        expect(form.shadowRoot!.querySelector('#email-error')!.textContent, email).to.equal('');
        expect(bff.requests.at(-1)!.body.email, email).to.equal(email);
      } else {
        expect(form.shadowRoot!.querySelector('#email-error')!.textContent, email).to.equal(server.at(-1));
        expect(bff.requests.length, `${email} is not sent`).to.equal(sent);
      }
    }
    expect(loaded(), 'the confusables check loaded for the first address beyond ASCII').to.equal(true);
  });

  it('speaks German in a German page', async () => {
    const form = await mount('de');
    await waitUntil(() => label(form, 'firstName') === 'Vorname', 'German loads');
    expect(label(form, 'language')).to.equal('Sprache');
    expect(submit(form).textContent!.trim()).to.equal('Hinzufügen und einladen');
    expect(form.shadowRoot!.querySelector('button[type=button]')!.textContent!.trim()).to.equal('Abbrechen');
  });

  it('shows the contract’s errors in German in a German page, and in English when the page switches', async () => {
    const form = await mount('de');
    await waitUntil(() => label(form, 'firstName') === 'Vorname', 'German loads');
    type(form, 'lastName', 'Hopper');
    type(form, 'email', 'not-an-email');
    type(form, 'phone', '030 1234567');
    submit(form).click();
    const error = (id: string) => form.shadowRoot!.querySelector(`#${id}-error`)!.textContent;
    await waitUntil(() => error('email') === 'E-Mail muss wie name@example.com aussehen.', `no German email error: ${error('email')}`);
    expect(error('firstName')).to.equal('Vorname ist erforderlich.');
    expect(error('phone')).to.match(/^Telefon muss mit \+ und der Ländervorwahl beginnen/);
    expect(bff.requests).to.deep.equal([]);
    form.parentElement!.setAttribute('lang', 'en');
    await waitUntil(() => error('firstName') === 'First name is required.', 'the error follows the page’s language');
    expect(error('email')).to.equal('Email must look like name@example.com.');
  });

  it('shows the server’s 422 in German: by its message id, else the German message it sent', async () => {
    bff.restore();
    const original = window.fetch;
    window.fetch = async () => {
      const issues = [
        // Rendered by its id in the element's language, whatever language the message came in.
        { path: ['body', 'email'], code: 'email.in_use', message: 'Is already used by a technician or an end user of this tenant.' },
        { path: ['body', 'lastName'], message: 'Nachname vom Server, ohne Code.' },
      ];
      return new Response(JSON.stringify({ error: { code: 'validation_failed', message: 'Einige Felder sind nicht gültig.', issues } }), { status: 422, headers: { 'content-type': 'application/json' } });
    };
    try {
      const form = await mount('de');
      await waitUntil(() => label(form, 'firstName') === 'Vorname', 'German loads');
      type(form, 'firstName', 'Grace');
      type(form, 'lastName', 'Hopper');
      type(form, 'email', 'grace@example.com');
      submit(form).click();
      const error = (id: string) => form.shadowRoot!.querySelector(`#${id}-error`)!.textContent;
      await waitUntil(() => error('email') !== '', 'no server error shown');
      expect(error('email')).to.equal('Wird in diesem Mandanten bereits von einem Techniker oder Endbenutzer verwendet.');
      expect(error('lastName')).to.equal('Nachname vom Server, ohne Code.');
    } finally {
      window.fetch = original;
    }
  });
});
