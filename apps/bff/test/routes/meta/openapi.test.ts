import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import openapiTS, { astToString } from 'openapi-typescript';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import { chromium } from 'playwright-core';
import { createTestContext, type TestContext } from '../../support.js';

/** The OpenAPI document is generated from the routes: these tests hold it to the app and to the tools that read it. */
describe('OpenAPI document', () => {
  let t: TestContext;
  let doc: any;
  beforeAll(async () => {
    t = await createTestContext('pglite');
    doc = await (await t.app.request('/openapi.json')).json();
  });
  afterAll(async () => t?.close());

  const operations = () => Object.entries(doc.paths as Record<string, Record<string, any>>).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })));

  it('describes every route the app registered, with an operationId of its own', () => {
    const registered = new Set<string>();
    for (const r of t.app.routes) {
      // Middleware registered with use() answers for every method; the routes are the rest.
      if (r.method === 'ALL') continue;
      registered.add(`${r.method.toLowerCase()} ${r.path.replace(/:(\w+)/g, '{$1}')}`);
    }
    const documented = new Set(operations().map(({ path, method }) => `${method} ${path}`));
    expect([...registered].filter((route) => !documented.has(route))).toEqual([]);
    expect([...documented].filter((op) => !registered.has(op))).toEqual([]);
    const ids = operations().map(({ op }) => op.operationId);
    expect(ids.every((id) => typeof id === 'string' && /^[a-z][A-Za-z]+$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('lists the answers each route can give: the envelope for errors, Retry-After with 429 and 503, 413 where a body is read', () => {
    // Each error format is named once in components; every error answer refers to it.
    const envelope = { $ref: '#/components/schemas/ErrorEnvelope' };
    expect(doc.components.schemas.ErrorEnvelope).toMatchObject({ required: ['error'], properties: { error: { required: ['code', 'message'] } } });
    const scimError = { $ref: '#/components/schemas/ScimError' };
    expect(doc.components.schemas.ScimError).toMatchObject({ required: ['schemas', 'status'], properties: { schemas: { items: { const: 'urn:ietf:params:scim:api:messages:2.0:Error' } } } });
    for (const { path, method, op } of operations()) {
      const statuses = Object.keys(op.responses);
      expect(statuses, `${method} ${path}`).toContain('500');
      for (const status of statuses.filter((s) => s >= '400' && path !== '/oauth/token')) {
        // SCIM (RFC 7644) answers errors in its own format: every /scim/ route, and every error of it, documents that one.
        if (path.startsWith('/scim/')) expect(op.responses[status].content['application/scim+json'].schema, `${method} ${path} ${status}`).toEqual(scimError);
        else expect(op.responses[status].content['application/json'].schema, `${method} ${path} ${status}`).toEqual(envelope);
      }
      for (const status of ['429', '503']) if (op.responses[status]) expect(op.responses[status].headers['Retry-After'], `${method} ${path} ${status}`).toBeDefined();
      if (method !== 'get') expect(statuses, `${method} ${path}`).toContain('413');
      if (op.requestBody?.content['application/json']) expect(statuses, `${method} ${path}`).toEqual(expect.arrayContaining(['400', '422']));
      if (op.security?.length) expect(statuses, `${method} ${path}`).toContain('401');
    }
    expect(Object.keys(doc.paths['/healthz'].get.responses)).toEqual(['200', '500']);
    expect(Object.keys(doc.paths['/readyz'].get.responses)).toEqual(['200', '500', '503']);
    expect(doc.paths['/v1/auth/login'].post.responses['429']).toBeDefined();
    expect(doc.paths['/v1/platform/tenants'].post.responses['429']).toBeDefined();
  });

  it('types query parameters as the API reads them (limit an integer) and declares the Idempotency-Key of the bulk import', () => {
    const limit = doc.paths['/v1/users'].get.parameters.find((p: any) => p.name === 'limit');
    expect(limit.schema).toMatchObject({ type: 'integer', minimum: 1, maximum: 200 });
    expect(doc.paths['/v1/audit-events'].get.parameters.find((p: any) => p.name === 'limit').schema.type).toBe('integer');
    const bulk = doc.paths['/v1/users/bulk-import'].post;
    expect(bulk.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: false })]));
    expect(bulk.requestBody.content['application/json'].schema).toBeDefined();
    expect(doc.paths['/v1/users/{id}/roles'].put.requestBody.content['application/json'].schema).toMatchObject({ required: ['roleIds'] });
    expect(doc.paths['/v1/users/{id}'].get.description).toBe('Requires the `users.read` permission.');
  });

  it('shows lastSignInAt, createdAt and updatedAt on every user it answers, lastLoginAt only as a deprecated alias', () => {
    const json = (r: any) => r.content['application/json'].schema;
    const users = [
      json(doc.paths['/v1/users'].get.responses['200']).properties.items.items,
      json(doc.paths['/v1/users/{id}'].get.responses['200']),
      json(doc.paths['/v1/users'].post.responses['201']),
      json(doc.paths['/v1/users/{id}'].patch.responses['200']),
    ];
    for (const user of users) {
      expect(user.required).toEqual(expect.arrayContaining(['lastSignInAt', 'createdAt', 'updatedAt']));
      expect(user.properties.lastSignInAt.deprecated).toBeUndefined();
      expect(user.properties.lastLoginAt).toMatchObject({ deprecated: true, description: expect.stringContaining('lastSignInAt') });
    }
  });

  it('passes a real OpenAPI linter (Redocly, recommended rules) without an error', async () => {
    const config = await createConfig({ extends: ['recommended'], rules: { 'info-license': 'off' } });
    const problems = await lintFromString({ source: JSON.stringify(doc), absoluteRef: 'openapi.json', config });
    const errors = problems.filter((p) => p.severity === 'error').map((p) => `${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`);
    expect(errors).toEqual([]);
  });

  it('gives a typed client (openapi-typescript + openapi-fetch) that a program type-checks against: limit 50 is a number', async () => {
    // Under node_modules, so that the program resolves openapi-fetch as the app's packages do.
    const dir = mkdtempSync(join(import.meta.dirname, '..', '..', '..', 'node_modules', '.openapi-client-'));
    try {
      writeFileSync(join(dir, 'api.ts'), astToString(await openapiTS(doc)));
      writeFileSync(
        join(dir, 'program.ts'),
        `import createClient from 'openapi-fetch';
import type { paths } from './api';

const client = createClient<paths>({ baseUrl: 'http://localhost:8787' });
export async function firstEmails(): Promise<string[]> {
  const { data, error } = await client.GET('/v1/users', { params: { query: { limit: 50, sort: 'lastName', kind: 'technician' } } });
  if (error) throw new Error(error.error.message + (error.error.issues?.[0]?.path.join('.') ?? ''));
  return data.items.map((u) => u.email);
}
export async function importTwice() {
  const body = { kind: 'end_user' as const, text: 'First name,Last name,Email\\nAda,Lovelace,ada@example.com' };
  await client.POST('/v1/users/bulk-import', { params: { query: { dryRun: 'true' }, header: { 'Idempotency-Key': 'k-1' } }, body });
}
export async function refused() {
  // @ts-expect-error limit is a number, not text
  await client.GET('/v1/users', { params: { query: { limit: 'fifty' } } });
  // @ts-expect-error an operation the API does not have
  await client.DELETE('/v1/tenant');
}
`,
      );
      const program = ts.createProgram([join(dir, 'program.ts')], {
        strict: true,
        noEmit: true,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.Preserve,
        moduleResolution: ts.ModuleResolutionKind.Bundler,
        lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
        types: [],
        skipLibCheck: true,
      });
      const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      expect(diagnostics).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('/docs renders the reference with the local renderer under a strict CSP, without one violation', async () => {
    const page = await t.app.request('/docs');
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toMatch(/unsafe-(inline|eval)|https?:/);

    const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
    try {
      const context = await browser.newContext();
      const tab = await context.newPage();
      const outside: string[] = [];
      // The page and its files come from the app itself (app.request): no port, and nothing from elsewhere. The
      // origin is localhost, a trustworthy one, so Chromium applies the app's Cross-Origin-Opener-Policy silently.
      await tab.route('**/*', async (route) => {
        const url = new URL(route.request().url());
        if (url.origin !== 'http://localhost') {
          outside.push(url.href);
          return route.abort();
        }
        const res = await t.app.request(url.pathname + url.search, { method: route.request().method() });
        await route.fulfill({ status: res.status, headers: Object.fromEntries(res.headers), body: Buffer.from(await res.arrayBuffer()) });
      });
      // As text: this package compiles without the DOM's types.
      await tab.addInitScript({
        content: "window.violations = []; document.addEventListener('securitypolicyviolation', (e) => window.violations.push(e.violatedDirective + ' ' + e.blockedURI));",
      });
      const messages: string[] = [];
      tab.on('console', (m) => messages.push(`${m.type()}: ${m.text()}`));
      tab.on('pageerror', (e) => messages.push(`pageerror: ${e.message}`));
      await tab.goto('http://localhost/docs');
      await tab.locator('.opblock-summary-path').first().waitFor({ timeout: 20_000 });
      const paths = await tab.locator('.opblock-summary-path').allTextContents();
      expect(paths.length).toBe(operations().length);
      expect(paths).toEqual(expect.arrayContaining(['/v1/users', '/v1/users/{id}', '/oauth/token']));
      // Markdown is rendered, not printed: the info's backticks became code elements.
      expect(await tab.locator('.info code').count()).toBeGreaterThan(0);
      expect(await tab.locator('.info').innerText()).not.toContain('`');
      expect(await tab.evaluate('window.violations')).toEqual([]);
      expect(messages.filter((m) => /Content Security Policy|pageerror|error:/i.test(m))).toEqual([]);
      expect(outside).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);

  it('serves only the reference page’s own files under /docs/', async () => {
    const js = await t.app.request('/docs/swagger-ui-bundle.js');
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toContain('text/javascript');
    expect((await t.app.request('/docs/package.json')).status).toBe(404);
    expect((await t.app.request('/docs/..%2Fpackage.json')).status).toBe(404);
  });
});
