import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminSession, anotherInstance, createTestContext, type TestContext } from '../support.js';
import { startSmtp } from './smtp-server.js';
import { createMailer, deliverDue } from '../../src/email/sender.js';
import { insertOutboxMessage } from '../../src/db/repositories/email-outbox.repository.js';
import type { Db } from '../../src/db/create-db.js';
import type { Transporter } from 'nodemailer';

const FROM = 'Roster <no-reply@roster.test>';

/**
 * Several BFF instances drain one outbox (issue 16): each with its own pool, all at once, through a real SMTP
 * server. PostgreSQL only: PGlite has one connection, so its senders could never race.
 */
describe.skipIf(!process.env.TEST_DATABASE_URL)('the email outbox drained by several instances on postgres', () => {
  let t: TestContext;
  let others: Awaited<ReturnType<typeof anotherInstance>>[];
  let tenantId: string;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  beforeAll(async () => {
    t = await createTestContext('postgres');
    others = [await anotherInstance(t), await anotherInstance(t)];
    tenantId = (await adminSession(t, 'Fleet Mail')).tenantId;
    smtp = await startSmtp();
  });
  afterAll(async () => {
    await smtp?.close();
    for (const o of others ?? []) await o.close();
    await t?.close();
  });

  const queue = (db: Db, subject: string) => insertOutboxMessage(db, { tenantId, userId: null, template: 'test', to: 'fleet@mail.example', subject, text: subject, html: `<p>${subject}</p>` });
  const row = (subject: string) => t.services.platformDb.selectFrom('email_outbox').select(['sent_at', 'attempts', 'failure', 'last_error', 'next_attempt_at']).where('subject', '=', subject).executeTakeFirstOrThrow();

  it('three senders at once deliver 200 messages, each exactly once', async () => {
    for (let i = 0; i < 200; i++) await queue(t.services.platformDb, `Fleet #${i}`);
    const dbs = [t.services.platformDb, ...others.map((o) => o.services.platformDb)];
    /** One instance's sender: small batches until a round finds nothing due. */
    const drain = async (db: Db) => {
      const transport = createMailer(smtp.url);
      let sent = 0;
      try {
        for (;;) {
          const r = await deliverDue(db, transport, { from: FROM, signingKey: t.services.config.signingKey, batch: 5 });
          if (r.claimed === 0) return sent;
          expect(r.failed).toBe(0);
          sent += r.sent;
        }
      } finally {
        transport.close();
      }
    };
    const perSender = await Promise.all(dbs.map(drain));
    expect(perSender.reduce((a, b) => a + b, 0)).toBe(200);
    // All three took part: they drained it together, not one after the other.
    expect(perSender.every((n) => n > 0)).toBe(true);
    const subjects = smtp.received.map((m) => m.subject ?? '').filter((s) => s.startsWith('Fleet #'));
    expect(subjects).toHaveLength(200);
    expect(new Set(subjects).size).toBe(200);
    const unsent = await t.services.platformDb.selectFrom('email_outbox').select('id').where('subject', 'like', 'Fleet #%').where('sent_at', 'is', null).execute();
    expect(unsent).toEqual([]);
  });

  /** A sender of instance `i` (0: the test's own) through `transport`. */
  const sender = (i: number, transport: Transporter, o: { batch?: number; leaseSeconds?: number } = {}) =>
    deliverDue(i === 0 ? t.services.platformDb : others[i - 1]!.services.platformDb, transport, { from: FROM, signingKey: t.services.config.signingKey, ...o });
  const until = async (done: () => boolean) => {
    for (let i = 0; i < 100 && !done(); i++) await new Promise((r) => setTimeout(r, 20));
  };
  /** A second SMTP server that leaves every message's DATA unanswered, a transport to it and one to the healthy server. */
  async function withStallingServer(fn: (stalled: Awaited<ReturnType<typeof startSmtp>>, stalledTransport: Transporter, healthy: Transporter) => Promise<void>) {
    const stalled = await startSmtp();
    stalled.hold();
    const stalledTransport = createMailer(stalled.url);
    const healthy = createMailer(smtp.url);
    try {
      await fn(stalled, stalledTransport, healthy);
    } finally {
      stalled.release();
      stalledTransport.close();
      healthy.close();
      await stalled.close();
    }
  }

  it('a sender that stalls mid-send loses the message when its lease ends: another sends it once, and the stalled one’s late answer changes nothing', async () => {
    await queue(t.services.platformDb, 'Stalled');
    await withStallingServer(async (stalled, stalledTransport, healthy) => {
      // The first sender claims it for one second and hangs in DATA, as a process that died mid-send.
      const first = sender(1, stalledTransport, { batch: 1, leaseSeconds: 1 });
      await until(() => stalled.held() > 0);
      expect(stalled.held()).toBe(1);
      // Before the lease ends, nobody else takes it.
      expect((await sender(2, healthy, { leaseSeconds: 1 })).claimed).toBe(0);
      await new Promise((r) => setTimeout(r, 1100));
      expect(await sender(2, healthy, { leaseSeconds: 60 })).toMatchObject({ claimed: 1, sent: 1 });
      const sent = await row('Stalled');
      expect(sent).toMatchObject({ attempts: 2, failure: null, last_error: null });
      expect(sent.sent_at).not.toBeNull();
      // The stalled sender comes back with a temporary failure: its claim is gone, so it neither schedules a retry
      // nor records an error over the message another sender delivered.
      stalled.release(Object.assign(new Error('Try again later'), { responseCode: 451 }));
      expect(await first).toMatchObject({ claimed: 1, sent: 0, failed: 1 });
      expect(await row('Stalled')).toEqual(sent);
      expect(smtp.received.filter((m) => m.subject === 'Stalled')).toHaveLength(1);
      // Nothing is left to send.
      expect((await sender(0, healthy)).claimed).toBe(0);
    });
  });

  it('a late sender whose send succeeds after its lease was taken over does not mark the message: the new claimer does', async () => {
    await queue(t.services.platformDb, 'Late');
    await withStallingServer(async (slow, slowTransport) => {
      const first = sender(1, slowTransport, { batch: 1, leaseSeconds: 1 });
      await until(() => slow.held() > 0);
      await new Promise((r) => setTimeout(r, 1100));
      // The second sender claims it (attempt 2) and hangs too, on the same slow server.
      const second = sender(2, slowTransport, { batch: 1, leaseSeconds: 60 });
      await until(() => slow.held() > 1);
      expect(slow.held()).toBe(2);
      expect(await row('Late')).toMatchObject({ attempts: 2, sent_at: null });
      slow.release();
      const [a, b] = await Promise.all([first, second]);
      // The first sender’s claim (attempt 1) was gone when its answer came: it marked nothing.
      expect(a).toMatchObject({ sent: 1, late: 1 });
      expect(b).toMatchObject({ sent: 1, late: 0 });
      expect((await row('Late')).sent_at).not.toBeNull();
    });
  });
});
