import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { loadLanguage } from '../internal/language.js';
import { executeServerCommand } from '@web/test-runner-commands';
import { profilePresets, type BulkImportResponse, type Role } from '@roster/contract';
import './define.js';
import type { ImportModal } from './import-modal.js';
import { DARK_THEME, expectAccessible, useWideViewport } from '../test-support/a11y.js';
import { paste, settled, cell, importButton } from '../test-support/import-modal.js';

const role = (id: number, name: string, permissions: string[], key: string | null = null): Role => ({
  id: `00000000-0000-4000-8000-00000000000${id}`, key, name, description: '', builtIn: key !== null, permissions: permissions as Role['permissions'], organizationIds: [],
});
const roles = [role(1, 'Root Admin', ['users.read', 'billing.manage'], 'root_admin'), role(2, 'User', ['users.read'], 'user'), role(3, 'Helpdesk', ['users.read', 'users.write'])];

/** A fake BFF: the lookups the modal loads, and bulk-import answers recorded for inspection. */
function fakeBff(answer: (body: { rows: Record<string, unknown>[]; mode: string }, dryRun: boolean) => { status: number; body: unknown }, profile = profilePresets.default) {
  const imports: { dryRun: boolean; key: string | null; body: { rows: Record<string, unknown>[]; mode: string; kind: string } }[] = [];
  const original = window.fetch;
  window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), location.href);
    const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
    switch (url.pathname) {
      case '/v1/tenant':
        return json(200, { id: 't', name: 'Acme MSP', profile, permissions: ['users.read', 'users.write', 'users.invite', 'roles.manage', 'org.access.all'] });
      case '/v1/roles':
        return json(200, { items: roles });
      case '/v1/access-groups':
        return json(200, { items: [{ id: '00000000-0000-4000-8000-0000000000a1', name: 'RMM', active: true, modules: ['rmm'] }] });
      case '/v1/organizations':
        return json(200, { items: [] });
      case '/v1/users/bulk-import': {
        const body = JSON.parse(String(init?.body));
        const dryRun = url.searchParams.get('dryRun') === 'true';
        imports.push({ dryRun, key: new Headers(init?.headers).get('idempotency-key'), body });
        const a = answer(body, dryRun);
        return json(a.status, a.body);
      }
    }
    return json(404, { error: { code: 'not_found', message: 'Not found.' } });
  };
  return { imports, restore: () => (window.fetch = original) };
}

const ok = (rows: unknown[], dryRun: boolean, mode = 'atomic'): BulkImportResponse => ({
  dryRun, mode: mode as 'atomic', imported: rows.length, skipped: 0, failed: 0,
  results: rows.map((_, i) => ({ row: i, status: 'imported' as const, email: `row${i}@x.example` })),
});

async function open(el: ImportModal) {
  el.show();
  await waitUntil(() => !el.shadowRoot!.querySelector('footer .primary')?.hasAttribute('disabled'), 'context loaded').catch((e) => { throw new Error(`${e.message}: ${el.shadowRoot!.textContent!.replace(/\s+/g, ' ').slice(0, 400)}`); });
}

