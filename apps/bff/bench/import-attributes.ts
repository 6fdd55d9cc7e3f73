/**
 * What custom attribute columns cost an import: the same N rows (default 10,000) through `POST /v1/users/bulk-import`
 * in-process, without attributes and with three (text, number, one-of), each committed in its own fresh database on
 * PostgreSQL (TEST_DATABASE_URL), BENCH_RUNS times (median). A small local run, not the seeded 1M-user benchmark:
 *
 *   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test pnpm exec tsx bench/import-attributes.ts
 */
import { performance } from 'node:perf_hooks';
import { adminSession, createTestContext, json } from '../test/support.js';
import { makeRows } from './import-rows.js';

const N = Number(process.env.BENCH_ROWS ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SITES = ['Berlin', 'Cairo', 'Austin'];

async function once(withAttributes: boolean): Promise<{ ms: number; values: number }> {
  const t = await createTestContext('postgres');
  try {
    const s = await adminSession(t, 'Bench Attr', { preset: 'default', mfaRequired: false });
    for (const body of [
      { key: 'cost_centre', labels: { en: 'Cost centre' }, type: 'text', required: withAttributes },
      { key: 'badge', labels: { en: 'Badge' }, type: 'number' },
      { key: 'site', labels: { en: 'Site' }, type: 'oneOf', options: SITES },
    ]) {
      if (withAttributes) await t.app.request('/v1/attributes', json(body, s.auth));
    }
    const rows = makeRows(N).map((r, i) => (withAttributes ? { ...r, attributes: { cost_centre: `CC-${i % 97}`, badge: String(i), site: SITES[i % 3]! } } : r));
    const started = performance.now();
    const res = await t.app.request('/v1/users/bulk-import', json({ kind: 'technician', mode: 'atomic', sendInvitations: false, rows }, s.auth));
    const ms = performance.now() - started;
    if (res.status !== 201) throw new Error(`import: ${res.status} ${(await res.text()).slice(0, 300)}`);
    const values = (await t.services.db.selectFrom('user_attribute_values').select('user_id').where('tenant_id', '=', s.tenantId).execute()).length;
    return { ms, values };
  } finally {
    await t.close();
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const results: Record<string, number[]> = { without: [], with: [] };
for (let i = 0; i < RUNS; i++) {
  for (const w of [false, true]) {
    const r = await once(w);
    results[w ? 'with' : 'without']!.push(r.ms);
    console.log(`${w ? 'with 3 attribute columns' : 'without attributes'}: ${N} rows in ${r.ms.toFixed(0)} ms (${r.values} values)`);
  }
}
const a = median(results.without!);
const b = median(results.with!);
console.log(`median of ${RUNS}: without ${a.toFixed(0)} ms (${((N / a) * 1000).toFixed(0)} rows/s), with 3 attribute columns ${b.toFixed(0)} ms (${((N / b) * 1000).toFixed(0)} rows/s): ×${(b / a).toFixed(2)}`);
process.exit(0);
