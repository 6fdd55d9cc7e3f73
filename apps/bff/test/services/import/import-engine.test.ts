import { afterAll, describe, expect, it } from 'vitest';
import { resolveProfile } from '@roster/contract';
import { INLINE_MAX_BYTES, closeImportPool, openImportEngine, runsInline, type EngineHandle } from '../../../src/services/import/engine-pool.js';
import { importResponseJson } from '../../../src/services/import/response-json.js';

/**
 * Issue 10 #14: a large import's per-row work runs in an ImportEngine held by a worker thread (piscina), loading
 * the TypeScript sources under tsx as the BFF does; the request thread calls its steps over a MessagePort. The
 * worker must answer exactly what the inline engine answers, step by step.
 */
afterAll(() => closeImportPool());

const roles = [
  { id: '00000000-0000-7000-8000-000000000001', key: 'user', name: 'User', permissions: ['users.read'] },
  { id: '00000000-0000-7000-8000-000000000002', key: 'admin', name: 'Administrator', permissions: ['users.read', 'users.write', 'platform.secret'] },
];
const context = {
  profile: resolveProfile(undefined),
  names: { roles: roles.map((r) => r.name), groups: [], organizations: [] },
  catalog: { roles, groups: [], organizations: [], granted: new Set(['users.read', 'users.write']) },
  defaultOrganizationId: null,
};
const bytes = (body: unknown) => new TextEncoder().encode(typeof body === 'string' ? body : JSON.stringify(body));

/** Every step of a dry run, then of a commit's columns, recorded (random ids and tokens replaced by their count). */
async function walk(engine: EngineHandle, existing: { emails: string[]; usernames: string[] } = { emails: [], usernames: [] }) {
  const steps: unknown[] = [];
  try {
    const started = await engine.call('start', { wantRequestHash: true });
    steps.push(started);
    if (!started.ok) return steps;
    const prepared = await engine.call('prepare', context);
    steps.push(prepared);
    if (prepared.outcome !== 'validated') return steps;
    for (const mode of ['atomic', 'per-row'] as const) {
      steps.push(await engine.call('plan', { existingEmails: existing.emails, existingUsernames: existing.usernames, mode, dryRun: true }));
      const answer = await engine.call('respond', { wantJson: true });
      expect(new TextDecoder().decode(answer.bytes)).toBe(answer.json);
      steps.push({ ...answer, bytes: answer.bytes.byteLength, json: JSON.parse(answer.json!) });
    }
    const users = await engine.call('commitColumns', { tenantId: '00000000-0000-7000-8000-0000000000aa', signingKey: new Uint8Array(32).fill(7), defaultRoleId: roles[0]!.id, defaultSignInMethod: 'totp' });
    steps.push({ ...users, ids: users.ids.length });
    const after = await engine.call('afterInsert', { lostIds: [], wantJson: false });
    steps.push({ lostIssues: after.lostIssues, imported: after.answer.imported, emails: after.columns.emails, roles: after.columns.roles.roleIds });
  } finally {
    engine.end();
  }
  return steps;
}

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

describe('the import engine in a worker thread', () => {
  it('answers every step as the inline engine does, for a large text of valid and invalid rows', async () => {
    const body = bytes({ kind: 'technician', text: bigText(3000) });
    expect(body.byteLength).toBeGreaterThan(INLINE_MAX_BYTES);
    expect(runsInline(body)).toBe(false);
    const inline = await walk(openImportEngine(body.slice()));
    const worker = await walk(openImportEngine(body, { forceWorker: true }));
    expect(worker).toEqual(inline);
    const dry = inline[3] as { imported: number; failed: number; json: { results: { status: string }[] } };
    expect(dry.imported).toBeGreaterThan(1000);
    expect(dry.failed).toBeGreaterThan(1000);
    expect(dry.json.results).toHaveLength(3000);
  });

  it('answers as the inline engine does for existing users, rows, a text that is no table, no email column, no rows', async () => {
    const cases = [
      { kind: 'technician', text: bigText(20) },
      { kind: 'technician', rows: [{ firstName: 'Ann', lastName: 'Smith', email: 'ann@example.com', roles: 'User' }, { firstName: '', lastName: 'X', email: 'nope' }] },
      { kind: 'technician', text: 'First name,Email\n"Ann,ann@example.com\n' },
      { kind: 'technician', text: 'First name,Last name\nAnn,Smith\n' },
      { kind: 'technician', text: 'First name,Last name,Email\n' },
    ];
    const existing = { emails: ['user0@example.com', 'user2@example.com'], usernames: [] };
    for (const body of cases) {
      expect(await walk(openImportEngine(bytes(body), { forceWorker: true }), existing)).toEqual(await walk(openImportEngine(bytes(body)), existing));
    }
  });

  it('gives the same 400 or 422 for bad JSON, an empty body, unstorable text and a request that breaks the schema', async () => {
    const big = (text: string) => JSON.stringify({ kind: 'technician', text: `${'x'.repeat(INLINE_MAX_BYTES)}${text}` });
    const bad = [big('').slice(0, -2), big('a\u0000b'), ' '.repeat(INLINE_MAX_BYTES), JSON.stringify({ kind: 'robot', text: 'x'.repeat(INLINE_MAX_BYTES) })];
    for (const body of bad) {
      const inline = await walk(openImportEngine(bytes(body).slice(), { forceWorker: false }));
      const worker = await walk(openImportEngine(bytes(body), { forceWorker: true }));
      expect(worker).toEqual(inline);
      expect(inline).toMatchObject([{ ok: false }]);
    }
    expect(await walk(openImportEngine(bytes(big('a\u0000b')), { forceWorker: true }))).toMatchObject([{ ok: false, error: { code: 'bad_request', issues: [{ path: ['body', 'text'] }] } }]);
  });

  it('fails its pending steps, instead of hanging, once ended', async () => {
    const engine = openImportEngine(bytes({ kind: 'technician', text: bigText(1000) }), { forceWorker: true });
    engine.end();
    await expect(engine.call('start', { wantRequestHash: false })).rejects.toThrow(/ended/);
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