describe('<import-modal>', () => {
  let bff: ReturnType<typeof fakeBff>;
  afterEach(() => bff?.restore());

  it('pasted cells with German headers: marks the bad cell and why, filters to errors, a fix enables the import', async () => {
    bff = fakeBff((b, dry) => ({ status: dry ? 200 : 201, body: ok(b.rows, dry) }));
    const el = await fixture<ImportModal>(html`<import-modal .token=${"t"}></import-modal>`);
    await open(el);
    paste(el, 'Vorname\tNachname\tE-Mail\tTelefon\r\nJörg\tMüller\tjoerg@x.example\t\'+49 30 901820\r\nAnna\tBerg\tanna＠x.example\t\r\nCarl\tDoe\tcarl@x.example\t+1 888 667 8888\r\n');
    await settled(el);
    expect([...el.shadowRoot!.querySelectorAll<HTMLSelectElement>('.grid-head select')].map((s) => s.value)).to.deep.equal(['firstName', 'lastName', 'email', 'phone']);
    const bad = cell(el, 2, 'Email');
    expect(bad.getAttribute('aria-invalid')).to.equal('true');
    expect(bad.title).to.contain('look-alike @');
    // Screen readers hear why: the invalid cell is described by its row's problems.
    expect(el.shadowRoot!.getElementById(bad.getAttribute('aria-describedby')!)!.textContent).to.contain('look-alike @');
    expect(cell(el, 1, 'Email').getAttribute('aria-invalid')).to.equal('false');
    expect(el.shadowRoot!.querySelector('.banner.error')!.textContent).to.contain('1 of 3 rows have errors');
    expect(importButton(el).disabled).to.equal(true);

    const only = [...el.shadowRoot!.querySelectorAll<HTMLInputElement>('.toolbar input[type=checkbox]')][1]!;
    only.click();
    await el.updateComplete;
    expect(el.shadowRoot!.querySelectorAll('.grid-body .grid-row')).to.have.length(1);

    bad.value = 'anna@x.example';
    bad.dispatchEvent(new Event('change'));
    await waitUntil(() => el.shadowRoot!.querySelector('.banner.ok'), 'fixed cell accepted');
    await settled(el);
    // The fixed row left the "only rows with errors" view.
    expect(el.shadowRoot!.querySelectorAll('.grid-body .grid-row')).to.have.length(0);
    expect(importButton(el).disabled).to.equal(false);
    expect(importButton(el).textContent).to.contain('Import 3 users');

    let completed: BulkImportResponse | null = null;
    el.addEventListener('import-completed', (e) => (completed = e.result));
    importButton(el).click();
    await waitUntil(() => completed !== null, 'import completed');
    expect(bff.imports.map((i) => i.dryRun)).to.deep.equal([true, false]);
    expect(bff.imports[1]!.key).to.match(/^[0-9a-f-]{36}$/);
    expect(bff.imports[1]!.body.rows[1]).to.deep.equal({ firstName: 'Anna', lastName: 'Berg', email: 'anna@x.example', phone: '' });
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('.banner.ok')!.textContent).to.contain('3 users imported.');
  });

  it('shows what the server finds (an existing user) in the grid, and nothing is imported', async () => {
    bff = fakeBff(() => ({ status: 422, body: { error: { code: 'validation_failed', message: '1 of 2 rows have errors; nothing was imported.', issues: [{ path: ['rows', 1, 'email'], message: 'A user with this email already exists in your account (case does not matter).' }] } } }));
    const el = await fixture<ImportModal>(html`<import-modal .token=${"t"}></import-modal>`);
    await open(el);
    paste(el, 'First name\tLast name\tEmail\nAnna\tBerg\tanna@x.example\nCarl\tDoe\tCARL@x.example\n');
    await settled(el);
    importButton(el).click();
    await waitUntil(() => el.shadowRoot!.querySelector('.banner.error'), 'server error shown');
    expect(el.shadowRoot!.querySelector('.banner.error')!.textContent).to.contain('nothing was imported');
    expect(cell(el, 2, 'Email').getAttribute('aria-invalid')).to.equal('true');
    expect(bff.imports.map((i) => i.dryRun)).to.deep.equal([true]);
  });

  it('fires import-completed only after the API confirmed the commit: a refused commit shows its error and fires nothing', async () => {
    bff = fakeBff((b, dry) => (dry ? { status: 200, body: ok(b.rows, true) } : { status: 500, body: { error: { code: 'internal_error', message: 'The import failed.' } } }));
    const el = await fixture<ImportModal>(html`<import-modal .token=${'t'}></import-modal>`);
    await open(el);
    let fired = 0;
    el.addEventListener('import-completed', () => fired++);
    paste(el, 'First name\tLast name\tEmail\nAnna\tBerg\tanna@x.example\n');
    await settled(el);
    importButton(el).click();
    await waitUntil(() => el.shadowRoot!.querySelector('.banner.error'), 'server error shown');
    expect(bff.imports.map((i) => i.dryRun)).to.deep.equal([true, false]);
    expect(el.shadowRoot!.querySelector('.banner.error')!.textContent).to.contain('The import failed.');
    expect(fired).to.equal(0);
  });

  it('selected rows get roles through <role-picker>, rows can be removed; per-row results come with a log', async () => {
    bff = fakeBff((b, dry) => ({
      status: dry ? 200 : 201,
      body: { dryRun: dry, mode: 'per-row', imported: 1, skipped: 1, failed: 0, results: [{ row: 0, status: 'imported', email: 'a@x.example' }, { row: 1, status: 'skipped', email: 'b@x.example', issues: [{ path: ['rows', 1, 'email'], message: 'A user with this email already exists.' }] }] },
    }), profilePresets.kaseyaone);
    const el = await fixture<ImportModal>(html`<import-modal .token=${"t"}></import-modal>`);
    await open(el);
    paste(el, 'Username\tEmail\tRole\tGroups\tFirst name\tLast name\nann\ta@x.example\t\tRMM\tAnn\tA\nbob\tb@x.example\t\tRMM\tBob\tB\ncyd\tc@x.example\tUser\tRMM\tCyd\tC\n');
    await settled(el);
    expect(cell(el, 1, 'Roles').getAttribute('aria-invalid')).to.equal('true');
    const boxes = el.shadowRoot!.querySelectorAll<HTMLInputElement>('.grid-body input[type=checkbox]');
    boxes[0]!.click();
    boxes[1]!.click();
    await el.updateComplete;
    const picker = el.shadowRoot!.querySelector('role-picker')!;
    const helpdesk = [...picker.shadowRoot!.querySelectorAll('li')].find((li) => li.textContent!.includes('Helpdesk'))!.querySelector('input')!;
    helpdesk.click();
    await el.updateComplete;
    [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('.assign button')].find((b) => b.textContent!.includes('Give these roles'))!.click();
    await waitUntil(() => cell(el, 1, 'Roles').value === 'Helpdesk' && cell(el, 1, 'Roles').getAttribute('aria-invalid') === 'false', 'roles applied');
    await settled(el);
    el.shadowRoot!.querySelector<HTMLButtonElement>('button[aria-label="Remove row 3"]')!.click();
    await settled(el);
    expect(el.shadowRoot!.querySelectorAll('.grid-body .grid-row')).to.have.length(2);
    importButton(el).click();
    await waitUntil(() => el.shadowRoot!.querySelector('.counts'), 'result shown');
    expect(bff.imports[0]!.body.mode).to.equal('per-row');
    expect(bff.imports[0]!.body.rows.map((r) => r.roles)).to.deep.equal(['Helpdesk', 'Helpdesk']);
    expect(el.shadowRoot!.querySelector('.counts')!.textContent!.replace(/\s+/g, ' ')).to.contain('1 imported 1 skipped (already exist) 0 failed');
    expect(el.shadowRoot!.querySelector('.log tbody')!.textContent).to.contain('A user with this email already exists.');
  });

  it('NinjaOne end users (seed 001): a row without a role is refused at Roles until roles are given to it; technicians need none', async () => {
    bff = fakeBff((b, dry) => ({ status: dry ? 200 : 201, body: ok(b.rows, dry) }), profilePresets.ninjaone);
    const el = await fixture<ImportModal>(html`<import-modal kind="end_user" organization-id="00000000-0000-4000-8000-0000000000b1" .token=${'t'}></import-modal>`);
    await open(el);
    paste(el, 'First name\tLast name\tEmail\nAnn\tAcre\ta@x.example\nBob\tBirch\tb@x.example\n');
    await settled(el);
    // No Roles column: the rule (the contract’s, as on the server) names the column in every row.
    expect(el.shadowRoot!.querySelector('.banner.error')!.textContent).to.contain('2 of 2 rows have errors');
    expect(importButton(el).disabled).to.equal(true);
    expect(el.shadowRoot!.getElementById('problems-0')!.textContent).to.contain('Roles is required.');
    expect(el.shadowRoot!.getElementById('problems-1')!.textContent).to.contain('Roles is required.');
    const boxes = el.shadowRoot!.querySelectorAll<HTMLInputElement>('.grid-body input[type=checkbox]');
    boxes[0]!.click();
    boxes[1]!.click();
    await el.updateComplete;
    const picker = el.shadowRoot!.querySelector('role-picker')!;
    [...picker.shadowRoot!.querySelectorAll('li')].find((li) => li.textContent!.trim().startsWith('User'))!.querySelector('input')!.click();
    await el.updateComplete;
    [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('.assign button')].find((b) => b.textContent!.includes('Give these roles'))!.click();
    await waitUntil(() => cell(el, 2, 'Roles')?.value === 'User' && cell(el, 2, 'Roles').getAttribute('aria-invalid') === 'false', 'roles given');
    await settled(el);
    expect(importButton(el).disabled).to.equal(false);
    importButton(el).click();
    await waitUntil(() => bff.imports.length === 2, 'imported');
    expect(bff.imports[1]!.body.rows.map((r) => r.roles)).to.deep.equal(['User', 'User']);
    expect(bff.imports[1]!.body.kind).to.equal('end_user');

    // The same rows as technicians of the same tenant: no role needed.
    const tech = await fixture<ImportModal>(html`<import-modal .token=${'t'}></import-modal>`);
    await open(tech);
    paste(tech, 'First name\tLast name\tEmail\nAnn\tAcre\ta@x.example\n');
    await settled(tech);
    expect(tech.shadowRoot!.querySelector('.banner.error') === null).to.equal(true);
    expect(importButton(tech).disabled).to.equal(false);
  });

  it('the downloaded log and template are safe to open in a spreadsheet: no cell starts a formula (= + - @ TAB CR)', async () => {
    const nasty = ['=HYPERLINK("http://evil.example","x")', '+cmd', '-1+1', '@SUM(A1)', '\t=1+1', '\r=1+1'];
    bff = fakeBff((b, dry) => ({
      status: dry ? 200 : 201,
      body: dry ? ok(b.rows, dry) : { dryRun: dry, mode: 'per-row', imported: 0, skipped: 0, failed: nasty.length, results: nasty.map((email, row) => ({ row, status: 'failed', email, issues: [{ path: ['rows', row, 'email'], message: email }] })) },
    }));
    const el = await fixture<ImportModal>(html`<import-modal .token=${'t'}></import-modal>`);
    await open(el);
    const blobs: Blob[] = [];
    const realCreate = URL.createObjectURL;
    URL.createObjectURL = (b: Blob | MediaSource) => (blobs.push(b as Blob), 'blob:about:blank');
    const realClick = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = function () {};
    try {
      [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('button.link')].find((b) => b.textContent!.includes('template'))!.click();
      paste(el, 'First name\tLast name\tEmail\nAnna\tBerg\tanna@x.example\n');
      await settled(el);
      importButton(el).click();
      await waitUntil(() => el.shadowRoot!.querySelector('.log'), 'log shown');
      [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('button.link')].find((b) => b.textContent!.includes('Download the log'))!.click();
    } finally {
      URL.createObjectURL = realCreate;
      HTMLAnchorElement.prototype.click = realClick;
    }
    expect(blobs).to.have.length(2);
    const [template, log] = await Promise.all(blobs.map((b) => b.text()));
    expect(template).to.contain(`"'+49 30 901820"`);
    const lines = log!.split('\r\n');
    expect(lines[0]).to.equal('Row,Email,Result,Reason');
    // Every hostile cell is quoted and starts with an apostrophe; quotes are doubled.
    expect(log).to.contain(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
    for (const v of ['+cmd', '-1+1', '@SUM(A1)', '\t=1+1', '\r=1+1']) expect(log).to.contain(`"'${v}"`);
    const cells = log!.match(/(?<=^|,|\r\n)("(?:[^"]|"")*"|[^,\r\n]*)/g)!.map((c) => (c.startsWith('"') ? c.slice(1, -1).replace(/""/g, '"') : c));
    for (const c of cells) expect(c).not.to.match(/^[=+\-@\t\r]/);
  });

  it('still imports where the host page forbids workers: the same checks run in the page', async () => {
    bff = fakeBff((b, dry) => ({ status: dry ? 200 : 201, body: ok(b.rows, dry) }));
    const RealWorker = window.Worker;
    let tried = 0;
    window.Worker = class {
      constructor() {
        tried++;
        throw new DOMException('Worker creation blocked by the page policy', 'SecurityError');
      }
    } as unknown as typeof Worker;
    try {
      const el = await fixture<ImportModal>(html`<import-modal .token=${'t'}></import-modal>`);
      await open(el);
      paste(el, 'First name\tLast name\tEmail\nAnna\tBerg\tanna＠x.example\nCarl\tDoe\tcarl@x.example\n');
      await settled(el);
      expect(cell(el, 1, 'Email').getAttribute('aria-invalid')).to.equal('true');
      expect(cell(el, 2, 'Email').getAttribute('aria-invalid')).to.equal('false');
      // The page's Worker was asked (and refused): the checks above ran in the page.
      expect(tried).to.equal(1);
    } finally {
      window.Worker = RealWorker;
    }
  });

  it('judges addresses beyond ASCII as the server does, in its worker and in the page', async () => {
    // A Cyrillic а among Latin letters, an IDN domain, a Cyrillic-only look-alike of Latin, a real name in one script.
    const emails = ['pаypal@example.com', 'jürgen@müller.de', 'сосо@mail.example', 'иван.петров@почта.рф'];
    const server = await Promise.all(emails.map((email) => executeServerCommand<string[], { profile: string; email: string }>('server-email-verdict', { profile: 'kaseyaone', email })));
    expect(server.map((messages) => messages.length > 0)).to.deep.equal([true, false, true, false]);
    const text = ['First name\tLast name\tEmail', ...emails.map((email) => `Anna\tBerg\t${email}`)].join('\n');
    const RealWorker = window.Worker;
    for (const where of ['worker', 'page']) {
      bff = fakeBff((b, dry) => ({ status: 200, body: ok(b.rows, dry) }), profilePresets.kaseyaone);
      if (where === 'page') {
        window.Worker = class {
          constructor() {
            throw new DOMException('Worker creation blocked by the page policy', 'SecurityError');
          }
        } as unknown as typeof Worker;
      }
      try {
        const el = await fixture<ImportModal>(html`<import-modal .token=${'t'}></import-modal>`);
        await open(el);
        paste(el, text);
        await settled(el);
        emails.forEach((email, i) => {
          expect(cell(el, i + 1, 'Email').getAttribute('aria-invalid'), `${email} in the ${where}`).to.equal(server[i]!.length > 0 ? 'true' : 'false');
          expect(cell(el, i + 1, 'Email').title, `${email} in the ${where}`).to.equal(server[i]!.join('\n'));
        });
      } finally {
        window.Worker = RealWorker;
        bff.restore();
      }
    }
  });

  it('speaks German in a German page, the cells’ problems included (the contract’s messages)', async () => {
    bff = fakeBff((b, dry) => ({ status: 200, body: ok(b.rows, dry) }));
    const host = await fixture<HTMLDivElement>(html`<div lang="de"><import-modal .token=${'t'}></import-modal></div>`);
    const el = host.querySelector('import-modal')!;
    await open(el);
    // The import's German words load with it (a chunk of their own), beside German's main chunk (the contract's messages).
    await loadLanguage('de');
    await waitUntil(() => el.shadowRoot!.querySelector('h2')!.textContent === 'Techniker importieren', 'not in German');
    paste(el, 'Vorname\tNachname\tE-Mail\nAnna\tBerg\tanna＠x.example\nCarl\tDoe\tcarl@x.example\n');
    await settled(el);
    const bad = el.shadowRoot!.querySelector<HTMLInputElement>('input[aria-label="Zeile 1, E-Mail"]')!;
    expect(bad.getAttribute('aria-invalid')).to.equal('true');
    expect(bad.title).to.equal('E-Mail enthält ein ähnlich aussehendes @-Zeichen (volle Breite); tippen Sie ein einfaches @.');
    expect(el.shadowRoot!.getElementById(bad.getAttribute('aria-describedby')!)!.textContent).to.contain('ähnlich aussehendes @-Zeichen');
    expect(el.shadowRoot!.querySelector('.banner.error')!.textContent).to.contain('1 von 2 Zeilen haben Fehler');
    expect(importButton(el).textContent!.trim()).to.equal('2 Benutzer importieren');
  });

  it('shows what the server finds in German in a German page, by the issue’s message id', async () => {
    bff = fakeBff(() => ({ status: 422, body: { error: { code: 'validation_failed', message: '1 von 2 Zeilen haben Fehler; nichts wurde importiert.', issues: [{ path: ['rows', 1, 'email'], code: 'import.email_exists', message: 'A user with this email already exists in your account (case does not matter).' }] } } }));
    const host = await fixture<HTMLDivElement>(html`<div lang="de"><import-modal .token=${'t'}></import-modal></div>`);
    const el = host.querySelector('import-modal')!;
    await open(el);
    paste(el, 'Vorname\tNachname\tE-Mail\nAnna\tBerg\tanna@x.example\nCarl\tDoe\tCARL@x.example\n');
    await settled(el);
    importButton(el).click();
    await waitUntil(() => el.shadowRoot!.querySelector('.banner.error'), 'server error shown');
    const taken = el.shadowRoot!.querySelector<HTMLInputElement>('input[aria-label="Zeile 2, E-Mail"]')!;
    expect(taken.getAttribute('aria-invalid')).to.equal('true');
    expect(taken.title).to.equal('Ein Benutzer mit dieser E-Mail existiert in Ihrem Konto bereits (Groß- und Kleinschreibung zählt nicht).');
  });

  it('sends a large paste to its worker in slices, and checks every row of it', async () => {
    bff = fakeBff((b, dry) => ({ status: 200, body: ok(b.rows, dry) }));
    const el = await fixture<ImportModal>(html`<import-modal .token=${"t"}></import-modal>`);
    await open(el);
    // ~1.4 million characters: one slice of 1,048,576 characters, the rest with the load.
    const rows = Array.from({ length: 24_000 }, (_, i) => `Jörg${'a'.repeat(i % 7)}\tMüller\tjoerg.mueller.${i}@x.example\t+49 30 901820`);
    paste(el, ['Vorname\tNachname\tE-Mail\tTelefon', ...rows].join('\r\n'));
    await settled(el);
    const { table } = el as unknown as { table: { rowCount: number; invalidRows: number } };
    expect(table.rowCount).to.equal(24_000);
    expect(table.invalidRows).to.equal(0);
    expect(cell(el, 1, 'Email').value).to.equal('joerg.mueller.0@x.example');
  });

  it('reports unreadable input and sizes, and is accessible (axe)', async () => {
    bff = fakeBff((b, dry) => ({ status: 200, body: ok(b.rows, dry) }));
    const el = await fixture<ImportModal>(html`<import-modal .token=${"t"}></import-modal>`);
    await open(el);
    await expectAccessible(el);
    const textarea = el.shadowRoot!.querySelector('textarea')!;
    textarea.value = 'First,Last,Email\n"Anna,Berg,a@x.example\n';
    importButton(el).click();
    await waitUntil(() => el.shadowRoot!.querySelector('.banner.error'), 'parse error shown', { timeout: 10000 });
    expect(el.shadowRoot!.querySelector('.banner.error')!.textContent).to.contain('quoted cell is not closed');
    expect(importButton(el).disabled).to.equal(true);
    await expectAccessible(el);
  });

  describe('is accessible at every step (axe, contrast included)', () => {
    useWideViewport();
    for (const [theme, style] of [['light', ''], ['dark', DARK_THEME]] as const) {
      it(`in the ${theme} theme`, async () => {
        const perRow = (dryRun: boolean): BulkImportResponse => ({
          dryRun, mode: 'per-row', imported: 1, skipped: 1, failed: 1,
          results: [
            { row: 0, status: 'imported', email: 'carl@x.example' },
            { row: 1, status: 'skipped', email: 'dora@x.example', issues: [{ path: ['rows', 1, 'email'], message: 'A user with this email already exists.' }] },
            { row: 2, status: 'failed', email: 'eve@x.example', issues: [{ path: ['rows', 2], message: 'The server could not save this row.' }] },
          ],
        });
        bff = fakeBff((_, dry) => ({ status: dry ? 200 : 201, body: perRow(dry) }));
        const host = await fixture(html`<div style=${style}><import-modal .token=${'t'}></import-modal></div>`);
        const el = host.querySelector('import-modal')!;
        // axe checks what is on screen: the step is checked scrolled to its top, then to its end.
        const check = async () => {
          const content = el.shadowRoot!.querySelector('.content')!;
          content.scrollTop = 0;
          await expectAccessible(el);
          content.scrollTop = content.scrollHeight;
          await expectAccessible(el);
        };
        await open(el);
        await check();

        el.shadowRoot!.querySelector<HTMLSelectElement>('.options select')!.value = 'per-row';
        el.shadowRoot!.querySelector<HTMLSelectElement>('.options select')!.dispatchEvent(new Event('change'));
        paste(el, 'First name\tLast name\tEmail\nAnna\tBerg\tanna＠x.example\nCarl\tDoe\tcarl@x.example\nDora\tEck\tdora@x.example\nEve\tFox\teve@x.example\n');
        await settled(el);
        el.shadowRoot!.querySelector<HTMLInputElement>('.grid-body input[type=checkbox]')!.click();
        await el.updateComplete;
        await (el.shadowRoot!.querySelector('.assign role-picker') as unknown as { updateComplete: Promise<unknown> }).updateComplete;
        expect(el.shadowRoot!.querySelector('.banner.error')).to.exist;
        await check();

        importButton(el).click();
        await waitUntil(() => el.shadowRoot!.querySelector('.counts'), 'result shown', { timeout: 10000 });
        await el.updateComplete;
        expect(el.shadowRoot!.querySelector('.log')).to.exist;
        await check();
      });
    }
  });
});
