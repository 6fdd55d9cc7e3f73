import { describe, expect, it } from 'vitest';
import { isoTimestamp } from '../../src/db/create-db.js';

describe('timestamptz as ISO strings', () => {
  it('rewrites UTC values without Date and agrees with Date on every form PostgreSQL sends', () => {
    const values = [
      '2026-04-01 16:25:28.619+00',
      '2026-04-01 16:25:28+00',
      '2026-04-01 16:25:28.123456+00',
      '2026-04-01 16:25:28.1+00',
      '1999-12-31 23:59:59.999999+00',
      '2026-04-01 18:25:28.5+02',
      '2026-04-01 10:55:28.5-05:30',
    ];
    for (const v of values) expect(isoTimestamp(v), v).toBe(new Date(v).toISOString());
  });
});
