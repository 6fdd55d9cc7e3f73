import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeManifest } from '../../../../../packages/widgets/scripts/manifest-plugin.js';
import { createTestContext, type TestContext } from '../../support.js';

/**
 * `/widgets/`: the BFF serves the built elements to host pages on any origin. A build is written to a temporary
 * directory with the widgets' own manifest writer (the one the Vite build runs), so the test holds the BFF to it.
 */
describe('/widgets/', () => {
  let t: TestContext;
  let dir: string;
  const build = (files: Record<string, string>) => {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(join(dir, 'assets'), { recursive: true });
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return writeManifest(dir);
  };
  const sri = (text: string) => `sha384-${createHash('sha384').update(text).digest('base64')}`;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'roster-widgets-'));
    build({
      'roster-widgets.js': 'import "./shared-AbC123.js";',
      'roster-widgets.js.map': '{"version":3}',
      'shared-AbC123.js': 'export const x = 1;',
      'assets/import.worker-Zz9.js': 'self.onmessage = () => {};',
      'not-listed.txt': 'secret',
    });
    // A file added after the build is not in the manifest: it is never served.
    writeFileSync(join(dir, 'added-later.js'), 'alert(1)');
    t = await createTestContext('pglite', { widgetsDir: dir });
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the entry to any origin, revalidated with a strong ETag (304 when it matches)', async () => {
    const res = await t.app.request('/widgets/roster-widgets.js', { headers: { origin: 'https://vendor.example' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toBe('public, no-cache');
    expect(await res.text()).toBe('import "./shared-AbC123.js";');
    const etag = res.headers.get('etag')!;
    expect(etag).toBe(`"${sri('import "./shared-AbC123.js";')}"`);

    const again = await t.app.request('/widgets/roster-widgets.js', { headers: { 'if-none-match': `W/"other", ${etag}` } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect(again.headers.get('access-control-allow-origin')).toBe('*');
    expect((await t.app.request('/widgets/roster-widgets.js', { headers: { 'if-none-match': '"sha384-stale"' } })).status).toBe(200);
  });

  it('caches content-hashed chunks and the worker for a year', async () => {
    for (const path of ['/widgets/shared-AbC123.js', '/widgets/assets/import.worker-Zz9.js']) {
      const res = await t.app.request(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('cache-control'), path).toBe('public, max-age=31536000, immutable');
      expect(res.headers.get('access-control-allow-origin'), path).toBe('*');
    }
    const map = await t.app.request('/widgets/roster-widgets.js.map');
    expect(map.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(map.headers.get('cache-control')).toBe('public, no-cache');
  });

  it('publishes a manifest whose SRI hashes match the bytes it serves', async () => {
    const res = await t.app.request('/widgets/manifest.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, no-cache');
    expect(res.headers.get('etag')).toMatch(/^"sha256-/);
    const manifest = (await res.json()) as { entry: string; files: Record<string, { integrity: string; immutable: boolean }> };
    expect(manifest.entry).toBe('roster-widgets.js');
    expect(Object.keys(manifest.files)).toEqual(expect.arrayContaining(['roster-widgets.js', 'shared-AbC123.js', 'assets/import.worker-Zz9.js']));
    for (const [name, file] of Object.entries(manifest.files).filter(([n]) => n.endsWith('.js'))) {
      const body = await (await t.app.request(`/widgets/${name}`)).text();
      expect(file.integrity, name).toBe(sri(body));
    }
  });

  it('serves nothing the manifest does not list, whatever the path', async () => {
    for (const path of ['/widgets/added-later.js', '/widgets/not-listed.txt', '/widgets/..%2Fpackage.json', '/widgets/%2e%2e/%2e%2e/package.json', '/widgets/assets/..%2F..%2Fpackage.json', '/widgets/shared-AbC123.js%00']) {
      const res = await t.app.request(path);
      expect([404], path).toContain(res.status);
      expect(((await res.json()) as { error: { code: string } }).error.code, path).toBe('not_found');
    }
  });

  it('picks up a rebuild while it runs', async () => {
    build({ 'roster-widgets.js': 'export const v = 2;', 'shared-New456.js': 'export const y = 2;' });
    await new Promise((r) => setTimeout(r, 1100));
    expect(await (await t.app.request('/widgets/roster-widgets.js')).text()).toBe('export const v = 2;');
    expect((await t.app.request('/widgets/shared-AbC123.js')).status).toBe(404);
    expect((await t.app.request('/widgets/shared-New456.js')).status).toBe(200);
  });

  it('answers 503 with what to run when the bundle is not built', async () => {
    rmSync(join(dir, 'manifest.json'));
    await new Promise((r) => setTimeout(r, 1100));
    const res = await t.app.request('/widgets/roster-widgets.js');
    expect(res.status).toBe(503);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/pnpm --filter @roster\/widgets build/);
  });
});
