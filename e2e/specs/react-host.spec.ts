import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { build, preview, type PreviewServer } from 'vite';
import { launchBrowser, startDemoPortal } from '../support/fixtures.js';
import { widgetTarball } from '../support/widget-package.js';

/**
 * A vendor's React 19 app outside the monorepo (hosts/react copied to a temporary directory) installs @roster/widgets
 * from its packed tarball with npm, type-checks against the package's typings, builds with Vite and runs on its own
 * origin; <user-table> talks to the BFF on another origin.
 */
describe('@roster/widgets from npm in a React 19 host', () => {
  const fixture = fileURLToPath(new URL('../hosts/react/', import.meta.url));
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  let project: string;
  let typecheck: Promise<{ code: number; output: string }>;
  let portal: Awaited<ReturnType<typeof startDemoPortal>>;
  let host: PreviewServer;
  let hostUrl: string;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    const tarball = widgetTarball();
    project = mkdtempSync(join(tmpdir(), 'roster-react-host-'));
    cpSync(fixture, project, { recursive: true, filter: (src) => !/(^|\/)(node_modules|dist)(\/|$)/.test(src.slice(fixture.length)) });
    const manifest = readFileSync(join(project, 'package.json'), 'utf8').replace('file:TARBALL', `file:${tarball}`);
    writeFileSync(join(project, 'package.json'), manifest);
    // lit, zod and React come from npm's cache (no registry round trips), or from the registry the first time.
    const npmInstall = (mode: string) => execFileSync('npm', ['install', mode, '--no-audit', '--no-fund', '--loglevel=error'], { cwd: project, stdio: 'pipe' });
    try {
      npmInstall('--offline');
    } catch {
      npmInstall('--prefer-offline');
    }
    // The type check runs while the portal starts and the host is built.
    typecheck = new Promise((resolve) => {
      execFile(process.execPath, [tsc, '-p', project], (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, output: stdout + stderr }));
    });
    portal = await startDemoPortal();
    await build({ root: project, configFile: false, logLevel: 'error', build: { outDir: join(project, 'dist') } });
    // The vendor's backend on the host's origin mints widget tokens (here: the demo portal's, proxied).
    host = await preview({ root: project, configFile: false, logLevel: 'error', preview: { host: '127.0.0.1', port: 0, proxy: { '/host': portal.url } } });
    hostUrl = host.resolvedUrls!.local[0]!.replace(/\/$/, '');
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await host?.close();
    await portal?.stop();
    if (project) rmSync(project, { recursive: true, force: true });
  });

  it('the installed package holds built ES modules and declarations, no sources and no workspace dependencies', () => {
    const installed = join(project, 'node_modules', '@roster', 'widgets');
    const manifest = readFileSync(join(installed, 'package.json'), 'utf8');
    expect(manifest).not.toMatch(/workspace:|catalog:/);
    const { dependencies, exports } = JSON.parse(manifest) as { dependencies: Record<string, string>; exports: Record<string, { types: string; default: string } | string> };
    expect(Object.keys(dependencies).sort()).toEqual(['lit', 'zod']);
    for (const [entry, target] of Object.entries(exports)) {
      const files = typeof target === 'string' ? [target] : [target.types, target.default];
      for (const file of files) expect(existsSync(join(installed, file)), `${entry} → ${file}`).toBe(true);
    }
    expect(existsSync(join(installed, 'src'))).toBe(false);
    expect(readdirSync(join(installed, 'dist-pkg')).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
    // A bundler drops a module listed as free of side effects when nothing is imported from it: every file that
    // defines a tag must be covered by `sideEffects`.
    const { sideEffects } = JSON.parse(manifest) as { sideEffects: string[] };
    const covered = sideEffects.map((glob) => new RegExp(`^${glob.replace(/^\.\//, '').replace(/\./g, '\\.').replace(/\*/g, '[^/]*')}$`));
    const jsFiles = (readdirSync(join(installed, 'dist-pkg'), { recursive: true }) as string[]).filter((f) => f.endsWith('.js')).map((f) => `dist-pkg/${f}`);
    const defining = jsFiles.filter((f) => /defineElement\("/.test(readFileSync(join(installed, f), 'utf8')));
    expect(defining.length).toBeGreaterThanOrEqual(4);
    expect(defining.filter((f) => !covered.some((re) => re.test(f)))).toEqual([]);
    const cem = JSON.parse(readFileSync(join(installed, 'dist-pkg', 'custom-elements.json'), 'utf8')) as { modules: { declarations?: { tagName?: string }[] }[] };
    const tags = cem.modules.flatMap((m) => (m.declarations ?? []).map((d) => d.tagName).filter(Boolean)).sort();
    expect(tags).toEqual(['account-panel', 'import-modal', 'permission-picker', 'role-editor', 'role-picker', 'roster-attributes-panel', 'roster-filter-chips', 'roster-idle-prompt', 'roster-integrations-panel', 'roster-organizations-panel', 'roster-sign-in-state', 'roster-user-attributes', 'roster-user-form', 'roster-user-sheet', 'roster-view-as', 'user-table']);
  });

  it('the host type-checks against the package’s typings: element properties and on<event> props in JSX, typed listeners', async () => {
    // hosts/react/src/typings.tsx holds @ts-expect-error lines: typings that accepted anything would fail the check.
    const { code, output } = await typecheck;
    expect(output).toBe('');
    expect(code).toBe(0);
  }, 60_000);

  it('renders <user-table> with rows from the BFF on another origin, its events reach React, the import worker runs', async () => {
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('response', (r) => r.status() >= 400 && errors.push(`${r.status()} ${r.url()}`));
    const workers: string[] = [];
    page.on('worker', (w) => workers.push(w.url()));
    const bffCalls: string[] = [];
    page.on('request', (r) => r.url().startsWith(`${portal.url}/v1/`) && bffCalls.push(r.url()));
    expect(new URL(hostUrl).origin).not.toBe(new URL(portal.url).origin);

    await page.goto(`${hostUrl}/?bff=${encodeURIComponent(portal.url)}`);
    const rows = page.locator('user-table [role="row"][data-user-id]');
    await expect.poll(() => rows.count(), { timeout: 20_000 }).toBeGreaterThan(5);
    expect(bffCalls.some((u) => u.includes('/v1/users'))).toBe(true);
    // user-table-load reached React's state.
    await expect.poll(() => page.locator('#loaded').textContent(), { timeout: 5_000 }).toMatch(/^\d+ users loaded$/);
    expect(Number((await page.locator('#loaded').textContent())!.split(' ')[0])).toBeGreaterThan(5);

    // user-select reached React with the user.
    const email = (await rows.first().textContent())!.match(/[\w.+-]+@[\w.-]+/)![0];
    await rows.first().click();
    await expect.poll(() => page.locator('#selected').textContent(), { timeout: 5_000 }).toBe(`Selected ${email}`);
    // The user's page opened (its own chunk, from the BFF's origin); Escape closes it.
    await page.locator('roster-user-sheet').getByRole('tab', { name: 'General' }).waitFor({ timeout: 15_000 });
    mkdirSync('artifacts', { recursive: true });
    await page.screenshot({ path: 'artifacts/react-host.png' });
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('roster-user-sheet').count(), { timeout: 5_000 }).toBe(0);

    // The import dialog's worker, rebundled by the host's Vite, checks pasted rows on the host's origin.
    await page.locator('user-table').getByRole('button', { name: 'Import', exact: true }).click();
    const modal = page.locator('import-modal');
    await modal.locator('textarea').fill('First name,Last name,Email\nRia,React,ria.react@e2e.example\n');
    await modal.getByRole('button', { name: 'Preview' }).click();
    await expect.poll(() => modal.locator('.banner.ok').isVisible(), { timeout: 15_000 }).toBe(true);
    expect(workers.filter((u) => u.startsWith(`${hostUrl}/assets/import.worker`))).toHaveLength(1);

    expect(errors).toEqual([]);
  });
});
