import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, startDemoPortal, widgetDist } from '../support/fixtures.js';
import { startHost } from '../support/host-server.js';
import { axeProblems } from '../support/axe.js';

/**
 * Host pages on their own origin (another port than the BFF) that load the elements from the BFF's /widgets/, as a
 * vendor's portal does: a plain page, a page under a strict Content-Security-Policy, and a page that loads the
 * bundle twice (the same tag twice and a second build from the host's own origin).
 */
describe('embedding from another origin', () => {
  let bff: Awaited<ReturnType<typeof startDemoPortal>>;
  let host: Awaited<ReturnType<typeof startHost>>;
  let browser: Browser;

  const page = (body: string, head = '') => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Vendor portal</title>${head}</head><body><main>${body}</main></body></html>`;
  const tag = () => `<script type="module" src="${bff.url}/widgets/roster-widgets.js"></script>`;
  /** The host's own script: its backend mints the token. */
  const glue = `const table = document.querySelector('user-table');
table.baseUrl = document.querySelector('meta[name="bff"]').content;
table.tokenProvider = () => fetch('/token', { method: 'POST' }).then((r) => r.json());
table.addEventListener('user-table-load', (e) => { document.body.dataset.loaded = String(e.detail?.count ?? e.detail?.items?.length ?? 'yes'); });
`;

  beforeAll(async () => {
    bff = await startDemoPortal();
    const bffMeta = () => `<meta name="bff" content="${bff.url}">`;
    host = await startHost(bff.url, {
      '/glue.js': { type: 'text/javascript', body: glue },
      // The host pins the entry with the SRI hash the BFF's manifest publishes: the browser checks it.
      '/plain.html': {
        body: async () => {
          const manifest = (await (await fetch(`${bff.url}/widgets/manifest.json`)).json()) as { entry: string; files: Record<string, { integrity: string }> };
          const pinned = `<script type="module" src="${bff.url}/widgets/${manifest.entry}" integrity="${manifest.files[manifest.entry]!.integrity}"></script>`;
          return page(`<user-table></user-table>${pinned}<script type="module" src="/glue.js"></script>`, bffMeta());
        },
      },
      // The same page with a wrong hash: the browser must refuse the script (the pin is real).
      '/tampered.html': {
        body: () => Promise.resolve(page(`<user-table></user-table><script type="module" src="${bff.url}/widgets/roster-widgets.js" integrity="sha384-${'A'.repeat(64)}"></script>`, bffMeta())),
      },
      '/strict.html': {
        headers: {
          // Scripts, styles, connections and workers from the BFF's origin only (and the host's own script file):
          // no inline anything, no eval, no blob: worker — the import engine runs in the page, as the meta asks.
          'content-security-policy': [
            "default-src 'none'",
            `script-src 'self' ${bff.url}`,
            `style-src ${bff.url}`,
            `connect-src ${bff.url}`,
            `worker-src ${bff.url}`,
            `img-src ${bff.url}`,
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors 'none'",
          ].join('; '),
        },
        body: async () => {
          const { token } = await host.mint();
          return page(
            `<user-table></user-table>${tag()}<script type="module" src="/strict-glue.js"></script>`,
            `${bffMeta()}<meta name="host-token" content="${token}"><meta name="roster-import-engine" content="in-page">`,
          );
        },
      },
      // Under the strict policy the page may not fetch its own backend: the token comes with the page.
      '/strict-glue.js': {
        type: 'text/javascript',
        body: `const table = document.querySelector('user-table');
table.baseUrl = document.querySelector('meta[name="bff"]').content;
table.token = document.querySelector('meta[name="host-token"]').content;
`,
      },
      '/twice.html': {
        body: () =>
          Promise.resolve(
            page(
              `<user-table></user-table>${tag()}${tag()}<script type="module" src="/copy/roster-widgets.js"></script><script type="module" src="/glue.js"></script>`,
              bffMeta(),
            ),
          ),
      },
    }, {
      // A second build of the bundle, served from the host itself (a vendor that also bundles its own copy).
      '/copy/': widgetDist(),
    });
    browser = await launchBrowser();
    mkdirSync('artifacts', { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    await bff?.stop();
  });

  /** A page that records what goes wrong: script errors, console errors, CSP violations, failed requests, workers started. */
  async function open(path: string) {
    const tab = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    const workers: string[] = [];
    tab.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    tab.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
    tab.on('requestfailed', (r) => problems.push(`requestfailed: ${r.url()} ${r.failure()?.errorText}`));
    tab.on('worker', (w) => workers.push(w.url()));
    await tab.addInitScript(() => {
      (window as unknown as { violations: string[] }).violations = [];
      document.addEventListener('securitypolicyviolation', (e) => (window as unknown as { violations: string[] }).violations.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    await tab.goto(`${host.url}${path}`);
    return { tab, problems, workers, violations: () => tab.evaluate(() => (window as unknown as { violations: string[] }).violations) };
  }
  const rows = (tab: Page) => tab.locator('user-table [role="row"][data-user-id]');

  /** Opens the import dialog, pastes three rows and waits for the engine's preview. */
  async function importPreview(tab: Page) {
    await tab.locator('user-table').getByRole('button', { name: 'Import', exact: true }).click();
    const modal = tab.locator('import-modal');
    await expect.poll(() => modal.getByRole('button', { name: 'Preview' }).isEnabled(), { timeout: 15_000 }).toBe(true);
    const text = ['First name\tLast name\tEmail', 'Hana\tHost\thana.host@embed.example', 'Hugo\tHost\thugo.host@embed.example'].join('\n');
    await modal.locator('textarea').evaluate((el, t) => {
      const data = new DataTransfer();
      data.setData('text/plain', t);
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, text);
    await expect.poll(() => modal.getByRole('textbox', { name: 'Row 2, Email' }).inputValue(), { timeout: 20_000 }).toBe('hugo.host@embed.example');
  }

  it('a plain page on another origin loads the elements from the BFF; the import worker starts from a same-origin bootstrap', async () => {
    const { tab, problems, workers } = await open('/plain.html');
    await expect.poll(() => rows(tab).count(), { timeout: 20_000 }).toBeGreaterThan(5);
    await importPreview(tab);
    // The worker module lives on the BFF's origin: it was started through a blob: module of the host's origin.
    expect(workers.some((u) => u.startsWith('blob:' + host.url))).toBe(true);
    await tab.screenshot({ path: 'artifacts/embed-plain.png' });
    expect(problems).toEqual([]);
    // The host page with the import dialog open passes axe, contrast included (wide enough for every column).
    await tab.setViewportSize({ width: 1920, height: 1000 });
    expect(await axeProblems(tab)).toEqual([]);
    await tab.close();
  });

  it('a host that pins the entry with a wrong SRI hash gets no elements (the manifest\'s hashes are what the browser checks)', async () => {
    const { tab, problems } = await open('/tampered.html');
    await expect.poll(() => problems.some((p) => /integrity/i.test(p)), { timeout: 10_000 }).toBe(true);
    expect(await tab.evaluate(() => customElements.get('user-table'))).toBeUndefined();
    await tab.close();
  });

  it('a page with a strict CSP (no inline, no eval, nothing but the BFF) works without one violation, the import engine in the page', async () => {
    const { tab, problems, workers, violations } = await open('/strict.html');
    await expect.poll(() => rows(tab).count(), { timeout: 20_000 }).toBeGreaterThan(5);
    await tab.locator('user-table').getByRole('searchbox').fill('müller');
    await expect.poll(async () => (await rows(tab).allTextContents()).every((t) => /müller/i.test(t)), { timeout: 10_000 }).toBe(true);
    await importPreview(tab);
    expect(workers).toEqual([]);
    expect(await violations()).toEqual([]);
    expect(problems).toEqual([]);
    await tab.screenshot({ path: 'artifacts/embed-strict-csp.png' });
    await tab.setViewportSize({ width: 1920, height: 1000 });
    expect(await axeProblems(tab)).toEqual([]);
    await tab.close();
  });

  it('the bundle loaded twice (the same tag twice, and a second build) defines each element once, without an error', async () => {
    const { tab, problems } = await open('/twice.html');
    await expect.poll(() => rows(tab).count(), { timeout: 20_000 }).toBeGreaterThan(5);
    // <role-picker> comes with the table's dialogs (its own chunk), once the caller's permissions are known.
    await expect.poll(() => tab.evaluate(() => ['user-table', 'role-picker'].map((n) => typeof customElements.get(n))), { timeout: 10_000 }).toEqual(['function', 'function']);
    await importPreview(tab);
    expect(problems).toEqual([]);
    await tab.close();
  });
});
