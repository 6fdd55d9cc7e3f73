import { afterAll, describe, expect, it } from 'vitest';
import { resolveProfile } from '@roster/contract';
import { prepareImport, type PrepareImportInput } from '../src/services/import-prepare.js';
import { INLINE_MAX_CHARS, closeImportPool, jsonBodyOffThread, prepareImportOffThread, runsInline } from '../src/services/import-pool.js';
import { jsonBodyOf } from '../src/lib/json-body.js';
import { ApiError } from '../src/errors.js';
import { importResponseJson } from '../src/services/import-transfer.js';

/**
 * Issue 10 #14: imports are parsed and validated in a worker thread (piscina), loading the TypeScript sources
 * under tsx as the BFF does. The worker must answer exactly what the inline path answers.
 */
afterAll(() => closeImportPool());

const roles = [
  { id: '00000000-0000-7000-8000-000000000001', key: 'user', name: 'User', permissions: ['users.read'] },
  { id: '00000000-0000-7000-8000-000000000002', key: 'admin', name: 'Administrator', permissions: ['users.read', 'users.write', 'platform.secret'] },
];
const base = (over: Partial<PrepareImportInput>): PrepareImportInput => ({
  kind: 'technician',
  profile: resolveProfile(undefined),
  names: { roles: roles.map((r) => r.name), groups: [], organizations: [] },
  catalog: { roles, groups: [], organizations: [], granted: new Set(['users.read', 'users.write']) },
  hasDefaultOrganization: false,
  ...over,
});

function bigText(n: number): string {
  const lines = ['First name,Last name,Email,Phone,Roles'];
  for (let i = 0; i < n; i++) {
    // Valid rows, and every 7th with a problem: a bad phone, a duplicate email, a formula, a role not grantable.
    const email = i % 7 === 3 ? 'dup@example.com' : `user${i}@example.com`;
    const phone = i % 7 === 1 ? '+1 212 555' : i % 2 ? '+49 30 90180000' : '';
    const first = i % 7 === 5 ? '=cmd()' : 'Ann';
    const role = i % 7 === 6 ? 'Administrator' : 'User';
    lines.push(`${first},Smith,${email},${phone},${role}`);
  }
  return lines.join('\n');
}

describe('import preparation in a worker thread', () => {
  it('gives the inline result for a large text, valid and invalid rows alike', async () => {
    const input = base({ text: bigText(3000) });
    expect(input.text!.length).toBeGreaterThan(INLINE_MAX_CHARS);
    expect(runsInline(input)).toBe(false);
    const inline = prepareImport(input);
    const worker = await prepareImportOffThread(input);
    expect(worker).toEqual(inline);
    expect(inline.outcome).toBe('validated');
    if (inline.outcome === 'validated') {
      expect(inline.results.filter((r) => r.value).length).toBeGreaterThan(1000);
      expect(Object.keys(inline.failedEmails).length).toBeGreaterThan(1000);
    }
  });

  it('gives the inline result for rows, for a text that is no table, and for a text without an email column', async () => {
    const cases: PrepareImportInput[] = [
      base({ rows: [{ firstName: 'Ann', lastName: 'Smith', email: 'ann@example.com', roles: 'User' }, { firstName: '', lastName: 'X', email: 'nope' }] }),
      base({ text: 'First name,Email\n"Ann,ann@example.com\n' }),
      base({ text: 'First name,Last name\nAnn,Smith\n' }),
      base({ text: 'First name,Last name,Email\n' }),
    ];
    for (const input of cases) expect(await prepareImportOffThread(input, { forceWorker: true })).toEqual(prepareImport(input));
  });
});

describe('the import answer serialised in slices', () => {
  it('is the JSON of the answer, for no, few and many results', async () => {
    for (const n of [0, 1, 4_999, 5_000, 12_345]) {
      const body = { dryRun: true, mode: 'atomic', imported: n, skipped: 0, failed: 0, results: Array.from({ length: n }, (_, i) => ({ row: i, status: 'imported', email: `u${i}@example.com` })) };
      const text = await importResponseJson(body);
      expect(JSON.parse(text)).toEqual(body);
      expect(text).toBe(JSON.stringify(body));
    }
  });
});

describe('a large request body parsed in a worker thread', () => {
  const big = (text: string) => JSON.stringify({ kind: 'technician', text: `${'x'.repeat(INLINE_MAX_CHARS)}${text}` });
  const errorOf = async (p: Promise<unknown>) => p.then(() => null, (e: unknown) => (e instanceof ApiError ? { code: e.code, status: e.status, issues: e.issues } : e));
  it('gives the inline answer: the body, or the same 400 for bad JSON, an empty body and unstorable text', async () => {
    const ok = big('\nAnn,Smith,ann@example.com');
    expect(await jsonBodyOffThread(ok)).toEqual(jsonBodyOf(ok));
    for (const bad of [big('').slice(0, -2), big('a\u0000b'), ' '.repeat(INLINE_MAX_CHARS)]) {
      const inline = await errorOf(Promise.resolve().then(() => jsonBodyOf(bad)));
      expect(inline).not.toBeNull();
      expect(await errorOf(jsonBodyOffThread(bad))).toEqual(inline);
    }
    expect(await errorOf(jsonBodyOffThread(big('a\u0000b')))).toMatchObject({ status: 400, issues: [{ path: ['body', 'text'] }] });
  });
});
