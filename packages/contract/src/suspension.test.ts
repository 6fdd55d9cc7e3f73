import { describe, expect, it } from 'vitest';
import { SuspendUserRequestSchema } from './suspension.js';

describe('SuspendUserRequestSchema', () => {
  it.each([
    ['a right-to-left override', 'Chargeback \u202Eexif'],
    ['a bidi isolate', 'Fraud \u2066x\u2069'],
    ['a bell', 'Fraud\u0007'],
    ['an escape sequence', 'Fraud \u001b[31mred'],
    ['a C1 control', 'Fraud\u0085'],
    ['a line separator', 'Fraud\u2028more'],
  ])('refuses a reason with %s, naming reason', (_what, reason) => {
    const r = SuspendUserRequestSchema.safeParse({ reason });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path)).toEqual([['reason']]);
    // The message's id (its words are the API's catalogue: en/de/ar-api.ts; the BFF test reads them).
    expect((r.error!.issues[0] as { params?: unknown }).params).toMatchObject({ messageId: 'suspension.reason_invisible' });
  });

  it.each([
    ['Arabic with a right-to-left mark', 'احتيال في الدفع \u200F(Visa)'],
    ['lines and a tab', 'Chargeback\n\tticket 4711'],
    ['an emoji sequence with a joiner', 'Account shared 👩‍💻'],
    ['quotes and angle brackets', `<script>alert("x")</script> '; drop table users; --`],
  ])('keeps a reason with %s', (_what, reason) => {
    expect(SuspendUserRequestSchema.safeParse({ reason }).success).toBe(true);
  });

  it('takes an end with any offset, and the year 9999; refuses one without an offset', () => {
    expect(SuspendUserRequestSchema.safeParse({ reason: 'x', until: '2099-01-01T10:00:00+14:00' }).success).toBe(true);
    expect(SuspendUserRequestSchema.safeParse({ reason: 'x', until: '9999-12-31T23:59:59Z' }).success).toBe(true);
    expect(SuspendUserRequestSchema.safeParse({ reason: 'x', until: '2099-01-01T10:00:00' }).success).toBe(false);
    expect(SuspendUserRequestSchema.safeParse({ reason: 'x', until: '+275760-09-13T00:00:00Z' }).success).toBe(false);
  });
});
