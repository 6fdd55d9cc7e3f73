/**
 * What sealing the invitation tokens of a bulk import costs (item 10 of issue 10), measured where it lands:
 *   1. sealing n tokens (AES-256-GCM, one IV draw) — CPU in the request;
 *   2. the outbox's one INSERT … SELECT FROM unnest of n invitations, with a 43-character token in the payload
 *      (what the product stored before) and with the sealed one (~95 characters), alternated, each in a
 *      transaction rolled back, on PostgreSQL;
 *   3. with SEAL_BENCH_E2E=1, an atomic import of n technicians through the API into a fresh tenant.
 *
 *   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx bench/outbox-seal-cost.ts
 *
 * Runs on a throwaway database (like the tests). SEAL_BENCH_SIZES (default 10000,100000), SEAL_BENCH_RUNS (5).
 */
import { randomBytes } from 'node:crypto';
import { adminSession, createTestContext, json } from '../test/support.js';
import { generateSecrets } from '../src/auth/secrets.js';
import { sealInvitationTokens } from '../src/email/outbox.js';
import { enqueueInvitationBatch } from '../src/db/repositories/email-outbox.repository.js';
import { uuidV7s } from '../src/db/uuid-v7.js';

const sizes = (process.env.SEAL_BENCH_SIZES ?? '10000,100000').split(',').map(Number);
const runs = Number(process.env.SEAL_BENCH_RUNS ?? 5);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (xs: number[]) => `median ${median(xs).toFixed(0)} ms (${xs.map((x) => x.toFixed(0)).join(' / ')})`;

const t = await createTestContext('postgres');
try {
  const s = await adminSession(t, 'Seal Bench');
  const key = randomBytes(32);
  for (const n of sizes) {
    const tokens = generateSecrets(n);
    const ids = uuidV7s(n);
    const to = ids.map((_, i) => `user${i}@seal-bench.example`);
    const seal: number[] = [];
    let sealed: string[] = [];
    for (let r = 0; r < runs; r++) {
      const t0 = performance.now();
      sealed = await sealInvitationTokens(key, s.tenantId, ids, to, tokens);
      seal.push(performance.now() - t0);
    }
    console.log(`${n.toLocaleString('en')}: sealing ${fmt(seal)}`);
    const shared = { publicUrl: 'https://roster.test', tenantName: 'Seal Bench', expiresAt: new Date(Date.now() + 72 * 3600_000).toISOString(), language: 'en' };
    const insert: Record<'clear' | 'sealed', number[]> = { clear: [], sealed: [] };
    for (let r = 0; r < runs; r++) {
      for (const kind of (r % 2 ? ['sealed', 'clear'] : ['clear', 'sealed']) as ('clear' | 'sealed')[]) {
        const t0 = performance.now();
        await t.services.db
          .transaction()
          .execute(async (trx) => {
            await enqueueInvitationBatch(trx, s.tenantId, { subject: 'Invited', fromName: null, shared, userIds: ids, to, firstNames: to.map(() => 'Bench'), sealedTokens: kind === 'sealed' ? sealed : tokens });
            insert[kind].push(performance.now() - t0);
            throw new Error('rollback');
          })
          .catch((e: Error) => {
            if (e.message !== 'rollback') throw e;
          });
      }
    }
    console.log(`${n.toLocaleString('en')}: outbox insert, 43-char token ${fmt(insert.clear)}; sealed ${fmt(insert.sealed)}`);
    console.log(`${n.toLocaleString('en')}: added ≈ ${(median(seal) + median(insert.sealed) - median(insert.clear)).toFixed(0)} ms`);
    if (process.env.SEAL_BENCH_E2E) {
      const e2e: number[] = [];
      for (let r = 0; r < Math.min(runs, 3); r++) {
        const tenant = await adminSession(t, `Seal Bench ${n} ${r}`);
        const rows = Array.from({ length: n }, (_, i) => ({ firstName: 'Bench', lastName: `User${i}`, email: `u${i}@seal${n}-${r}.example` }));
        const t0 = performance.now();
        const res = await t.app.request('/v1/users/bulk-import', json({ kind: 'technician', mode: 'atomic', rows }, tenant.auth));
        e2e.push(performance.now() - t0);
        if (res.status !== 201) throw new Error(`import: ${res.status} ${(await res.text()).slice(0, 300)}`);
      }
      console.log(`${n.toLocaleString('en')}: atomic import through the API ${fmt(e2e)}`);
    }
  }
} finally {
  await t.close();
}
