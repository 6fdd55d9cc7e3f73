import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CLIENT_TYPES, generateClientTypes } from '../support/api-client.js';

describe('the typed API client (clients/roster-api.ts)', () => {
  it('is what openapi-typescript generates from the BFF’s live /openapi.json today (else: pnpm --filter @roster/e2e generate:client)', async () => {
    const fresh = await generateClientTypes();
    expect(fresh).toContain('"/v1/users": {');
    expect(readFileSync(CLIENT_TYPES, 'utf8')).toBe(fresh);
  });
});
