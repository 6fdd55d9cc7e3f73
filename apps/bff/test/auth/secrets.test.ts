import { describe, expect, it } from 'vitest';
import { generateSecrets, hashSecret, secretMatches } from '../../src/auth/secrets.js';

describe('generateSecrets', () => {
  it('draws distinct 256-bit URL-safe secrets in bulk', () => {
    const secrets = generateSecrets(10_000);
    expect(secrets).toHaveLength(10_000);
    expect(new Set(secrets).size).toBe(10_000);
    for (const s of secrets.slice(0, 100)) expect(s).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(generateSecrets(0)).toEqual([]);
  });
});

describe('hashSecret', () => {
  it('is the hex SHA-256 of the secret\'s UTF-8 bytes, and secretMatches compares with it', () => {
    // FIPS 180-2 test vector, and a non-ASCII secret (its UTF-8 bytes are hashed, not UTF-16 units).
    expect(hashSecret('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hashSecret('\u00e4')).toBe('33e6d73fee82904c8d7afb78de1154d1e8dc2a0edb08120e63df5b9385c2d9cc');
    expect(secretMatches('abc', hashSecret('abc'))).toBe(true);
    expect(secretMatches('abd', hashSecret('abc'))).toBe(false);
    expect(secretMatches('abc', 'not-a-hash')).toBe(false);
  });
});
