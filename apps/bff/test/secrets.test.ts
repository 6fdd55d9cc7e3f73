import { describe, expect, it } from 'vitest';
import { generateSecrets } from '../src/auth/secrets.js';

describe('generateSecrets', () => {
  it('draws distinct 256-bit URL-safe secrets in bulk', () => {
    const secrets = generateSecrets(10_000);
    expect(secrets).toHaveLength(10_000);
    expect(new Set(secrets).size).toBe(10_000);
    for (const s of secrets.slice(0, 100)) expect(s).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(generateSecrets(0)).toEqual([]);
  });
});
