import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { BulkImportResponse, UserPage } from '@roster/contract';
import './define.js';
import type { ImportModal } from './import-modal.js';
import { bffCall, newTenant, type BffTenant } from '../test-support/bff.js';
import { settled, cell, importButton } from '../test-support/import-modal.js';

/**
 * Seed 004 (KaseyaOne) bulk import, against the real BFF (docs/seed-behaviours.md): a CSV file dropped on the window
 * or chosen with Browse (004-47; Roster previews it before importing, SPEC §4.4), and Copy of the import log (004-53).
 */
describe('<import-modal> files and the log (real BFF)', () => {
  let tenant: BffTenant;
  let perRow: BffTenant;
  before(async function () {
    // The first command starts the BFF (PGlite and its migrations): seconds (a minute on a busy machine), once per run.
    this.timeout(300_000);
    tenant = await newTenant('Import Files Co');
    perRow = await newTenant('Import Log Co', { preset: 'default', importMode: 'per-row' });
  });

  async function mount(t: BffTenant) {
    const el = await fixture<ImportModal>(html`<import-modal base-url=${t.url} .token=${t.token}></import-modal>`);
    el.show();
    await waitUntil(() => !el.shadowRoot!.querySelector('footer .primary')?.hasAttribute('disabled'), 'context loaded', { timeout: 10_000 });
    return el;
  }
  const emails = async (t: BffTenant, q: string) => (await bffCall<UserPage>(t, 'GET', `/v1/users?q=${q}`)).body.items.map((u) => u.email).sort();
  /** A CSV file as Excel saves it on Windows: Windows-1252, CRLF. */
  const excelFile = (name: string, lines: string[]) => {
    const text = lines.join('\r\n') + '\r\n';
    const bytes = Uint8Array.from([...text].map((c) => (c === 'ö' ? 0xf6 : c === 'ü' ? 0xfc : c.charCodeAt(0))));
    return new File([bytes], name, { type: 'text/csv' });
  };
  async function importAndWait(el: ImportModal) {
    let completed: BulkImportResponse | null = null;
    el.addEventListener('import-completed', (e) => (completed = (e as Event & { result: BulkImportResponse }).result), { once: true });
    importButton(el).click();
    await waitUntil(() => completed !== null, 'import completed', { timeout: 10_000 });
    return completed! as BulkImportResponse;
  }

  it('a CSV file dropped on the drop zone is read (Windows-1252 from Excel), previewed, and imported on request', async function () {
    this.timeout(60_000);
    const el = await mount(tenant);
    const data = new DataTransfer();
    data.items.add(excelFile('users.csv', ['First name,Last name,Email', 'Jörg,Müller,joerg@dropped.example', 'Anna,Berg,anna@dropped.example']));
    const zone = el.shadowRoot!.querySelector('[part=drop-zone]')!;
    zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
    await el.updateComplete;
    expect(zone.classList.contains('over'), 'the zone shows the file is over it').to.equal(true);
    zone.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    await settled(el);
    expect(cell(el, 1, 'First name').value).to.equal('Jörg');
    expect(cell(el, 1, 'Last name').value).to.equal('Müller');
    expect(cell(el, 2, 'Email').value).to.equal('anna@dropped.example');
    // Previewed first (SPEC §4.4): nothing is imported until the person says so.
    expect(await emails(tenant, 'dropped.example')).to.deep.equal([]);
    const result = await importAndWait(el);
    expect(result).to.include({ imported: 2, failed: 0 });
    expect(await emails(tenant, 'dropped.example')).to.deep.equal(['anna@dropped.example', 'joerg@dropped.example']);
  });

  it('a CSV file chosen with the file chooser is read and previewed the same way', async function () {
    this.timeout(60_000);
    const el = await mount(tenant);
    const chooser = el.shadowRoot!.querySelector<HTMLInputElement>('input[type=file]')!;
    // The chooser is reached by its label (the visible "browse" words), and it takes CSV and TSV files.
    expect(chooser.closest('label')!.textContent!.trim()).to.not.equal('');
    expect(chooser.accept).to.contain('.csv');
    const data = new DataTransfer();
    data.items.add(excelFile('chosen.csv', ['First name,Last name,Email', 'Chris,Chosen,chris@chosen.example']));
    chooser.files = data.files;
    chooser.dispatchEvent(new Event('change', { bubbles: true }));
    await settled(el);
    expect(cell(el, 1, 'Email').value).to.equal('chris@chosen.example');
    expect((await importAndWait(el)).imported).to.equal(1);
    expect(await emails(tenant, 'chosen.example')).to.deep.equal(['chris@chosen.example']);
  });

  it('Copy the log puts the import’s log on the clipboard: every row, its result and why it was not imported (tab-separated)', async function () {
    this.timeout(60_000);
    await bffCall(perRow, 'POST', '/v1/users', { kind: 'technician', firstName: 'Already', lastName: 'Here', email: 'here@log.example' });
    const el = await mount(perRow);
    const data = new DataTransfer();
    data.setData('text/plain', 'First name\tLast name\tEmail\nNew\tPerson\tnew@log.example\nAlready\tHere\tHERE@log.example\n');
    el.shadowRoot!.querySelector('textarea')!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    await settled(el);
    const result = await importAndWait(el);
    expect(result).to.include({ imported: 1, skipped: 1 });
    await el.updateComplete;
    // What the page would write to the clipboard (the browser's clipboard needs a real user gesture).
    const written: string[] = [];
    const clipboard = navigator.clipboard;
    const original = clipboard.writeText;
    clipboard.writeText = async (text: string) => void written.push(text);
    try {
      const copy = [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('.links button')].find((b) => b.textContent!.trim() === 'Copy the log');
      expect(copy !== undefined, 'a Copy the log button').to.equal(true);
      copy!.click();
      await waitUntil(() => written.length === 1, 'copied');
      await waitUntil(() => el.shadowRoot!.querySelector('[part=copy-state]')!.textContent === 'Copied to the clipboard.', 'no word that it was copied');
      // A browser that refuses (no user gesture, not HTTPS) is said so, with the way out.
      clipboard.writeText = async () => {
        throw new DOMException('Document is not focused.', 'NotAllowedError');
      };
      copy!.click();
      await waitUntil(() => el.shadowRoot!.querySelector('[part=copy-state]')!.textContent!.includes('download the log instead'), 'no word that copying failed');
    } finally {
      clipboard.writeText = original;
    }
    const lines = written[0]!.trim().split(/\r?\n/).map((l) => l.split('\t'));
    expect(lines[0]).to.deep.equal(['Row', 'Email', 'Result', 'Reason']);
    expect(lines.slice(1).map((l) => l.slice(0, 3))).to.deep.equal([['1', 'new@log.example', 'imported'], ['2', 'HERE@log.example', lines[2]![2]!]]);
    expect(lines[1]![3] ?? '').to.equal('');
    expect(lines[2]![2]).to.contain('skipped');
    expect(lines[2]![3]).to.contain('already');
    // The page's own table lists only the row that was not imported.
    expect(el.shadowRoot!.querySelector('.log tbody')!.textContent).to.contain('HERE@log.example');
    expect(el.shadowRoot!.querySelector('.log tbody')!.textContent).not.to.contain('new@log.example');
  });
});
